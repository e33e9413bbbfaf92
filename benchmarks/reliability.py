"""Reliability figures: crash trials, a load test of concurrent users, a fuzz run.

- crash: kill -9 a real ``qa ingest`` at random moments N times (default 100);
  count indexes that were corrupt or a mix of old and new (target 0).
- load: U concurrent gradio_client users (default 50) ask for S seconds
  (default 60) against a real app over the squad_v1_dev index; requests,
  errors, p50/p95 latency, the server's peak memory (benchmarks/capacity.py draws the whole curve).
- fuzz: F generated inputs (default 1000: files of random bytes, text, JSON,
  HTML, and random questions) through the CLI; count tracebacks and anything
  lost from the index (target 0).

Prints a table and writes benchmarks/results/reliability.json.
Usage: .venv/bin/python benchmarks/reliability.py [--crashes 100] [--users 50] [--seconds 60] [--fuzz 1000]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from capacity import level, serve  # noqa: E402
from click.testing import CliRunner  # noqa: E402
from report import EVAL, require_eval_sets, save  # noqa: E402

from qa import Library  # noqa: E402
from qa.cli import cli  # noqa: E402
from qa.evaluation.evaluate import load_questions  # noqa: E402
from tests.test_reliability import crash_trials, update_file  # noqa: E402

SQUAD = EVAL / "squad_v1_dev"


def crashes(n: int, work: Path) -> dict[str, Any]:
    pristine = work / "pristine"
    Library(pristine).add_path(ROOT / "seeds")
    corrupt = 0
    try:
        outcomes = crash_trials(pristine, update_file(work, pristine), work, trials=n)
    except AssertionError as exc:
        print(f"crash trial failed: {exc}", file=sys.stderr)
        corrupt, outcomes = 1, {"old": 0, "new": 0}
    return {"crash_kills": n, "crash_corrupt": corrupt, "crash_left_old": outcomes["old"],
            "crash_left_new": outcomes["new"]}


def load(users: int, seconds: float) -> dict[str, Any]:
    """``users`` clients asking back to back for ``seconds`` (benchmarks/capacity.py's point of the curve)."""
    index = ROOT / "indexes" / "eval-squad_v1_dev"
    Library(index).add_path(SQUAD / "articles.jsonl")
    questions = [q["question"] for q in load_questions(SQUAD, 2000)]
    server = serve(ROOT, index)
    try:
        point = level(server, users, seconds, questions)
    finally:
        server.stop()
    return {"load_users": users, "load_seconds": seconds, "load_requests": point["answers"],
            "load_errors": point["errors"], "load_ms_p50": round(point["p50_s"] * 1000, 1),
            "load_ms_p95": round(point["p95_s"] * 1000, 1), "server_peak_mb": point["server_peak_mb"]}


def _fuzz_file(rng: random.Random, i: int, folder: Path) -> Path:
    kind = rng.choice(["bytes", "text", "json", "jsonl", "html", "md"])
    words = ["the", "harbour", "<script>", "\u202e", "\x00", "}", "{", "\"", "\n", "é", "🙂", "<div>", "0", "null"]
    text = "".join(rng.choice(words) + rng.choice([" ", "", "\n"]) for _ in range(rng.randint(0, 400)))
    if kind == "bytes":
        return _write(folder / f"f{i}.txt", rng.randbytes(rng.randint(0, 4000)))
    if kind == "json":
        value = rng.choice([{"id": text[:20], "text": text}, [text], {"text": rng.randint(0, 9)}, text, None])
        return _write(folder / f"f{i}.json", json.dumps(value).encode()[: rng.randint(0, 5000)])
    if kind == "jsonl":
        lines = [json.dumps({"id": f"r{i}-{j}", "text": text[j:]}) if rng.random() < 0.6 else text[:50]
                 for j in range(rng.randint(1, 5))]
        return _write(folder / f"f{i}.jsonl", "\n".join(lines).encode())
    if kind == "html":
        return _write(folder / f"f{i}.html", f"<html><title>{text[:30]}</title><body>{text}</body>".encode())
    return _write(folder / f"f{i}.{'md' if kind == 'md' else 'txt'}", text.encode("utf-8", "surrogatepass"))


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def fuzz(n: int, work: Path) -> dict[str, Any]:
    index = work / "fuzz-index"
    Library(index).add_path(ROOT / "seeds")
    runner = CliRunner()
    rng = random.Random(7)
    tracebacks = lost = 0
    folder = work / "fuzz-files"
    folder.mkdir()
    for i in range(n):
        if i % 2:
            args = ["ingest", str(_fuzz_file(rng, i, folder)), "--index", str(index), "--quiet"]
        else:
            chars = [chr(rng.randint(0, 0x2FFF)) for _ in range(rng.choice([0, 1, 5, 40, 300, 20000]))]
            args = ["ask", "--json", "".join(chars), "--index", str(index)]
        result = runner.invoke(cli, args)
        if "Traceback" in result.output or result.exit_code not in (0, 1) or (result.exception and not isinstance(
                result.exception, SystemExit)):
            tracebacks += 1
            print(f"fuzz input {i} ({args[0]}): exit {result.exit_code}: {result.exception!r}", file=sys.stderr)
    if "000_b06348abf7c03f73" not in {a.id for a in Library(index).articles()}:
        lost += 1
    return {"fuzz_inputs": n, "fuzz_tracebacks": tracebacks, "fuzz_lost": lost}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--crashes", type=int, default=100)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--fuzz", type=int, default=1000)
    args = parser.parse_args()
    require_eval_sets()
    results: dict[str, Any] = {}
    work = Path(tempfile.mkdtemp(prefix="qa-reliability-"))
    try:
        results.update(fuzz(args.fuzz, work))
        results.update(load(args.users, args.seconds))
        results.update(crashes(args.crashes, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    save("reliability", results)

if __name__ == "__main__":
    main()
