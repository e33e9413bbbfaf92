"""Where a Library keeps its articles: what every store offers, and the rules they share.

A store is storage.  For a question it opens a ``Snapshot`` (one consistent
state) that answers every read the question makes: collection facts (IDF, whether
any article is dated, the outlets there are), the candidate chunks for a query
vector and query terms under filters, and the facts around the chosen hits (the
articles, their sentences, their syndicated copies).
Everything else of a question (fusion, re-scoring, choosing sentences) is
store-independent and lives in ``qa.retrieval.ranking`` and after.  Two stores exist:
``qa.store.folder.store`` (FAISS + bm25s in an index folder) and ``qa.store.postgres.store``
(PostgreSQL + pgvector).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from qa.documents import Article, Chunk
from qa.errors import IndexBusy, IndexMismatch, WriteFailed

BM25_CANDIDATES = 50  # lexical candidates per question
DENSE_SENTENCES = 200  # nearest sentences per question; their chunks are candidates too
LOCK_PATIENCE = 3.0  # seconds a second writer waits for the write lock before IndexBusy


@dataclass(frozen=True)
class Filters:
    """Which articles retrieval may use.

    Attributes:
        since, until: ``YYYY-MM-DD`` bounds on ``published`` (inclusive); an
            undated article fails any date bound unless ``undated``.
        sources: outlets to keep (case-insensitive), or None for all.
        articles: article ids to keep, or None for all ("that report" in a conversation: its article).
        recent: rank newer evidence higher.
        undated: undated articles pass the date bounds.
        near: dates the question names (start, end; either may be open): articles
            published within them, or soon after, rank higher; none is left out.
    """

    since: str | None = None
    until: str | None = None
    sources: frozenset[str] | None = None
    recent: bool = False
    undated: bool = False
    near: tuple[str | None, str | None] | None = None
    articles: frozenset[str] | None = None

    @property
    def is_active(self) -> bool:
        return bool(self.since or self.until or self.sources or self.articles is not None)

    def allows(self, published: str | None, source: str, article_id: str = "") -> bool:
        if self.sources is not None and source.lower() not in self.sources:
            return False
        if self.articles is not None and article_id not in self.articles:
            return False
        if not published:
            return self.undated or not (self.since or self.until)
        return not ((self.since and published < self.since) or (self.until and published > self.until))


@dataclass(frozen=True)
class Candidate:
    """A chunk the first stage found, with everything ranking needs (any store).

    Attributes:
        article: the store's key for the article (meaningful only to that store's snapshot).
        article_id, title, published: the article it comes from.
        start, end, text: the chunk, ``article.text[start:end] == text``.
        spans: (n, 2) article offsets of its sentences.
        vectors: (n, dimension) their unit vectors.
        bm25: its BM25 score for the question (collection-wide IDF).
    """

    article: int
    article_id: str
    title: str
    published: str | None
    start: int
    end: int
    text: str
    spans: np.ndarray
    vectors: np.ndarray
    bm25: float


@dataclass(frozen=True)
class ArticleFacts:
    """What an answer may need of an article a hit comes from.

    Attributes:
        article: the stored article (citation offsets point into its text).
        sentences: every sentence span of the article, in order.
        copies: ids of the articles that repeat it (syndicated copies).
    """

    article: Article
    sentences: tuple[tuple[int, int], ...]
    copies: tuple[str, ...]


@dataclass(frozen=True)
class IndexInfo:
    """What ``Library.info()`` reports about where the articles live.

    Attributes:
        location: the index folder, or the database URI without its password.
        articles, chunks, sentences: what is searchable now.
        model, dimension: the embedding model the index was built with.
        generation: how many commits the index has seen.
        layout: how it is stored (segments and their search kind, or the database's indexes).
        bytes_on_disk: the index's size (files, or tables and their indexes).
    """

    location: str
    articles: int
    chunks: int
    sentences: int
    model: str
    dimension: int
    generation: int
    layout: str
    bytes_on_disk: int


class Snapshot(Protocol):
    """One consistent state of a store, for the several reads of one question."""

    def idf(self, query_terms: Sequence[str]) -> dict[str, float]:
        """Collection-wide BM25 IDF of each term; a term in no chunk counts as in one."""
        ...

    def candidates(self, qvec: np.ndarray, query_terms: Sequence[str], idf: dict[str, float],
                   filters: Filters) -> list[Candidate]:
        """The BM25_CANDIDATES best chunks by BM25 and the chunks of the DENSE_SENTENCES sentences
        nearest ``qvec``, within ``filters``; syndicated copies are left out (their original answers)."""
        ...

    def facts(self, articles: Sequence[int]) -> dict[int, ArticleFacts]:
        """The facts around the given article keys (from ``Candidate.article``)."""
        ...

    def has_dates(self) -> bool:
        """Whether any article carries a publication date (only then can a date a question names rank)."""
        ...

    def outlets(self) -> tuple[str, ...]:
        """The outlets the articles name, sorted case-insensitively (what a question's sources choose from)."""
        ...


class Store(Protocol):
    """What a Library needs of the place its articles live."""

    location: str  # shown in messages: a folder, or the database (without its password)

    def snapshot(self) -> AbstractContextManager[Snapshot]: ...

    def get(self, article_id: str) -> Article | None: ...

    def articles(self) -> list[Article]: ...

    def chunk_counts(self) -> dict[str, int]: ...

    def info(self) -> IndexInfo: ...

    def hashes(self, ids: Sequence[str]) -> dict[str, str]: ...

    def lock(self) -> AbstractContextManager[None]:
        """The write lock: waits up to LOCK_PATIENCE seconds, then raises IndexBusy naming the holder."""
        ...

    def write(self, articles: Sequence[Article], chunks: Sequence[Sequence[Chunk]], vectors: np.ndarray,
              replaced: set[str]) -> None: ...

    def remove(self, article_id: str) -> bool: ...

    def read_json(self, name: str) -> dict[str, Any]:
        """A small JSON document kept with the articles (the tracked questions), empty when there is none.

        Raises:
            WriteFailed: it is there but cannot be read (StoreError for a database).
        """
        ...

    def edit_json(self, name: str) -> AbstractContextManager[dict[str, Any]]:
        """That document to change in place, one writer at a time; written back atomically when the block
        ends without an exception (else left as it was)."""
        ...


def check_format(location: str, found: object, expected: int, rebuild: str) -> None:
    """Raises IndexMismatch when an index was written in another on-disk format."""
    if found != expected:
        raise IndexMismatch(f"{location} was written in format {found}, this version reads {expected}; "
                            f"rebuild it: {rebuild}")


def check_model(location: str, found: object, expected: str, rebuild: str) -> None:
    """Raises IndexMismatch when an index was embedded with another model."""
    if found != expected:
        raise IndexMismatch(f"{location} was built with model {found!r}, not {expected!r}; use that model "
                            f"(QA_MODEL) or rebuild it: {rebuild}")


def busy(location: str, holder: str) -> IndexBusy:
    """The error a second writer gets, naming the process that holds the lock."""
    return IndexBusy(f"Another ingest is writing {location} ({holder}); wait for it to finish.")


def write_failed(location: str, exc: BaseException) -> WriteFailed:
    """The one error every failed index write becomes (the previous committed state is intact)."""
    reason = getattr(exc, "strerror", None) or exc
    return WriteFailed(f"Could not write the index at {location} ({reason}); the previous version is intact. "
                       "Free disk space or fix permissions, then ingest again.")
