"""News furniture: the words a page puts around a story without telling it, one vocabulary for all.

Datelines ("Washington CNN —", "CNN —", "LONDON (Reuters) -", "NEW YORK (AP) —", "WASHINGTON —"),
bylines ("By Jane Doe, CNN"), time stamps ("Updated 5:04 PM ET, Tue June 14, 2022"), captions and
credits, "Video Ad Feedback", read-more and sign-up lines.  Ingest reads an outlet from a dateline
or byline and drops lines that are only page navigation (``qa.ingest``); reading never quotes a
sentence that is only furniture, nor takes a short answer from a dateline or byline leading one
(``qa.reading.furniture``).  Both read these patterns, so an outlet's format is learnt once: a
dateline that names the outlet for ingest is a dateline that reading skips.

Ground floor: imports nothing of the package.
"""

from __future__ import annotations

import re

# Outlets a dateline or byline may name without parentheses ("New York CNN —", "By Jane Doe, Associated
# Press"): there the name alone tells an outlet from a place or a job title, so only names on this list count.
# Wire services and the largest international outlets; extend it when a collection needs another.
KNOWN_OUTLETS = ("ABC News", "AFP", "Agence France-Presse", "Al Jazeera", "ANSA", "AP", "Associated Press", "Axios",
                 "BBC", "BBC News", "Bloomberg", "CBS News", "CNBC", "CNN", "Der Spiegel", "Deutsche Welle", "dpa",
                 "DW", "EFE", "Financial Times", "Foreign Policy", "Fox News", "Interfax", "Kyodo", "Le Monde",
                 "Los Angeles Times", "NBC News", "Nikkei", "NPR", "PA Media", "Politico", "Press Association",
                 "Reuters", "Sky News", "TASS", "The Economist", "The Guardian", "The Independent",
                 "The New York Times", "The Telegraph", "The Times", "The Wall Street Journal", "The Washington Post",
                 "UPI", "USA Today", "Xinhua", "Yonhap")
_KNOWN = "|".join(re.escape(n) for n in sorted(KNOWN_OUTLETS, key=len, reverse=True))
_WORD = r"[A-Z][\w.'’&-]*"
_CAPS = r"[A-Z][A-Z.'’&-]+"  # a place in capitals: LONDON, D.C.
_NAME = rf"{_WORD}(?:\s+{_WORD}){{0,3}}"  # a place or person in capitalised words
_DASH = r"\s*(?:--|[-–—])(?=\s|$)"
_TAIL = r"(?:\s+|$)"

# A dateline at the head of a line or sentence; ``outlet`` is the outlet it names, when it names one.
_DATELINES = (
    # "(CNN) —", "LONDON (Reuters) -", "WASHINGTON, D.C. (AP) —", "HONOLULU, Hawaii (HawaiiNewsNow) -": a place
    # in capitals (then perhaps its state), or none, and any agency.
    re.compile(rf"^\s*(?:{_CAPS}(?:[\s,]+{_CAPS}){{0,4}}(?:,\s*{_NAME})?\s*)?\(\s*(?P<outlet>{_NAME})\s*\)"
               rf"{_DASH}{_TAIL}"),
    # "SAN FRANCISCO, Calif. (AP) —", "New York (CNN Business) --": a place in any case, a known outlet.
    re.compile(rf"^\s*{_NAME}(?:,\s*{_NAME})?\s*\(\s*(?P<outlet>{_KNOWN})(?:\s+{_WORD}){{0,2}}\s*\){_DASH}{_TAIL}"),
    # "Washington CNN —", "Hong Kong CNN Business —", "CNN —": today's pages lose the brackets.
    re.compile(rf"^\s*(?:{_NAME}[\s,]+)??(?P<outlet>{_KNOWN})(?:\s+{_WORD})?{_DASH}{_TAIL}"),
    # "WASHINGTON —", "BEIRUT, Lebanon —": a place in capitals alone.
    re.compile(rf"^\s*{_CAPS}(?:\s+{_CAPS}){{0,3}}(?:,\s*{_NAME})?{_DASH}{_TAIL}"),
)
# "By Jane Doe, CNN —", "By Jane Doe and John Roe | Reuters:", "By Jane Doe, Associated Press".
_BYLINE = re.compile(
    rf"^\s*By\s+(?P<names>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*?)"
    rf"(?:\s*(?:,|\||for|--|[-–—])\s*(?P<outlet>{_KNOWN})\b)?(?:\s*(?:--|[-–—:|])\s*|\s*$)")
