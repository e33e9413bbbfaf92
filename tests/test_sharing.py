"""A link that is safe to share: readers only ask, guessers are slowed then refused, a flood meets 429.

The app runs for real on 127.0.0.1 (``python app.py``) over a copy of the seed index, with an editor's
and a reader's login; clients are ``gradio_client`` and plain HTTP (httpx), as an abuser's would be.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import feedparser
import httpx
import pytest
from click.testing import CliRunner

from qa import Library
from qa.cli import cli
from qa.web.access import LOCK_AFTER, MAX_FILES, Access, Throttle, read_logins
from tests.conftest import SAMPLE_ID, AppProcess

EDITOR = ("edna", "ed-secret")
READER = ("rudy", "rd-secret")
FLOODER = ("rita", "rt-secret")  # more readers: --reader-auth repeats; each has its own question limit
PROBER = ("mona", "mn-secret")
QUESTION = "Who warned about a resurgence?"
PER_MINUTE = 4


def test_readers_may_only_ask_and_logins_are_checked_exactly() -> None:
    access = Access({"edna": "x"}, {"rudy": "y"})
    assert access.login("edna", "x") and access.login("rudy", "y")
    assert not access.login("rudy", "x") and not access.login("nobody", "y") and not access.login("edna", "")
    assert access.may_edit("edna") and not access.may_edit("rudy") and not access.may_edit(None)
    assert Access().may_edit(None)  # no login asked for: one's own machine


def test_logins_come_from_a_file_and_a_bad_line_is_named(tmp_path: Path) -> None:
    good = tmp_path / "logins.txt"
    good.write_text("# the team\neditor edna:ed-secret\nreader rudy:rd:secret  # colons in a password\n")
    assert read_logins(good) == ({"edna": "ed-secret"}, {"rudy": "rd:secret"})
    bad = tmp_path / "bad.txt"
    bad.write_text("editor edna:x\nadmin root:toor\n")
    with pytest.raises(ValueError, match="line 2"):
        read_logins(bad)
    result = CliRunner().invoke(cli, ["serve", "--auth-file", str(bad)])
    assert result.exit_code == 2 and "line 2 is not 'editor USER:PASS'" in result.output


def test_a_window_forgets_old_events() -> None:
    now = [0.0]
    throttle = Throttle(2, 60, clock=lambda: now[0])
    throttle.add("a")
    throttle.add("a")
    assert throttle.count("a") == 2 and throttle.count("b") == 0 and throttle.wait("a") == 61
    now[0] = 61.0
    assert throttle.count("a") == 0


@pytest.fixture(scope="module")
def shared(seed_index_copy: Any) -> Iterator[tuple[AppProcess, Path]]:
    index = seed_index_copy()
    server = AppProcess("--index", str(index), "--auth", ":".join(EDITOR), "--reader-auth", ":".join(READER),
                        "--reader-auth", ":".join(FLOODER), "--reader-auth", ":".join(PROBER),
                        "--questions-per-minute", str(PER_MINUTE), "--mcp")
    server.wait_for("Serving on")
    yield server, index
    server.stop()


def _client(server: AppProcess, login: tuple[str, str]) -> Any:
    from gradio_client import Client

    return Client(server.url, auth=login, verbose=False)


@pytest.mark.slow
def test_a_password_guesser_is_refused_while_others_log_in(shared: tuple[AppProcess, Path]) -> None:
    server, _ = shared
    guesser = httpx.Client(base_url=server.url, timeout=30, transport=httpx.HTTPTransport(local_address="127.0.0.4"))
    codes = [guesser.post("login", data={"username": EDITOR[0], "password": f"guess{i}"}).status_code
             for i in range(30)]
    assert codes[:LOCK_AFTER] == [400] * LOCK_AFTER and codes[LOCK_AFTER:] == [429] * (30 - LOCK_AFTER)
    refused = guesser.post("login", data={"username": EDITOR[0], "password": EDITOR[1]})
    assert refused.status_code == 429 and "try again in" in refused.json()["detail"]  # even the right one, for now
    # Another address (the loopback has many) is not locked out.
    other = httpx.Client(base_url=server.url, timeout=30, transport=httpx.HTTPTransport(local_address="127.0.0.2"))
    assert other.post("login", data={"username": EDITOR[0], "password": EDITOR[1]}).status_code == 200


@pytest.mark.slow
def test_a_question_flood_meets_429_while_another_user_is_answered(shared: tuple[AppProcess, Path]) -> None:
    server, _ = shared
    flood = httpx.Client(base_url=server.url, timeout=60, transport=httpx.HTTPTransport(local_address="127.0.0.3"))
    assert flood.post("login", data={"username": FLOODER[0], "password": FLOODER[1]}).status_code == 200
    codes = [flood.post("gradio_api/call/ask", json={"data": [QUESTION]}).status_code for _ in range(PER_MINUTE + 3)]
    assert codes[:PER_MINUTE] == [200] * PER_MINUTE and codes[PER_MINUTE:] == [429] * 3
    assert "at most 4 a minute" in flood.post("gradio_api/call/ask", json={"data": [QUESTION]}).json()["detail"]
    answer = _client(server, EDITOR).predict(QUESTION, api_name="/ask")  # the editor is still answered
    assert "Institute for the Study of War" in answer["short"]["text"]


@pytest.mark.slow
def test_the_json_api_answers_a_login_in_the_cli_shape_and_401s_without(shared: tuple[AppProcess, Path]) -> None:
    server, _ = shared
    http = httpx.Client(base_url=server.url, timeout=60, transport=httpx.HTTPTransport(local_address="127.0.0.6"))
    refused = http.post("api/ask", json={"question": QUESTION})
    assert refused.status_code == 401 and refused.headers["www-authenticate"].startswith("Basic")
    assert http.post("api/ask", json={"question": QUESTION}, auth=(READER[0], "wrong")).status_code == 401
    answer = http.post("api/ask", json={"question": QUESTION}, auth=READER).json()
    shown = CliRunner().invoke(cli, ["ask", "--json", QUESTION, "--index", str(shared[1])])
    assert set(answer) == set(json.loads(shown.output))  # the shape `qa ask --json` prints
    assert "Institute for the Study of War" in answer["short"]["text"] and not answer["refused"]
    passages = http.post("api/search", json={"query": "ISIS comeback", "k": 2}, auth=EDITOR).json()
    assert len(passages) == 2 and {"article_id", "start", "end", "text", "score"} <= set(passages[0])
    bad = http.post("api/ask", content=b"[1, 2", auth=READER)
    assert bad.status_code == 400 and "JSON object" in bad.json()["detail"]
    assert http.get("api/changes.atom").status_code == 401
    feed = http.get("api/changes.atom", auth=READER)  # the tracked questions' changes, for a feed reader
    assert feed.headers["content-type"].startswith("application/atom+xml")
    assert not feedparser.parse(feed.content).bozo


async def _mcp_ask(url: str, login: tuple[str, str] | None) -> tuple[list[str], dict[str, Any]]:
    import httpx2
    from mcp.client.session import ClientSession
    from mcp.client.streamable_http import streamable_http_client
    from mcp.shared._httpx_utils import create_mcp_http_client

    http = create_mcp_http_client(auth=httpx2.BasicAuth(*login) if login else None)
    async with http, streamable_http_client(url + "mcp", http_client=http) as (read, write, *_), \
            ClientSession(read, write) as session:
        await session.initialize()
        tools = sorted(t.name for t in (await session.list_tools()).tools)
        return tools, (await session.call_tool("ask", {"question": QUESTION})).structured_content


@pytest.mark.slow
def test_the_mcp_tools_over_http_answer_a_login_and_refuse_a_client_without(shared: tuple[AppProcess, Path]) -> None:
    server, _ = shared
    tools, answer = anyio.run(_mcp_ask, server.url, READER)  # the SDK's own client, as an assistant's
    assert tools == ["ask", "list_articles", "read_article", "search"]
    assert "Institute for the Study of War" in answer["short"]["text"] and answer["citations"][0]["end"] > 0
    with pytest.raises(BaseException) as refused:  # the SDK raises an ExceptionGroup around the 401
        anyio.run(_mcp_ask, server.url, None)
    assert "Server returned an error response" in repr(refused.value)
    http = httpx.Client(base_url=server.url, timeout=30, transport=httpx.HTTPTransport(local_address="127.0.0.7"))
    hello = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
    assert http.post("mcp", json=hello).status_code == 401
    # A wrong password over HTTP Basic counts as a failed login: a guesser meets 429 here too.
    codes = [http.post("mcp", json=hello, auth=(EDITOR[0], f"guess{i}")).status_code for i in range(LOCK_AFTER + 2)]
    assert codes[:LOCK_AFTER] == [401] * LOCK_AFTER and codes[LOCK_AFTER:] == [429] * 2


@pytest.mark.slow
def test_malformed_and_oversized_requests_are_clean_4xx(shared: tuple[AppProcess, Path]) -> None:
    server, _ = shared
    http = httpx.Client(base_url=server.url, timeout=60, transport=httpx.HTTPTransport(local_address="127.0.0.5"))
    assert http.post("login", data={"username": PROBER[0], "password": PROBER[1]}).status_code == 200
    garbage = http.post("gradio_api/queue/join", content=b"{not json", headers={"content-type": "application/json"})
    assert garbage.status_code == 422
    assert http.post("gradio_api/call/ask", json={"data": "not a list"}).status_code == 422
    missing = http.post("gradio_api/call/no_such_endpoint", json={"data": []})
    assert missing.status_code == 404 and "No such endpoint" in missing.json()["detail"]
    big = http.post("gradio_api/upload", files={"files": ("big.txt", b"x" * (26 * 1024 * 1024), "text/plain")})
    assert big.status_code == 413


@pytest.mark.slow
def test_a_reader_calling_the_editing_endpoints_is_refused_and_edits_are_logged(
        shared: tuple[AppProcess, Path], tmp_path: Path) -> None:
    from gradio_client import handle_file

    server, index = shared  # last: it removes the article the other tests ask about
    before = {a.id for a in Library(index).articles()}
    story = tmp_path / "harbour.txt"
    story.write_text("Harbour reopens\n\nThe harbour at Port Ellen reopened on Tuesday.\n", encoding="utf-8")
    reader = _client(server, READER)
    status, _, _ = reader.predict([handle_file(str(story))], "", api_name="/upload")
    assert "may ask but not change the library" in status
    status, _, _ = reader.predict(SAMPLE_ID, "", api_name="/remove")
    assert "may ask but not change the library" in status
    status, _, _ = reader.predict("https://example.com/story", "", api_name="/add_url")
    assert "may ask but not change the library" in status
    assert {a.id for a in Library(index).articles()} == before
    assert "may ask but not change" in reader.predict(QUESTION, api_name="/track")[0]
    assert Library(index).tracked() == []
    answer = reader.predict(QUESTION, api_name="/ask")  # asking is what a reader is for
    assert "Institute for the Study of War" in answer["short"]["text"]

    editor = _client(server, EDITOR)
    many = [handle_file(str(story))] * (MAX_FILES + 1)
    assert f"add at most {MAX_FILES} at a time" in editor.predict(many, "", api_name="/upload")[0]
    assert {a.id for a in Library(index).articles()} == before
    status, _, _ = editor.predict(SAMPLE_ID, "", api_name="/remove")
    assert f"Removed {SAMPLE_ID}" in status
    assert SAMPLE_ID not in {a.id for a in Library(index).articles()}
    logged = CliRunner().invoke(cli, ["log", "--index", str(index)])
    assert logged.exit_code == 0 and f"edna  remove  {SAMPLE_ID}" in logged.output
