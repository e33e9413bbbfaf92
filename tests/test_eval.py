"""`qa eval --limit 50` on the suite's SQuAD sample, with both baselines measured in the same run."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from qa.cli import cli
from tests.conftest import SQUAD


def test_eval_beats_the_baselines_with_valid_citations(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", str(SQUAD), "--limit", "50", "--compare", "--json",
                                      "--index", str(tmp_path / "index"), "--output", str(tmp_path / "r.json")])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report == json.loads((tmp_path / "r.json").read_text())
    ours, bm25, llama = (report["systems"][n] for n in ("qa", "bm25-256", "llama-index-default"))
    assert report["questions"] == ours["questions"] == 50
    assert ours["citation_validity"] == 1.0
    assert ours["recall@1"] > bm25["recall@1"] and ours["recall@1"] > llama["recall@1"]
    assert ours["recall@5"] >= bm25["recall@5"]
    assert ours["answer_hit"] >= 0.7
    assert ours["mean_answer_chars"] < bm25["mean_answer_chars"] / 2
