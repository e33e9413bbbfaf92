"""The data model on the ground floor: an Article, the Chunks cut from it, and their spans.

Every stage of both routes speaks in these types (ingest makes them, the stores keep them,
retrieval hands them on, answers cite offsets into ``Article.text``), so they live below
all of them and import nothing of the package.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Article:
    """One article as stored: ``text`` is what citation offsets refer to.

    Attributes:
        id: unique within a collection: the record's ``id``; for a file, its path
            relative to the folder ingested without extension (``business/001``),
            or its stem when the file itself was ingested (see ``read_path``).
        title: the record's title, the HTML title or the first line.
        text: the cleaned article text.
        source: the outlet, only from evidence (the record's ``source``, the page's
            site name, an "Outlet :Headline" header, a dateline or byline naming an
            outlet); "" when unknown, never a file name.
        url: where it was published, when known.
        published: the publication date, ``YYYY-MM-DD``; None when unknown or unsure.
        origin: the absolute path of the file it was read from, or the address it was
            fetched from (None for articles made in code and for those stored before
            origins were kept).  Never shown, and not part of ``content_hash``: moving a
            folder re-embeds nothing.
        pages: for a paged document (PDF), where each page begins in ``text``: page
            ``n`` (from 1) starts at ``pages[n - 1]``; empty for everything else, and
            for articles stored before pages were kept.
        scanned: the pages (from 1) read by OCR from their images: what they say may hold a misread
            character, and a citation from one says so.
    """

    id: str
    title: str
    text: str
    source: str = ""
    url: str | None = None
    published: str | None = None
    origin: str | None = None
    pages: tuple[int, ...] = ()
    scanned: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        # A stored article comes back from JSON with lists; tuples keep it frozen and comparable.
        for name in ("pages", "scanned"):
            if not isinstance(getattr(self, name), tuple):
                object.__setattr__(self, name, tuple(int(p) for p in getattr(self, name) or ()))

    @property
    def content_hash(self) -> str:
        """Changes whenever anything a reader can see changes (so not with ``origin``).

        Pages (and scanned pages) join the hash only when there are some, so articles without them
        keep the hash they were stored with.
        """
        seen: list[Any] = [self.title, self.text, self.source, self.url, self.published]
        if self.pages:
            seen.append(list(self.pages))
        if self.scanned:
            seen.append({"scanned": list(self.scanned)})
        payload = json.dumps(seen)
        return hashlib.sha256(payload.encode()).hexdigest()

    def page_at(self, offset: int) -> int | None:
        """The page (from 1) that holds ``text[offset]``; None when the article has no pages."""
        return bisect_right(self.pages, offset) or None if self.pages else None


Span = tuple[int, int]


@dataclass(frozen=True)
class Chunk:
    """A passage of an article: ``article.text[start:end] == text``.

    Attributes:
        article_id: the article it belongs to.
        start, end: character offsets into the article text.
        text: the passage.
        sentences: (start, end) article offsets of each sentence in the chunk.
    """

    article_id: str
    start: int
    end: int
    text: str
    sentences: tuple[Span, ...]
