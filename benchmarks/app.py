"""App figures: page load to first answer, gradio_client round trip, server memory.

Runs a real app (``app.py``) over the squad_v1_dev index (built into
indexes/eval-squad_v1_dev when missing) and drives it with Chromium and
gradio_client.  Prints a table and writes benchmarks/results/app.json.

Usage: .venv/bin/python benchmarks/app.py [--questions 50]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from report import EVAL, require_eval_sets, rss_mb, save  # noqa: E402

from qa import Library  # noqa: E402
from qa.evaluation.evaluate import load_questions  # noqa: E402
from tests.conftest import AppProcess  # noqa: E402
from tests.test_browser import CHROMIUM  # noqa: E402

SQUAD = EVAL / "squad_v1_dev"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--page-loads", type=int, default=5)
    args = parser.parse_args()
    require_eval_sets()
    index = ROOT / "indexes" / "eval-squad_v1_dev"
    Library(index).add_path(SQUAD / "articles.jsonl")
    questions = [q["question"] for q in load_questions(SQUAD, args.questions)]

    server = AppProcess("--index", str(index))
    server.wait_for("Serving on")
    results: dict[str, float | int] = {"rss_mb_idle": round(rss_mb(server.proc.pid), 1)}
    try:
        from gradio_client import Client

        client = Client(server.url, verbose=False)
        client.predict(questions[0], api_name="/ask")
        trips = []
        for question in questions:
            started = time.perf_counter()
            client.predict(question, api_name="/ask")
            trips.append((time.perf_counter() - started) * 1000)
        results.update(client_round_trip_ms_p50=round(statistics.median(trips), 1),
                       client_round_trip_ms_p95=round(sorted(trips)[int(0.95 * (len(trips) - 1))], 1),
                       client_questions=len(trips))

        from playwright.sync_api import sync_playwright

        loads = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
            for i in range(args.page_loads):
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                started = time.perf_counter()
                page.goto(server.url)
                page.get_by_placeholder("Ask a question").fill(questions[i])
                page.get_by_role("button", name="Ask", exact=True).click()
                page.locator("#chat [data-testid='bot'] strong").first.wait_for(timeout=30_000)
                loads.append((time.perf_counter() - started) * 1000)
                page.close()
            browser.close()
        results.update(page_load_to_first_answer_ms_median=round(statistics.median(loads), 1),
                       page_load_to_first_answer_ms_min=round(min(loads), 1))
        results["rss_mb_after"] = round(rss_mb(server.proc.pid), 1)
    finally:
        server.stop()
    save("app", results)

if __name__ == "__main__":
    main()
