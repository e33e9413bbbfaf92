"""Where a Library keeps its articles: an index folder (FAISS + BM25), or PostgreSQL.

Both stores answer through the same second stage (``retrieval.rank``) and the
same answer composer, so answers, citations and offsets have one form
whichever holds the articles.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

import numpy as np

from qa.articles import Article
from qa.chunking import PARAMS, Chunk
from qa.embedding import Embedder
from qa.errors import IndexMismatch, IndexNotFound
from qa.index import IndexData, IndexStore, Segment
from qa.news import Filters
from qa.retrieval import Evidence, Hit, Retriever


class Store(Protocol):
    """What a Library needs of the place its articles live."""

    location: str  # shown in messages: a folder, or the database (without its password)

    def search(self, query: str, k: int, filters: Filters) -> tuple[list[Hit], Evidence]: ...

    def has_dates(self) -> bool: ...

    def get(self, article_id: str) -> Article | None: ...

    def articles(self) -> list[Article]: ...

    def chunk_counts(self) -> dict[str, int]: ...

    def info(self) -> dict[str, Any]: ...

    def hashes(self, ids: Sequence[str]) -> dict[str, str]: ...

    def lock(self) -> AbstractContextManager[Any]: ...

    def write(self, articles: Sequence[Article], chunks: Sequence[Sequence[Chunk]], vectors: np.ndarray,
              replaced: set[str]) -> None: ...

    def remove(self, article_id: str) -> bool: ...


class FolderStore:
    """An index folder (see ``qa.index``), read into memory and kept current.

    Args:
        path: the index folder.
        model: the embedding model name (checked against the index).
        embedder: the model, for queries.
        create: create an empty index when none exists (else raise IndexNotFound).
    """

    def __init__(self, path: str | os.PathLike[str], model: str, embedder: Embedder, *, create: bool) -> None:
        self.index = IndexStore(path)
        self.path = self.index.path
        self.location = str(self.path)
        self.model = model
        self.embedder = embedder
        self._lock = threading.Lock()
        self._loaded: tuple[int, IndexData, Retriever] | None = None
        self._segments: dict[str, Segment] = {}  # read once; a new commit only reads its new segments
        if self.index.exists():
            self.index.check_model(self.index.manifest(), model)
        elif not create:
            raise IndexNotFound(str(self.path))
        else:
            with self.index.lock():
                if not self.index.exists():
                    self.index.commit(IndexData.empty(embedder.dimension), model=model, chunking=PARAMS)

    def current(self) -> tuple[IndexData, Retriever]:
        """The latest committed generation; another process's commit is picked up here."""
        try:
            stamp = self.index.manifest_path.stat().st_mtime_ns
        except FileNotFoundError:
            raise IndexNotFound(str(self.path)) from None
        with self._lock:
            if self._loaded is None or self._loaded[0] != stamp:
                data = self._load()
                self._loaded = (stamp, data, Retriever(data, self.embedder))
            return self._loaded[1], self._loaded[2]

    def _load(self) -> IndexData:
        # A writer may commit twice while we read and prune the generation we
        # were reading: then the manifest has moved on, and we read the new one.
        manifest = self.index.manifest()
        attempts = 1
        while True:
            self.index.check_model(manifest, self.model)
            try:
                data = self.index.load(manifest, self._segments)
                for name in self._segments.keys() - {s.name for s in data.segments}:
                    del self._segments[name]
                return data
            except IndexMismatch:
                latest = self.index.manifest()
                if latest == manifest or attempts == 5:
                    raise
                manifest, attempts = latest, attempts + 1

    def search(self, query: str, k: int, filters: Filters) -> tuple[list[Hit], Evidence]:
        data, retriever = self.current()
        return retriever.search(query, k, filters), data

    def has_dates(self) -> bool:
        return self.current()[0].has_dates

    def get(self, article_id: str) -> Article | None:
        data, _ = self.current()
        position = data.positions.get(article_id)
        return None if position is None else data.articles[position]

    def articles(self) -> list[Article]:
        data, _ = self.current()
        return [data.articles[i] for i in data.live]

    def chunk_counts(self) -> dict[str, int]:
        data, _ = self.current()
        counts = np.bincount(data.chunk_article, minlength=len(data.articles))
        return {data.articles[i].id: int(counts[i]) for i in data.live}

    def info(self) -> dict[str, Any]:
        data, _ = self.current()
        manifest = self.index.manifest()
        size = sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())
        sentences = int(data.alive[data.chunk_article[data.sentence_chunk]].sum()) if data.segments else 0
        return {"index": str(self.path), "articles": len(data.live), "chunks": data.n_live_chunks,
                "sentences": sentences, "model": manifest["model"], "dimension": manifest["dimension"],
                "generation": manifest["generation"],
                "segments": ", ".join(f"{e['name']} ({e['dense']}, {e['sentences']} sentences)"
                                      for e in manifest["segments"]),
                "bytes_on_disk": size}

    def hashes(self, ids: Sequence[str]) -> dict[str, str]:
        data, _ = self.current()
        return {i: data.hashes[data.positions[i]] for i in ids if i in data.positions}

    def lock(self) -> AbstractContextManager[Any]:
        lock: AbstractContextManager[Any] = self.index.lock()
        return lock

    def write(self, articles: Sequence[Article], chunks: Sequence[Sequence[Chunk]], vectors: np.ndarray,
              replaced: set[str]) -> None:
        data, _ = self.current()
        next_name = self.index.segment_names()
        updated = data.removing(replaced).adding(next_name(), articles, chunks, vectors, next_name)
        self.index.commit(updated, model=self.model, chunking=PARAMS)

    def remove(self, article_id: str) -> bool:
        data, _ = self.current()
        if article_id not in data.positions:
            return False
        self.index.commit(data.removing({article_id}), model=self.model, chunking=PARAMS)
        return True
