"""Question -> ranked, scored hits with the facts around them: one pipeline for every store.

``search`` embeds the question, asks the store's snapshot for collection
statistics and candidates, ranks them here, then asks for the facts around
the chosen hits, and returns frozen ``Evidence``: answering never calls back
into a store.  The ranking, in the order measured best on SQuAD (docs/quality.md):

1. Lexical: BM25 over "title + chunk", stemmed (the store computes it).
2. Dense: each sentence is a vector; a chunk scores its best sentence's
   cosine (MiniLM scores sentences far better than whole paragraphs).
3. Fusion keeps score margins: z-scores over the candidates, interpolated.
   Rank fusion (RRF) throws the margins away and scores below BM25 alone.
4. A second stage re-scores the top chunks by their best sentence: how much of
   the question's (IDF-weighted) vocabulary it covers, and its cosine.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np

from qa.embedding import Embedder
from qa.retrieval.evidence import Evidence, Hit, Passage, ScoredSentence
from qa.store.base import Candidate, Filters, Snapshot
from qa.vocabulary import content_terms, terms

FUSION_ALPHA = 0.5  # weight of BM25 in the z-score interpolation
RERANK_DEPTH = 20
W_COSINE = 4.0  # second stage: fused z + W_COSINE * max cosine + W_COVERAGE * coverage
W_COVERAGE = 3.0
RECENCY_WEIGHT = 1.0  # with Filters(recent=True): what the newest article gains over the oldest
NEAR_WEIGHT = 0.5  # with Filters(near=...): what an article published in the question's dates gains (twice)
NEAR_DAYS = 365  # ... fading to nothing over this many days after them (reports follow events)


def search(snapshot: Snapshot, embedder: Embedder, query: str, k: int, filters: Filters) -> Evidence:
    """The ``k`` best hits for ``query`` within ``filters``, from one consistent state of any store.

    Args:
        snapshot: the state the question reads (the caller opens it, and may read its facts first).
        embedder: the model the store's vectors were made with.
        query: the text to retrieve for (already cleaned).
        k: how many hits.
        filters: which articles may answer; ``filters.recent`` ranks newer ones higher.
    """
    if k <= 0:
        return Evidence(query, ())
    qvec = embedder.encode_query(query)
    query_terms = terms(query)
    idf = snapshot.idf([*query_terms, *content_terms(query)])
    candidates = snapshot.candidates(qvec, query_terms, idf, filters)
    ranked = rank(query, qvec, candidates, idf, k, recent=filters.recent, near=filters.near)
    facts = snapshot.facts(list(dict.fromkeys(c.article for c, _, _ in ranked)))
    return Evidence(query, tuple(Hit(passage, sentences, facts[c.article].article, facts[c.article].sentences,
                                     facts[c.article].copies) for c, passage, sentences in ranked))


def _zscore(x: np.ndarray) -> np.ndarray:
    std = x.std()
    return (x - x.mean()) / std if std > 1e-9 else np.zeros_like(x)


def _recency(published: Sequence[str | None]) -> np.ndarray:
    """0 (oldest or undated) to 1 (newest) for each candidate's article, by date rank."""
    dates = [d or "" for d in published]
    ordered = sorted(set(d for d in dates if d))
    rank = {d: (i + 1) / len(ordered) for i, d in enumerate(ordered)}
    return np.array([rank.get(d, 0.0) for d in dates])


def _nearness(published: Sequence[str | None], near: tuple[str | None, str | None]) -> np.ndarray:
    """1 for an article published within ``near``, fading to 0 over NEAR_DAYS after it; 0 before it or undated.

    Before the named dates an article can at most preview them; after them it may well report on them.
    """
    start, end = near
    out = []
    for day in published:
        if not day or (start and day < start):
            out.append(0.0)
        elif not end or day <= end:
            out.append(1.0)
        else:
            late = (date.fromisoformat(day) - date.fromisoformat(end)).days
            out.append(max(0.0, 1.0 - late / NEAR_DAYS))
    return np.array(out)


Ranked = tuple[Candidate, Passage, tuple[ScoredSentence, ...]]


def rank(query: str, qvec: np.ndarray, candidates: Sequence[Candidate], idf: dict[str, float], k: int, *,
         recent: bool = False, near: tuple[str | None, str | None] | None = None) -> list[Ranked]:
    """The second stage: fuse, re-score by best sentence, keep ``k``.

    Args:
        query: the question.
        qvec: its unit vector.
        candidates: the chunks the first stage found (lexical and dense).
        idf: collection-wide IDF of the question's terms.
        k: how many hits.
        recent: rank newer articles higher.
        near: dates the question names: articles published then (or soon after) rank higher.
    """
    if not candidates:
        return []
    bm25 = np.array([c.bm25 for c in candidates])
    cosines = [np.asarray(c.vectors) @ qvec for c in candidates]
    maxcos = np.array([c.max() for c in cosines], np.float32)
    fused = FUSION_ALPHA * _zscore(bm25) + (1 - FUSION_ALPHA) * _zscore(maxcos)
    # Recency counts twice: so newer chunks reach the second stage, and win there when close.
    recency = RECENCY_WEIGHT * _recency([c.published for c in candidates]) if recent else np.zeros(len(candidates))
    if near:  # like recency: a nudge, never a filter
        recency = recency + NEAR_WEIGHT * _nearness([c.published for c in candidates], near)
    fused += recency
    order = np.argsort(-fused, kind="stable")[:max(RERANK_DEPTH, k)]

    content = content_terms(query)
    weights = np.array([idf[t] for t in content])
    total = float(weights.sum())
    ranked: list[Ranked] = []
    for i in order:
        c = candidates[i]
        scored = []
        for (s, e), cos, vector in zip(c.spans.tolist(), cosines[i], c.vectors, strict=True):
            present = set(terms(c.text[s - c.start:e - c.start]))
            cov = float(sum(w for t, w in zip(content, weights, strict=True) if t in present))
            scored.append(ScoredSentence(s, e, float(cos), cov / total if total else 0.0, np.asarray(vector)))
        best_cov = max(s.coverage for s in scored)
        score = float(fused[i] + W_COSINE * maxcos[i] + W_COVERAGE * best_cov + recency[i])
        ranked.append((c, Passage(c.article_id, c.title, c.start, c.end, c.text, round(score, 4)), tuple(scored)))
    ranked.sort(key=lambda r: -r[1].score)
    return ranked[:k]
