"""Assistants: a real MCP client (the SDK's own) starts ``qa mcp`` over stdio and calls its tools."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import anyio
import pytest

from tests.conftest import ROOT, SAMPLE_ID


async def _session(index: Path, calls: list[tuple[str, dict[str, Any]]]) -> tuple[list[str], list[Any]]:
    from mcp.client.session import ClientSession
    from mcp.client.stdio import StdioServerParameters, stdio_client

    params = StdioServerParameters(command=sys.executable, args=["-m", "qa", "mcp", "--index", str(index)],
                                   cwd=str(ROOT))
    async with stdio_client(params) as (read, write), ClientSession(read, write) as session:
        await session.initialize()
        tools = sorted(t.name for t in (await session.list_tools()).tools)
        results = [await session.call_tool(name, arguments) for name, arguments in calls]
    return tools, results


@pytest.mark.slow
def test_an_assistant_asks_checks_a_quote_and_hears_no(seed_index_copy: Any) -> None:
    index = seed_index_copy()
    calls: list[tuple[str, dict[str, Any]]] = [
        ("ask", {"question": "Who warned about a resurgence?"}),
        ("ask", {"question": "What is the boiling point of tungsten?"}),
        ("list_articles", {}),
        ("read_article", {"article_id": SAMPLE_ID, "start": 10, "end": 5})]
    tools, (answer, off_topic, listing, bad) = anyio.run(_session, index, calls)
    assert tools == ["ask", "list_articles", "read_article", "search"]

    data = answer.structured_content
    assert not answer.is_error and not data["refused"]
    assert any(name in data["short"]["text"] for name in ("Dalton", "Institute for the Study of War"))
    citation = data["citations"][0]
    assert {"source", "published", "url", "start", "end", "text"} <= set(citation)
    assert data["quotes"] and all(q["cites"] for q in data["quotes"])
    # The assistant checks the quote itself, to the character.
    check: list[tuple[str, dict[str, Any]]] = [("read_article", {
        "article_id": citation["article_id"], "start": citation["start"], "end": citation["end"]})]
    _, (span,) = anyio.run(_session, index, check)
    assert span.structured_content["text"] == citation["text"]

    assert off_topic.structured_content["refused"] is True
    assert SAMPLE_ID in {a["id"] for a in listing.structured_content["result"]}
    assert bad.is_error and "start <= end" in bad.content[0].text
