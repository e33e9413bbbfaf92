"""The persisted index: articles, chunks, sentence vectors (FAISS) and BM25.

Layout of an index folder::

    manifest.json        format, model, dimension, chunking, current generation
    gen-000007/          one complete, immutable snapshot
        articles.jsonl   the stored articles (offsets point into their text)
        spans.npz        chunk and sentence offsets, MinHash signatures, syndicated copies
        dense.faiss      one unit vector per sentence, inner product = cosine
        bm25/            bm25s index over "title + chunk text", stemmed
    embeddings.sqlite    the embedding cache (survives every generation)
    .lock                held by the one process writing

A write builds a whole new generation folder, then replaces ``manifest.json``
(temp file + ``os.replace``), which is the commit: a crash at any moment leaves
the last committed generation intact, and readers never see a half-written one.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import numpy as np

from qa.articles import Article
from qa.chunking import Chunk
from qa.errors import IndexBusy, IndexMismatch, QAError
from qa.news import NUM_PERM, find_duplicates, minhash

FORMAT = 2
KEEP_GENERATIONS = 2  # the previous one stays for readers still loading it


@cache
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


def terms(text: str) -> list[str]:
    """Lower-cased, stemmed word tokens: the lexical vocabulary of the index."""
    return list(_stemmer().stemWords(re.findall(r"\w+", text.lower())))


def lexical_text(title: str, chunk_text: str) -> str:
    """What BM25 sees for a chunk: the title helps (+1 point R@1 on SQuAD)."""
    return f"{title}\n{chunk_text}"


def embedded_text(title: str, sentence: str) -> str:
    """What the embedder sees for a sentence."""
    return f"{title}: {sentence}"


@dataclass
class IndexData:
    """One generation in memory; arrays are aligned by chunk and by sentence."""

    articles: list[Article]
    hashes: list[str]
    chunk_article: np.ndarray  # (n_chunks,) index into articles
    chunk_span: np.ndarray  # (n_chunks, 2) article offsets
    sentence_chunk: np.ndarray  # (n_sentences,) index into chunks, non-decreasing
    sentence_span: np.ndarray  # (n_sentences, 2) article offsets
    dense: Any  # faiss.IndexFlatIP over sentence vectors
    bm25: Any  # bm25s.BM25 over chunks, or None when empty
    signatures: np.ndarray  # (n_articles, NUM_PERM) MinHash of each article's text
    duplicate_of: np.ndarray  # (n_articles,) the article a syndicated copy repeats, or -1

    @classmethod
    def empty(cls, dimension: int) -> IndexData:
        import faiss

        return cls([], [], np.zeros(0, np.int32), np.zeros((0, 2), np.int64),
                   np.zeros(0, np.int32), np.zeros((0, 2), np.int64), faiss.IndexFlatIP(dimension), None,
                   np.zeros((0, NUM_PERM), np.uint64), np.zeros(0, np.int32))

    def copies(self, article: int) -> list[str]:
        """Ids of the articles that repeat ``article`` (syndicated copies)."""
        return [self.articles[i].id for i in np.flatnonzero(self.duplicate_of == article)]

    @cached_property
    def has_dates(self) -> bool:
        """Whether any article carries a publication date (dates in questions matter then)."""
        return any(a.published for a in self.articles)

    @cached_property
    def positions(self) -> dict[str, int]:
        return {a.id: i for i, a in enumerate(self.articles)}

    @cached_property
    def vectors(self) -> np.ndarray:
        """A zero-copy view of the sentence vectors held by FAISS."""
        import faiss

        n, d = self.dense.ntotal, self.dense.d
        if n == 0:
            return np.zeros((0, d), np.float32)
        return faiss.rev_swig_ptr(self.dense.get_xb(), n * d).reshape(n, d)

    @cached_property
    def chunk_first_sentence(self) -> np.ndarray:
        """(n_chunks + 1,) so chunk c's sentences are first[c]:first[c + 1]."""
        return np.searchsorted(self.sentence_chunk, np.arange(len(self.chunk_span) + 1))

    @cached_property
    def idf(self) -> np.ndarray:
        """BM25-style IDF of every vocabulary term, by token id."""
        if self.bm25 is None:
            return np.zeros(0)
        df = np.diff(self.bm25.scores["indptr"])
        n = len(self.chunk_span)
        return np.log((n - df + 0.5) / (df + 0.5) + 1.0)

    def article_sentences(self, article: int) -> list[tuple[int, int]]:
        """Every sentence span of one article, in order."""
        chunks = np.flatnonzero(self.chunk_article == article)
        first = self.chunk_first_sentence
        return [(int(s), int(e)) for s, e in self.sentence_span[first[chunks[0]]:first[chunks[-1] + 1]]]

    def without(self, ids: set[str]) -> IndexData:
        """A copy lacking the given articles (dense and lexical rebuilt by ``plus``)."""
        keep_articles = [i for i, a in enumerate(self.articles) if a.id not in ids]
        remap = np.full(len(self.articles) + 1, -1, np.int64)
        remap[keep_articles] = np.arange(len(keep_articles))
        keep_chunks = np.flatnonzero(remap[self.chunk_article] >= 0) if len(self.chunk_article) else \
            np.zeros(0, np.int64)
        chunk_remap = np.full(len(self.chunk_span) + 1, -1, np.int64)
        chunk_remap[keep_chunks] = np.arange(len(keep_chunks))
        keep_sentences = np.flatnonzero(chunk_remap[self.sentence_chunk] >= 0) \
            if len(self.sentence_chunk) else np.zeros(0, np.int64)
        vectors = self.vectors[keep_sentences]
        signatures = self.signatures[keep_articles]
        duplicate_of = np.array([remap[d] if d >= 0 else -1 for d in self.duplicate_of[keep_articles]], np.int64)
        # Copies of a removed original find their new original among what is left.
        orphans = [i for i, d in zip(keep_articles, self.duplicate_of[keep_articles], strict=True)
                   if d >= 0 and remap[d] < 0]
        duplicate_of[remap[orphans]] = -1
        kept = [self.articles[i].text for i in keep_articles]
        for copy, original in find_duplicates(signatures, remap[orphans].tolist(), kept.__getitem__).items():
            duplicate_of[copy] = original if duplicate_of[original] < 0 else duplicate_of[original]
        return _build(
            [self.articles[i] for i in keep_articles], [self.hashes[i] for i in keep_articles],
            remap[self.chunk_article[keep_chunks]], self.chunk_span[keep_chunks],
            chunk_remap[self.sentence_chunk[keep_sentences]], self.sentence_span[keep_sentences],
            vectors, self.dense.d, signatures, duplicate_of,
        )

    def plus(self, articles: Sequence[Article], chunks: Sequence[Sequence[Chunk]],
             vectors: np.ndarray) -> IndexData:
        """A copy with new articles appended; ``vectors`` has one row per new sentence."""
        a0, c0 = len(self.articles), len(self.chunk_span)
        chunk_article: list[int] = []
        chunk_span: list[tuple[int, int]] = []
        sentence_chunk: list[int] = []
        sentence_span: list[tuple[int, int]] = []
        for i, article_chunks in enumerate(chunks):
            for chunk in article_chunks:
                chunk_article.append(a0 + i)
                chunk_span.append((chunk.start, chunk.end))
                sentence_chunk.extend([c0 + len(chunk_span) - 1] * len(chunk.sentences))
                sentence_span.extend(chunk.sentences)
        signatures = np.concatenate([self.signatures, np.array([minhash(a.text) for a in articles],
                                                               np.uint64).reshape(-1, NUM_PERM)])
        duplicate_of = np.concatenate([self.duplicate_of, np.full(len(articles), -1)]).astype(np.int64)
        texts = [a.text for a in self.articles] + [a.text for a in articles]
        for copy, original in find_duplicates(signatures, list(range(a0, a0 + len(articles))),
                                              texts.__getitem__).items():
            duplicate_of[copy] = original if duplicate_of[original] < 0 else duplicate_of[original]
        return _build(
            self.articles + list(articles), self.hashes + [a.content_hash for a in articles],
            np.concatenate([self.chunk_article, np.asarray(chunk_article, np.int64)]),
            np.concatenate([self.chunk_span, np.asarray(chunk_span, np.int64).reshape(-1, 2)]),
            np.concatenate([self.sentence_chunk, np.asarray(sentence_chunk, np.int64)]),
            np.concatenate([self.sentence_span, np.asarray(sentence_span, np.int64).reshape(-1, 2)]),
            np.concatenate([self.vectors, vectors]), self.dense.d, signatures, duplicate_of,
        )


