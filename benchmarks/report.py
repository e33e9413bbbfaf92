"""Every benchmark ends the same way: a table on stdout, the figures in benchmarks/results/NAME.json."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"  # ../shared/eval beside the repository


def require_eval_sets() -> None:
    """Exit with one line when ../shared/eval is absent: it lives beside the repository on developer machines only."""
    if not EVAL.is_dir():
        sys.exit(f"{EVAL} not found: these figures need the evaluation sets that live beside the repository "
                 "(../shared/eval) on developer machines; the test suite carries its own sample in tests/data.")


def rss_mb(pid: int) -> float:
    """The resident memory of process ``pid``, in MB (0 when /proc does not say)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def save(name: str, results: dict[str, Any]) -> None:
    """Write ``results`` to benchmarks/results/NAME.json and print them as aligned rows."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n")
    width = max(map(len, results), default=0)
    for key, value in results.items():
        print(f"{key:<{width}}  {value}")
