"""Do two reports state the same figure, or different figures, for the same thing?

An answer may add another article's sentence as "X reports the same" or "X
reports different figures".  Close meaning is not enough for that: two stories
about petrol prices a month apart, or about two companies' profits, read alike
and disagree about nothing.  ``compare`` claims agreement or disagreement only
when both sentences give a figure for the same measure (the same unit, the same
counted thing, the same words around it) of the same subject (the same name
nearest the figure) at comparable times; otherwise it says nothing.

It reads the two sentences with regular expressions only: no model, well under
a millisecond a pair.  Its precision is measured in tests/test_agreement.py on
the labeled pairs in tests/data/agreement_pairs.jsonl.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

Verdict = Literal["same", "different"]
WINDOW_DAYS = 7  # reports further apart than this describe different moments, not one fact


def _words(text: str) -> list[str]:
    return text.split()


_SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9,
           "tn": 1e12, "trillion": 1e12}
_CURRENCY_SIGNS = {"$": "dollar", "£": "pound", "€": "euro", "¥": "yen"}
_CURRENCY_WORDS = r"dollars?|pounds?|euros?|yen|francs?|pence|p|cents?|rupees?|yuan"
_WORD_NUMBERS = {w: i for i, w in enumerate(_words(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty"))}
_FIGURE = re.compile(
    rf"(?P<cur>[$£€¥])?(?P<num>\d+(?:[.,]\d+)*|\b(?:{'|'.join(_WORD_NUMBERS)})\b)"
    rf"(?:\s?(?P<scale>bn|billion|mn|million|m|k|thousand|tn|trillion)\b)?"
    rf"(?:\s?(?P<pct>%|per ?cent\b|percent\b|percentage points?\b|points?\b))?"
    rf"(?:\s?(?P<curword>{_CURRENCY_WORDS})\b)?", re.IGNORECASE)
_MONTHS = _words("january february march april may june july august september october november december "
                 "jan feb mar apr jun jul aug sep sept oct nov dec")
_WEEKDAYS = _words("monday tuesday wednesday thursday friday saturday sunday")
_PERIOD = re.compile(rf"\b(?:{'|'.join(_MONTHS + _WEEKDAYS)}|(?:19|20)\d\d|q[1-4]|"
                     r"(?:first|second|third|fourth) quarter|(?:first|second) half|last year|this year|"
                     r"last month|this month|last week|this week|yesterday|today)\b", re.IGNORECASE)
_QUARTER_WORDS = {"q1": "first quarter", "q2": "second quarter", "q3": "third quarter", "q4": "fourth quarter"}
# Words before a figure that make it a bound or an estimate rather than a count.
_ABOUT = re.compile(r"\b(?:about|around|approximately|roughly|nearly|almost|some|an estimated|estimated|"
                    r"close to|just under|just over)\s*$", re.IGNORECASE)
_ABOVE = re.compile(r"\b(?:more than|over|above|at least|upwards of|in excess of)\s*$", re.IGNORECASE)
_BELOW = re.compile(r"\b(?:fewer than|less than|under|below|up to|at most)\s*$", re.IGNORECASE)
# A figure after these is the old value a change is measured from, not the one reported.
_REFERENCE = re.compile(r"\b(?:from|compared with|compared to|against|versus|than|up from|down from)\s*[$£€¥]?$",
                        re.IGNORECASE)
_STOP = set(_words(
    "a an the of in on at for to from by with and or but as than that which who whom whose this these those it its "
    "their his her our your my is are was were be been being has have had will would could should may might can "
    "do does did not no so if then there here about around over under up down into out after before since during "
    "while per each every some any all more most less least nearly almost just only also still yet again same "
    "said says say told tell according reported reports report added noted stated announced counted showed show "
    "shows confirmed rose rise rises risen "
    "fell fall falls fallen increased increase increases decreased decrease jumped jump climbed climb dropped drop "
    "reached reach hit came come stood stand totalled total totaled put expected estimated estimate "
    "about approximately roughly some least when where what how why new other another last next first second "
    "third half week month year day days weeks months years quarter time times one two quarterly annual "
    "annually monthly weekly daily yearly"))
_SAYS = re.compile(r"^\W*(?:said|says|told|reported|reports|added|wrote|estimated|counted)\b")
_ACCORDING = re.compile(r"according to\s*$", re.IGNORECASE)
_NAME = re.compile(r"[A-Z][\w'’&.+-]*(?:\s+(?:of\s+|de\s+|&\s+)?[A-Z][\w'’&.+-]*)*")
_CAPITALISED = re.compile(r"[A-Z][\w'’&.+-]*")
_WORD = re.compile(r"[\w'’-]+")
_NOT_A_COUNT = re.compile(r"\s?(?:st|nd|rd|th)\b|[:/]\d")  # "1st", "10:30", "6/10"
_YEAR = re.compile(r"(?:19|20)\d\d")
_MONTH_BEFORE = re.compile(rf"\b(?:{'|'.join(_MONTHS)})\.?\s*$", re.IGNORECASE)
_MONTH_AFTER = re.compile(rf"\s*(?:{'|'.join(_MONTHS)})\b", re.IGNORECASE)
_IN_NAME = re.compile(r"\b([A-Z][\w-]*)[\s-]$")  # "Line 4", "Covid-19"
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_CURRENCY_WORD = re.compile(_CURRENCY_WORDS, re.IGNORECASE)
_CALENDAR = set(_MONTHS + _WEEKDAYS)
# "rose 8%" is a change; "rose to 8%", "was 8%" a level: two different measures.
_CHANGE = re.compile(r"\b(?:rose|rise|rises|risen|rising|fell|fall|falls|fallen|falling|increased|decreased|grew|"
                     r"grown|jumped|climbed|dropped|slipped|declined|soared|plunged|surged|up|down)\s+(?:by\s+)?"
                     r"(?:about\s+|around\s+|nearly\s+|almost\s+|some\s+)?$", re.IGNORECASE)
# "N% of X" is a share of X, not a rate of whatever came before.
_SHARE = re.compile(r"^\s*of\s+(?:the\s+|its\s+|their\s+|all\s+)?([a-z]+)")
_PLURALS = set(_words("people children men women staff cattle sheep fish personnel police"))
_COMMON_STARTS = set(_words(
    "a an the in on at after before but and it this that these those he she they we i its his her their our there "
    "when while as by for from with last next more about some many most all nearly almost according during since "
    "despite although over under up down only both each every no one two three if so yet still also then "
    # plural nouns that open news sentences: "Police said …", "Sales rose …"
    "police officials rescuers analysts farmers organisers organizers residents voters workers shares sales prices "
    "profits revenue unemployment inflation turnout rainfall temperatures construction members nurses doctors "
    "teachers investors economists experts scientists researchers authorities critics protesters opponents "
    "supporters customers passengers"))
_SYNONYMS = {"earning": "profit", "turnover": "revenue", "vessel": "boat", "employee": "worker", "staff": "worker",
             "death": "dead", "kill": "dead", "die": "dead", "toll": "dead"}


@dataclass(frozen=True)
class _Figure:
    value: float
    kind: Literal["exact", "about", "above", "below"]
    unit: str  # "percent", "points", "money:dollar", or the counted thing ("boat")
    context: frozenset[str]  # the words that say what was done or measured (stems)
    owner: str | None  # the name nearest before the figure, else the first after
    start: int  # where it is in its sentence


def _key(name: str) -> str:
    return " ".join(w.lower().replace("’", "'").removesuffix("'s") for w in name.split())


def _stem(word: str) -> str:
    word = word.lower().replace("’", "'").removesuffix("'s").strip("'")
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    else:
        for suffix in ("ing", "ed", "es", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith(("ss", "us", "is")):
                word = word[:-len(suffix)]
                break
    word = word.rstrip("e") if len(word) > 3 else word
    return _SYNONYMS.get(word, word)


def _names(sentence: str, other: str) -> list[tuple[int, int, str]]:
    """Proper names as (start, end, key).

    A capitalised word that opens the sentence counts only when it is clearly a name:
    followed by another capitalised word, possessive, an acronym, or capitalised in
    ``other`` too ("Voltra recalled …" beside "… said Voltra").
    """
    capitalised = {_key(w) for w in _CAPITALISED.findall(other)}
    lowercase = {w for w in _WORD.findall(other) if w.islower()}
    found = []
    for match in _NAME.finditer(sentence):
        text = match.group(0).rstrip(".")
        words = text.split()
        if not sentence[:match.start()].strip(" \"“‘'("):
            if _key(words[0]) in _COMMON_STARTS:
                words = words[1:]
            elif len(words) == 1 and not (text.endswith(("'s", "’s")) or text.isupper() or _key(text) in capitalised) \
                    and any(w.startswith(words[0].lower()) for w in lowercase):
                continue  # "Sales rose …" beside "its sales": a common word
        words = [w for w in words if w.lower() not in _CALENDAR]
        if words:
            found.append((match.start(), match.end(), _key(" ".join(words))))
    return found


def _value(match: re.Match[str]) -> float:
    raw = match.group("num").lower()
    if raw in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[raw])
    # "1,200,000" groups thousands; "7,5" is a decimal comma
    value = float(raw.replace(",", "") if _THOUSANDS.fullmatch(raw) else raw.replace(",", "."))
    return value * _SCALES.get((match.group("scale") or "").lower(), 1)


def _unit(match: re.Match[str], following: list[str]) -> tuple[str | None, int]:
    """What a figure measures (a currency, percent, points, or the thing it counts: "40 fishing
    boats"), and how many of the words after it name that thing."""
    sign, word = match.group("cur"), match.group("curword")
    if sign or word:
        return f"money:{_CURRENCY_SIGNS[sign] if sign else _stem(word)}", 0
    if match.group("pct"):
        return "points" if "point" in match.group("pct").lower() else "percent", 0
    head: list[str] = []
    for word in following[:3]:
        if word.lower() in _STOP or not word[0].islower() or (head and word.endswith("ed")):
            break
        head.append(word)
        if (word.endswith("s") and not word.endswith(("ss", "us", "is"))) or word in _PLURALS:
            break  # the plural noun ends the thing counted: "2,300 nurses walked out"
    return (_stem(head[-1]) if head else None), len(head)


def _is_measure(match: re.Match[str], before: str, after: str) -> bool:
    """False for a year, an ordinal, a time, a day of the month, a number in a name, or an old value."""
    if _REFERENCE.search(before):
        return False  # "up from 40", "from $80 to $84": the old value
    if match.group("cur") or match.group("scale") or match.group("pct") or match.group("curword"):
        return True
    return not (_YEAR.fullmatch(match.group("num")) or _NOT_A_COUNT.match(after) or before.endswith((":", "/"))
                or _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after)
                or bool((name := _IN_NAME.search(before)) and name.group(1).lower() not in _STOP | _COMMON_STARTS))


