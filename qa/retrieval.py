"""Question -> ranked Passages, with every sentence of the top passages scored.

Hybrid retrieval, in the order measured best on SQuAD (docs/quality.md):

1. Lexical: BM25 over "title + chunk", stemmed.
2. Dense: each sentence is a FAISS vector; a chunk scores its best sentence's
   cosine (MiniLM scores sentences far better than whole paragraphs).
3. Fusion keeps score margins: z-scores over the candidates, interpolated.
   Rank fusion (RRF) throws the margins away and scores below BM25 alone.
4. A second stage re-scores the top chunks by their best sentence: how much of
   the question's (IDF-weighted) vocabulary it covers, and its cosine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

import numpy as np

from qa.embedding import Embedder
from qa.index import IVF_PROBES, IndexData, terms
from qa.news import Filters

BM25_CANDIDATES = 50
DENSE_SENTENCES = 200
FUSION_ALPHA = 0.5  # weight of BM25 in the z-score interpolation
RERANK_DEPTH = 20
W_COSINE = 4.0  # second stage: fused z + W_COSINE * max cosine + W_COVERAGE * coverage
W_COVERAGE = 3.0
SENTENCE_COSINE = 0.5  # a sentence scores coverage + SENTENCE_COSINE * cosine
RECENCY_WEIGHT = 1.0  # with Filters(recent=True): what the newest article gains over the oldest

_QUESTION_WORDS = {
    "who", "whom", "whose", "what", "which", "when", "where", "why", "how", "many", "much",
    "did", "does", "do", "was", "were", "is", "are", "has", "have", "had", "can", "could",
    "would", "should", "will", "name", "called", "tell", "me", "about", "s",
}


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk: ``article.text[start:end] == text``.

    Attributes:
        article_id, title: the article it comes from.
        start, end: character offsets into the article text.
        text: the passage.
        score: the retrieval score (higher is better; comparable within one query).
    """

    article_id: str
    title: str
    start: int
    end: int
    text: str
    score: float


@dataclass(frozen=True)
class ScoredSentence:
    """One sentence of a retrieved chunk, with the evidence it gives."""

    start: int
    end: int
    cosine: float
    coverage: float  # IDF-weighted share of the question's content terms present
    row: int  # the sentence's row in the index (its vector)

    @property
    def score(self) -> float:
        return self.coverage + SENTENCE_COSINE * self.cosine


@dataclass(frozen=True)
class Hit:
    """A ranked chunk with its sentences scored (what answers are built from).

    ``article`` and ``ScoredSentence.row`` are keys into the ``Evidence`` the
    search returned with the hits.
    """

    chunk: int
    article: int
    passage: Passage
    sentences: tuple[ScoredSentence, ...]


@dataclass(frozen=True)
class Candidate:
    """A chunk that reached the second stage, with everything scoring needs (any store)."""

    chunk: int
    article: int
    article_id: str
    title: str
    published: str | None
    start: int
    end: int
    text: str  # article.text[start:end]
    spans: np.ndarray  # (n, 2) article offsets of its sentences
    first_row: int  # evidence row of its first sentence
    cosines: np.ndarray  # (n,) each sentence's cosine with the question
    bm25: float


class Evidence(Protocol):
    """What answers are composed from: the hits' articles and sentence vectors.

    The folder index (``IndexData``) is one; a database store hands out a
    small one per question.
    """

    @property
    def articles(self) -> Any: ...  # article key -> Article

    @property
    def positions(self) -> Any: ...  # article id -> article key

    @property
    def vectors(self) -> Any: ...  # sentence row -> unit vector

    def copies(self, article: int) -> list[str]: ...

    def article_sentences(self, article: int) -> list[tuple[int, int]]: ...


@cache
def _stop_terms() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    return frozenset(terms(" ".join([*STOPWORDS_EN_PLUS, *_QUESTION_WORDS])))


def content_terms(text: str) -> list[str]:
    """The stemmed terms of a question that evidence should contain."""
    stop = _stop_terms()
    return list(dict.fromkeys(t for t in terms(text) if t not in stop))


def _zscore(x: np.ndarray) -> np.ndarray:
    std = x.std()
    return (x - x.mean()) / std if std > 1e-9 else np.zeros_like(x)


