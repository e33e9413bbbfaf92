"""Web addresses -> Articles: a page, PDF or Word file fetched and read like a file of its kind.

An article read from the web keeps where it came from: its ``url`` is the
address finally read (after redirects), its ``origin`` the address as given, and
its id that address without its scheme (``example.com/news/storm``), so asking
for the same address again replaces the article instead of adding a copy.  Its
outlet and date come from the page, as for a saved page (``qa.ingest.articles``).
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit

from qa.documents import Article
from qa.ingest.articles import read_bytes
from qa.ingest.fetch import PAGE_TYPES, Fetched, FetchPolicy, fetch

_SUFFIXES = {"application/pdf": ".pdf", "text/plain": ".txt",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx"}


def url_id(url: str) -> str:
    """The article id of a web address: no scheme, no "www.", no fragment, no trailing slash."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").removeprefix("www.")
    port = f":{parts.port}" if parts.port else ""
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{port}{parts.path.rstrip('/')}{query}"


def read_url(url: str, policy: FetchPolicy, *, article_id: str | None = None) -> Article:
    """The article at ``url``.

    Args:
        url: an http or https address.
        policy: what may be fetched (``qa.ingest.fetch.FetchPolicy``).
        article_id: the id to give it (default ``url_id(url)``).

    Raises:
        AddressRefused: the address leads to a private address the policy does not allow.
        FetchError: it cannot be fetched.
        ArticleError: what was fetched holds no readable article.
    """
    return read_fetched(fetch(url, policy, accept=PAGE_TYPES), url, article_id or url_id(url))


def read_fetched(page: Fetched, url: str, article_id: str) -> Article:
    """An article from a fetched reply, its ``url`` the address read and its ``origin`` ``url``.

    Raises:
        ArticleError: the reply holds no readable article.
    """
    suffix = _SUFFIXES.get(page.content_type, ".html")
    article = read_bytes(page.body, suffix, url, article_id, page.charset)
    return replace(article, url=page.url, origin=url)