def _is_content(word: str) -> bool:
    return word.lower() not in _STOP and not word[0].isdigit() and len(word) > 2 \
        and word.lower() not in _WORD_NUMBERS and not _CURRENCY_WORD.fullmatch(word)


def _figures(sentence: str, names: list[tuple[int, int, str]]) -> list[_Figure]:
    words = [(m.start(), m.group(0)) for m in _WORD.finditer(sentence)]
    in_names = {s for s, _ in words if any(start <= s < end for start, end, _ in names)}
    figures = []
    for match in _FIGURE.finditer(sentence):
        start, end = match.span()
        before, after = sentence[:start], sentence[end:]
        if not _is_measure(match, before, after):
            continue
        following = [(s, w) for s, w in words if s >= end]
        unit, counted = _unit(match, [w for _, w in following])
        if unit is None:
            continue  # a bare number: nothing says what it counts
        if _CHANGE.search(before):
            unit += " change"
        elif share := _SHARE.match(after):
            unit += f" of {_stem(share.group(1))}"
        kind: Literal["exact", "about", "above", "below"] = "about" if _ABOUT.search(before) else \
            "above" if _ABOVE.search(before) else "below" if _BELOW.search(before) else "exact"
        # What the figure measures: the first word that says so before it ("damaged 40
        # boats", "a budget of £412m") and after the thing counted ("41 workers trapped").
        content = [(s, w) for s, w in words if s not in in_names and _is_content(w)]
        previous = [w for s, w in content if s < start and s >= start - 40][-1:]
        later = [w for s, w in content if s > end and s not in {t for t, _ in following[:counted]}][:1]
        later = [w for w in later if sentence.find(w, end) - end < 25]
        context = frozenset(_stem(w) for w in previous + later)
        owners = [n for n in names if n[1] <= start]
        owner = owners[-1][2] if owners else next((n[2] for n in names if n[0] >= end), None)
        figures.append(_Figure(_value(match), kind, unit, context, owner, start))
    return figures


