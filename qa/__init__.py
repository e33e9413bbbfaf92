"""Ask questions of a collection of articles; every answer cites its passages.

    from qa import Library
    lib = Library("indexes/default")
    lib.add_path("seeds/")
    answer = lib.ask("Who warned about a resurgence?")

Importing ``qa`` loads no model and no heavy library (torch, llama-index,
gradio): those load when first used.
"""

from qa import config as _config  # noqa: F401  (sets the offline environment first)
from qa.answer import Answer, Citation
from qa.articles import Article
from qa.chat import Chat
from qa.chunking import Chunk
from qa.config import LLMSettings
from qa.errors import (
    ArticleError,
    ArticleNotFound,
    ConfigError,
    EndpointError,
    IdCollision,
    IndexBusy,
    IndexMismatch,
    IndexNotFound,
    ModelNotFound,
    PromptError,
    QAError,
    QuestionError,
    StoreError,
    WriteFailed,
)
from qa.ingestion import IngestReport
from qa.library import ArticleSummary, Library
from qa.retrieval import Passage
from qa.store import IndexInfo

__all__ = [
    "Answer",
    "Article",
    "ArticleError",
    "ArticleNotFound",
    "ArticleSummary",
    "Chat",
    "Chunk",
    "Citation",
    "ConfigError",
    "EndpointError",
    "IdCollision",
    "IndexBusy",
    "IndexInfo",
    "IndexMismatch",
    "IndexNotFound",
    "IngestReport",
    "LLMSettings",
    "Library",
    "ModelNotFound",
    "Passage",
    "PromptError",
    "QAError",
    "QuestionError",
    "StoreError",
    "WriteFailed",
]
