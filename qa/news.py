"""What news needs beyond plain text: outlets, dates, date filters, syndicated copies.

- ``split_header`` reads "Foreign Policy :Fears Rise of an ISIS Comeback" as an
  outlet and a headline.
- ``normalize_date`` turns any published date into ``YYYY-MM-DD`` (dateparser).
- ``Filters`` restrict retrieval to a date range and to outlets;
  ``dates_in_question`` reads "in 2018", "last week" or "since 2019" from the question.
- ``minhash`` / ``find_duplicates`` spot the same story re-published with a
  different header or small edits (MinHash over word shingles, datasketch), so
  it is cited once, "also published by N others".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np

NUM_PERM = 128
DUPLICATE_THRESHOLD = 0.8  # share of the shorter text's 5-word shingles found in the other
CANDIDATE_THRESHOLD = 0.5  # MinHash Jaccard estimate that makes a pair worth checking
SHINGLE = 5
SCHEME = "affine32"  # datasketch's hashing scheme; signatures are stored, so it is fixed
_NOT_OUTLETS = {"breaking", "update", "updated", "exclusive", "opinion", "analysis", "watch", "live", "video",
                "photos", "editorial", "review", "interview", "explainer", "correction", "news"}
_HEADER = re.compile(r"^([A-Z][\w&.'’-]*(?: [A-Z][\w&.'’-]*){0,3}) ?: ?(\S.{10,})$")


def split_header(line: str) -> tuple[str, str] | None:
    """(outlet, headline) when a first line reads "Outlet :Headline"; None otherwise."""
    match = _HEADER.match(line.strip())
    if not match or match.group(1).lower() in _NOT_OUTLETS:
        return None
    return match.group(1).strip(), match.group(2).strip()


def normalize_date(value: Any) -> str | None:
    """``YYYY-MM-DD`` for any date dateparser understands; None when it does not."""
    if not value:
        return None
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    import dateparser

    parsed = dateparser.parse(text, settings={"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False})
    return parsed.date().isoformat() if parsed else None


@dataclass(frozen=True)
class Filters:
    """Which articles retrieval may use.

    Attributes:
        since, until: ``YYYY-MM-DD`` bounds on ``published`` (inclusive); an
            undated article fails any date bound.
        sources: outlets to keep (case-insensitive), or None for all.
        recent: rank newer evidence higher.
    """

    since: str | None = None
    until: str | None = None
    sources: frozenset[str] | None = None
    recent: bool = False

    @property
    def is_active(self) -> bool:
        return bool(self.since or self.until or self.sources)

    def allows(self, published: str | None, source: str) -> bool:
        if self.sources is not None and source.lower() not in self.sources:
            return False
        if self.since and (not published or published < self.since):
            return False
        return not (self.until and (not published or published > self.until))


def make_filters(since: str | None = None, until: str | None = None, sources: Sequence[str] | None = None,
                 recent: bool = False) -> Filters:
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
    return Filters(bounds[0], bounds[1], frozenset(s.lower() for s in sources) if sources else None, recent)


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


def _shingles(text: str) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}


def minhash(text: str) -> np.ndarray:
    """The MinHash signature of a text's 5-word shingles (uint64, NUM_PERM values)."""
    from datasketch import MinHash

    signature = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    signature.update_batch([s.encode() for s in _shingles(text)])
    return np.asarray(signature.hashvalues, dtype=np.uint64)


def find_duplicates(signatures: np.ndarray, new: Sequence[int], text: Callable[[int], str]) -> dict[int, int]:
    """For each article in ``new`` that repeats another, the article it repeats (positions).

    MinHash LSH finds candidates cheaply; a candidate counts when one text
    contains at least DUPLICATE_THRESHOLD of the other's shingles, so a copy
    with its own header, sign-off or small edits still matches.  The article
    matched is one that is not itself a copy, and the earliest such.
    """
    from datasketch import MinHash, MinHashLSH

    if not len(new):
        return {}
    lsh = MinHashLSH(threshold=CANDIDATE_THRESHOLD, num_perm=NUM_PERM)
    hashes = [MinHash(num_perm=NUM_PERM, seed=1, hashvalues=row, scheme=SCHEME) for row in signatures]
    for i, h in enumerate(hashes):
        lsh.insert(str(i), h)
    new_set = set(new)
    found: dict[int, int] = {}
    for i in sorted(new_set):
        mine = _shingles(text(i))
        for j in sorted(int(j) for j in lsh.query(hashes[i])):
            if j == i or j in found or (j in new_set and j > i):
                continue
            theirs = _shingles(text(j))
            if len(mine & theirs) >= DUPLICATE_THRESHOLD * min(len(mine), len(theirs)):
                found[i] = j
                break
    return found