def _subjects(sentence: str, names: list[tuple[int, int, str]], last_figure: int) -> set[str]:
    """The names a sentence is about: not its sources ("according to Reuters", "…, the ministry said")."""
    return {key for start, end, key in names
            if not _ACCORDING.search(sentence[:start]) and not (start > last_figure and _SAYS.match(sentence[end:]))}


def _matches(one: str, two: str) -> bool:
    return one == two or f" {one} " in f" {two} " or f" {two} " in f" {one} "


def _within(few: set[str], many: set[str]) -> bool:
    return all(any(_matches(a, b) for b in many) for a in few)


def _periods(sentence: str) -> set[str]:
    return {_QUARTER_WORDS.get(p, p[:3] if p in _CALENDAR else p) for p in map(str.lower, _PERIOD.findall(sentence))}


def _far_apart(first_date: str | None, second_date: str | None) -> bool:
    try:
        one, two = date.fromisoformat(first_date or ""), date.fromisoformat(second_date or "")
    except ValueError:
        return False  # a date unknown: only the sentences' own times can tell
    return abs((one - two).days) > WINDOW_DAYS


def _bounds(figure: _Figure) -> tuple[float, float]:
    value = figure.value
    return {"exact": (value, value), "about": (value * 0.9, value * 1.1), "above": (value, float("inf")),
            "below": (0.0, value)}[figure.kind]


