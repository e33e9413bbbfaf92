"""`qa eval --limit 50` on the suite's SQuAD sample, with both baselines measured in the same run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from qa.cli import cli
from tests.conftest import SQUAD

pytestmark = pytest.mark.slow  # each test indexes the sample and asks every question of it


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
    # The reader's short answers, scored as SQuAD scores them; the baselines give none.
    assert ours["short_f1"] >= ours["short_em"] >= 0.3 and bm25["short_em"] == llama["short_f1"] == 0.0
    assert 0.0 <= ours["confidence_ece"] <= 0.5 and "confidence_ece" not in bm25


def test_eval_keeps_to_the_articles_named(tmp_path: Path) -> None:
    questions = [json.loads(line) for line in (SQUAD / "questions.jsonl").open(encoding="utf-8")]
    chosen = sorted({q["article_id"] for q in questions})[:2]
    (tmp_path / "splits.json").write_text(json.dumps({"about": "two articles", "validation": chosen}))
    result = CliRunner().invoke(cli, ["eval", str(SQUAD), "--articles", str(tmp_path / "splits.json"), "--limit", "20",
                                      "--json", "--index", str(tmp_path / "index")])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["questions"] == 20
    (tmp_path / "none.txt").write_text("No_such_article\n")
    result = CliRunner().invoke(cli, ["eval", str(SQUAD), "--articles", str(tmp_path / "none.txt"),
                                      "--index", str(tmp_path / "index")])
    assert result.exit_code == 1 and "check their ids" in result.stderr
