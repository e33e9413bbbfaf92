"""The PostgreSQL store beside the folder store, and Ray ingestion with 1 and 2 workers.

On squad_v1_dev (48 articles), each measured in the same run on a throwaway
PostgreSQL 16 + pgvector (pgserver, unix socket):

- ingestion from a cold embedding cache: seconds and chunks per second, both stores;
- recall@1/5, answer hit and ask latency p50/p95 over the same questions (the
  fixed order of ``qa eval``), both stores;
- ``qa ingest --ray`` into PostgreSQL with 1 and 2 workers (a local Ray cluster,
  one CPU per worker; Ray's start-up included), and whether its chunk ids equal
  plain ingestion's.

Usage: .venv/bin/python benchmarks/pgstore.py [--questions 1000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

from report import EVAL, require_eval_sets, save

from qa.evaluation.evaluate import evaluate, load_questions
from qa.ingest.articles import read_file
from qa.ingest.distributed import RayPrepare
from qa.library import Library

SET = EVAL / "squad_v1_dev"


def chunk_ids(library: Library) -> list[str]:
    with library.store.engine.connect() as conn:  # type: ignore[attr-defined]
        return [r[0] for r in conn.exec_driver_sql("SELECT id FROM qa_chunks ORDER BY id")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=1000)
    args = parser.parse_args()
    require_eval_sets()
    import pgserver
    import ray

    questions = load_questions(SET, args.questions)
    articles, _ = read_file(SET / "articles.jsonl")
    texts = {a.id: a.text for a in articles}
    results: dict[str, Any] = {"dataset": SET.name, "articles": len(articles), "questions": len(questions)}
    with tempfile.TemporaryDirectory(prefix="qa-pg-") as tmp:
        server = pgserver.get_server(Path(tmp) / "pg", cleanup_mode="stop")
        try:
            def database(name: str) -> str:
                server.psql(f"CREATE DATABASE {name};")
                uri: str = server.get_uri(name)
                return uri

            libraries = {}
            for name, store in (("faiss", ""), ("postgres", database("bench"))):
                library = Library(Path(tmp) / name, store=store)
                started = time.perf_counter()
                report = library.add_articles(articles)
                seconds = time.perf_counter() - started
                results[f"{name}_chunks"] = report.chunks
                results[f"{name}_ingest_s"] = round(seconds, 1)
                results[f"{name}_ingest_chunks_per_s"] = round(report.chunks / seconds, 1)
                quality = evaluate(library, questions, texts)
                for key in ("recall@1", "recall@5", "answer_hit", "citation_validity", "latency_ms_p50",
                            "latency_ms_p95"):
                    results[f"{name}_{key}"] = quality[key]
                libraries[name] = library
            for workers in (1, 2):
                library = Library(Path(tmp) / f"ray{workers}", store=database(f"ray{workers}"))
                started = time.perf_counter()
                report = library.add_articles(articles, prepare=RayPrepare(library.model, library.embedder.dimension,
                                                                           workers=workers))
                seconds = time.perf_counter() - started
                ray.shutdown()
                results[f"ray_{workers}_workers_ingest_s"] = round(seconds, 1)
                results[f"ray_{workers}_workers_chunks_per_s"] = round(report.chunks / seconds, 1)
                results[f"ray_{workers}_workers_same_chunk_ids"] = chunk_ids(library) == chunk_ids(
                    libraries["postgres"])
        finally:
            server.cleanup()
    save("pgstore", results)


if __name__ == "__main__":
    main()
