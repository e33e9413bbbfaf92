"""What retrieval hands to reading and answering: frozen evidence, never a handle into a store.

A ``Hit`` carries its passage, its scored sentences and the whole article it comes from (with the
article's sentence spans and syndicated copies), so everything after retrieval (reading, composing,
checking an LLM's claims, presenting) is a pure function of ``Evidence``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from qa.documents import Article

SENTENCE_COSINE = 0.5  # a sentence scores coverage + SENTENCE_COSINE * cosine


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
    """One sentence of a hit, with the evidence it gives.

    Attributes:
        start, end: article offsets.
        cosine: with the question.
        coverage: IDF-weighted share of the question's content terms present.
        vector: the sentence's unit vector (what the ranker compared).
    """

    start: int
    end: int
    cosine: float
    coverage: float
    vector: np.ndarray = field(compare=False, repr=False)

    @property
    def score(self) -> float:
        return self.coverage + SENTENCE_COSINE * self.cosine


@dataclass(frozen=True)
class Hit:
    """A ranked passage with everything an answer may need of it.

    Attributes:
        passage: the chunk and its score.
        sentences: its sentences, scored.
        article: the whole article (citation offsets point into its text).
        article_sentences: every sentence span of the article, in order (context around the hit).
        copies: ids of syndicated copies of the article.
    """

    passage: Passage
    sentences: tuple[ScoredSentence, ...]
    article: Article
    article_sentences: tuple[tuple[int, int], ...]
    copies: tuple[str, ...]


@dataclass(frozen=True)
class Evidence:
    """What retrieval hands to answering: the question and its hits, best first."""

    question: str
    hits: tuple[Hit, ...]
