"""Scored passages -> a cited Answer, extractively (no LLM needed).

An answer is one to three sentences quoted from the articles, each followed
by its citation marker.  The sentences are chosen by how much of the
question's vocabulary they cover and how close they are in meaning; when the
best one covers too little of the question, the answer is a refusal rather
than a citation dressed up as an answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from qa.agreement import compare
from qa.retrieval import Evidence, Hit, ScoredSentence

SECOND_RATIO = 0.8  # a second sentence must score this share of the best one
MIN_COVERAGE = 0.4  # below both of these the articles don't answer (tuned on squad_v2_dev_part)
MIN_COSINE = 0.55
SOURCE_SCORE = 0.45  # "who" questions also list other sources scoring at least this
MAX_SOURCES = 3
AGREE_COSINE = 0.6  # another article's sentence this close to the best one reports on the same thing
AGREE_COVERAGE = 0.6  # ... and must cover this share of what the best one covers of the question
MAX_OTHER_REPORTS = 2
REFUSAL = "The articles don't answer this question."

# Answer-type cues.  "Who ..." asks for a source: a sentence that attributes
# what it says to someone ("..., Dalton stressed", "according to a report by
# ...") is a better answer.  A question's reporting verb ("warned") also
# matches its near-synonyms in the sentence ("stressed"), which embeddings of
# whole sentences miss.
_WHO = re.compile(r"^\W*(?:who|whom|whose)\b|\bwhich (?:person|people|expert|analyst|official|group|"
                  r"organi[sz]ation|think tank|company|agency)\b", re.IGNORECASE)
_SAY = r"(?:said|says|stressed|warned|warns|told|added|noted|argued|wrote|explained|cautioned|claimed)"
_ATTRIBUTED = re.compile(
    rf"\b{_SAY}\s+(?:[A-Z][\w.’'-]*\s+)*[A-Z][\w’'-]+|\b[A-Z][\w’'-]+,?\s+{_SAY}\b|"
    r"\baccording to\b|\breport(?:ed)? by (?:the )?[A-Z]")
_VERB_FAMILIES = [
    r"warn|caution|stress|fear|alert|predict",
    r"claim|argu|insist|contend|assert|maintain",
    r"critici|condemn|blame|accus|denounc",
    r"announc|declar|reveal|disclos|unveil",
    r"deni|reject|refut|dismiss",
]
_CUE = 0.15
_NAME = re.compile(r"\b[A-Z][\w’'-]+")
Mode = Literal["extractive", "llm"]
Fallback = Literal["endpoint", "unsupported"]


@dataclass(frozen=True)
class Citation:
    """A quoted sentence: ``article.text[start:end] == text``.

    Attributes:
        n: the marker number used in the answer text (``[n]``).
        article_id, title: the article quoted.
        start, end: character offsets into the article text.
        text: the quoted sentence.
        score: how well it matches the question (coverage + cosine).
        also_in: ids of syndicated copies of the article (the same story published again).
    """

    n: int
    article_id: str
    title: str
    start: int
    end: int
    text: str
    score: float
    also_in: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    """What ``ask`` returns.

    Attributes:
        text: the answer, with ``[n]`` markers after each cited sentence.
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
    """

    text: str
    refused: bool
    citations: tuple[Citation, ...]
    mode: Mode = "extractive"
    notes: tuple[str, ...] = ()
    fallback: Fallback | None = None
    dropped: int = 0


@dataclass(frozen=True)
class _Quote:
    hit: Hit
    sentence: ScoredSentence
    text: str
    score: float
    attributed: bool


def _introduction(text: str, quote: _Quote, spans: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """The sentence that first named in full someone ``quote`` calls by surname only.

    "Dalton said" is clearer as "Melissa Dalton, an analyst ...".
    """
    for match in re.finditer(r"\b([A-Z][a-z]{2,})\b", quote.text):
        name = match.group(1)
        full_name = rf"\b[A-Z][a-z]+ (?:[A-Z]\. )?{name}\b"
        if match.start() == 0 or re.search(full_name, quote.text):
            continue
        full = re.search(full_name, text[:quote.sentence.start])
        if full:
            return next(((s, e) for s, e in spans if s <= full.start() < e), None)
    return None


def _quotes(question: str, hits: Sequence[Hit]) -> list[_Quote]:
    """Every sentence of ``hits`` with its answer score (retrieval score + cues), best first."""
    who = bool(_WHO.search(question))
    families = [re.compile(rf"\b(?:{f})", re.IGNORECASE) for f in _VERB_FAMILIES
                if re.search(rf"\b(?:{f})", question, re.IGNORECASE)]
    quotes = []
    for hit in hits:
        text = hit.article.text
        for sentence in hit.sentences:
            quoted = text[sentence.start:sentence.end]
            attributed = bool(_ATTRIBUTED.search(quoted))
            score = sentence.score + _CUE * (who and attributed) \
                + _CUE * any(f.search(quoted) for f in families)
            quotes.append(_Quote(hit, sentence, quoted, score, attributed))
    quotes.sort(key=lambda q: -q.score)
    return quotes


def _names(text: str) -> set[str]:
    return {m.group(0) for m in _NAME.finditer(text) if m.start() > 0}


def _choose(question: str, quotes: list[_Quote], main_hits: int, hits: Sequence[Hit]) -> list[_Quote]:
    main = [q for q in quotes if any(q.hit is h for h in hits[:main_hits])]
    best = main[0]
    chosen = [best]
    for quote in main[1:2]:
        if quote.sentence.coverage > 0 and quote.score >= SECOND_RATIO * best.score:
            chosen.append(quote)
    if _WHO.search(question):
        # "Who warned ...?" often has several right answers: name each source once.
        seen = _names(question).union(*(_names(q.text) for q in chosen))
        for quote in quotes:
            if len(chosen) >= MAX_SOURCES or quote.score < SOURCE_SCORE:
                break
            new = _names(quote.text) - seen
            if quote.attributed and new and quote not in chosen:
                chosen.append(quote)
                seen |= new
    return chosen


_Span = tuple[Hit, tuple[int, int], float, str]  # hit, article offsets, score, words put before the quote


def compose(question: str, evidence: Evidence, *, main_hits: int = 3) -> Answer:
    """Build the extractive answer from ranked hits: a pure function of the evidence.

    Args:
        question: the text retrieved for (cues are read from it).
        evidence: retrieval results, best first, with scored sentences and their articles.
        main_hits: the answer's main sentences come from this many top hits;
            further hits may add other sources for "who" questions.
    """
    hits = evidence.hits
    quotes = _quotes(question, hits)
    if not quotes:
        return Answer(REFUSAL, True, ())
    best = next(q for q in quotes if any(q.hit is h for h in hits[:main_hits]))
    if best.sentence.coverage < MIN_COVERAGE and best.sentence.cosine < MIN_COSINE:
        return Answer(REFUSAL, True, ())
    chosen = _choose(question, quotes, main_hits, hits)

    spans: list[_Span] = []
    for quote in chosen:
        intro = _introduction(quote.hit.article.text, quote, quote.hit.article_sentences)
        if intro:
            spans.append((quote.hit, intro, quote.score, ""))
        spans.append((quote.hit, (quote.sentence.start, quote.sentence.end), quote.score,
                      _compared(best, quote)))
    spans += _other_reports(best, [q for q in quotes if q not in chosen], {q.hit.article.id for q in chosen})

    citations: list[Citation] = []
    parts: list[str] = []
    for hit, (start, end), score, lead in spans:
        if any(c.article_id == hit.passage.article_id and c.start == start for c in citations):
            continue
        text = hit.article.text[start:end]
        n = len(citations) + 1
        citations.append(Citation(n, hit.passage.article_id, hit.passage.title, start, end, text,
                                  round(score, 4), hit.copies))
        parts.append(f"{lead}{text} [{n}]")
    parts += _newest(citations, hits)
    return Answer(" ".join(parts), False, tuple(citations))


def _compared(best: _Quote, quote: _Quote) -> str:
    """Words put before a quote from another article that reports the best quote's figure (``qa.agreement``)."""
    other = quote.hit.article
    if other.id == best.hit.article.id or float(quote.sentence.vector @ best.sentence.vector) < AGREE_COSINE:
        return ""
    verdict = compare(best.text, quote.text, first_date=best.hit.article.published, second_date=other.published)
    if verdict is None:
        return ""
    name = other.source or f"“{other.title}”"
    when = f" ({other.published})" if other.published else ""
    return f"{name}{when} reports {'the same' if verdict == 'same' else 'different figures'}: "


def _other_reports(best: _Quote, quotes: list[_Quote], cited: set[str]) -> list[_Span]:
    """Other articles saying the same thing as the best quote, or giving other figures for it."""
    found: list[_Span] = []
    for quote in quotes:
        if len(found) >= MAX_OTHER_REPORTS:
            break
        if quote.hit.article.id in cited or quote.sentence.coverage < AGREE_COVERAGE * best.sentence.coverage:
            continue
        lead = _compared(best, quote)
        if lead:
            cited.add(quote.hit.article.id)
            found.append((quote.hit, (quote.sentence.start, quote.sentence.end), quote.score, lead))
    return found


def _newest(citations: list[Citation], hits: Sequence[Hit]) -> list[str]:
    """When the cited articles have different dates, say which report is newest."""
    published = {h.article.id: h.article.published for h in hits}
    dated = {c.n: published[c.article_id] for c in citations}
    dates = {d for d in dated.values() if d}
    if len(dates) < 2:
        return []
    newest = max(dates)
    markers = "".join(f"[{n}]" for n, d in dated.items() if d == newest)
    return [f"(Newest report: as of {newest} {markers}.)"]
