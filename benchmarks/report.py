"""Every benchmark ends the same way: a table on stdout, the figures in benchmarks/results/NAME.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def save(name: str, results: dict[str, Any]) -> None:
    """Write ``results`` to benchmarks/results/NAME.json and print them as aligned rows."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=2) + "\n")
    width = max(map(len, results), default=0)
    for key, value in results.items():
        print(f"{key:<{width}}  {value}")
