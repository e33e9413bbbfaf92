"""The words both stores index and the ranker scores: one vocabulary, one BM25.

The folder store (bm25s) and PostgreSQL (a tsvector scored in SQL) must agree
on tokens, on what text of a chunk is indexed, on what the embedder sees of a
sentence, and on the BM25 constants; they import them from here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np

K1 = 1.2  # BM25 term-frequency saturation (bm25s's default; tuning it moved R@1 by less than a point)
B = 0.75  # BM25 length normalisation

_QUESTION_WORDS = {
    "who", "whom", "whose", "what", "which", "when", "where", "why", "how", "many", "much",
    "did", "does", "do", "was", "were", "is", "are", "has", "have", "had", "can", "could",
    "would", "should", "will", "name", "called", "tell", "me", "about", "s",
}


@cache
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


def terms(text: str) -> list[str]:
    """Lower-cased, stemmed word tokens: the lexical vocabulary of the index."""
    return list(_stemmer().stemWords(re.findall(r"\w+", text.lower())))


@cache
def _stop_terms() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    return frozenset(terms(" ".join([*STOPWORDS_EN_PLUS, *_QUESTION_WORDS])))


def content_terms(text: str) -> list[str]:
    """The stemmed terms of a question that evidence should contain (no stop or question words)."""
    return content_only(terms(text))


def content_only(words: Sequence[str]) -> list[str]:
    """``words`` without stop and question words, each once, in order."""
    stop = _stop_terms()
    return list(dict.fromkeys(t for t in words if t not in stop))


def lexical_text(title: str, chunk_text: str) -> str:
    """What BM25 sees for a chunk: the title helps (+1 point R@1 on SQuAD)."""
    return f"{title}\n{chunk_text}"


def embedded_text(title: str, sentence: str) -> str:
    """What the embedder sees for a sentence."""
    return f"{title}: {sentence}"


def bm25_idf(n: float, df: Any) -> Any:
    """BM25 (Lucene) inverse document frequency, as bm25s computes it."""
    return np.log(1.0 + (n - df + 0.5) / (df + 0.5))