def _verdict(one: _Figure, two: _Figure) -> str:
    """"same", "different" or "unsure" for two figures of one measure.

    Two counts agree only when equal; an estimate ("about 2,300") agrees with the same
    number; ranges ("more than 40") disagree only when they cannot overlap.
    """
    equal = abs(one.value - two.value) <= 1e-9 * max(1.0, abs(one.value))
    if one.kind == two.kind == "exact" or (equal and {one.kind, two.kind} <= {"exact", "about"}):
        return "same" if equal else "different"
    (low1, high1), (low2, high2) = _bounds(one), _bounds(two)
    return "different" if high1 < low2 or high2 < low1 else "unsure"


def compare(first: str, second: str, *, first_date: str | None = None,
            second_date: str | None = None) -> Verdict | None:
    """Whether two sentences report the same figure for one measure, or different figures.

    Args:
        first, second: the sentences, from two articles.
        first_date, second_date: their articles' publication dates (``YYYY-MM-DD``)
            when known; further apart than WINDOW_DAYS, nothing is claimed.

    Returns:
        "same" when every figure the two give for a shared measure agrees; "different"
        when every such figure disagrees (an estimate or a bound disagrees only when
        it cannot hold for the other figure); None when they share no measure (one
        unit, one counted thing, a word in common around the figure), when their
        subjects differ (a name in one that the other lacks, on both sides) or are not
        named, when their times differ ("in October" and "in September"), or when the
        verdicts are mixed.
    """
    if _far_apart(first_date, second_date):
        return None
    periods = _periods(first), _periods(second)
    if all(periods) and periods[0].isdisjoint(periods[1]):
        return None
    if not (_FIGURE.search(first) and _FIGURE.search(second)):
        return None
    names = _names(first, second), _names(second, first)
    mine, theirs = _figures(first, names[0]), _figures(second, names[1])
    if not mine or not theirs:
        return None
    subjects = _subjects(first, names[0], mine[-1].start), _subjects(second, names[1], theirs[-1].start)
    if not all(subjects) or not (_within(subjects[0], subjects[1]) or _within(subjects[1], subjects[0])):
        return None
    # A unit given for two owners in one sentence ("Shell's $9.6bn was twice BP's $4.8bn")
    # pairs only by owner; otherwise an owner the other sentence names will do ("the
    # Line 4 tram" beside "the Riverton extension" in a sentence about Riverton).
    several = {f.unit for figures in (mine, theirs) for f in figures
               if len({g.owner for g in figures if g.unit == f.unit}) > 1}
    verdicts = set()
    for same_owner in (True, False):
        for figure in list(mine):
            match = next((f for f in theirs if f.unit == figure.unit and figure.context & f.context and (
                _matches(f.owner or "", figure.owner or "") if same_owner else f.unit not in several and (
                    f.owner in subjects[0] or figure.owner in subjects[1]))), None)
            if match is not None and figure.owner and match.owner:
                mine.remove(figure)
                theirs.remove(match)
                verdicts.add(_verdict(figure, match))
    if len(verdicts) != 1 or "unsure" in verdicts:
        return None
    return "same" if "same" in verdicts else "different"
