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
from pathlib import Path

import numpy as np

from qa.documents import Article, Chunk
from qa.embedding import Embedder, EmbeddingCache
from qa.errors import ArticleError
from qa.ingest.chunking import chunk_article, sentence_texts
from qa.ingest.report import Collision, IngestReport
from qa.store.base import Store

Prepared = tuple[list[list[Chunk]], np.ndarray, int]  # chunks per article, sentence vectors, how many were encoded
Prepare = Callable[[list[Article]], Prepared]
Progress = Callable[[int, int], None]  # (sentences embedded so far, sentences to embed)


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
    given = list(articles)
    report, fresh = _decide(store, given)
    if fresh:  # nothing to write takes no lock: an index that ingests nothing is never created
        with store.lock():
            report, fresh = _decide(store, given)  # again under the lock: another writer may have committed
            if fresh:
                new = list(fresh.values())
                chunks, vectors, report.embedded = prepare(new)
                store.write(new, chunks, vectors, set(report.replaced))
                report.chunks = sum(len(cs) for cs in chunks)
                report.sentences = len(vectors)
    report.seconds = time.perf_counter() - started
    return report


def _decide(store: Store, given: list[Article]) -> tuple[IngestReport, dict[str, Article]]:
    """What each article is (added, replaced, unchanged, a collision) against the store as it is now, and
    the articles to write."""
    report = IngestReport()
    fresh: dict[str, Article] = {}
    known = store.hashes([a.id for a in given])
    for article in given:
        if article.id in fresh:
            report.collisions.append(Collision(article.id, _where(fresh[article.id]), _where(article)))
            continue
        if known.get(article.id) == article.content_hash:
            report.unchanged.append(article.id)
            continue
        if article.id in known:
            stored = store.get(article.id)
            if stored and stored.origin and article.origin and stored.origin != article.origin:
                report.collisions.append(Collision(article.id, stored.origin, article.origin))
                continue
        (report.replaced if article.id in known else report.added).append(article.id)
        fresh[article.id] = article
    return report, fresh


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