class Retriever:
    """Searches one in-memory index generation.

    Args:
        data: the loaded index.
        embedder: the model the index was built with.
    """

    def __init__(self, data: IndexData, embedder: Embedder) -> None:
        self.data = data
        self.embedder = embedder

    def _allowed(self, filters: Filters) -> np.ndarray | None:
        """Chunks retrieval may use (in the index, not a syndicated copy, within filters); None means all."""
        data = self.data
        articles = data.searchable
        if filters.is_active:
            articles = articles & np.array([filters.allows(a.published, a.source) for a in data.articles], bool)
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

    def _lexical(self, query_terms: list[str], idf: dict[str, float]) -> np.ndarray:
        """BM25 of every chunk, with collection-wide IDF."""
        data = self.data
        out = np.zeros(len(data.chunk_span), np.float32)
        for segment, c0 in zip(data.segments, data.chunk_start, strict=False):
            segment.lexical(query_terms, idf, out[c0:c0 + segment.n_chunks])
        return out

    def search(self, query: str, k: int = 5, filters: Filters | None = None) -> list[Hit]:
        """The ``k`` best chunks for ``query``, best first, within ``filters``."""
        data = self.data
        filters = filters or Filters()
        if not data.segments or k <= 0:
            return []
        allowed = self._allowed(filters)
        if allowed is not None and not allowed.any():
            return []
        qvec = self.embedder.encode_query(query)
        query_terms = terms(query)
        idf = data.idf([*query_terms, *content_terms(query)])
        bm25 = self._lexical(query_terms, idf)
        if allowed is not None:
            bm25 = np.where(allowed, bm25, -np.inf)
        top = min(BM25_CANDIDATES, len(bm25))
        candidates = set(np.argpartition(-bm25, top - 1)[:top].tolist())
        candidates.update(data.sentence_chunk[self._dense(qvec, allowed)].tolist())
        first = data.chunk_first_sentence
        found = []
        for c in sorted(candidates):
            if allowed is not None and not allowed[c]:
                continue
            a = int(data.chunk_article[c])
            article = data.articles[a]
            lo, hi = int(first[c]), int(first[c + 1])
            s0, e0 = (int(x) for x in data.chunk_span[c])
            found.append(Candidate(c, a, article.id, article.title, article.published, s0, e0, article.text[s0:e0],
                                   data.sentence_span[lo:hi], lo, data.vectors[lo:hi] @ qvec, float(bm25[c])))
        return rank(query, found, idf, k, recent=filters.recent)


def _recency(published: Sequence[str | None]) -> np.ndarray:
    """0 (oldest or undated) to 1 (newest) for each candidate's article, by date rank."""
    dates = [d or "" for d in published]
    ordered = sorted(set(d for d in dates if d))
    rank = {d: (i + 1) / len(ordered) for i, d in enumerate(ordered)}
    return np.array([rank.get(d, 0.0) for d in dates])


def rank(query: str, candidates: Sequence[Candidate], idf: dict[str, float], k: int, *,
         recent: bool = False) -> list[Hit]:
    """The second stage, shared by every store: fuse, re-score by best sentence, keep ``k``.

    Args:
        query: the question.
        candidates: the chunks the first stage found (lexical and dense).
        idf: collection-wide IDF of the question's terms.
        k: how many hits.
        recent: rank newer articles higher.
    """
    if not candidates:
        return []
    bm25 = np.array([c.bm25 for c in candidates])
    maxcos = np.array([c.cosines.max() for c in candidates], np.float32)
    fused = FUSION_ALPHA * _zscore(bm25) + (1 - FUSION_ALPHA) * _zscore(maxcos)
    # Recency counts twice: so newer chunks reach the second stage, and win there when close.
    recency = RECENCY_WEIGHT * _recency([c.published for c in candidates]) if recent else np.zeros(len(candidates))
    fused += recency
    order = np.argsort(-fused, kind="stable")[:max(RERANK_DEPTH, k)]

    content = content_terms(query)
    weights = np.array([idf[t] for t in content])
    total = float(weights.sum())
    hits = []
    for i in order:
        c = candidates[i]
        scored = []
        for row, ((s, e), cos) in enumerate(zip(c.spans.tolist(), c.cosines, strict=True), c.first_row):
            present = set(terms(c.text[s - c.start:e - c.start]))
            cov = float(sum(w for t, w in zip(content, weights, strict=True) if t in present))
            scored.append(ScoredSentence(s, e, float(cos), cov / total if total else 0.0, row))
        best_cov = max(s.coverage for s in scored)
        score = float(fused[i] + W_COSINE * maxcos[i] + W_COVERAGE * best_cov + recency[i])
        passage = Passage(c.article_id, c.title, c.start, c.end, c.text, round(score, 4))
        hits.append(Hit(c.chunk, c.article, passage, tuple(scored)))
    hits.sort(key=lambda h: -h.passage.score)
    return hits[:k]
