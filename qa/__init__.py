"""Ask questions of a collection of articles; every answer cites its passages.

    from qa import Library
    lib = Library("indexes/default")
    lib.add_path("seeds/")
    answer = lib.ask("Who warned about a resurgence?")
"""

from qa import config as _config  # noqa: F401  (sets the offline environment first)
from qa.answer import Answer, Citation
from qa.articles import Article
from qa.chunking import Chunk
from qa.errors import (
    ArticleError,
    EndpointError,
    IndexBusy,
    IndexMismatch,
    IndexNotFound,
    PromptError,
    QAError,
    QuestionError,
    StoreError,
)
from qa.library import Chat, IngestReport, Library
from qa.retrieval import Passage

__all__ = [
    "Answer",
    "Article",
    "ArticleError",
    "Chat",
    "Chunk",
    "Citation",
    "EndpointError",
    "IndexBusy",
    "IndexMismatch",
    "IndexNotFound",
    "IngestReport",
    "Library",
    "Passage",
    "PromptError",
    "QAError",
    "QuestionError",
    "StoreError",
]
