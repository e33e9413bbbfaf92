""""When was that story published?", "Which outlet published that story?", "Who wrote that story?":
answered from what the article itself prints, quoted.

The reader is trained to find answers in sentences; an article's date sits in its dateline or its
byline, which the reader rarely picks for "when was it published" (it found "Pocket published it in
1980" instead).  The conversation knows which article "that story" is, and the article knows its
date, so the answer is the place where the article prints that date, cited to the character.  A
date the article does not print (only its metadata gives one) is not answered: there would be
nothing to quote, and the reader would take another date from the text for it ("2016 and 2017",
the years a study observed, for "When was that study published?").  The refusal says the date
the article's source gives, as a note, uncited.

The same holds for its outlet and its writer: the reader took a quoted scientist for "who wrote that
story?" and refused "which news agency is that story from?", while the article prints "(Reporting by
Will Dunham; ...)", "Hong Kong (CNN Business)" or a closing "PTI".  Those credits are quoted; an
article that prints none is left to the reader.
"""

from __future__ import annotations

import re
from datetime import date

from qa.answering.answer import Answer, Citation, Part, refusal
from qa.documents import Article
from qa.furniture import KNOWN_OUTLETS

# The verb's subject is the article itself ("When did that story run?"), never a thing it speaks of:
# "When does the festival run until, according to that story?" asks the festival's last day.
ASKS_PUBLISHED = re.compile(r"^\W*(?:when|on\s+what\s+(?:date|day)|what\s+(?:date|day))\s+(?:was|were|did|is|does)\s+"
                            r"(?:it|(?:this|that|the)\s+(?:same\s+)?[\w-]+)(?:\s+[\w-]+){0,4}?\s+(?:first\s+)?"
                            r"(?:published|posted|written|dated|released|come\s+out|came\s+out|appear|appeared|run|ran)"
                            r"(?:\s+(?:online|in\s+print|on\s+[\w-]+))?\W*$", re.IGNORECASE)
_LINE = 240  # the most of a line quoted around a date or a credit: a dateline, not a paragraph
_DOCUMENT = (r"(?:this|that|the)\s+(?:same\s+)?(?:article|report|story|piece|news\s+story|item|recipe|post|blog\s+post|"
             r"review)")
# "Which news agency is that story from?", "Which outlet published that story?", "what site ran that piece"
ASKS_OUTLET = re.compile(rf"^\W*(?:which|what)\s+(?:news\s+)?(?P<what>outlet|site|website|newspaper|paper|"
                         rf"publication|station|network|channel|magazine|agency|wire(?:\s+service)?)\s+"
                         rf"(?:(?:first\s+)?(?:published|ran|carried|put\s+out|reported|filed)\s+{_DOCUMENT}|"
                         rf"(?:is|was)\s+{_DOCUMENT}\s+(?:from|by))\W*$", re.IGNORECASE)
# "Who wrote that story?", "who reported that piece?"
ASKS_WRITER = re.compile(rf"^\W*who\s+(?:wrote|reported|filed|authored)\s+{_DOCUMENT}\W*$", re.IGNORECASE)
_OUTLETS = "|".join(re.escape(n) for n in sorted((*KNOWN_OUTLETS, "PTI", "IANS", "ANI", "UNI", "AAP", "CP"),
                                                  key=len, reverse=True))
_NAMES = r"[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){1,3}"  # on one line: "By Ann Lee\nPears ..." is Ann Lee
# Where a page prints its outlet: a dateline's brackets ("Hong Kong (CNN Business)A muddled ...", "HONOLULU,
# Hawaii (HawaiiNewsNow) -"), a closing wire credit ("... the US. PTI", "© Reuters"), its copyright line.
_DATELINE_OUTLET = re.compile(r"^[A-Z][\w.,' ]{0,40}?\((?P<name>[A-Z][\w.&' -]{1,30}?)\)\s*(?:[-–—]|(?=[A-Z]))",
                              re.MULTILINE)
_CLOSING = re.compile(rf"(?:^|[.\s])\(?(?:©\s*)?(?P<name>{_OUTLETS})\)?\s*$", re.MULTILINE)
_COPYRIGHT = re.compile(r"^(?:©|Copyright)\s*(?:©\s*)?(?:\d{4}\s+)?(?P<name>[A-Z][\w.&' -]{1,40}?)\.?"
                        r"(?:\s+All\s+rights\s+reserved\.?)?\s*$", re.MULTILINE)
