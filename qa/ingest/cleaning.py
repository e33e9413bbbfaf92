"""Text as an article keeps it: line endings normalised and page furniture dropped.

Both readers of text (``qa.ingest.articles`` for files and pages, ``qa.ingest.pdf`` for PDFs)
clean through here, once, before anything is chunked or stored.
"""

from __future__ import annotations

import re

# Whole short lines that scraped news pages carry but that are never content:
# navigation, ad prompts, video durations, credits, newsletter sign-ups.
_FURNITURE = re.compile(
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


def clean_text(text: str) -> str:
    """Normalise line endings and drop page-furniture lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    lines = [line.rstrip() for line in text.split("\n")]
    kept = [line for line in lines if not (len(line) < 100 and _FURNITURE.match(line))]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
