""""When was that story published?": answered from the date the article itself prints, quoted.

The reader is trained to find answers in sentences; an article's date sits in its dateline or its
byline, which the reader rarely picks for "when was it published" (it found "Pocket published it in
1980" instead).  The conversation knows which article "that story" is, and the article knows its
date, so the answer is the place where the article prints that date, cited to the character.  A
date the article does not print (only its metadata gives one) is not answered: there would be
nothing to quote, and the reader would take another date from the text for it ("2016 and 2017",
the years a study observed, for "When was that study published?").  The refusal says the date
the article's source gives, as a note, uncited.
"""

from __future__ import annotations

import re
from datetime import date

from qa.answering.answer import Answer, Citation, Part, refusal
from qa.documents import Article

# The verb's subject is the article itself ("When did that story run?"), never a thing it speaks of:
# "When does the festival run until, according to that story?" asks the festival's last day.
ASKS_PUBLISHED = re.compile(r"^\W*(?:when|on\s+what\s+(?:date|day)|what\s+(?:date|day))\s+(?:was|were|did|is|does)\s+"
                            r"(?:it|(?:this|that|the)\s+(?:same\s+)?[\w-]+)(?:\s+[\w-]+){0,4}?\s+(?:first\s+)?"
                            r"(?:published|posted|written|dated|released|come\s+out|came\s+out|appear|appeared|run|ran)"
                            r"(?:\s+(?:online|in\s+print|on\s+[\w-]+))?\W*$", re.IGNORECASE)
_LINE = 240  # the most of a line quoted around the date: a dateline, not a paragraph


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
