"""Text as an article keeps it: line endings normalised and page-navigation lines dropped (``qa.furniture``).

Both readers of text (``qa.ingest.articles`` for files and pages, ``qa.ingest.pdf`` for PDFs)
clean through here, once, before anything is chunked or stored.
"""

from __future__ import annotations

import re

from qa.furniture import is_page_line


def clean_text(text: str) -> str:
    """Normalise line endings and drop page-furniture lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    lines = [line.rstrip() for line in text.split("\n")]
    kept = [line for line in lines if not is_page_line(line)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
