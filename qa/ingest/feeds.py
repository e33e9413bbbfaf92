"""RSS and Atom feeds -> Articles, and the feeds an index follows.

A feed lists entries; each entry's page is fetched and read like any web
address (``qa.ingest.pages``), and when the page cannot be had the entry's own
content stands in for it.  What was read is remembered in ``feeds.json`` inside
the index folder: each feed's ETag and Last-Modified (so an unchanged feed costs
one 304) and the ids of the entries already ingested (so no entry is fetched or
embedded twice).  The file is rewritten whole through a temporary file and
``os.replace`` under a lock, so a refresh in the app and one on the command line
cannot tear it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from qa.documents import Article
from qa.errors import ArticleError, FetchError
from qa.ingest.articles import read_bytes
from qa.ingest.fetch import FEED_TYPES, FetchPolicy, fetch
from qa.ingest.metadata import read_date
from qa.ingest.pages import read_url, url_id
from qa.ingest.report import IngestReport, Problem
from qa.store.folder.commit import editing_json, read_json

STATE_FILE = "feeds.json"
MAX_SEEN = 5000  # entry ids remembered per feed; a feed lists far fewer at a time


@dataclass(frozen=True)
class FeedState:
    """What an index remembers of one feed.

    Attributes:
        url: the feed's address.
        followed: refreshed by ``qa refresh`` (``qa follow``); False for a feed ingested once.
        title: the feed's title, when it gives one.
        etag, last_modified: the validators of the last copy read.
        seen: ids of the entries already ingested, oldest first.
    """

    url: str
    followed: bool = False
    title: str = ""
    etag: str | None = None
    last_modified: str | None = None
    seen: tuple[str, ...] = ()


@dataclass
class FeedRead:
    """One feed read: the articles of its new entries and the lines about entries that gave none.

    Attributes:
        state: the feed's state once these articles are ingested.
        articles: one per new entry that could be read.
        problems: each new entry that could not.
        not_modified: the server said the feed had not changed since the last read.
        fallbacks: entries whose page could not be had, read from the feed's own content.
    """

    state: FeedState
    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    not_modified: bool = False
    fallbacks: int = 0


class FeedBook:
    """The feeds of one index, kept in ``<index>/feeds.json``."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / STATE_FILE

    def load(self) -> dict[str, FeedState]:
        """Every feed the index has read, by address."""
        return _feeds(read_json(self.path, _FORGET))

    @contextmanager
    def editing(self) -> Iterator[dict[str, FeedState]]:
        """The feeds, to change in place; written back atomically when the block ends without error."""
        with editing_json(self.path, _FORGET, "the feeds are as they were") as data:
            feeds = _feeds(data)
            yield feeds
            data.clear()
            data.update(version=1, feeds=[asdict(state) for state in feeds.values()])


_FORGET = "delete it to forget the feeds and follow them again"


def _feeds(data: dict[str, Any]) -> dict[str, FeedState]:
    return {row["url"]: FeedState(**{**row, "seen": tuple(row.get("seen", ()))}) for row in data["feeds"]} \
        if data else {}


def ingest_feeds(book: FeedBook, urls: Sequence[str] | None, policy: FetchPolicy,
                 add: Callable[[list[Article]], IngestReport], *, follow: bool = False,
                 reported: Callable[[str, IngestReport], None] | None = None,
                 progress: Callable[[str, int, int], None] | None = None) -> IngestReport:
    """Ingest the new entries of feeds, and remember what was read.

    Args:
        book: the index's feeds.
        urls: the feeds to read; None reads every followed feed (a refresh).
        policy: what may be fetched.
        add: ingests articles (``Library.add_articles``).
        follow: also follow these feeds (a feed that cannot be read now is not followed).
        reported: called with each feed and its own report as it finishes.
        progress: called as ``progress(feed, done, total)`` in entries.

    Returns:
        The reports of all feeds together; a feed that cannot be read is one of its ``problems``.

    Raises:
        IndexBusy, WriteFailed: the index or ``feeds.json`` could not be written.
    """
    total = IngestReport()
    with book.editing() as feeds:
        targets = list(urls) if urls is not None else [u for u, s in feeds.items() if s.followed]
        for url in targets:
            state = feeds.get(url) or FeedState(url)
            state = replace(state, followed=True) if follow else state
            try:
                read = read_feed(state, policy, partial(progress, url) if progress else None)
            except ArticleError as exc:
                report = IngestReport.of_errors([exc])
            else:
                report = add(read.articles) if read.articles else IngestReport()
                report.problems[:0] = read.problems
                feeds[url] = read.state
            if reported:
                reported(url, report)
            total.extend(report)
    return total


