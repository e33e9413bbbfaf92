"""Evidence and its reading -> a cited Answer, extractively (no LLM needed).

The reader alone ranks.  ``Reading.sentences`` is already best answer first (the reader's
rank key), so the answer takes every quote from that order and never re-ranks by retrieval
scores or keyword cues: a second ranking joined to the reader's would overrule the one model
trained to say which sentence answers.  Only the sentences read are quoted (the top ``k``
passages: ``Library.ask(k=)``), and the sentence that introduces someone they name.

An answer leads with the short answer the reader found (``Answer.short``), then the
sentence that holds it, cited; a further sentence only when it offers something the
first lacks (another candidate answer the reader rates highly, the full name of
someone the sentence calls by surname, another source for a "who" question, another
outlet's figures).  When the reader's calibrated confidence is below its threshold,
the answer is a refusal rather than a citation dressed up as an answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.answering.agreement import compare
from qa.answering.answer import Answer, Citation, Part, refusal
from qa.answering.citations import Citations, cite
from qa.answering.kinds import asked_kind, fits
from qa.reading.read import Reading, ReadSentence
from qa.retrieval.evidence import Evidence, Hit

# The reader's second sentence is quoted too when it scores this (and names another answer).  On the kept-aside
# squad_v1_dev articles (775 q), 0.6 / 0.7 / 0.8 / 0.9 / never: answer hit 0.911 / 0.908 / 0.906 / 0.896 / 0.866
# at 278 / 269 / 258 / 243 / 187 characters; 0.8 is the shortest that keeps 0.90.
SECOND_SCORE = 0.8
SHORT_TRIM = " \t\n,;:–—-“”\"'‘’"  # not part of a short answer at its ends (nor a bracket left unclosed)
SHORT_SHARE = 0.8  # a "short" answer this share of its sentence is no short answer
# A short answer is shown in headline type: past this many words it is a clause, not an answer, and the
# sentence says it better.  Six keeps names and figures ("Center for Strategic and International Studies",
# "the Institute for the Study of War (ISW)") and drops clauses ("Mr Campbell sent the missive by mistake to ...").
SHORT_WORDS = 6
# A span of the asked kind is taken instead of the best one when the reader rates it at least this share of the best.
OTHER_SHARE = 0.1
SOURCE_SCORE = 0.5  # "who" questions also list other attributed sentences the reader scores at least this
MAX_SOURCES = 3
AGREE_COSINE = 0.6  # another article's sentence this close to the best one reports on the same thing
AGREE_COVERAGE = 0.6  # ... and must cover this share of what the best one covers of the question
MAX_OTHER_REPORTS = 2

# "Why ..." and "how ..." (but not "how many", "how long" ...) ask for an explanation, not a short answer.
_NO_SHORT = re.compile(r"^\W*(?:why\b|how\b(?!\s+(?:many|much|old|long|far|big|large|tall|often|deep|high|fast|"
                       r"soon|early|late)\b))", re.IGNORECASE)
_CLAUSE = re.compile(r",?\s+(?:that|which|who|whose|whom)\s")
# "Who ..." asks for a source, and often has several: a sentence that attributes what it says to
# someone ("..., Dalton stressed", "according to a report by ...") may name another one.
_WHO = re.compile(r"^\W*(?:who|whom|whose)\b|\bwhich (?:person|people|expert|analyst|official|group|"
                  r"organi[sz]ation|think tank|company|agency)\b", re.IGNORECASE)
_SAY = r"(?:said|says|stressed|warned|warns|told|added|noted|argued|wrote|explained|cautioned|claimed)"
_ATTRIBUTED = re.compile(
    rf"\b{_SAY}\s+(?:[A-Z][\w.’'-]*\s+)*[A-Z][\w’'-]+|\b[A-Z][\w’'-]+,?\s+{_SAY}\b|"
    r"\baccording to\b|\breport(?:ed)? by (?:the )?[A-Z]")
_NAME = re.compile(r"\b[A-Z][\w’'-]+")


def _text(read: ReadSentence) -> str:
    return read.hit.article.text[read.sentence.start:read.sentence.end]


def _introduction(quote: ReadSentence) -> tuple[int, int] | None:
    """The sentence of ``quote``'s article that first named in full someone ``quote`` calls by surname only.

    "Dalton said" is clearer as "Melissa Dalton, an analyst ...".
    """
    text, quoted = quote.hit.article.text, _text(quote)
    for match in re.finditer(r"\b([A-Z][a-z]{2,})\b", quoted):
        name = match.group(1)
        full_name = rf"\b[A-Z][a-z]+ (?:[A-Z]\. )?{name}\b"
        if match.start() == 0 or re.search(full_name, quoted):
            continue
        full = re.search(full_name, text[:quote.sentence.start])
        if full:
            return next(((s, e) for s, e in quote.hit.article_sentences if s <= full.start() < e), None)
    return None


def _names(text: str) -> set[str]:
    return {m.group(0) for m in _NAME.finditer(text) if m.start() > 0}


def _same_event(best: ReadSentence, quote: ReadSentence) -> bool:
    """Whether ``quote`` may add to an answer led by ``best``: from its article, or reporting the same event.

    Another article's sentence that merely answers the same kind of question ("Morrison warned
    ..." beside "The environmental watchdog had warned the factory") is padding: it must be close
    in meaning to the best quote and name someone or something the best quote names.
    """
    if quote.hit.article.id == best.hit.article.id:
        return True
    return float(quote.sentence.vector @ best.sentence.vector) >= AGREE_COSINE and bool(
        _names(_text(quote)) & _names(_text(best)))


def _choose(question: str, sentences: Sequence[ReadSentence]) -> list[ReadSentence]:
    """The reader's best sentence; its second when that names another answer; other sources for "who".

    Every quote after the first is from the first one's article or about the same event (``_same_event``).
    """
    best = sentences[0]
    chosen = [best]
    for second in sentences[1:2]:
        answer = _span_text(second)
        if second.score >= SECOND_SCORE and answer and _words(answer) not in _words(_text(best)) \
                and _same_event(best, second):
            chosen.append(second)
    if _WHO.search(question):
        # "Who warned ...?" often has several right answers: name each source once, in the reader's order.
        seen = _names(question).union(*(_names(_text(q)) for q in chosen))
        for quote in sentences[1:]:
            if len(chosen) >= MAX_SOURCES:
                break
            new = _names(_text(quote)) - seen
            if quote.score >= SOURCE_SCORE and new and _ATTRIBUTED.search(_text(quote)) and quote not in chosen \
                    and _same_event(best, quote):
                chosen.append(quote)
                seen |= new
    return chosen


def _span_text(read: ReadSentence) -> str:
    return read.hit.article.text[read.span[0]:read.span[1]] if read.span else ""


def _words(text: str) -> str:
    """Lower case, letters and digits only: "the U.S." and "U.S" name the same thing."""
    return " ".join(re.findall(r"\w+", text.lower()))


def _word_count(text: str) -> int:
    """Words that make a short answer long: not "the"/"a"/"an", nor a bracketed aside ("(ISW)")."""
    return sum(w.lower() not in ("the", "a", "an") for w in re.sub(r"\([^)]*\)", " ", text).split())


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """``text[start:end]`` without punctuation at its ends, nor a bracket it opens and doesn't close
    ("the Institute for the Study of War (ISW" -> "the Institute for the Study of War"), or the reverse."""
    while True:
        while start < end and text[start] in SHORT_TRIM:
            start += 1
        while end > start and text[end - 1] in SHORT_TRIM:
            end -= 1
        span = text[start:end]
        opened, closed = span.rfind("("), span.find(")")
        if opened >= 0 and ")" not in span[opened:]:
            end = start + opened
        elif closed >= 0 and "(" not in span[:closed]:
            start += closed + 1
        else:
            return start, end


def _short_span(best: ReadSentence, span: tuple[int, int]) -> tuple[int, int] | None:
    """``span`` as a short answer (trimmed, its clause cut off), or None when it is no short answer."""
    text = best.hit.article.text
    start, end = _trimmed(text, *span)
    clause = _CLAUSE.search(text, start, end)  # "the ISW that warns of ...": the answer is the ISW
    if clause and clause.start() > start:
        end = clause.start()
    if end <= start or end - start > SHORT_SHARE * (best.sentence.end - best.sentence.start) \
            or _word_count(text[start:end]) > SHORT_WORDS:
        return None  # no span, nearly the whole sentence, or a clause: the sentence is the answer
    return start, end


def _short(question: str, best: ReadSentence, n: int) -> Citation | None:
    """The short answer inside the best sentence, cited with the sentence's marker ``n``.

    When the question says what kind of answer it wants (``qa.answering.kinds``) and the reader's
    best span is no short answer of that kind (another kind, or a clause), the sentence's next best
    span that is one is taken, if the reader rates it at least ``OTHER_SHARE`` of the best; else
    there is no short answer.
    """
    if best.span is None or _NO_SHORT.search(question):
        return None
    kind = asked_kind(question)
    text = best.hit.article.text
    found = _short_span(best, best.span)
    if kind is None or (found and fits(kind, text[found[0]:found[1]], question)):
        return cite(n, best.hit, *found, best.score) if found else None
    for start, end, p in best.others:
        if p < OTHER_SHARE * best.span_score:
            break
        other = _short_span(best, (start, end))
        if other and fits(kind, text[other[0]:other[1]], question):
            return cite(n, best.hit, *other, best.score)
    return None


_Span = tuple[Hit, tuple[int, int], float, str]  # hit, article offsets, score, words put before the quote


def compose(question: str, evidence: Evidence, reading: Reading) -> Answer:
    """Build the extractive answer from the evidence and its reading: a pure function of both.

    Args:
        question: the text retrieved for (the kind of question is read from it).
        evidence: what retrieval found, and the reading was made of.  Only what the reader read of it
            (``reading.sentences``) is quoted: the caller says how many passages may answer by how many
            it has the reader read (``read(..., hits=k)``).
        reading: what the reader made of the evidence (``qa.reading.read``), best answer first.
    """
    confidence = round(reading.confidence, 4)
    sentences = reading.sentences
    # The reader alone says whether the articles answer.  A second guard (refuse when no sentence read shares
    # enough words with the question, unless the reader is sure) refused 15 of 230 answerable real-news questions
    # instead of 9, for 1 more of 43 unanswerable ones (benchmarks/realnews.py); it was tuned for reader v1.
    if not reading.answerable or not sentences:
        return refusal(confidence)
    chosen = _choose(question, sentences)
    best = chosen[0]

    who = bool(_WHO.search(question))
    spans: list[_Span] = []
    for quote in chosen:
        score = quote.score  # the reader's: it chose the quote
        spans.append((quote.hit, (quote.sentence.start, quote.sentence.end), score, _compared(best, quote)))
        # Who someone is matters to a "who" question; elsewhere it only lengthens the answer.
        intro = _introduction(quote) if who else None
        if intro:
            spans.append((quote.hit, intro, score, ""))
    spans += _other_reports(best, [r for r in sentences if r not in chosen], {q.hit.article.id for q in chosen})

    citations = Citations()
    parts: list[Part] = []
    for hit, (start, end), score, lead in spans:
        if citations.find(hit.article.id, start):
            continue
        n = citations.add(hit, start, end, score)
        parts.append(Part("quote", hit.article.text[start:end], (n,), lead))
    short = _short(question, best, 1)
    if short:
        parts.insert(0, Part("short", short.text, (short.n,)))
    parts += _newest(citations.items)
    return Answer(False, tuple(citations.items), short=short, confidence=confidence, parts=tuple(parts))


def _compared(best: ReadSentence, quote: ReadSentence) -> str:
    """Words put before another article's quote that reports the best quote's figure (``qa.answering.agreement``)."""
    other = quote.hit.article
    if other.id == best.hit.article.id or float(quote.sentence.vector @ best.sentence.vector) < AGREE_COSINE:
        return ""
    verdict = compare(_text(best), _text(quote), first_date=best.hit.article.published,
                      second_date=other.published)
    if verdict is None:
        return ""
    name = other.source or f"“{other.title}”"
    when = f" ({other.published})" if other.published else ""
    return f"{name}{when} reports {'the same' if verdict == 'same' else 'different figures'}: "


def _other_reports(best: ReadSentence, rest: list[ReadSentence], cited: set[str]) -> list[_Span]:
    """Other articles saying the same thing as the best quote, or giving other figures for it, in the reader's order."""
    found: list[_Span] = []
    for quote in rest:
        if len(found) >= MAX_OTHER_REPORTS:
            break
        if quote.hit.article.id in cited or quote.sentence.coverage < AGREE_COVERAGE * best.sentence.coverage:
            continue
        lead = _compared(best, quote)
        if lead:
            cited.add(quote.hit.article.id)
            found.append((quote.hit, (quote.sentence.start, quote.sentence.end), quote.score, lead))
    return found


def _newest(citations: list[Citation]) -> list[Part]:
    """When the cited articles have different dates, say which report is newest."""
    dates = {c.published for c in citations if c.published}
    if len(dates) < 2:
        return []
    newest = max(dates)
    return [Part("note", f"Newest report: as of {newest}", tuple(c.n for c in citations if c.published == newest))]
