"""Scale: 10 k, 100 k and 1 M passages, each measured beside its floor in the same run.

A passage here is one indexed sentence vector (what FAISS searches; a chunk
holds ~4.7 of them).  The collection is real SQuAD sentences from
../shared/eval, regrouped at random into news-sized pseudo-articles so that
repeats are not syndicated copies of each other.  Up to --real passages
(default 101 k, so the 100 k size is all real) carry real MiniLM embeddings (computed once, then read from
benchmarks/results/cache/); past that, vectors are SYNTHESISED from the real ones
(a real vector plus Gaussian noise, renormalised) while the text, and so the
BM25 index, stays real.

For each size: build time (chunking + cached vectors + BM25 + dense index +
commit), size on disk, warm ask latency p50/p99 and resident memory in a fresh
serving process, the floor (one query embedding + one exact FAISS scan of all
vectors), recall@10 of the dense index against exact search, and the time to
add 1,000 passages to the built index.

``--before-root DIR`` also serves each index with another checkout's ``qa`` (put first on
PYTHONPATH), in the same run: its ask p50/p99 and memory are reported as ``before_*`` beside this
checkout's, against the same floor.

Usage: .venv/bin/python benchmarks/scale.py [--sizes 10000,100000,1000000] [--questions 200]
       [--before-root DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from report import EVAL, RESULTS, require_eval_sets

from qa.config import BUNDLED_MODEL
from qa.documents import Article
from qa.embedding import Embedder, EmbeddingCache
from qa.ingest.chunking import chunk_article, sentence_texts
from qa.library import Library
from qa.store.folder.store import FolderSnapshot

SENTENCES_PER_ARTICLE = 40
NOISE = 0.35  # per-dimension noise x sqrt(d): synthetic vectors sit ~0.94 cosine from their source

SERVE = """
import json, resource, statistics, sys, time
from qa import Library
t = time.perf_counter()
library = Library(sys.argv[1], create=False)
library.search("warm up", 1)
load = time.perf_counter() - t
latencies = []
for q in json.loads(sys.argv[2]):
    t = time.perf_counter()
    library.ask(q)
    latencies.append((time.perf_counter() - t) * 1000)
latencies.sort()
status = open("/proc/self/status").read()
rss = {k: int(status.split(k + ":")[1].split()[0]) // 1024 for k in ("VmRSS", "RssAnon", "RssFile")}
print(json.dumps({"load_s": round(load, 2), "p50": statistics.median(latencies),
                  "p99": latencies[int(0.99 * (len(latencies) - 1))], **rss}))
"""


def sentences() -> list[str]:
    """Every sentence of the evaluation articles, as the chunker splits them."""
    out = []
    for path in sorted(EVAL.glob("*/articles.jsonl")):
        for line in path.open(encoding="utf-8"):
            record = json.loads(line)
            article = Article(id=record["id"], title=record["title"], text=record["text"])
            out += [article.text[s:e] for c in chunk_article(article) for s, e in c.sentences]
    return out


def pseudo_articles(pool: list[str], n_sentences: int, seed: int = 7, prefix: str = "p") -> list[Article]:
    """Articles of random real sentences (40 each, paragraphs of 5) until they hold ``n_sentences``."""
    rng = random.Random(seed)
    articles: list[Article] = []
    total = 0
    while total < n_sentences:
        picked = rng.sample(pool, SENTENCES_PER_ARTICLE)
        text = "\n\n".join(" ".join(picked[i:i + 5]) for i in range(0, len(picked), 5))
        article = Article(id=f"{prefix}{len(articles)}", title=f"{picked[0][:40]} #{len(articles)}", text=text)
        articles.append(article)
        total += sum(len(c.sentences) for c in chunk_article(article))
    return articles


def texts_of(articles: list[Article]) -> list[str]:
    return [t for a in articles for t in sentence_texts(a, chunk_article(a))]


def vectors_for(texts: list[str], real: int, embedder: Embedder) -> tuple[np.ndarray, float]:
    """Real embeddings for the first ``real`` texts (cached across runs), synthetic past them."""
    cache_dir = RESULTS / "cache"
    cache_dir.mkdir(parents=True, exist_ok=True)
    cache = EmbeddingCache(cache_dir / "embeddings.sqlite", BUNDLED_MODEL, embedder.dimension)
    started = time.perf_counter()
    head, encoded = cache.embed(embedder, texts[:real])
    seconds = time.perf_counter() - started if encoded else 0.0
    cache.close()
    rng = np.random.default_rng(3)
    extra = []
    for i in range(len(head), len(texts), 100_000):
        n = min(100_000, len(texts) - i)
        base = head[np.arange(i, i + n) % len(head)]
        noisy = base + rng.normal(0, NOISE / np.sqrt(base.shape[1]), base.shape).astype(np.float32)
        extra.append(noisy / np.linalg.norm(noisy, axis=1, keepdims=True))
    return np.concatenate([head, *extra]).astype(np.float32), seconds


def cache_vectors(index: Path, texts: list[str], vectors: np.ndarray) -> None:
    """Put the vectors in the index's embedding cache, so ingestion embeds nothing."""
    index.mkdir(parents=True, exist_ok=True)
    cache = EmbeddingCache(index / "embeddings.sqlite", BUNDLED_MODEL, vectors.shape[1])
    with cache.db:
        cache.db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                             ((cache._key(t), v.tobytes()) for t, v in zip(texts, vectors, strict=True)))
    cache.close()