def _build(articles: list[Article], hashes: list[str], chunk_article: np.ndarray,
           chunk_span: np.ndarray, sentence_chunk: np.ndarray, sentence_span: np.ndarray,
           vectors: np.ndarray, dimension: int, signatures: np.ndarray, duplicate_of: np.ndarray) -> IndexData:
    import bm25s
    import faiss

    dense = faiss.IndexFlatIP(dimension)
    if len(vectors):
        dense.add(np.ascontiguousarray(vectors, dtype=np.float32))
    bm25 = None
    if len(chunk_span):
        corpus = [
            terms(lexical_text(articles[a].title, articles[a].text[s:e]))
            for a, (s, e) in zip(chunk_article, chunk_span, strict=True)
        ]
        bm25 = bm25s.BM25(k1=1.2, b=0.75)
        bm25.index(corpus, show_progress=False)
    return IndexData(articles, hashes, chunk_article.astype(np.int32), chunk_span.astype(np.int64),
                     sentence_chunk.astype(np.int32), sentence_span.astype(np.int64), dense, bm25,
                     signatures.astype(np.uint64), duplicate_of.astype(np.int32))


class IndexStore:
    """Reads and commits generations of one index folder.

    Args:
        path: the index folder.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    @property
    def manifest_path(self) -> Path:
        return self.path / "manifest.json"

    def exists(self) -> bool:
        return self.manifest_path.is_file()

    def manifest(self) -> dict[str, Any]:
        try:
            manifest: dict[str, Any] = json.loads(self.manifest_path.read_text())
        except (OSError, ValueError) as exc:
            raise IndexMismatch(
                f"{self.manifest_path} is unreadable; rebuild: qa ingest <articles> --index {self.path}"
            ) from exc
        if manifest.get("format") != FORMAT:
            raise IndexMismatch(
                f"{self.path} was written in format {manifest.get('format')}, this version reads "
                f"{FORMAT}; rebuild it: rm -r {self.path} && qa ingest <articles> --index {self.path}"
            )
        return manifest

    def check_model(self, manifest: dict[str, Any], model: str) -> None:
        """Raises IndexMismatch when the index was embedded with another model."""
        if manifest["model"] != model:
            raise IndexMismatch(
                f"{self.path} was built with model {manifest['model']!r}, not {model!r}; use that "
                f"model (QA_MODEL) or rebuild: rm -r {self.path} && qa ingest <articles> --index {self.path}"
            )

    def load(self, manifest: dict[str, Any]) -> IndexData:
        import bm25s
        import faiss

        gen = self.path / manifest["generation"]
        try:
            with (gen / "articles.jsonl").open(encoding="utf-8") as f:
                rows = [json.loads(line) for line in f]
            spans = np.load(gen / "spans.npz")
            dense = faiss.read_index(str(gen / "dense.faiss"))
            bm25 = bm25s.BM25.load(str(gen / "bm25"), mmap=True) if (gen / "bm25").is_dir() else None
        except (OSError, ValueError, RuntimeError) as exc:
            raise IndexMismatch(
                f"{gen} is damaged ({exc}); rebuild: rm -r {self.path} && qa ingest <articles> --index {self.path}"
            ) from exc
        hashes = [row.pop("hash") for row in rows]
        return IndexData([Article(**row) for row in rows], hashes, spans["chunk_article"],
                         spans["chunk_span"], spans["sentence_chunk"], spans["sentence_span"], dense, bm25,
                         spans["signatures"], spans["duplicate_of"])

    def commit(self, data: IndexData, *, model: str, chunking: dict[str, Any]) -> dict[str, Any]:
        """Write ``data`` as a new generation and make it current."""
        import faiss

        self.path.mkdir(parents=True, exist_ok=True)
        # Past every folder on disk: a crash between renaming a generation into
        # place and committing the manifest leaves an orphan we must not reuse.
        names = [p.name for p in self.path.glob("gen-*")]
        if self.exists():
            names.append(self.manifest()["generation"])
        number = max((int(n.split("-")[1]) for n in names), default=0) + 1
        name = f"gen-{number:06d}"
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=self.path))
        try:
            with (tmp / "articles.jsonl").open("w", encoding="utf-8") as f:
                for article, digest in zip(data.articles, data.hashes, strict=True):
                    f.write(json.dumps({**asdict(article), "hash": digest}, ensure_ascii=False) + "\n")
            np.savez(tmp / "spans.npz", chunk_article=data.chunk_article, chunk_span=data.chunk_span,
                     sentence_chunk=data.sentence_chunk, sentence_span=data.sentence_span,
                     signatures=data.signatures, duplicate_of=data.duplicate_of)
            faiss.write_index(data.dense, str(tmp / "dense.faiss"))
            if data.bm25 is not None:
                data.bm25.save(str(tmp / "bm25"), show_progress=False)
            _fsync_tree(tmp)
            os.replace(tmp, self.path / name)
            manifest = {
                "format": FORMAT, "model": model, "dimension": data.dense.d, "chunking": chunking,
                "generation": name, "articles": len(data.articles), "chunks": len(data.chunk_span),
                "sentences": int(data.dense.ntotal),
            }
            _write_atomic(self.manifest_path, json.dumps(manifest, indent=2) + "\n")
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            raise QAError(f"Could not write the index at {self.path} ({exc.strerror or exc}); "
                          "the previous version is intact. Free disk space or fix permissions.") from exc
        self._prune(keep=name)
        return manifest

    def _prune(self, keep: str) -> None:
        gens = sorted(p for p in self.path.glob("gen-*") if p.is_dir())
        stale = gens[: max(0, len(gens) - KEEP_GENERATIONS)]
        for p in stale + list(self.path.glob(".tmp-*")):
            shutil.rmtree(p, ignore_errors=True)

    def lock(self) -> Any:
        """An exclusive write lock; raises IndexBusy when another writer holds it."""
        from filelock import FileLock, Timeout

        self.path.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.path / ".lock"), timeout=0)
        owner = self.path / ".lock.pid"
        try:
            lock.acquire()
        except Timeout:
            pid = owner.read_text().strip() if owner.exists() else "?"
            raise IndexBusy(f"Another ingest is writing {self.path} (pid {pid}); wait for it to finish.") \
                from None
        owner.write_text(str(os.getpid()))
        return lock


def _fsync_tree(folder: Path) -> None:
    for p in folder.rglob("*"):
        if p.is_file():
            with p.open("rb") as f:
                os.fsync(f.fileno())


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
