"""`qa eval` on a small real SQuAD slice, with both baselines measured in the same run."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from qa.cli import cli
from tests.conftest import SQUAD, squad_records, write_jsonl


def test_eval_beats_the_baselines_with_valid_citations(tmp_path: Path) -> None:
    records = squad_records(6)
    ids = {r["id"] for r in records}
    folder = tmp_path / "squad6"
    folder.mkdir()
    write_jsonl(folder / "articles.jsonl", records)
    with (SQUAD / "questions.jsonl").open() as f:
        questions = [json.loads(line) for line in f]
    write_jsonl(folder / "questions.jsonl", [q for q in questions if q["article_id"] in ids])

    result = CliRunner().invoke(cli, ["eval", str(folder), "--limit", "50", "--compare", "--json",
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
