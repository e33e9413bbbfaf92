"""Core figures on squad_v1_dev: ingestion vs raw encode, warm and cold ask, recall.

Prints a table and writes benchmarks/results/core.json.  Every ratio is taken
in the same run, because this machine is shared and noisy.

Usage: .venv/bin/python benchmarks/core.py [--questions 1000]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from report import save

from qa import Library
from qa.articles import read_file
from qa.chunking import chunk_article
from qa.embedding import Embedder
from qa.evaluation import evaluate, load_questions
from qa.index import embedded_text

ROOT = Path(__file__).resolve().parent.parent
SQUAD = ROOT.parent / "shared" / "eval" / "squad_v1_dev"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--cold-runs", type=int, default=5)
    args = parser.parse_args()
    results: dict[str, float | int | str] = {"dataset": "squad_v1_dev"}

    articles, _ = read_file(SQUAD / "articles.jsonl")
    chunks = [chunk_article(a) for a in articles]
    texts = [embedded_text(a.title, a.text[s:e]) for a, cs in zip(articles, chunks, strict=True)
             for c in cs for s, e in c.sentences]
    embedder = Embedder("all-MiniLM-L6-v2")
    embedder.encode(texts[:64])  # load the model outside both timings
    started = time.perf_counter()
    embedder.encode(sorted(texts, key=len, reverse=True))
    raw = time.perf_counter() - started
    n_chunks = sum(len(cs) for cs in chunks)
    results.update(chunks=n_chunks, sentences=len(texts), raw_encode_s=round(raw, 1),
                   raw_chunks_per_s=round(n_chunks / raw, 1))

    with tempfile.TemporaryDirectory() as tmp:
        library = Library(Path(tmp) / "squad")
        started = time.perf_counter()
        library.add_path(SQUAD / "articles.jsonl")
        ingest = time.perf_counter() - started
        results.update(ingest_s=round(ingest, 1), ingest_chunks_per_s=round(n_chunks / ingest, 1),
                       ingest_vs_raw_encode=round(raw / ingest, 3))

        questions = load_questions(SQUAD, args.questions)
        report = evaluate(library, questions, {a.id: a.text for a in library.articles()})
        for key in ("recall@1", "recall@5", "answer_hit", "citation_validity", "mean_answer_chars",
                    "latency_ms_p50", "latency_ms_p95"):
            results[key] = report[key]

        cold = []
        for _ in range(args.cold_runs):
            started = time.perf_counter()
            subprocess.run([str(Path(sys.executable).with_name("qa")), "ask", "--json", questions[0]["question"],
                            "--index", str(library.path)], check=True, capture_output=True)
            cold.append(time.perf_counter() - started)
        results.update(cold_ask_s_min=round(min(cold), 2), cold_ask_s_median=round(statistics.median(cold), 2))
        started = time.perf_counter()
        subprocess.run([str(Path(sys.executable).with_name("qa")), "--help"], check=True, capture_output=True)
        results["help_s"] = round(time.perf_counter() - started, 2)

    save("core", results)

if __name__ == "__main__":
    main()
