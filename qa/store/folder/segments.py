"""One immutable part of an index folder: the articles one ingest added, or a merge of parts.

Each segment holds its articles, chunk and sentence offsets, MinHash
signatures, one unit vector per sentence (FAISS: exact for small segments,
an inverted file over 8-bit codes for large ones) and a bm25s index over
"title + chunk text".  Segments are written once and never changed; removals
are marks in the manifest (see ``qa.store.folder.commit``), dropped when segments merge.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from qa.config import approximate_above
from qa.documents import Article
from qa.vocabulary import K1, B, bm25_idf, lexical_text, terms

if TYPE_CHECKING:
    import faiss

IVF_PROBES = 32  # of 2 x sqrt(n) lists: recall@10 >= 0.95 against exact search (benchmarks/scale.py)


@dataclass
class Segment:
    """One immutable part of the index; arrays are local to it and aligned by chunk and sentence."""

    name: str
    articles: list[Article]
    hashes: list[str]
    chunk_article: np.ndarray  # (n_chunks,) index into articles, non-decreasing
    chunk_span: np.ndarray  # (n_chunks, 2) article offsets
    sentence_chunk: np.ndarray  # (n_sentences,) index into chunks, non-decreasing
    sentence_span: np.ndarray  # (n_sentences, 2) article offsets
    signatures: np.ndarray  # (n_articles, NUM_PERM) MinHash of each article's text
    vectors: np.ndarray  # (n_sentences, dimension) unit vectors, memory-mapped once saved
    dense: faiss.Index  # a FAISS index over ``vectors`` (flat or IVF)
    bm25: Any  # bm25s.BM25 over chunks

    @property
    def kind(self) -> str:
        return "flat" if type(self.dense).__name__ == "IndexFlatIP" else "ivf-sq8"

    @classmethod
    def build(cls, name: str, articles: list[Article], hashes: list[str], chunk_article: np.ndarray,
              chunk_span: np.ndarray, sentence_chunk: np.ndarray, sentence_span: np.ndarray,
              signatures: np.ndarray, vectors: np.ndarray) -> Segment:
        """A new segment with its lexical and dense indexes built."""
        import bm25s

        vocab: dict[str, int] = {"": 0}  # bm25s's empty token; also keeps an all-punctuation segment indexable
        ids = [[vocab.setdefault(t, len(vocab)) for t in terms(lexical_text(articles[a].title, articles[a].text[s:e]))]
               for a, (s, e) in zip(chunk_article.tolist(), chunk_span.tolist(), strict=True)]
        bm25 = bm25s.BM25(k1=K1, b=B)
        bm25.index(([doc or [0] for doc in ids], vocab), show_progress=False)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        return cls(name, articles, hashes, chunk_article.astype(np.int32), chunk_span.astype(np.int64),
                   sentence_chunk.astype(np.int32), sentence_span.astype(np.int64), signatures.astype(np.uint64),
                   vectors, _dense(vectors, approximate=len(vectors) > approximate_above()), bm25)

    def save(self, folder: Path) -> None:
        import faiss

        folder.mkdir()
        with (folder / "articles.jsonl").open("w", encoding="utf-8") as f:
            for article, digest in zip(self.articles, self.hashes, strict=True):
                f.write(json.dumps({**asdict(article), "hash": digest}, ensure_ascii=False) + "\n")
        np.savez(folder / "spans.npz", chunk_article=self.chunk_article, chunk_span=self.chunk_span,
                 sentence_chunk=self.sentence_chunk, sentence_span=self.sentence_span, signatures=self.signatures)
        np.save(folder / "vectors.npy", self.vectors)
        if self.kind != "flat":
            faiss.write_index(self.dense, str(folder / "dense.faiss"))
        self.bm25.save(str(folder / "bm25"), show_progress=False)

    @classmethod
    def load(cls, folder: Path) -> Segment:
        import bm25s
        import faiss

        with (folder / "articles.jsonl").open(encoding="utf-8") as f:
            rows = [json.loads(line) for line in f]
        spans = np.load(folder / "spans.npz")
        vectors = np.load(folder / "vectors.npy", mmap_mode="r")
        approximate = (folder / "dense.faiss").exists()
        dense = faiss.read_index(str(folder / "dense.faiss")) if approximate else _dense(vectors, approximate=False)
        bm25 = bm25s.BM25.load(str(folder / "bm25"), mmap=True)
        hashes = [row.pop("hash") for row in rows]
        return cls(folder.name, [Article(**row) for row in rows], hashes, spans["chunk_article"],
                   spans["chunk_span"], spans["sentence_chunk"], spans["sentence_span"], spans["signatures"],
                   vectors, dense, bm25)

    @cached_property
    def n_chunks(self) -> int:
        return len(self.chunk_span)

    def df(self, term: str) -> int:
        """In how many of this segment's chunks ``term`` occurs."""
        token = self.bm25.vocab_dict.get(term)
        if token is None:
            return 0
        indptr = self.bm25.scores["indptr"]
        return int(indptr[token + 1] - indptr[token])

    def lexical(self, query_terms: Sequence[str], idf: dict[str, float], out: np.ndarray) -> None:
        """Add BM25 scores for ``query_terms`` to ``out`` (this segment's chunks), with collection-wide IDF.

        bm25s stores idf x term-frequency weight per (term, chunk); rescaling each
        column by global / local IDF makes scores from segments of any size comparable.
        """
        scores = self.bm25.scores
        indptr, indices, data = scores["indptr"], scores["indices"], scores["data"]
        for term in query_terms:
            token = self.bm25.vocab_dict.get(term)
            if token is None:
                continue
            lo, hi = int(indptr[token]), int(indptr[token + 1])
            local = float(bm25_idf(self.n_chunks, hi - lo))
            out[indices[lo:hi]] += data[lo:hi] * np.float32(idf[term] / local)