# A writer's credit: "By Jane Doe" heading a line, "(Reporting by Will Dunham; Editing by ...)".
_WRITER = re.compile(rf"^\s*By\s+(?P<name>{_NAMES})|\b(?:Reporting|Reported|Written)\s+by\s+(?P<by>{_NAMES})",
                     re.MULTILINE)


def _day(article: Article) -> date | None:
    """The date ``article``'s source gives it (its metadata may hold anything or nothing)."""
    try:
        return date.fromisoformat((article.published or "")[:10])
    except ValueError:
        return None


def dateline(article: Article) -> tuple[int, int] | None:
    """Where ``article.text`` prints its publication date (the first place), as offsets; None when it
    does not, or has no date."""
    day = _day(article)
    if day is None:
        return None
    month, short = day.strftime("%B"), day.strftime("%b")
    forms = [rf"{month}\.?\s+0?{day.day},?\s+{day.year}", rf"{short}\.?\s+0?{day.day},?\s+{day.year}",
             rf"0?{day.day}\s+(?:{month}|{short}\.?),?\s+{day.year}", re.escape(day.isoformat())]
    found = [m for form in forms if (m := re.search(rf"\b{form}\b", article.text, re.IGNORECASE))]
    if not found:
        return None
    first = min(found, key=lambda m: m.start())
    return first.start(), first.end()


def _outlet(article: Article, wire: bool) -> tuple[int, int] | None:
    """Where ``article.text`` prints its outlet: its dateline's brackets, the source its metadata names, its
    copyright line or a closing wire credit; for a ``wire`` (an agency), the credits before the source's name."""
    text = article.text
    named = None
    if article.source and not re.match(r"https?:|www\.", article.source):
        found = re.search(rf"(?<![\w.]){re.escape(article.source)}(?![\w])", text)
        named = (found.start(), found.end()) if found else None
    bracketed = _DATELINE_OUTLET.search(text[:400])  # (not ``dateline``: that is this module's function)
    closing = [m for m in _CLOSING.finditer(text) if m.start() > len(text) * 0.6]
    copyright = [m for m in _COPYRIGHT.finditer(text) if m.start() > len(text) * 0.6]
    spans = [m.span("name") if m else None for m in (bracketed, closing[-1] if closing else None,
                                                     copyright[-1] if copyright else None)]
    order = [*spans, named] if wire else [spans[0], named, spans[2], spans[1]]  # "(CNN Business)" over "CNN"
    return next((span for span in order if span), None)


def credited_answer(article: Article, question: str) -> Answer | None:
    """The answer to "which outlet published that story?" or "who wrote that story?" from the credit
    ``article`` prints; None when the question asks something else or it prints none."""
    outlet = ASKS_OUTLET.search(question)
    if outlet:
        span = _outlet(article, outlet.group("what").lower().startswith(("agency", "wire")))
    elif ASKS_WRITER.search(question):
        writer = _WRITER.search(article.text)
        span = writer.span("name" if writer.group("name") else "by") if writer else None
    else:
        return None
    return _quoted(article, span) if span else None


def published_answer(article: Article, question: str) -> Answer | None:
    """The answer to "when was it published" from ``article``'s own printed date; a refusal when the
    article does not print the date its source gives; None when the question asks something else or
    no date is known (the reader may still find a dateline)."""
    if not ASKS_PUBLISHED.search(question):
        return None
    span = dateline(article)
    if span is None:
        day = _day(article)
        return refusal(notes=(f"“{article.title or article.id}” does not print its date; its source gives "
                              f"{day.isoformat()}.",)) if day else None
    return _quoted(article, span)


def _quoted(article: Article, span: tuple[int, int]) -> Answer:
    """The answer whose short answer is ``article.text[span]``, quoted in its line (at most ``_LINE``)."""
    text = article.text
    start = max(text.rfind("\n", 0, span[0]) + 1, span[0] - _LINE // 2)
    end = text.find("\n", span[1])
    end = min(len(text) if end < 0 else end, span[1] + _LINE // 2)
    while start < span[0] and text[start].isspace():
        start += 1
    while end > span[1] and text[end - 1].isspace():
        end -= 1

    def cited(first: int, last: int) -> Citation:
        return Citation(1, article.id, article.title, first, last, text[first:last], 1.0, (), article.source,
                        article.published, article.url, page=(page := article.page_at(first)),
                        ocr=page in article.scanned)

    short = cited(*span)
    return Answer(False, (cited(start, end),), short=short, confidence=1.0,
                  parts=(Part("short", short.text, (1,)), Part("quote", text[start:end], (1,))))