# "Updated 5:04 PM ET, Tue June 14, 2022", "Published 10:12 AM EDT, Mon March 2, 2020", "Updated: 14 June 2022".
_STAMP = re.compile(
    r"^\s*(?:(?:last\s+)?updated|published|posted|first\s+published)\s*:?\s*(?:on\s+)?"
    r"(?:\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4}\b)?\s*,?\s*)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    r"(?:[a-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[a-z]{3,9}\.?,?\s+\d{4}|\d{4}-\d{2}-\d{2})"
    r"(?:\s*,?\s*(?:at\s+)?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4}\b)?)?\s*\.?\s*$",
    re.IGNORECASE)
# Whole sentences that only frame the story: prompts, credits, captions ending in a credit.
_FRAME = re.compile(
    r"^\s*(?:video\s+)?ad\s+feedback\b|^\s*(?:source|photo|image|credit|caption|graphic)s?\s*:"
    r"|^\s*(?:sign\s+up|subscribe|share\s+(?:this|on)|follow\s+us|read\s+more|watch\s*:|click\s+here)\b"
    r"|^\s*by\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s*[.,]?\s*$"
    r"|\((?:[\w .:'-]{0,40}/)?(?:getty\s+images|ap\s+photo|afp|reuters|shutterstock|file\s+photo)\)\s*\.?\s*$",
    re.IGNORECASE)
# Whole short lines a scraped page carries that are never content (dropped at ingest):
# navigation, ad prompts, video durations, credits, newsletter sign-ups.
_PAGE_LINE = re.compile(
    r"^\s*(?:"
    r"other news|related (?:articles|stories|news|coverage)|read more|more stories|"
    r"advertisement|ad feedback|skip to (?:main )?content|share this(?: article)?|"
    r"sign up for (?:our|the) .*newsletter.*|subscribe (?:now|to our newsletter).*|"
    r"(?:video|photo|image|graphic) (?:credit|courtesy)[:\s].*|source: [^.]{1,60}|"
    r"(?:video )?duration[:\s]+\d{1,2}:\d{2}|\d{1,2}:\d{2}|"
    r"(?:photo|image)s?: [^.]{1,60}|.{0,40}getty images.{0,20}"
    r")\s*$",
    re.IGNORECASE,
)


def _dateline(text: str) -> re.Match[str] | None:
    return next((m for form in _DATELINES if (m := form.match(text))), None)


def lead(text: str) -> int:
    """The end of a dateline or byline heading ``text`` (0 when none): what comes before the story's words."""
    match = _dateline(text) or _BYLINE.match(text)
    return match.end() if match else 0


def outlet(line: str) -> str | None:
    """The outlet a dateline or byline heading ``line`` names for sure; None when it names none.

    A known outlet ("New York CNN —", "By Jane Doe, Associated Press"), or an agency's initials in a
    dateline's brackets ("MIAMI (AP) —", "LONDON (UPI) -"); a name in brackets may be anything else
    ("Apple (AAPL) -"), and a place alone ("LONDON —") names no outlet.
    """
    match = _dateline(line) or _BYLINE.match(line)
    name = match.groupdict().get("outlet") if match else None
    if not name or not (name in KNOWN_OUTLETS or re.fullmatch(r"[A-Z]{2,6}", name)):
        return None
    return name


def is_stamp(text: str) -> bool:
    """Whether ``text`` is only a time stamp ("Updated 5:04 PM ET, Tue June 14, 2022")."""
    return bool(_STAMP.match(text))


def is_frame(sentence: str) -> bool:
    """Whether ``sentence`` is nothing but furniture: a prompt, a credit, a caption, a stamp, a bare
    dateline or byline ("CNN —", "Washington CNN —", "By Jane Doe")."""
    return bool(_FRAME.search(sentence)) or is_stamp(sentence) or 0 < len(sentence.rstrip()) <= lead(sentence)


def is_page_line(line: str) -> bool:
    """Whether a short line of a scraped page is navigation or a prompt, never content ("Read more")."""
    return len(line) < 100 and bool(_PAGE_LINE.match(line))
