"""Which articles a question may use: the publication window and outlets a user asks for.

``make_filters`` reads the bounds a user types (``--since 2019``, "March 6, 2024");
``dates_in_question`` reads "in 2018", "last week" or "since 2019" from the question itself.
The ``Filters`` value itself is part of the store interface (``qa.store.base``): stores apply
``Filters.allows`` (the folder) or its SQL twin (PostgreSQL) to candidates.
Only the bounds a user sets exclude articles: dates read from the question (``near``) only
rank articles published then higher, because news about a year is mostly published after it
("fell 2 percent in 2019" appeared on 2020-01-10).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from qa.ingest.metadata import NUMERIC_DATE, read_date
from qa.store.base import Filters


def normalize_date(value: Any) -> str | None:
    """``YYYY-MM-DD`` for a date bound a user typed ("2019-01-31", "March 6, 2024", "2019").

    Numbers follow the day and month order above; a year or month alone means its first day.
    """
    if not value:
        return None
    text = str(value).strip()
    if NUMERIC_DATE.search(text):
        return read_date(text)
    import dateparser

    parsed = dateparser.parse(text, settings={"PREFER_DAY_OF_MONTH": "first", "PREFER_MONTH_OF_YEAR": "first",
                                              "RETURN_AS_TIMEZONE_AWARE": False})
    return parsed.date().isoformat() if parsed else None


def make_filters(since: str | None = None, until: str | None = None, sources: Sequence[str] | None = None,
                 recent: bool = False, articles: Sequence[str] | None = None) -> Filters:
    """Filters from user input: dates in any readable form, outlets by name.

    Raises:
        ValueError: a date that cannot be read.
    """
    bounds = []
    for name, value in (("since", since), ("until", until)):
        parsed = normalize_date(value) if value else None
        if value and not parsed:
            raise ValueError(f"cannot read the {name} date {value!r}; write it like 2019-01-31")
        bounds.append(parsed)
    return Filters(bounds[0], bounds[1], frozenset(s.lower() for s in sources) if sources else None, recent,
                   articles=frozenset(articles) if articles is not None else None)


def dates_in_question(question: str, today: date) -> tuple[str | None, str | None]:
    """Date bounds a question states: "in 2018", "since 2019", "last week", "this year", "yesterday"."""
    text = question.lower()
    if m := re.search(r"\b(?:in|during) (19\d\d|20\d\d)\b", text):
        return f"{m.group(1)}-01-01", f"{m.group(1)}-12-31"
    if m := re.search(r"\b(?:since|after) (19\d\d|20\d\d)\b", text):
        return f"{m.group(1)}-01-01", None
    if m := re.search(r"\bbefore (19\d\d|20\d\d)\b", text):
        return None, f"{int(m.group(1)) - 1}-12-31"
    spans = {"today": 0, "yesterday": 1, "this week": today.weekday(), "last week": 7, "past week": 7,
             "this month": today.day - 1, "last month": 31, "past month": 31,
             "this year": today.timetuple().tm_yday - 1, "last year": 365, "past year": 365}
    for phrase, days in spans.items():
        if re.search(rf"\b{phrase}\b", text):
            end = today - timedelta(days=1) if phrase == "yesterday" else today
            return (today - timedelta(days=days)).isoformat(), end.isoformat()
    return None, None
