"""The Gradio app as users get it: a real server process, gradio_client, a share tunnel."""

from __future__ import annotations

import os
import re
import socket
import stat
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from qa import Library
from qa.answering.answer import Answer, Citation, Context, Part, refusal
from qa.cli import cli
from qa.errors import OutputError
from qa.present.web import evidence_html, render
from qa.web.app import export_file, library_html
from tests.conftest import ROOT, SAMPLE_ID, AppProcess, free_port


@pytest.mark.slow
def test_ask_endpoint_returns_the_answer_as_json(app: AppProcess, seed_library: Library) -> None:
    from gradio_client import Client

    client = Client(app.url, verbose=False)
    answer = client.predict("Who warned about a resurgence?", api_name="/ask")
    # The same shape as `qa ask --json` (tests/test_cli.py holds that one to the README).
    assert set(answer) == {"text", "refused", "citations", "mode", "notes", "fallback", "dropped", "short",
                           "confidence"}
    assert "Melissa Dalton" in answer["text"] and not answer["refused"]
    for c in answer["citations"]:
        assert seed_library.article(c["article_id"]).text[c["start"]:c["end"]] == c["text"]
    assert "empty" in client.predict("   ", api_name="/ask")["error"]


def test_render_escapes_article_text() -> None:
    citation = Citation(1, "x<y>", "<script>alert(1)</script>", 0, 10, "<img src=x onerror=alert(1)> *bold*", 1.0)
    shown = render(Answer(False, (citation,), parts=(Part("quote", citation.text, (1,)),)), turn=3)
    assert "<img" not in shown and "*bold*" not in shown
    assert "&lt;img src=x onerror=alert\\(1\\)&gt;" in shown and "**[1]**" in shown
    assert shown.startswith('<span class="qa-turn-3"></span>')


def test_marks_need_no_emoji_font() -> None:
    shown = render(refusal(notes=("Searched 2019 only.",)))
    assert not re.search("[\u2600-\u27bf\ufe0f\U0001f000-\U0001faff]", shown)
    assert shown.count('class="qa-flag') == 2


def test_library_table_escapes_titles_and_shows_no_invented_outlet(tmp_path: Path) -> None:
    library = Library(tmp_path / "index")
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "storm.txt").write_text("<b>Storm</b> closes harbour\n\nThe harbour at Port Ellen closed on Tuesday.\n")
    library.add_path(folder)
    table = library_html(library)
    assert "&lt;b&gt;Storm&lt;/b&gt;" in table and "<b>" not in table
    assert '<td class="outlet unknown">—</td>' in table
    assert "storm.txt" not in table
    assert "No article matches" in library_html(library, "nothing like this")


def test_export_needs_no_store_and_failures_are_one_line(seed_index_copy: Any, tmp_path: Path) -> None:
    library = Library(seed_index_copy())
    answer = library.ask("Who warned about a resurgence?")
    library.remove(SAMPLE_ID)  # the answer carries its provenance: exporting needs no store
    cache = tmp_path / "not-made-yet"  # Gradio makes its cache folder only when it first needs it
    text = Path(export_file("Who warned about a resurgence?", answer, cache)).read_text(encoding="utf-8")
    assert "Melissa Dalton" in text and all(f"characters {c.start}–{c.end}" in text for c in answer.citations)
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    with pytest.raises(OutputError, match="Could not write the export file") as failed:
        export_file("Who?", answer, blocked)
    assert "\n" not in str(failed.value)


def test_evidence_cards_show_the_quote_in_its_context_without_a_store() -> None:
    text = "First one. Second one. The quote is here. Fourth one. Fifth one. Sixth one."
    start = text.index("The quote")
    context = Context(text[:start], text[start + 18:text.index(" Sixth")], False, True)
    quote = Citation(1, "a1", "A <title>", start, start + 18, text[start:start + 18], 1.0, source="Wire",
                     published="2024-03-10", url="https://example.org/a", context=context)
    short = Citation(1, "a1", "A <title>", start + 4, start + 9, "quote", 1.0)
    html = evidence_html([("Where?", Answer(False, (quote,), short=short, parts=(Part("quote", quote.text, (1,)),)))])
    assert "A &lt;title&gt;" in html and "Wire · 2024-03-10" in html and 'href="https://example.org/a"' in html
    assert "First one. Second one. <mark>The <b class=\"qa-span\">quote</b> is here.</mark> Fourth one." in html
    assert "Fifth one. …" in html


@pytest.mark.slow
def test_sharing_refuses_to_start_without_auth(seed_library: Library) -> None:
    result = CliRunner().invoke(cli, ["serve", "--share", "--index", str(seed_library.path)])
    assert result.exit_code == 2
    assert "give --auth USER:PASS" in result.output


def _install_standin(hf_home: Path) -> None:
    """Put the loopback tunnel stand-in where Gradio looks for its frpc binary."""
    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from tests.frpc_standin import main\n"
        "main(sys.argv[1:])\n"
    )
    probe = subprocess.run([sys.executable, "-c", "import gradio.tunneling as t; print(t.BINARY_PATH)"],
                           env={**os.environ, "HF_HOME": str(hf_home)}, capture_output=True, text=True, check=True)
    binary = Path(probe.stdout.strip())
    binary.parent.mkdir(parents=True, exist_ok=True)
    binary.write_text(f"#!{sys.executable}\n{code}")
    binary.chmod(binary.stat().st_mode | stat.S_IEXEC)


def _status(url: str, **headers: str) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.slow
def test_share_link_through_a_loopback_tunnel_requires_login(seed_library: Library, tmp_path: Path) -> None:
    from gradio_client import Client

    _install_standin(tmp_path / "hf")
    share_port = free_port()
    server = AppProcess("--index", str(seed_library.path), "--share", "--share-server", f"127.0.0.1:{share_port}",
                        "--auth", "reader:s3cret", env={"HF_HOME": str(tmp_path / "hf")})
    try:
        line = server.wait_for("Share link:")
        share_url = line.split("Share link:")[1].strip()
        assert share_url == f"http://127.0.0.1:{share_port}"
        assert _status(f"{share_url}/config") == 401
        with pytest.raises(Exception, match=r"401|[Ll]ogin|auth"):
            Client(share_url, verbose=False)
        with pytest.raises(ValueError, match="Could not login"):
            Client(share_url, auth=("reader", "wrong"), verbose=False)
        client = Client(share_url, auth=("reader", "s3cret"), verbose=False)
        answer = client.predict("Who warned about a resurgence?", api_name="/ask")
        assert "Melissa Dalton" in answer["text"]
        assert answer["citations"][0]["article_id"] == SAMPLE_ID
    finally:
        server.stop()


@pytest.mark.slow
def test_failed_share_link_is_one_line_and_the_app_keeps_serving(seed_library: Library, tmp_path: Path) -> None:
    _install_standin(tmp_path / "hf")
    busy = socket.create_server(("127.0.0.1", 0))  # the "share server" port is taken: the tunnel fails
    server = AppProcess("--index", str(seed_library.path), "--share", "--share-server",
                        f"127.0.0.1:{busy.getsockname()[1]}", "--no-auth", env={"HF_HOME": str(tmp_path / "hf")})
    try:
        server.wait_for("Could not create a share link")
        assert _status(server.url) == 200
    finally:
        printed = server.stop()
        busy.close()
    assert "Traceback" not in printed and "Please check" not in printed