def folder_mb(path: Path, skip: str = "embeddings.sqlite") -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and skip not in p.name) / 2**20, 1)


def serve(index: Path, questions: list[str], root: Path | None = None) -> dict[str, float]:
    """Warm ask latencies and memory of a fresh process serving ``index`` (``root``'s ``qa`` when given)."""
    env = {**os.environ, "PYTHONPATH": str(root)} if root else None
    out = subprocess.run([sys.executable, "-c", SERVE, str(index), json.dumps(questions)], check=True,
                         capture_output=True, text=True, env=env, cwd=root).stdout
    return dict(json.loads(out))


def measure(size: int, pool: list[str], questions: list[str], real: int, embedder: Embedder,
            work: Path, before_root: Path | None = None) -> dict[str, float | int | str]:
    import faiss
    from threadpoolctl import threadpool_limits

    articles = pseudo_articles(pool, size)
    texts = texts_of(articles)
    vectors, embed_s = vectors_for(texts, real, embedder)
    index = work / f"scale-{size}"
    cache_vectors(index, texts, vectors)
    library = Library(index)
    started = time.perf_counter()
    report = library.add_articles(articles)
    build = time.perf_counter() - started
    assert report.embedded == 0
    manifest = json.loads((index / "manifest.json").read_text())

    # The floor: one query embedding and one exact scan of every vector, in this process.
    exact = faiss.IndexFlatIP(embedder.dimension)
    exact.add(vectors)
    floor = []
    with threadpool_limits(1, user_api="blas"):  # as qa.config runs the CLI and the app
        for q in questions:
            t = time.perf_counter()
            exact.search(embedder.encode_query(q)[None, :], 10)
            floor.append((time.perf_counter() - t) * 1000)

    # Recall@10 of the dense index the product built against exact search.
    snapshot = FolderSnapshot(library.store.current())  # type: ignore[attr-defined]  # the folder store
    found = 0
    for q in questions:
        qvec = embedder.encode_query(q)
        _, truth = exact.search(qvec[None, :], 10)
        approx = [int(r) for r in snapshot._dense(qvec, None)[:10]]
        found += len(set(truth[0].tolist()) & set(approx))
    recall = found / (10 * len(questions))
    del exact

    served = serve(index, questions)
    before = serve(index, questions, before_root) if before_root else None

    # Adding 1,000 passages to what was built.
    extra = pseudo_articles(pool, 1000, seed=size + 1, prefix="new")
    extra_texts = texts_of(extra)
    cache_vectors(index, extra_texts, embedder.encode(extra_texts))
    segments = {e["name"] for e in manifest["segments"]}
    started = time.perf_counter()
    library.add_articles(extra)
    add_s = time.perf_counter() - started
    after = json.loads((index / "manifest.json").read_text())
    kept = segments & {e["name"] for e in after["segments"]}

    result: dict[str, float | int | str] = {
        "passages": len(texts), "chunks": report.chunks, "articles": len(articles),
        "vectors": "real" if len(texts) <= real else f"{real // 1000}k real+synth",
        "dense_index": ", ".join(e["dense"] for e in manifest["segments"]),
        "real_embedding_s": round(embed_s, 1), "build_s": round(build, 1), "disk_mb": folder_mb(index),
        "load_s": served["load_s"], "ask_ms_p50": round(served["p50"], 1), "ask_ms_p99": round(served["p99"], 1),
        "floor_ms_p50": round(statistics.median(floor), 1),
        "ask_p50_vs_floor": round(served["p50"] / statistics.median(floor), 2),
        "p99_vs_p50": round(served["p99"] / served["p50"], 2), "rss_mb": served["VmRSS"],
        "rss_anon_mb": served["RssAnon"], "rss_file_mb": served["RssFile"],
        "recall@10_vs_exact": round(recall, 3), "add_1000_passages_s": round(add_s, 1),
        "segments_kept_by_add": f"{len(kept)} of {len(segments)}",
    }
    if before:
        result |= {"before_ask_ms_p50": round(before["p50"], 1), "before_ask_ms_p99": round(before["p99"], 1),
                   "before_ask_p50_vs_floor": round(before["p50"] / statistics.median(floor), 2),
                   "before_rss_mb": before["VmRSS"]}
    shutil.rmtree(index)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--real", type=int, default=101_000, help="passages with real embeddings")
    parser.add_argument("--work", default=None, help="folder for the indexes (default a temporary one)")
    parser.add_argument("--before-root", type=Path, default=None, help="another checkout to serve beside this one")
    args = parser.parse_args()
    require_eval_sets()
    embedder = Embedder(BUNDLED_MODEL)
    pool = sentences()
    questions = [json.loads(line)["question"] for line in
                 (EVAL / "squad_v1_dev" / "questions.jsonl").open(encoding="utf-8")][:args.questions]
    results: dict[str, dict[str, float | int | str]] = {}
    with tempfile.TemporaryDirectory(dir=args.work) as work:
        for size in (int(s) for s in args.sizes.split(",")):
            results[str(size)] = measure(size, pool, questions, args.real, embedder, Path(work),
                                             args.before_root)
            print(f"{size}: {results[str(size)]}", file=sys.stderr, flush=True)
    rows = {"size asked": {s: s for s in results}} | \
        {row: {s: r[row] for s, r in results.items()} for row in next(iter(results.values()))}
    for row, values in rows.items():
        print(f"{row:<28}" + "".join(f"{v!s:>16}" for v in values.values()))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "scale.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
