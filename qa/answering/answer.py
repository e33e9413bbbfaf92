"""What ``ask`` returns: an answer held as its parts, each tied to the citations that support it.

Presenters (the terminal, the web page, Markdown export, ``--json``) render these parts and
citations; none of them re-parses text or goes back to a store.  A citation carries everything a
presenter shows of its source (title, outlet, date, URL, offsets, the sentences around it), so
an answer stays presentable after its article is removed.  ``Answer.text``, with its ``[n]``
markers, is built from the parts here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

REFUSAL = "The articles don't answer this question."
Mode = Literal["extractive", "llm"]
Fallback = Literal["endpoint", "unsupported"]
PartKind = Literal["short", "quote", "claim", "note", "refusal"]


@dataclass(frozen=True)
class Context:
    """The text around a quote in its article, so a reader can judge it in place.

    Attributes:
        before: the article text just before the quote (up to two sentences):
            ``article.text[start - len(before):start] == before``.
        after: the article text just after it: ``article.text[end:end + len(after)] == after``.
        more_before, more_after: the article goes on beyond ``before`` / ``after``.
    """

    before: str = ""
    after: str = ""
    more_before: bool = False
    more_after: bool = False


@dataclass(frozen=True)
class Citation:
    """A quoted passage of an article: ``article.text[start:end] == text``.

    Attributes:
        n: the marker number used in the answer (``[n]``).
        article_id, title: the article quoted.
        start, end: character offsets into the article text.
        text: the quoted sentence (or, for ``Answer.short``, the short answer).
        score: how strongly the path that chose it rates it (the extractive answer and
            ``Answer.short``: the reader's probability that the sentence answers; LLM mode: how
            well the sentence supports the model's claim).
        also_in: ids of syndicated copies of the article (the same story published again).
        source, published, url: the article's outlet, date and address, when it gives them.
        context: the sentences around the quote.
        page: the page of a paged document (PDF) the quote starts on, from 1; None otherwise.
        ocr: that page was a scan, read by OCR: a character of the quote may be misread.
    """

    n: int
    article_id: str
    title: str
    start: int
    end: int
    text: str
    score: float
    also_in: tuple[str, ...] = ()
    source: str = ""
    published: str | None = None
    url: str | None = None
    context: Context = Context()
    page: int | None = None
    ocr: bool = False

    @property
    def page_label(self) -> str:
        """"p. 3" when the page is known ("p. 3, read by OCR" from a scan), else ""."""
        return f"p. {self.page}{', read by OCR' * self.ocr}" if self.page else ""

    def holds(self, other: Citation) -> bool:
        """Whether ``other`` (a short answer) is a span inside this quote."""
        return self.start <= other.start < other.end <= self.end


@dataclass(frozen=True)
class Part:
    """One piece of an answer and the citations that support it.

    Attributes:
        kind: ``short`` (the short answer), ``quote`` (a quoted sentence), ``claim`` (a sentence an
            LLM wrote, checked against its citation), ``note`` (a remark about the quotes, e.g. which
            report is newest) or ``refusal``.
        text: the words, without markers; for ``quote`` exactly the cited text.
        cites: the marker numbers of its citations.
        lead: words put before a quote ("Reuters (2024-03-10) reports the same: "), not quoted.
    """

    kind: PartKind
    text: str
    cites: tuple[int, ...] = ()
    lead: str = ""

    @property
    def markers(self) -> str:
        return "".join(f"[{n}]" for n in self.cites)

    @property
    def marked(self) -> str:
        """The part as ``Answer.text`` writes it: its words, then its markers."""
        if self.kind == "note":
            return f"({self.text} {self.markers}.)" if self.cites else f"({self.text}.)"
        return f"{self.lead}{self.text} {self.markers}" if self.cites else f"{self.lead}{self.text}"

    @property
    def plain(self) -> str:
        """The part's words without markers."""
        return f"({self.text}.)" if self.kind == "note" else f"{self.lead}{self.text}"


@dataclass(frozen=True)
class Answer:
    """What ``ask`` returns.

    Attributes:
        text: the answer, with ``[n]`` markers after each cited part (built from ``parts``).
        refused: True when the articles don't hold the answer.
        citations: numbered in order of first use.
        mode: ``extractive`` (quoted sentences, offline) or ``llm`` (written by the
            configured model, every sentence checked against its citation).
        notes: what the reader should know about how the answer was made
            (e.g. the LLM endpoint failed, sentences dropped as unsupported).
        fallback: why an LLM answer fell back to the extractive one: ``endpoint`` (the
            endpoint failed) or ``unsupported`` (nothing the model wrote was supported);
            None when it did not.
        dropped: how many generated sentences were dropped as unsupported (LLM mode).
        short: the short answer ("Melissa Dalton"), cited like a sentence (its ``n`` is the
            marker of the sentence that holds it); None when refused or when the question
            asks for an explanation ("why", "how").
        confidence: the reader's calibrated probability (0-1) that the articles answer the
            question; the answer is refused below the reader's threshold.
        parts: the answer's pieces in order; presenters render these.
    """

    text: str = field(init=False)
    refused: bool
    citations: tuple[Citation, ...]
    mode: Mode = "extractive"
    notes: tuple[str, ...] = ()
    fallback: Fallback | None = None
    dropped: int = 0
    short: Citation | None = None
    confidence: float = 0.0
    parts: tuple[Part, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", " ".join(p.marked for p in self.parts))

    @property
    def short_text(self) -> str | None:
        """The short answer's words; None when there is none or the answer is refused."""
        return self.short.text if self.short and not self.refused else None

    @property
    def plain(self) -> str:
        """The answer's words without markers (what a reader reads)."""
        return " ".join(p.plain for p in self.parts)


def refusal(confidence: float = 0.0, notes: tuple[str, ...] = ()) -> Answer:
    """The answer when the articles don't hold one."""
    return Answer(True, (), notes=notes, confidence=confidence, parts=(Part("refusal", REFUSAL),))
