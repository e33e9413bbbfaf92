"""Capacity: how many people asking at once the app serves on this machine, as a curve to size a deployment by.

For each number of users (default 1, 5, 10, 25, 50), that many gradio_client users ask without pause
for S seconds (default 30) against one real app over the squad_v1_dev index (its 48 articles,
questions drawn from its 10,570).  Per level: answers/s, p50/p95 latency, errors, the server's CPU
(cores busy, from /proc) and its peak memory.  The clients run on the same machine, as a load test
here must, so their CPU is part of the figure: it is the same in every run compared.

``--app-root DIR`` serves the app of another checkout of the project (its own ``qa`` package, put
first on PYTHONPATH), so a change is measured before and after on the same machine in one sitting;
``--label`` names the run; ``--via api`` asks through the plain JSON API (``POST /api/ask``) instead of
the Gradio endpoint the page uses.  Each run is kept under its label in benchmarks/results/capacity.json,
and docs/capacity.png draws every run there.

Usage: .venv/bin/python benchmarks/capacity.py [--users 1 5 10 25 50] [--seconds 30] [--label NAME]
       [--app-root DIR] [--via gradio|api]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from report import EVAL, RESULTS, require_eval_sets, rss_mb  # noqa: E402

from qa import Library  # noqa: E402
from qa.evaluation.evaluate import load_questions  # noqa: E402
from tests.conftest import AppProcess  # noqa: E402

SQUAD = EVAL / "squad_v1_dev"
PLOT = ROOT / "docs" / "capacity.png"
TICKS = os.sysconf("SC_CLK_TCK")
UNLIMITED = ("--questions-per-minute", "1000000")  # every client here asks from one address, 127.0.0.1


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime, every thread of the process


def serve(root: Path, index: Path) -> AppProcess:
    """``app.py`` of ``root`` over ``index``, its own ``qa`` first on the path, started."""
    server = AppProcess("--index", str(index), *UNLIMITED, root=root, env={"PYTHONPATH": str(root)})
    server.wait_for("Serving on")
    return server


def _client(url: str, via: str) -> Callable[[str], dict[str, Any]]:
    """One user's way to ask: the app's Gradio endpoint (as the page asks) or the plain JSON API
    (``POST /api/ask``, as scripts ask; one kept-alive connection per user, lighter on the client)."""
    if via == "gradio":
        from gradio_client import Client

        client = Client(url, verbose=False)
        return lambda question: dict(client.predict(question, api_name="/ask"))
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=120)

    def ask(question: str) -> dict[str, Any]:
        connection.request("POST", "/api/ask", json.dumps({"question": question}),
                           {"content-type": "application/json"})
        response = connection.getresponse()
        body = json.loads(response.read())
        return dict(body) if response.status == 200 else {"error": f"{response.status} {body}"}

    return ask


def level(server: AppProcess, users: int, seconds: float, questions: list[str],
          via: str = "gradio") -> dict[str, Any]:
    """``users`` clients asking without pause for ``seconds``: the figures of one point of the curve."""
    clients = [_client(server.url, via) for _ in range(users)]
    latencies: list[float] = []
    errors: list[str] = []
    peak = [rss_mb(server.proc.pid)]
    start = threading.Barrier(users + 1)
    stop = [0.0]

    def user(seed: int, client: Callable[[str], dict[str, Any]]) -> None:
        rng = random.Random(seed)
        start.wait()
        while time.monotonic() < stop[0]:
            began = time.perf_counter()
            try:
                answer = client(rng.choice(questions))
                if "error" in answer:
                    errors.append(answer["error"])
            except Exception as exc:  # any failure counts
                errors.append(repr(exc))
            latencies.append(time.perf_counter() - began)

    threads = [threading.Thread(target=user, args=(i, c)) for i, c in enumerate(clients)]
    for t in threads:
        t.start()
    cpu = _cpu_seconds(server.proc.pid)
    began = time.monotonic()
    stop[0] = began + seconds
    start.wait()
    while any(t.is_alive() for t in threads):
        peak.append(rss_mb(server.proc.pid))
        time.sleep(0.25)
    wall = time.monotonic() - began
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [latencies[0] if latencies else 0.0] * 99
    return {"users": users, "answers": len(latencies), "answers_per_s": round(len(latencies) / wall, 2),
            "p50_s": round(cuts[49], 3), "p95_s": round(cuts[94], 3), "errors": len(errors),
            "server_cores_busy": round((_cpu_seconds(server.proc.pid) - cpu) / wall, 2),
            "server_peak_mb": round(max(peak), 1)}


def plot(runs: dict[str, Any]) -> None:
    """docs/capacity.png: answers/s, latency and server memory against users, one line per run and
    one row per way of asking (the Gradio endpoint, the JSON API)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    vias = sorted({run.get("via", "gradio") for run in runs.values()}, reverse=True)  # gradio first
    figure, rows = pyplot.subplots(len(vias), 3, figsize=(13, 4 * len(vias)), layout="constrained", squeeze=False)
    for via, (rate, latency, memory) in zip(vias, rows, strict=True):
        for label, run in runs.items():
            if run.get("via", "gradio") != via:
                continue
            users = [p["users"] for p in run["levels"]]
            rate.plot(users, [p["answers_per_s"] for p in run["levels"]], marker="o", label=label)
            line, = latency.plot(users, [p["p95_s"] for p in run["levels"]], marker="o", label=f"{label}: p95")
            latency.plot(users, [p["p50_s"] for p in run["levels"]], marker=".", linestyle="--",
                         color=line.get_color(), label=f"{label}: p50")
            memory.plot(users, [p["server_peak_mb"] for p in run["levels"]], marker="o", label=label)
        asked = "Gradio endpoint" if via == "gradio" else "JSON API"
        for axes, title in ((rate, "answers per second"), (latency, "seconds per answer"),
                            (memory, "server memory, MB")):
            axes.set_xlabel("users asking without pause")
            axes.set_title(f"{title} ({asked})")
            axes.grid(alpha=0.3)
            axes.legend(fontsize=8)
    machine = next(iter(runs.values()))["machine"]
    figure.suptitle(f"The app on {machine} (benchmarks/capacity.py)")
    PLOT.parent.mkdir(exist_ok=True)
    figure.savefig(PLOT, dpi=90)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, nargs="+", default=[1, 5, 10, 25, 50])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--label", default="now")
    parser.add_argument("--app-root", type=Path, default=ROOT)
    parser.add_argument("--via", choices=("gradio", "api"), default="gradio",
                        help="ask through the app's Gradio endpoint (default) or its JSON API")
    args = parser.parse_args()
    require_eval_sets()
    index = ROOT / "indexes" / "eval-squad_v1_dev"
    Library(index).add_path(SQUAD / "articles.jsonl")
    questions = [q["question"] for q in load_questions(SQUAD)]
    server = serve(args.app_root.resolve(), index)
    try:
        level(server, 1, 3, questions, args.via)  # warm: the reader loads on the first question
        levels = []
        for users in args.users:
            levels.append(level(server, users, args.seconds, questions, args.via))
            print(json.dumps(levels[-1]), flush=True)
    finally:
        server.stop()
    out = RESULTS / "capacity.json"
    runs = json.loads(out.read_text())["runs"] if out.is_file() else {}
    runs[args.label] = {"app_root": str(args.app_root), "seconds": args.seconds, "via": args.via, "levels": levels,
                        "machine": f"{os.cpu_count()} cores", "measured": time.strftime("%Y-%m-%d %H:%M")}
    RESULTS.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"runs": runs}, indent=2) + "\n")
    plot(runs)
    print(f"wrote {out} and {PLOT}")


if __name__ == "__main__":
    main()