def _dense(vectors: np.ndarray, *, approximate: bool) -> faiss.Index:
    """Exact inner-product search for a small segment; an inverted file over 8-bit codes for a large one.

    IVF with scalar quantisation stores 384 bytes per vector (a quarter of the
    float vectors) and built 200k vectors twice as fast as HNSW here, at higher
    recall; the candidates it finds are re-scored exactly from the
    memory-mapped vectors, so the approximation only affects which sentences
    are found (recall@10 against exact search is in benchmarks/scale.py).
    """
    import faiss

    d = vectors.shape[1]
    index: Any
    if not approximate:
        index = faiss.IndexFlatIP(d)
    else:
        lists = max(64, int(2 * np.sqrt(len(vectors))))
        index = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatIP(d), d, lists,
                                              faiss.ScalarQuantizer.QT_8bit,
                                              faiss.METRIC_INNER_PRODUCT)
        index.train(np.ascontiguousarray(vectors[:: max(1, len(vectors) // (40 * lists))], dtype=np.float32))
    for i in range(0, len(vectors), 100_000):  # bounded memory when reading a memory map
        index.add(np.ascontiguousarray(vectors[i:i + 100_000], dtype=np.float32))
    built: faiss.Index = index
    return built


def merge(name: str, segments: Sequence[Segment], dead: dict[str, frozenset[int]]) -> Segment:
    """One segment holding the live rows of ``segments``, in order (vectors reused, not re-embedded)."""
    articles: list[Article] = []
    hashes: list[str] = []
    parts: dict[str, list[np.ndarray]] = {k: [] for k in
                                          ("chunk_article", "chunk_span", "sentence_chunk", "sentence_span",
                                           "signatures", "vectors")}
    n_chunks = 0
    for s in segments:
        keep = np.setdiff1d(np.arange(len(s.articles)), list(dead.get(s.name, ())))
        remap = np.full(len(s.articles), -1, np.int64)
        remap[keep] = np.arange(len(articles), len(articles) + len(keep))
        chunks = np.flatnonzero(remap[s.chunk_article] >= 0)
        chunk_remap = np.full(s.n_chunks, -1, np.int64)
        chunk_remap[chunks] = np.arange(n_chunks, n_chunks + len(chunks))
        sentences = np.flatnonzero(chunk_remap[s.sentence_chunk] >= 0)
        articles += [s.articles[i] for i in keep]
        hashes += [s.hashes[i] for i in keep]
        parts["chunk_article"].append(remap[s.chunk_article[chunks]])
        parts["chunk_span"].append(s.chunk_span[chunks])
        parts["sentence_chunk"].append(chunk_remap[s.sentence_chunk[sentences]])
        parts["sentence_span"].append(s.sentence_span[sentences])
        parts["signatures"].append(s.signatures[keep])
        parts["vectors"].append(np.asarray(s.vectors[sentences]))
        n_chunks += len(chunks)
    joined = {k: np.concatenate(v) for k, v in parts.items()}
    return Segment.build(name, articles, hashes, joined["chunk_article"], joined["chunk_span"],
                         joined["sentence_chunk"], joined["sentence_span"], joined["signatures"], joined["vectors"])
