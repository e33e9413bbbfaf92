"""What an ingest does with what it is given: the policy behind ``Library.add_path``.

Articles whose text and metadata are unchanged are skipped, changed ones
replace the stored version, and an article whose id another article already
has (in the same read, or in the index from another file: ``Article.origin``
differs) is left out and reported with both paths: nothing already indexed is lost, and nothing is
silently dropped.  New articles are chunked and embedded (here through the
embedding cache, or by a ``prepare`` such as ``qa.ingest.distributed.RayPrepare``),
then written in one commit under the store's write lock.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from qa.documents import Article, Chunk
from qa.embedding import Embedder, EmbeddingCache
from qa.errors import ArticleError, IdCollision, QAError
from qa.ingest.chunking import chunk_article, sentence_texts
from qa.store.base import Store

Prepared = tuple[list[list[Chunk]], np.ndarray, int]  # chunks per article, sentence vectors, how many were encoded
Prepare = Callable[[list[Article]], Prepared]
Progress = Callable[[int, int], None]  # (sentences embedded so far, sentences to embed)


@dataclass
class IngestReport:
    """What ``Library.add_path`` or ``Library.add_paths`` did.

    Attributes:
        added, replaced, unchanged: article ids by outcome.
        problems: one line per file or record that could not be ingested.
        collisions: one line per article left out because another article has its id
            (both paths named); what was already indexed under that id is kept.
        chunks, sentences: how many were indexed by this call.
        embedded: sentences actually encoded (the rest came from the embedding cache).
        seconds: wall time of the call.
    """

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    collisions: list[str] = field(default_factory=list)
    chunks: int = 0
    sentences: int = 0
    embedded: int = 0
    seconds: float = 0.0

    @property
    def ingested(self) -> int:
        """Articles now in the index as given (added, replaced, or there already unchanged)."""
        return len(self.added) + len(self.replaced) + len(self.unchanged)

    def extend(self, other: IngestReport) -> None:
        """Add ``other``'s outcome to this one (an ingest of several paths)."""
        for name in ("added", "replaced", "unchanged", "problems", "collisions"):
            getattr(self, name).extend(getattr(other, name))
        self.chunks += other.chunks
        self.sentences += other.sentences
        self.embedded += other.embedded
        self.seconds += other.seconds

    def check(self) -> None:
        """Raise what this ingest ends with for its user, once its lines have been shown.

        Raises:
            QAError: some articles collided with another's id (everything else given was
                ingested), or nothing could be ingested.
        """
        if self.collisions:
            n = len(self.collisions)
            raise QAError(f"{n} article{'s' * (n > 1)} not ingested: {'their ids are' if n > 1 else 'its id is'} "
                          "another file's (listed above); rename one of each pair, or ingest them apart.")
        if not self.ingested:
            raise QAError("Nothing was ingested; fix the files listed above." if self.problems else
                          "Nothing was ingested: no .txt, .md, .html, .json, .jsonl, .pdf or .docx files there.")


def existing_paths(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """``paths`` as Paths, checked before anything is opened or written (a typo must not create an index).

    Raises:
        ArticleError: a path does not exist.
    """
    given = [Path(p) for p in paths]
    for path in given:
        if not path.exists():
            raise ArticleError(str(path), "no such file or folder")
    return given


def ingest(store: Store, articles: Iterable[Article], prepare: Prepare) -> IngestReport:
    """Write what is new or changed in ``articles`` to ``store``, in one commit.

    An article whose id the store holds for another file (both origins known and
    different) is a collision: the stored one stays, the new one is reported.

    Raises:
        IndexBusy: another process is writing the store.
        WriteFailed: the write failed; the store is as it was.
    """
    started = time.perf_counter()
    report = IngestReport()
    with store.lock():
        fresh: dict[str, Article] = {}
        given = list(articles)
        known = store.hashes([a.id for a in given])
        for article in given:
            if article.id in fresh:
                report.collisions.append(str(IdCollision(article.id, _where(fresh[article.id]), _where(article))))
                continue
            if known.get(article.id) == article.content_hash:
                report.unchanged.append(article.id)
                continue
            if article.id in known:
                stored = store.get(article.id)
                if stored and stored.origin and article.origin and stored.origin != article.origin:
                    report.collisions.append(str(IdCollision(article.id, stored.origin, article.origin)))
                    continue
            (report.replaced if article.id in known else report.added).append(article.id)
            fresh[article.id] = article
        if fresh:
            new = list(fresh.values())
            chunks, vectors, report.embedded = prepare(new)
            store.write(new, chunks, vectors, set(report.replaced))
            report.chunks = sum(len(cs) for cs in chunks)
            report.sentences = len(vectors)
    report.seconds = time.perf_counter() - started
    return report


def prepare_here(cache_path: Path, embedder: Embedder, progress: Progress | None = None) -> Prepare:
    """Chunk articles and embed their sentences in this process, through the embedding cache at ``cache_path``."""

    def prepare(articles: list[Article]) -> Prepared:
        chunks = [chunk_article(a) for a in articles]
        texts = [t for a, cs in zip(articles, chunks, strict=True) for t in sentence_texts(a, cs)]
        cache_path.parent.mkdir(parents=True, exist_ok=True)
        cache = EmbeddingCache(cache_path, embedder.model, embedder.dimension)
        done = 0

        def advance(n: int) -> None:
            nonlocal done
            done += n
            if progress:
                progress(done, len(texts))

        try:
            vectors, embedded = cache.embed(embedder, texts, advance)
        finally:
            cache.close()
        return chunks, vectors, embedded

    return prepare


def _where(article: Article) -> str:
    return article.origin or article.source or article.id