def read_feed(state: FeedState, policy: FetchPolicy, progress: Callable[[int, int], None] | None = None) -> FeedRead:
    """The new entries of the feed ``state`` describes, as articles.

    Args:
        state: the feed and what was read of it before.
        policy: what may be fetched.
        progress: called as ``progress(done, total)`` in entries.

    Raises:
        FetchError: the feed itself cannot be fetched, or is not RSS or Atom.
    """
    import feedparser

    reply = fetch(state.url, policy, accept=FEED_TYPES, etag=state.etag, last_modified=state.last_modified)
    if reply.status == 304:
        return FeedRead(state, not_modified=True)
    parsed = feedparser.parse(reply.body, response_headers={"content-location": reply.url})
    if not parsed.entries and (parsed.bozo or not parsed.feed):
        raise FetchError(state.url, "is not an RSS or Atom feed; give the feed's address (often ending in /rss, "
                                    "/feed or .xml)")
    seen = set(state.seen)
    new = [(key, entry) for entry in parsed.entries if (key := _entry_key(entry)) and key not in seen]
    read = FeedRead(replace(state, title=str(parsed.feed.get("title") or state.title), etag=reply.etag,
                            last_modified=reply.last_modified))
    done: list[str] = []
    for i, (key, entry) in enumerate(new, 1):
        try:
            article, fallback = _entry_article(entry, state.url, policy)
        except ArticleError as exc:
            read.problems.append(Problem(f"{state.url}: entry {_entry_name(entry)!r}", exc.reason))
        else:
            read.articles.append(article)
            read.fallbacks += fallback
            done.append(key)
        if progress:
            progress(i, len(new))
    read.state = replace(read.state, seen=(*state.seen, *done)[-MAX_SEEN:])
    return read


def _entry_key(entry: Any) -> str:
    return str(entry.get("id") or entry.get("link") or entry.get("title") or "")


def _entry_name(entry: Any) -> str:
    return str(entry.get("title") or entry.get("link") or entry.get("id"))


def _entry_date(entry: Any) -> str | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return read_date(time.strftime("%Y-%m-%d", stamp)) if stamp else None


def _entry_article(entry: Any, feed_url: str, policy: FetchPolicy) -> tuple[Article, bool]:
    """The entry's page as an article, else its own content; and whether it was the content.

    Raises:
        ArticleError: neither the page nor the entry's content holds an article.
    """
    link = str(entry.get("link") or "")
    article_id = url_id(link) if link else f"{url_id(feed_url)}#{_entry_key(entry)}"
    title = " ".join(str(entry.get("title") or "").split())
    published = _entry_date(entry)
    failure = "the entry has no link"
    if link:
        try:
            article = read_url(link, policy, article_id=article_id)
            return replace(article, title=article.title or title, published=article.published or published), False
        except ArticleError as exc:
            failure = exc.reason
    content = entry.get("content") or []
    body = str(content[0].get("value") if content else entry.get("summary") or "")
    if not body.strip():
        raise ArticleError(link or feed_url, f"{failure}, and the entry carries no text of its own")
    article = _content_article(body, link or feed_url, article_id)
    return replace(article, title=title or article.title, published=published, url=link or None,
                   origin=link or feed_url), True


def _content_article(body: str, name: str, article_id: str) -> Article:
    """The text an entry carries (HTML or plain) as an article."""
    import lxml.html

    body = re.sub(r"(?i)<br\s*/?>|</(?:p|div|li|h\d|blockquote|tr)\s*>", "\n\n", body)
    try:
        text = lxml.html.fragment_fromstring(body, create_parent="div").text_content()
    except (ValueError, lxml.etree.ParserError):
        text = body
    return read_bytes(text.encode("utf-8"), ".txt", name, article_id)
