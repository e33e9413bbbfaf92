"""Ask questions of a collection of articles; every answer cites its passages.

    from qa import Library
    lib = Library("indexes/default")
    lib.add_path("seeds/")
    answer = lib.ask("Who warned about a resurgence?")

Importing ``qa`` loads nothing but this module and changes no environment: each public
name loads its module when first used, so ``qa --help`` starts at once and the CLI can set
up its process before NumPy loads (``qa.config.configure_process``).

New to the code?  Start at ``qa/library.py`` (the facade) and ``docs/architecture.md``, which
draws the floors of the package (data model at the bottom, the stages of a question, the facade,
its clients at the top) that ``tests/test_structure.py`` keeps true.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qa.answering.answer import Answer, Citation, Context, Part
    from qa.chat import Chat
    from qa.config import LLMSettings
    from qa.documents import Article, Chunk
    from qa.errors import (
        AddressRefused,
        ArticleError,
        ArticleNotFound,
        CollisionsFound,
        ConfigError,
        DatasetError,
        EndpointError,
        FetchError,
        IdCollision,
        IndexBusy,
        IndexMismatch,
        IndexNotFound,
        IngestFailed,
        ModelNotFound,
        NoFeedFollowed,
        NothingIngested,
        OutputError,
        PageUnavailable,
        PortTaken,
        PromptError,
        QAError,
        QuestionError,
        RayError,
        StoreError,
        WriteFailed,
    )
    from qa.ingest.fetch import FetchPolicy
    from qa.ingest.report import IngestReport
    from qa.library import ArticleSummary, Library
    from qa.retrieval.evidence import Passage
    from qa.store.base import IndexInfo

_HOMES = {
    "AddressRefused": "qa.errors",
    "Answer": "qa.answering.answer",
    "Article": "qa.documents",
    "ArticleError": "qa.errors",
    "ArticleNotFound": "qa.errors",
    "ArticleSummary": "qa.library",
    "Chat": "qa.chat",
    "Chunk": "qa.documents",
    "Citation": "qa.answering.answer",
    "CollisionsFound": "qa.errors",
    "ConfigError": "qa.errors",
    "Context": "qa.answering.answer",
    "DatasetError": "qa.errors",
    "EndpointError": "qa.errors",
    "FetchError": "qa.errors",
    "FetchPolicy": "qa.ingest.fetch",
    "IdCollision": "qa.errors",
    "IndexBusy": "qa.errors",
    "IndexInfo": "qa.store.base",
    "IndexMismatch": "qa.errors",
    "IndexNotFound": "qa.errors",
    "IngestFailed": "qa.errors",
    "IngestReport": "qa.ingest.report",
    "LLMSettings": "qa.config",
    "Library": "qa.library",
    "ModelNotFound": "qa.errors",
    "NoFeedFollowed": "qa.errors",
    "NothingIngested": "qa.errors",
    "OutputError": "qa.errors",
    "PageUnavailable": "qa.errors",
    "Part": "qa.answering.answer",
    "Passage": "qa.retrieval.evidence",
    "PortTaken": "qa.errors",
    "PromptError": "qa.errors",
    "QAError": "qa.errors",
    "QuestionError": "qa.errors",
    "RayError": "qa.errors",
    "StoreError": "qa.errors",
    "WriteFailed": "qa.errors",
}

__all__ = [
    "AddressRefused",
    "Answer",
    "Article",
    "ArticleError",
    "ArticleNotFound",
    "ArticleSummary",
    "Chat",
    "Chunk",
    "Citation",
    "CollisionsFound",
    "ConfigError",
    "Context",
    "DatasetError",
    "EndpointError",
    "FetchError",
    "FetchPolicy",
    "IdCollision",
    "IndexBusy",
    "IndexInfo",
    "IndexMismatch",
    "IndexNotFound",
    "IngestFailed",
    "IngestReport",
    "LLMSettings",
    "Library",
    "ModelNotFound",
    "NoFeedFollowed",
    "NothingIngested",
    "OutputError",
    "PageUnavailable",
    "Part",
    "Passage",
    "PortTaken",
    "PromptError",
    "QAError",
    "QuestionError",
    "RayError",
    "StoreError",
    "WriteFailed",
]


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use."""
    if name not in _HOMES:
        raise AttributeError(f"module 'qa' has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name]), name)
    globals()[name] = value
    return value
