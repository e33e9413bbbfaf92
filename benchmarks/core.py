"""Core figures on squad_v1_dev: ingestion vs raw encode and vs llama-index, ask vs its floor, cold start.

Prints a table and writes benchmarks/results/core.json.  Every ratio is taken
in the same run, because this machine is shared and noisy:

- ingestion: ``add_path`` end to end against the raw ``encode`` of the same
  sentences (same model, batch size, order), and against llama-index's
  ``VectorStoreIndex.from_documents`` with the same model and a FAISS store;
- ask: warm ``Library.ask`` (retrieval + reading + extractive answer) against warm
  ``Library.search`` (retrieval alone) and against the floor, one query embedding + one
  exact FAISS scan of every sentence vector;
- cold start: whole ``qa --help`` and ``qa ask`` processes.

Usage: .venv/bin/python benchmarks/core.py [--articles N] [--questions 1000]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from report import EVAL, require_eval_sets, save

from qa import Library
from qa.config import BUNDLED_MODEL
from qa.documents import Article
from qa.embedding import BATCH_SIZE, Embedder, model_path, quiet_transformers
from qa.evaluation.evaluate import evaluate, load_questions
from qa.ingest.articles import read_file
from qa.ingest.chunking import chunk_article, sentence_texts

SQUAD = EVAL / "squad_v1_dev"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=None, help="only the first N articles")
    parser.add_argument("--questions", type=int, default=1000)
    parser.add_argument("--cold-runs", type=int, default=5)
    args = parser.parse_args()
    require_eval_sets()
    results: dict[str, float | int | str] = {"dataset": "squad_v1_dev"}

    articles = read_file(SQUAD / "articles.jsonl")[0][:args.articles]
    results["articles"] = len(articles)
    chunks = [chunk_article(a) for a in articles]
    texts = [t for a, cs in zip(articles, chunks, strict=True) for t in sentence_texts(a, cs)]
    embedder = Embedder(BUNDLED_MODEL)
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
        library.add_articles(articles)
        ingest = time.perf_counter() - started
        results.update(ingest_s=round(ingest, 1), ingest_chunks_per_s=round(n_chunks / ingest, 1),
                       ingest_vs_raw_encode=round(raw / ingest, 3))

        started = time.perf_counter()
        llama_index_ingest(articles)
        theirs = time.perf_counter() - started
        results.update(llama_index_ingest_s=round(theirs, 1), ingest_vs_llama_index=round(theirs / ingest, 2))

        ids = {a.id for a in articles}
        questions = [q for q in load_questions(SQUAD, None) if q["article_id"] in ids][:args.questions]
        report = evaluate(library, questions, {a.id: a.text for a in library.articles()})
        for key in ("recall@1", "recall@5", "answer_hit", "citation_validity", "mean_answer_chars"):
            results[key] = report[key]
        results.update(ask_vs_floor(library, embedder, [q["question"] for q in questions]))

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


def llama_index_ingest(articles: list[Article]) -> None:
    """llama-index's default pipeline into a FAISS store, with the same model and batch size."""
    import faiss
    from llama_index.core import Document, StorageContext, VectorStoreIndex
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from llama_index.vector_stores.faiss import FaissVectorStore

    quiet_transformers()
    embed = HuggingFaceEmbedding(model_name=str(model_path(BUNDLED_MODEL)), device="cpu", embed_batch_size=BATCH_SIZE)
    embed.get_text_embedding("load the model outside the timing")
    store = FaissVectorStore(faiss_index=faiss.IndexFlatIP(384))
    documents = [Document(text=a.text, id_=a.id, metadata={"title": a.title}) for a in articles]
    VectorStoreIndex.from_documents(documents, storage_context=StorageContext.from_defaults(vector_store=store),
                                    embed_model=embed, show_progress=False)


def ask_vs_floor(library: Library, embedder: Embedder, questions: list[str]) -> dict[str, float]:
    """Warm ask latency percentiles beside warm search and one query embedding + one exact FAISS scan."""
    import faiss
    from threadpoolctl import threadpool_limits

    data = library.store.current()  # type: ignore[attr-defined]  # the folder store
    exact = faiss.IndexFlatIP(embedder.dimension)
    exact.add(np.concatenate([s.vectors for s in data.segments]))
    steps: dict[str, Callable[[str], object]] = {  # timed in this order for every question
        "floor": lambda q: exact.search(embedder.encode_query(q)[None, :], 10),
        "search": library.search,
        "ask": library.ask,
    }
    seconds: dict[str, list[float]] = {name: [] for name in steps}
    with threadpool_limits(1, user_api="blas"):  # as qa.config runs the CLI and the app
        for q in questions:
            for name, step in steps.items():
                started = time.perf_counter()
                step(q)
                seconds[name].append(time.perf_counter() - started)
    ms = 1000 * np.percentile(seconds["ask"], [50, 95, 99])
    floor, search = (1000 * statistics.median(seconds[name]) for name in ("floor", "search"))
    return {"ask_ms_p50": round(ms[0], 1), "ask_ms_p95": round(ms[1], 1), "ask_ms_p99": round(ms[2], 1),
            "floor_ms_p50": round(floor, 1), "ask_p50_vs_floor": round(ms[0] / floor, 2),
            "search_ms_p50": round(search, 1), "ask_p50_vs_search": round(ms[0] / search, 2),
            "ask_p99_vs_p50": round(ms[2] / ms[0], 2)}

if __name__ == "__main__":
    main()
