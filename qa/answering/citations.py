"""The one way a passage of the evidence becomes a numbered ``Citation``, for every answering path.

The extractive answer and the LLM answer both cite through ``Citations``: the same sentence cited
twice gets one number, and every citation carries its article's outlet, date, URL, syndicated
copies and surrounding sentences from the frozen evidence, so presenters never ask a store.
"""

from __future__ import annotations

from collections.abc import Sequence

from qa.answering.answer import Citation, Context
from qa.retrieval.evidence import Hit

CONTEXT_SENTENCES = 2  # sentences of context kept before and after a quote


def context(text: str, sentences: Sequence[tuple[int, int]], start: int, end: int) -> Context:
    """Up to CONTEXT_SENTENCES sentences of ``text`` before and after ``text[start:end]``."""
    at = next((i for i, (s, e) in enumerate(sentences) if s <= start < e), None)
    if at is None:
        return Context(more_before=start > 0, more_after=end < len(text))
    until = next((i for i in range(at, len(sentences)) if sentences[i][1] >= end), len(sentences) - 1)
    lo = min(start, sentences[max(0, at - CONTEXT_SENTENCES)][0])
    hi = max(end, sentences[min(len(sentences) - 1, until + CONTEXT_SENTENCES)][1])
    return Context(text[lo:start], text[end:hi], lo > 0, hi < len(text))


def cite(n: int, hit: Hit, start: int, end: int, score: float) -> Citation:
    """``hit.article.text[start:end]`` as citation ``n``, with everything a presenter shows of it."""
    article = hit.article
    return Citation(n, article.id, hit.passage.title, start, end, article.text[start:end], round(score, 4),
                    hit.copies, article.source, article.published, article.url,
                    context(article.text, hit.article_sentences, start, end), page := article.page_at(start),
                    page in article.scanned)


class Citations:
    """The citations of one answer, numbered in order of first use."""

    def __init__(self) -> None:
        self.items: list[Citation] = []

    def find(self, article_id: str, start: int) -> int:
        """The number of the citation of that sentence, or 0 when it is not cited yet."""
        return next((c.n for c in self.items if c.article_id == article_id and c.start == start), 0)

    def add(self, hit: Hit, start: int, end: int, score: float) -> int:
        """Cite ``hit.article.text[start:end]``; returns its number (an existing one when cited already)."""
        n = self.find(hit.article.id, start)
        if not n:
            n = len(self.items) + 1
            self.items.append(cite(n, hit, start, end, score))
        return n
