"""The Library as tools an assistant can call: an MCP server (``qa mcp`` over stdio, and
``qa serve --mcp`` over HTTP at ``/mcp`` behind the app's login).

Desktop assistants, IDEs and agents call tools over the Model Context Protocol.  What we can hand
them that others can't is an answer whose every quote is checkable to the character, and an honest
refusal: ``ask`` returns the structured Answer (``qa ask --json``'s shape: short answer, quotes,
citations with article, outlet, date, URL, page and exact offsets, confidence, refused), ``search``
the ranked passages, ``list_articles`` what the index holds, and ``read_article`` any span of an
article, so the assistant can check a quote itself.  The library stays the one place answers are
made: this module only calls its public verbs, on the maintained SDK (``mcp``, pinned).
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Any

from qa.errors import QAError
from qa.library import Library
from qa.present.data import answer_data, passage_data

MAX_READ = 20_000  # characters read_article returns at once

INSTRUCTIONS = (
    "Answers come only from the articles in this collection, each claim with a citation whose article "
    "text[start:end] is exactly the quoted words. Quote and cite what the tools return; do not add facts "
    "of your own. When an answer is refused, tell the user the articles don't say, rather than guessing.")


def server(library: Library) -> Any:
    """An MCP server (the SDK's ``MCPServer``) whose tools ask ``library``."""
    from mcp.server.mcpserver import MCPServer
    from mcp.server.mcpserver.exceptions import ToolError

    app = MCPServer("qa", instructions=INSTRUCTIONS)

    @app.tool()
    def ask(question: str, since: str | None = None, until: str | None = None,
            sources: list[str] | None = None, k: int = 3) -> dict[str, Any]:
        """Answer a question from the articles, with citations.

        Returns the answer as data (``qa ask --json``'s shape, and more): "short" (a short answer, or
        null), "quotes" (each quoted sentence with the numbers of the citations that support it),
        "citations" (n, article_id, title, source, published, url, page when paged, start, end and
        the exact quoted text), "confidence" and "refused".
        Quote the quotes as they are and cite them by article and offsets. When "refused" is true,
        the articles don't answer the question: say so instead of answering from elsewhere.
        since/until: YYYY-MM-DD bounds on the publication date; sources: outlet names; k: passages read.
        """
        try:
            answer = library.ask(question, since=since, until=until, sources=sources, k=k)
        except QAError as exc:
            raise ToolError(str(exc)) from None
        data = answer_data(answer)
        for shown, citation in zip(data["citations"], answer.citations, strict=True):
            shown.update(source=citation.source, published=citation.published, url=citation.url)
        data["quotes"] = [{"text": p.text, "cites": list(p.cites)} for p in answer.parts if p.kind == "quote"]
        return data

    @app.tool()
    def search(query: str, k: int = 5) -> list[dict[str, Any]]:
        """The passages that best match the query, best first: article_id, title, start, end, text, score.
        Passages are evidence to read, not answers; cite them by article and offsets."""
        try:
            return [passage_data(p) for p in library.search(query, k=k)]
        except QAError as exc:
            raise ToolError(str(exc)) from None

    @app.tool()
    def list_articles() -> list[dict[str, Any]]:
        """The articles in the collection: id, title, source (outlet), url, published date, chunks."""
        return [{"id": a.id, "title": a.title, "source": a.source, "url": a.url, "published": a.published,
                 "chunks": a.chunks} for a in library.listing()]

    @app.tool()
    def read_article(article_id: str, start: int = 0, end: int | None = None) -> dict[str, Any]:
        """The article's text from character ``start`` to ``end`` (at most 20,000 characters), to check a
        citation: its text[start:end] is exactly the quoted words."""
        try:
            article = library.article(article_id)
        except QAError as exc:
            raise ToolError(str(exc)) from None
        stop = len(article.text) if end is None else end
        if not 0 <= start <= stop <= len(article.text):
            raise ToolError(f"start and end must satisfy 0 <= start <= end <= {len(article.text)}, the article's "
                            "length.")
        stop = min(stop, start + MAX_READ)
        return {"article_id": article.id, "title": article.title, "source": article.source, "url": article.url,
                "published": article.published, "start": start, "end": stop, "length": len(article.text),
                "text": article.text[start:stop]}

    return app


class HttpTools:
    """The same tools over MCP's streamable HTTP, for the app to serve at ``/mcp`` (``qa serve --mcp``).

    Stateless, each request on its own: an assistant reaches it through the app's login (HTTP Basic),
    which ``qa.web.api.JsonApi`` checks before a request gets here.  On a loopback address the SDK's
    DNS-rebinding check stays on (a web page cannot reach the tools through a browser on this
    machine); elsewhere, or through a share link, the Host header is the public name and the login
    is what keeps strangers out.
    """

    def __init__(self, library: Library, host: str, *, public: bool) -> None:
        from mcp.server.transport_security import TransportSecuritySettings

        tools = server(library)
        loopback = host in ("127.0.0.1", "localhost", "::1") and not public
        tools.streamable_http_app(
            stateless_http=True, json_response=True, host=host,
            transport_security=None if loopback else TransportSecuritySettings(enable_dns_rebinding_protection=False))
        self.manager = tools.session_manager

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.manager.handle_request(scope, receive, send)

    def running(self) -> AbstractAsyncContextManager[None]:
        """The SDK's task group, held open while the app serves (its lifespan)."""
        running: AbstractAsyncContextManager[None] = self.manager.run()
        return running
