"""What reading skips of news furniture (``qa.furniture``: datelines, bylines, stamps, captions, prompts).

A reader trained on encyclopaedia text reads "CNN —" at the head of a story as a fine answer to
"where did the leak happen?", and a photo credit as a fine "who".  Ingest drops whole lines of
page navigation (``qa.ingest.articles``) but keeps datelines and captions in the article text, so
offsets hold; what reading sees is a sentence led by a dateline or byline, or a sentence that is
only furniture.  The reader reads each sentence from where its own words begin, and skips a
sentence that is only furniture (``qa.furniture.is_frame``), unless the question asks about the
article itself (who wrote it, which agency reported it, a photo).
"""

from __future__ import annotations

import re

from qa.furniture import lead

_ABOUT_THE_ARTICLE = re.compile(
    r"\b(?:dateline|byline|photo(?:graph)?|picture|caption|credit)\b|\bwho\s+(?:wrote|reported|filed)\b|"
    r"\b(?:which|what)\s+(?:news\s+)?(?:agency|outlet|wire(?:\s+service)?)\s+(?:reported|wrote|published|filed)\b",
    re.IGNORECASE)


def own_words(sentence: str) -> int:
    """Where ``sentence``'s own words begin: after a dateline or byline leading it (0 when none)."""
    end = lead(sentence)
    return end if end < len(sentence.rstrip()) else 0


def asks_about_the_article(question: str) -> bool:
    """Whether ``question`` asks about the article itself (its author, agency, photos), not its story."""
    return bool(_ABOUT_THE_ARTICLE.search(question))
