"""Plain HTTP JSON beside the app: ``POST /api/ask`` and ``POST /api/search``, behind the same logins,
``GET /api/changes.atom``, the tracked questions' changes as a feed, ``GET /api/page.png``, a cited PDF page
with the quote lit (the evidence cards link it), and with ``qa serve --mcp`` the
MCP tools at ``/mcp`` (``qa.assistants.HttpTools``).

A shell script or another service should not need ``gradio_client`` (or a 2-second cold ``qa ask``
process) to ask: ``curl -u USER:PASS -d '{"question": "..."}' http://HOST:7860/api/ask`` returns
the Answer in ``qa ask --json``'s shape.  It is an ASGI layer in front of the Gradio app (inside
``qa.web.access.Guard``, so the question limit counts it), answering from the same Library.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio.to_thread

from qa.answering.answer import Citation
from qa.assistants import HttpTools
from qa.errors import QAError
from qa.ingest.highlight import notice_png
from qa.library import Library
from qa.present.data import answer_data, passage_data
from qa.tracking import atom
from qa.web.access import Access, ASGIApp, Receive, Scope, Send, basic_user, read_body, reply_json, user_of

ROUTES = ("ask", "search")  # POST /api/<route>
FEED = "/api/changes.atom"  # GET: the tracked questions' changes (qa.tracking), for a feed reader
MCP = "/mcp"  # the MCP tools over streamable HTTP (qa serve --mcp)
PAGE = "/api/page.png"  # GET ?article=ID&start=S&end=E[&short=A-B]: the quoted PDF page, the quote lit


class JsonApi:
    """Serves ``POST /api/ask`` and ``POST /api/search`` (and ``/mcp`` with ``tools``); everything else
    goes on to ``app``.

    A login is the app's: HTTP Basic (``curl -u``) or the browser's login cookie, editor or reader.
    """

    def __init__(self, app: ASGIApp, library: Library, access: Access, tools: HttpTools | None = None) -> None:
        self.app = app
        self.library = library
        self.access = access
        self.tools = tools

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan" and self.tools:
            async with self.tools.running():  # the MCP SDK's tasks live as long as the app
                await self.app(scope, receive, send)
            return
        path = scope["path"].rstrip("/") if scope["type"] == "http" else ""
        feed = path.endswith(FEED) and scope["method"] == "GET"
        page = path.endswith(PAGE) and scope["method"] == "GET"
        mcp = self.tools is not None and path.endswith(MCP)
        route = _route(scope)
        if route is None and not feed and not page and not mcp:
            await self.app(scope, receive, send)
            return
        if self.access.required and not (basic_user(scope, self.access) or user_of(scope)):
            await reply_json(send, 401, {"detail": "Log in: HTTP Basic with an editor's or a reader's login."},
                             [(b"www-authenticate", b'Basic realm="qa"')])
            return
        if mcp and self.tools:
            await self.tools(scope, receive, send)
            return
        if feed:
            xml = (await anyio.to_thread.run_sync(lambda: atom(self.library.changes()))).encode()
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-type", b"application/atom+xml; charset=utf-8"),
                                    (b"content-length", str(len(xml)).encode())]})
            await send({"type": "http.response.body", "body": xml})
            return
        if page:
            status, png = await anyio.to_thread.run_sync(self._page, scope.get("query_string", b"").decode("latin-1"))
            await send({"type": "http.response.start", "status": status,
                        "headers": [(b"content-type", b"image/png"), (b"content-length", str(len(png)).encode()),
                                    (b"cache-control", b"private, max-age=3600")]})
            await send({"type": "http.response.body", "body": png})
            return
        body, _ = await read_body(receive)
        try:
            request = json.loads(body or b"{}")
            if not isinstance(request, dict):
                raise ValueError("the body is not a JSON object")
        except ValueError as exc:
            await reply_json(send, 400, {"detail": f"The body must be a JSON object ({exc})."})
            return
        handler: Callable[[dict[str, Any]], Any] = self._ask if route == "ask" else self._search
        try:
            result = await anyio.to_thread.run_sync(handler, request)
        except (QAError, TypeError, ValueError) as exc:
            await reply_json(send, 400, {"detail": str(exc)})
            return
        await reply_json(send, 200, result)

    def _ask(self, request: dict[str, Any]) -> dict[str, Any]:
        question = request.get("question")
        if not isinstance(question, str):
            raise ValueError('Give the question as {"question": "..."}.')
        sources = request.get("sources")
        answer = self.library.ask(question, since=request.get("since"), until=request.get("until"),
                                  sources=sources if isinstance(sources, list) else None,
                                  k=int(request.get("k", 3)))
        return answer_data(answer)

    def _page(self, query: str) -> tuple[int, bytes]:
        """The page a citation quotes, drawn (``Library.page_image``); what went wrong drawn in its place,
        as an image too, since an <img> shows no text."""
        asked = urllib.parse.parse_qs(query)
        origin = None
        try:
            article = self.library.article(asked["article"][0])
            origin = article.origin
            start, end = int(asked["start"][0]), int(asked["end"][0])
            if not 0 <= start < end <= len(article.text):
                raise ValueError("start and end are not offsets of a quote in the article")
            a, b = (int(v) for v in asked["short"][0].split("-")) if "short" in asked else (start, start)
            cited = Citation(1, article.id, article.title, start, end, article.text[start:end], 1.0,
                             page=article.page_at(start))
            short = Citation(1, article.id, article.title, a, b, article.text[a:b], 1.0) if b > a else None
            return 200, self.library.page_image(cited, short).read_bytes()
        except QAError as exc:  # the file's name, not where it lies on the server
            said = str(exc)
            return 404, notice_png(said.replace(origin, Path(origin).name) if origin and "://" not in origin else said)
        except (KeyError, ValueError):
            return 400, notice_png("Give the page as ?article=ID&start=S&end=E (and &short=A-B).")

    def _search(self, request: dict[str, Any]) -> list[dict[str, Any]]:
        query = request.get("query")
        if not isinstance(query, str):
            raise ValueError('Give the query as {"query": "..."}.')
        return [passage_data(p) for p in self.library.search(query, k=int(request.get("k", 5)))]


def _route(scope: Scope) -> str | None:
    if scope["type"] != "http" or scope["method"] != "POST":
        return None
    path = scope["path"].rstrip("/")
    return next((r for r in ROUTES if path.endswith(f"/api/{r}") and "/gradio_api/" not in path), None)
