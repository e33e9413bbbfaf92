"""What news carries beyond plain text, read at ingest: its outlet and its publication date.

An outlet or a date is set only from evidence, and left out when unsure:

- ``split_header`` reads "Foreign Policy :Fears Rise of an ISIS Comeback" as an
  outlet and a headline; ``outlet_in_text`` reads a dateline or byline that names
  an outlet ("LONDON (Reuters) -", "By Jane Doe, Associated Press").
- ``read_date`` turns a written date into ``YYYY-MM-DD`` only when day, month and
  year are all there and their order is sure; ``page_date`` prefers the date a page
  prints to its metadata's.

Which articles a question may use (dates and outlets a user asks for) is ``qa.retrieval.filters``.

Syndicated copies (the same story published again) are found in ``qa.store.copies``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from qa.furniture import outlet

_NOT_OUTLETS = {"breaking", "update", "updated", "exclusive", "opinion", "analysis", "watch", "live", "video",
                "photos", "editorial", "review", "interview", "explainer", "correction", "news"}
_NAME = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
# "Foreign Policy :Fears Rise of an ISIS Comeback": a space before the colon and none after is the seam a
# scraper leaves where it joins an outlet field to a headline.  Editors write "Campbell: E-mail row" (the
# speaker, then the story) and French headlines "Macron : la réforme", so both of those stay headlines.
_HEADER = re.compile(rf"^({_NAME}) :(\S.{{10,}})$")


def split_header(line: str) -> tuple[str, str] | None:
    """(outlet, headline) when a first line reads "Outlet :Headline"; None otherwise."""
    match = _HEADER.match(line.strip())
    if not match or match.group(1).lower() in _NOT_OUTLETS:
        return None
    return match.group(1).strip(), match.group(2).strip()


def outlet_in_text(text: str) -> str | None:
    """The outlet a dateline or byline names in the first lines of ``text``; None when none does.

    Only forms that name an outlet for sure count (``qa.furniture.outlet``): an agency
    in a dateline's brackets ("LONDON (Reuters) -"), a known outlet heading a line
    ("New York CNN —", "CNN —"), or a byline ending in one ("By Jane Doe, Associated Press").
    """
    for line in [line.strip() for line in text.split("\n") if line.strip()][:4]:
        if name := outlet(line):
            return name
    return None


# Dates.  Day and month order: year first is year-month-day (ISO); dotted dates are
# day first (10.06.2013 is 10 June: the dotted form is German and European, never
# month first); slashed or dashed dates with the year last are read only when one
# number exceeds 12, or both are equal, because 06/10/2013 is June in the US and
# October in Britain; month names are read by dateparser in any language it knows.
NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,4})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d.])")
_WORDY = re.compile(r"\b(?:\d{1,2}(?:st|nd|rd|th)?\.?\s+(?:of\s+)?[^\W\d_]{3,10}\.?,?\s+\d{4}|"
                    r"[^\W\d_]{3,10}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})\b")
_STRICT = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False,
           "REQUIRE_PARTS": ["day", "month", "year"]}
# What may stand beside a date on a line that is only a date: a weekday, a time, a zone ("BST").
_BESIDE_DATE = re.compile(r"\d{1,2}|am|pm|at|um|uhr|(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?|"
                          r"(?:mon|diens|donners|frei|sams|sonn)tag|mittwoch")
_ZONE = re.compile(r"[A-Z]{2,4}")
# Labels of a publication date on a page ("Date 10.06.2013", "Written: 2023-11-07 15:03");
# "Updated" and "Modified" are left out on purpose: that is another date.
_DATE_LABEL = re.compile(r"^(?:date|dated|published|posted|written|created|first published|datum|"
                         r"veröffentlicht|erschienen|erstellt|publié|publicado|pubblicato)"
                         r"(?:\s+(?:on|am|le|el|il))?\s*:?\s*", re.IGNORECASE)
_BYLINE = re.compile(rf"^By\s+{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*\s*[,|•]\s*")
Readings = tuple[str, ...]  # what a written date can mean: none, one, or two (day and month swapped)


def _numeric(first: str, sep: str, second: str, third: str) -> Readings:
    if len(first) == 4:
        orders = [(int(first), int(second), int(third))]
    elif len(third) == 4:
        a, b = int(first), int(second)
        orders = [(int(third), b, a)] if sep == "." or a == b else [(int(third), b, a), (int(third), a, b)]
    else:
        return ()  # a two-digit year: which century, and which order, is a guess
    found = []
    for year, month, day in orders:
        try:
            found.append(date(year, month, day).isoformat())
        except ValueError:
            continue
    return tuple(found)


def date_readings(value: Any) -> Readings:
    """Every reading of the first complete date (day, month and year) in ``value``.

    One reading as a rule; two for 06/10/2013 (see the day and month order above);
    none when there is no complete date.
    """
    text = str(value or "").strip()
    if match := NUMERIC_DATE.search(text):
        return _numeric(*match.groups())
    words = _WORDY.search(text)
    if not words and len(text) > 40:
        return ()
    import dateparser

    parsed = dateparser.parse(words.group(0) if words else text, settings=_STRICT)
    return (parsed.date().isoformat(),) if parsed else ()


def read_date(value: Any) -> str | None:
    """``YYYY-MM-DD`` for the first complete date in ``value``; None when there is none or it is ambiguous."""
    readings = date_readings(value)
    return readings[0] if len(readings) == 1 else None


def _date_only(text: str) -> Readings:
    """The readings of ``text`` when it is nothing but a date (with its weekday, time or zone)."""
    match = NUMERIC_DATE.search(text) or _WORDY.search(text)
    if not match:
        return ()
    rest = re.findall(r"\w+", text[:match.start()] + " " + text[match.end():])
    if not all(_ZONE.fullmatch(word) or _BESIDE_DATE.fullmatch(word.lower()) for word in rest):
        return ()
    return date_readings(match.group(0))



def is_date(text: str) -> bool:
    """Whether ``text`` is nothing but a date ("10.06.2013", "Thu 2 Nov 2023 14:05 GMT")."""
    return bool(_date_only(text))

def _in_title(title: str) -> Readings:
    """A date a title prints as one of its parts ("Uncork the mystery … | DW | 10.06.2013")."""
    parts = re.split(r"\s+[|–—-]\s+", title)
    return next((d for part in parts[1:] if (d := _date_only(part))), ())


def _labelled(lines: Sequence[str]) -> Readings:
    """The first date printed under a publication label ("Date" then "10.06.2013" on the next line)."""
    for i, line in enumerate(lines):
        label = _DATE_LABEL.match(line)
        if label and len(line) < 80:
            rest = line[label.end():] or (lines[i + 1] if i + 1 < len(lines) else "")
            found = NUMERIC_DATE.search(rest) or _WORDY.search(rest)
            if found and found.start() < 4:
                return date_readings(found.group(0))
    return ()


def _beside_headline(lines: Sequence[str]) -> Readings:
    """The first of ``lines`` that is only a date, a labelled date, or a byline ending in one.

    The byline area ends where the article's text begins, at the first line as long
    as a sentence: a date after that belongs to something else ("Read also …").
    """
    for line in lines:
        if len(line) >= 80:
            break
        byline = _BYLINE.match(line)
        found = _date_only(line[byline.end():] if byline else line) or _labelled([line])
        if found:
            return found
    return ()


def _plain(line: str) -> str:
    return " ".join(line.replace("’", "'").replace("‘", "'").casefold().split())


def dateline_date(lines: Sequence[str]) -> str | None:
    """The date printed under a headline in plain text ("10 June 2013", "By Jane Doe | 10 June 2013").

    Args:
        lines: the lines after the headline (the first few are read).
    """
    readings = _beside_headline(lines[:3])
    return readings[0] if len(readings) == 1 else None


def page_date(title: str, headline: str, lines: Sequence[str], metadata: str | None) -> str | None:
    """The publication date of a saved page: the one it prints, else its metadata's; None when unsure.

    Printed, in order: a part of its title ("… | DW | 10.06.2013"); a date beside
    its headline (the byline area: a line of only a date, a labelled date or a
    byline ending in a date, within six short lines after the headline or three
    before);
    the first date under a publication label anywhere ("Written: 2023-11-07 15:03").
    Bare dates elsewhere on a page belong to other stories (sidebars, related
    links), so they are not read.  A printed date beats the metadata, which can be a
    sidebar's date or the last edit; a printed date with day and month in doubt
    (06/10/2013) is settled by the metadata when it agrees with one reading, and
    otherwise leaves the page undated.

    Args:
        title: the page's title as its metadata gives it.
        headline: the headline as the page shows it.
        lines: the page's visible text, one line per element.
        metadata: the date the page's metadata gives, ``YYYY-MM-DD``, if any.
    """
    printed = _in_title(title)
    if not printed:
        key = _plain(headline)
        at = next((i for i in range(1, len(lines)) if _plain(lines[i]) == key), None)
        if at is not None:
            printed = _beside_headline(lines[at + 1:at + 7]) or _beside_headline(lines[max(0, at - 3):at][::-1])
    printed = printed or _labelled(lines)
    if not printed:
        return metadata
    if len(printed) == 1:
        return printed[0]
    return metadata if metadata in printed else None
