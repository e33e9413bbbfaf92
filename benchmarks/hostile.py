"""Hostile clients against a shared link, beside benchmarks/reliability.py's honest ones.

A real app (``app.py``) over an index of seeds/ with an editor's and a reader's login is attacked for
``--seconds`` by, at once: a password guesser, a reader flooding questions, a reader calling the
editing endpoints, and a client sending malformed and oversized requests; meanwhile a well-behaved
editor asks one question a second.  Each attacker comes from its own loopback address (127.0.0.x).
Figures: requests refused as they should be, the well-behaved client's answers and p50/p95, errors
(5xx), tracebacks in the server's output (0), articles lost (0).  Needs only the repository.

Usage: .venv/bin/python benchmarks/hostile.py [--seconds 30]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from report import save  # noqa: E402

from qa import Library  # noqa: E402
from tests.conftest import AppProcess  # noqa: E402

EDITOR, READER = ("edna", "ed-secret"), ("rudy", "rd-secret")
QUESTION = "Who warned about a resurgence?"
READER_ONLY = "may ask but not change the library"


def client(url: str, address: str, login: tuple[str, str] | None = None) -> httpx.Client:
    http = httpx.Client(base_url=url, timeout=60, transport=httpx.HTTPTransport(local_address=address))
    if login:
        http.post("login", data={"username": login[0], "password": login[1]}).raise_for_status()
    return http


def ask(http: httpx.Client, question: str) -> httpx.Response:
    """A question through the plain HTTP API: the event is joined, then its result read."""
    joined = http.post("gradio_api/call/ask", json={"data": [question]})
    if joined.status_code != 200:
        return joined
    return http.get(f"gradio_api/call/ask/{joined.json()['event_id']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()

    from gradio_client import Client

    with tempfile.TemporaryDirectory() as tmp:
        index = Path(tmp) / "index"
        Library(index).add_path(ROOT / "seeds").check()
        before = {a.id for a in Library(index).articles()}
        server = AppProcess("--index", str(index), "--auth", ":".join(EDITOR), "--reader-auth", ":".join(READER))
        server.wait_for("Serving on")
        counts: dict[str, Counter[str]] = {k: Counter() for k in ("guesser", "flood", "reader_edits", "malformed")}
        latencies: list[float] = []
        good = Counter[str]()
        stop = time.monotonic() + args.seconds

        def guesser() -> None:
            http = client(server.url, "127.0.0.4")
            for i in range(10**6):
                if time.monotonic() > stop:
                    return
                wrong = {"username": "edna", "password": f"x{i}"}
                counts["guesser"][str(http.post("login", data=wrong).status_code)] += 1

        def flood() -> None:
            http = client(server.url, "127.0.0.3", READER)
            while time.monotonic() < stop:
                counts["flood"][str(http.post("gradio_api/call/ask", json={"data": [QUESTION]}).status_code)] += 1

        def reader_edits() -> None:
            reader = Client(server.url, auth=READER, verbose=False)
            while time.monotonic() < stop:
                for api, data in (("/remove", (sorted(before)[0], "")), ("/add_url", ("https://example.com/x", ""))):
                    status = str(reader.predict(*data, api_name=api)[0])
                    counts["reader_edits"]["refused" if READER_ONLY in status else "allowed"] += 1

        def malformed() -> None:
            http = client(server.url, "127.0.0.5", READER)
            big = b"x" * (30 * 1024 * 1024)
            calls: tuple[Callable[[], httpx.Response], ...] = (
                lambda: http.post("gradio_api/queue/join", content=b"{not json",
                                  headers={"content-type": "application/json"}),
                lambda: http.post("gradio_api/call/ask", json={"data": "not a list"}),
                lambda: http.post("gradio_api/call/no_such_endpoint", json={"data": []}),
                lambda: http.post("gradio_api/upload", files={"files": ("big.txt", big, "text/plain")}))
            while time.monotonic() < stop:
                for call in calls:
                    try:
                        counts["malformed"][f"{call().status_code // 100}xx"] += 1
                    except httpx.HTTPError:  # the server hung up on it (an oversized upload)
                        counts["malformed"]["closed"] += 1

        def well_behaved() -> None:
            editor = Client(server.url, auth=EDITOR, verbose=False)
            while time.monotonic() < stop:
                started = time.perf_counter()
                try:
                    answer = editor.predict(QUESTION, api_name="/ask")
                    good["answered" if answer.get("short") else "not answered"] += 1
                    latencies.append(time.perf_counter() - started)
                except Exception:  # counted: the figure is how often it happens
                    good["error"] += 1
                time.sleep(max(0.0, 1 - (time.perf_counter() - started)))

        threads = [threading.Thread(target=f) for f in (guesser, flood, reader_edits, malformed, well_behaved)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        after = {a.id for a in Library(index).articles()}
        printed = server.stop()
        shutil.rmtree(index, ignore_errors=True)

    results: dict[str, Any] = {
        "seconds": args.seconds,
        "guesser_logins": dict(counts["guesser"]),
        "flood_questions": dict(counts["flood"]),
        "reader_edit_calls": dict(counts["reader_edits"]),
        "malformed_and_oversized": dict(counts["malformed"]),
        "well_behaved": dict(good),
        "well_behaved_p50_s": round(statistics.median(latencies), 3) if latencies else None,
        "well_behaved_p95_s": round(statistics.quantiles(latencies, n=20)[-1], 3) if len(latencies) > 1 else None,
        "tracebacks": printed.count("Traceback"),
        "articles_lost": len(before - after),
    }
    save("hostile", results)


if __name__ == "__main__":
    main()
