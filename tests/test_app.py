"""The Gradio app as users get it: a real server process, called over HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest

from qa import Library
from qa.answer import Answer, Citation
from qa.web import render
from tests.conftest import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def app_url(seed_library: Library) -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "app.py", "--index", str(seed_library.path), "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"})
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"app did not start: {proc.stdout.read() if proc.stdout else ''}")
            time.sleep(0.5)
    yield url
    proc.terminate()
    proc.wait(timeout=30)


def test_app_answers_the_sample_question(app_url: str) -> None:
    from gradio_client import Client

    client = Client(app_url, verbose=False)
    reply = client.predict("Who warned about a resurgence?", api_name="/chat")
    assert "Melissa Dalton" in reply
    assert "reconstitute and be able to take territory" in reply
    assert "**[1]**" in reply


def test_render_escapes_article_text() -> None:
    citation = Citation(1, "x<y>", "<script>alert(1)</script>", 0, 10, "<img src=x onerror=alert(1)> *bold*", 1.0)
    shown = render(Answer("<img src=x onerror=alert(1)> *bold* [1]", False, (citation,)))
    assert "<img" not in shown and "<script" not in shown and "*bold*" not in shown
    assert "&lt;img src=x onerror=alert\\(1\\)&gt;" in shown and "**[1]**" in shown
