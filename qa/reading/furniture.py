"""News text that is not an answer: datelines, bylines, captions, credits and page prompts.

A reader trained on encyclopaedia text reads "(CNN) —" at the head of a story as a fine answer to
"which network ...?", and a photo credit as a fine "who".  Ingest drops whole lines of page
furniture (``qa.ingest.articles``); what remains is inside sentences: the dateline or byline
that leads the first one, a caption that ends in a credit, a prompt run into the text.  The
reader reads each sentence from where its own words begin, and skips a sentence that is only
furniture, unless the question asks about the article itself (who wrote it, which agency
reported it, a photo).
"""

from __future__ import annotations

import re

from qa.ingest.metadata import KNOWN_OUTLETS

_WORD = r"[A-Z][\w.'’&-]*"
_CAPS = r"[A-Z][A-Z.'’&-]+"
_OUTLET = "|".join(re.escape(name) for name in sorted(KNOWN_OUTLETS, key=len, reverse=True))
_DASH = r"\s*(?:--|[-–—:])\s*"
# "(CNN) —", "LONDON (Reuters) -", "WASHINGTON, D.C. (AP) —" (a place in capitals, then any agency), or
# "New York (CNN Business) --" (a place, then a known outlet); not "Apple (AAPL) - shares rose".
_DATELINE = re.compile(
    rf"^\s*(?:(?:{_CAPS}(?:[\s,]+{_CAPS}){{0,4}}\s*)?\(\s*{_WORD}(?:\s+{_WORD}){{0,3}}\s*\)"
    rf"|{_WORD}(?:[\s,]+{_WORD}){{0,4}}\s*\(\s*(?:{_OUTLET})(?:\s+{_WORD}){{0,2}}\s*\)){_DASH}")
# "By Jane Doe, CNN —", "By Jane Doe and John Roe | Reuters:", "By Jane Doe, Associated Press Updated 5:04 PM ET".
_BYLINE = re.compile(rf"^\s*By\s+{_WORD}(?:\s+{_WORD}){{0,3}}(?:\s*(?:,|and|&)\s*{_WORD}(?:\s+{_WORD}){{0,3}})*"
                     r"(?:\s*(?:--|[-–—:|])\s*|\s*$)")
# Whole sentences that only frame the story.
_ONLY_FURNITURE = re.compile(
    r"^\s*(?:video\s+)?ad\s+feedback\b|^\s*(?:source|photo|image|credit|caption|graphic)s?\s*:"
    r"|^\s*(?:sign\s+up|subscribe|share\s+(?:this|on)|follow\s+us|read\s+more|watch\s*:|click\s+here)\b"
    r"|^\s*by\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}\s*[.,]?\s*$"
    r"|\((?:[\w .:'-]{0,40}/)?(?:getty\s+images|ap\s+photo|afp|reuters|shutterstock|file\s+photo)\)\s*\.?\s*$",
    re.IGNORECASE)
_ABOUT_THE_ARTICLE = re.compile(
    r"\b(?:dateline|byline|photo(?:graph)?|picture|caption|credit)\b|\bwho\s+(?:wrote|reported|filed)\b|"
    r"\b(?:which|what)\s+(?:news\s+)?(?:agency|outlet|wire(?:\s+service)?)\s+(?:reported|wrote|published|filed)\b",
    re.IGNORECASE)


def _lead(sentence: str) -> int:
    """The end of a dateline or byline at the head of ``sentence`` (0 when none)."""
    match = _DATELINE.match(sentence) or _BYLINE.match(sentence)
    return match.end() if match else 0


def own_words(sentence: str) -> int:
    """Where ``sentence``'s own words begin: after a dateline or byline leading it (0 when none)."""
    lead = _lead(sentence)
    return lead if lead < len(sentence.rstrip()) else 0


def is_furniture(sentence: str) -> bool:
    """Whether ``sentence`` is nothing but furniture: a prompt, a credit, a caption, a bare dateline or byline."""
    lead = _lead(sentence)
    return bool(_ONLY_FURNITURE.search(sentence)) or 0 < len(sentence.rstrip()) <= lead


def asks_about_the_article(question: str) -> bool:
    """Whether ``question`` asks about the article itself (its author, agency, photos), not its story."""
    return bool(_ABOUT_THE_ARTICLE.search(question))
