"""The index folder as a store: FAISS + bm25s segments read into memory and kept current.

``FolderStore`` reads the committed state of an index folder (``qa.store.folder.commit``)
and re-reads it when another process commits; ``FolderSnapshot`` answers a
question's reads from one state (``qa.store.folder.state.IndexData``).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import numpy as np

from qa.documents import Article, Chunk
from qa.errors import IndexMismatch, IndexNotFound
from qa.store.base import BM25_CANDIDATES, DENSE_SENTENCES, ArticleFacts, Candidate, Filters, IndexInfo
from qa.store.folder.commit import IndexFolder, editing_json, read_json
from qa.store.folder.segments import IVF_PROBES, Segment
from qa.store.folder.state import IndexData


class FolderSnapshot:
    """One committed state of the folder, searched in memory (see ``qa.store.base.Snapshot``)."""

    def __init__(self, data: IndexData) -> None:
        self.data = data

    def idf(self, query_terms: Sequence[str]) -> dict[str, float]:
        return self.data.idf(query_terms)

    def _allowed(self, filters: Filters) -> np.ndarray | None:
        """Chunks retrieval may use (in the index, not a syndicated copy, within filters); None means all."""
        data = self.data
        articles = data.searchable
        if filters.is_active:
            articles = articles & np.array([filters.allows(a.published, a.source, a.id) for a in data.articles], bool)
        return None if articles.all() else articles[data.chunk_article]

    def _dense(self, qvec: np.ndarray, allowed: np.ndarray | None) -> np.ndarray:
        """Global rows of the sentences nearest ``qvec`` across segments, within ``allowed`` chunks."""
        import faiss

        data = self.data
        sentence_allowed = allowed[data.sentence_chunk] if allowed is not None else None
        scores, rows = [], []
        for segment, s0 in zip(data.segments, data.sentence_start, strict=False):
            n = min(DENSE_SENTENCES, segment.dense.ntotal)
            approximate = segment.kind != "flat"
            params: Any = faiss.SearchParametersIVF() if approximate else faiss.SearchParameters()
            if approximate:
                params.nprobe = IVF_PROBES
            if sentence_allowed is not None:
                # The filter is applied inside the FAISS search, not to its top results.
                bitmap = np.packbits(sentence_allowed[s0:s0 + len(segment.vectors)], bitorder="little")
                params.sel = faiss.IDSelectorBitmap(len(segment.vectors), faiss.swig_ptr(bitmap))
            d, i = segment.dense.search(qvec[None, :], n, params=params)
            found, score = i[0][i[0] >= 0], d[0][i[0] >= 0]
            if approximate:  # 8-bit codes blur close calls: re-score from the float vectors
                found = np.sort(found)
                score = np.asarray(segment.vectors[found]) @ qvec
            scores.append(score)
            rows.append(found + s0)
        if not rows:
            return np.zeros(0, np.int64)
        score, row = np.concatenate(scores), np.concatenate(rows)
        return row[np.argsort(-score)[:DENSE_SENTENCES]]

    def _lexical(self, query_terms: Sequence[str], idf: dict[str, float]) -> np.ndarray:
        """BM25 of every chunk, with collection-wide IDF."""
        data = self.data
        out = np.zeros(len(data.chunk_span), np.float32)
        for segment, c0 in zip(data.segments, data.chunk_start, strict=False):
            segment.lexical(query_terms, idf, out[c0:c0 + segment.n_chunks])
        return out

    def candidates(self, qvec: np.ndarray, query_terms: Sequence[str], idf: dict[str, float],
                   filters: Filters) -> list[Candidate]:
        data = self.data
        if not data.segments:
            return []
        allowed = self._allowed(filters)
        if allowed is not None and not allowed.any():
            return []
        bm25 = self._lexical(query_terms, idf)
        if allowed is not None:
            bm25 = np.where(allowed, bm25, -np.inf)
        top = min(BM25_CANDIDATES, len(bm25))
        chosen = set(np.argpartition(-bm25, top - 1)[:top].tolist())
        chosen.update(data.sentence_chunk[self._dense(qvec, allowed)].tolist())
        first = data.chunk_first_sentence
        found = []
        for c in sorted(chosen):
            if allowed is not None and not allowed[c]:
                continue
            a = int(data.chunk_article[c])
            article = data.articles[a]
            lo, hi = int(first[c]), int(first[c + 1])
            s0, e0 = (int(x) for x in data.chunk_span[c])
            found.append(Candidate(a, article.id, article.title, article.published, s0, e0, article.text[s0:e0],
                                   data.sentence_span[lo:hi], data.vectors[lo:hi], float(bm25[c])))
        return found

    def facts(self, articles: Sequence[int]) -> dict[int, ArticleFacts]:
        data = self.data
        return {a: ArticleFacts(data.articles[a], tuple(data.article_sentences(a)), tuple(data.copies(a)))
                for a in articles}

    def has_dates(self) -> bool:
        return self.data.has_dates

    def outlets(self) -> tuple[str, ...]:
        return self.data.outlets


class FolderStore:
    """An index folder (see ``qa.store.folder.commit``), read into memory and kept current.

    Args:
        path: the index folder.
        model: the embedding model name (checked against the index).
        dimension: the model's vector size (for a new index).
        create: when no index exists, be an empty one, written by the first commit (else raise IndexNotFound).
        chunking: how the ingest cuts articles into chunks, recorded in each commit's manifest
            (the store keeps chunks; it does not make them).
    """

    def __init__(self, path: str | os.PathLike[str], model: str, dimension: int, *, create: bool,
                 chunking: Mapping[str, Any]) -> None:
        self.index = IndexFolder(path)
        self.path = self.index.path
        self.location = str(self.path)
        self.model = model
        self.chunking = dict(chunking)
        self._lock = threading.Lock()
        self._loaded: tuple[int, IndexData] | None = None
        self._segments: dict[str, Segment] = {}  # read once; a new commit only reads its new segments
        # A new index is written by its first commit: opening one, or an ingest that adds nothing, leaves no folder.
        self._empty = IndexData.empty(dimension) if create else None
        if self.index.exists():
            self.index.check_model(self.index.manifest(), model)
        elif not create:
            raise IndexNotFound(str(self.path))

    def current(self) -> IndexData:
        """The latest committed state; another process's commit is picked up here."""
        try:
            stamp = self.index.manifest_path.stat().st_mtime_ns
        except FileNotFoundError:
            if self._empty is not None:  # opened to be created, and nothing committed yet
                return self._empty
            raise IndexNotFound(str(self.path)) from None
        with self._lock:
            if self._loaded is None or self._loaded[0] != stamp:
                self._loaded = (stamp, self._load())
            return self._loaded[1]

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

    @contextmanager
    def snapshot(self) -> Iterator[FolderSnapshot]:
        yield FolderSnapshot(self.current())

    def get(self, article_id: str) -> Article | None:
        data = self.current()
        position = data.positions.get(article_id)
        return None if position is None else data.articles[position]

    def articles(self) -> list[Article]:
        data = self.current()
        return [data.articles[i] for i in data.live]

    def chunk_counts(self) -> dict[str, int]:
        data = self.current()
        counts = np.bincount(data.chunk_article, minlength=len(data.articles))
        return {data.articles[i].id: int(counts[i]) for i in data.live}

    def info(self) -> IndexInfo:
        data = self.current()
        if not self.index.exists():  # to be created by its first commit
            return IndexInfo(str(self.path), 0, 0, 0, self.model, data.dimension, 0, "empty", 0)
        manifest = self.index.manifest()
        size = sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())
        sentences = int(data.alive[data.chunk_article[data.sentence_chunk]].sum()) if data.segments else 0
        layout = ", ".join(f"{e.name} ({e.dense}, {e.sentences} sentences)" for e in manifest.segments)
        return IndexInfo(str(self.path), len(data.live), data.n_live_chunks, sentences, manifest.model,
                         manifest.dimension, manifest.generation, layout or "empty", size)

    def hashes(self, ids: Sequence[str]) -> dict[str, str]:
        data = self.current()
        return {i: data.hashes[data.positions[i]] for i in ids if i in data.positions}

    def lock(self) -> AbstractContextManager[None]:
        return self.index.lock()

    def write(self, articles: Sequence[Article], chunks: Sequence[Sequence[Chunk]], vectors: np.ndarray,
              replaced: set[str]) -> None:
        data = self.current()
        next_name = self.index.segment_names()
        updated = data.removing(replaced).adding(next_name(), articles, chunks, vectors, next_name)
        self.index.commit(updated, model=self.model, chunking=self.chunking)

    def remove(self, article_id: str) -> bool:
        data = self.current()
        if article_id not in data.positions:
            return False
        self.index.commit(data.removing({article_id}), model=self.model, chunking=self.chunking)
        return True

    def read_json(self, name: str) -> dict[str, Any]:
        return read_json(self.path / f"{name}.json", _AFRESH)

    def edit_json(self, name: str) -> AbstractContextManager[dict[str, Any]]:
        return editing_json(self.path / f"{name}.json", _AFRESH, "it is as it was")


_AFRESH = "move it aside to start it afresh"
