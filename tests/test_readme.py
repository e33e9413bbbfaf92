"""The README's Python block, run as written top to bottom: it does what its comments promise."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, SAMPLE_ID, SEEDS


def readme_python() -> str:
    """The first ```python block of README.md."""
    match = re.search(r"^```python\n(.*?)^```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S | re.M)
    assert match, "README.md has no ```python block"
    return match.group(1)


def run_as_a_session(source: str) -> tuple[dict[str, Any], dict[int, Any]]:
    """Run ``source`` statement by statement, as typed into Python.

    Returns:
        Its names, and the value of each bare expression (``chat.ask(...)``) by its first line.
    """
    names: dict[str, Any] = {"__name__": "readme"}
    values: dict[int, Any] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Expr):
            values[node.lineno] = eval(compile(ast.Expression(node.value), "README.md", "eval"), names)
        else:
            exec(compile(ast.Module([node], type_ignores=[]), "README.md", "exec"), names)
    return names, values


def test_the_readme_python_block_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)  # so its indexes/default is a temporary folder
    source = readme_python()
    names, values = run_as_a_session(source)
    lines = source.splitlines()

    assert (tmp_path / "indexes" / "default").is_dir()
    lib, answer = names["lib"], names["answer"]
    assert not answer.refused and "Dalton" in answer.text and answer.mode == "extractive"
    assert answer.short is not None and f'("{answer.short.text}")' in source  # the short answer it promises
    assert 0.0 < answer.confidence <= 1.0
    printed = capsys.readouterr().out
    assert printed.startswith(answer.text) and f"[1] {answer.citations[0].title} (" in printed
    follow_up = next(values[n] for n in values if "Where does she work?" in lines[n - 1])
    assert "Center for Strategic and International Studies" in follow_up.text
    assert "# -> Center for Strategic and International Studies" in source  # what the block promises
    asked = next(values[n] for n in values if lines[n - 1].startswith("chat.turns[-1].asked"))
    assert f"# {asked!r}" in source and "Asked as: " + asked in follow_up.notes  # the follow-up, made standalone
    report = next(values[n] for n in values if "Who wrote that report?" in lines[n - 1])
    assert {c.article_id for c in report.citations} == {follow_up.citations[0].article_id}  # the article cited last
    article = next(values[n] for n in values if lines[n - 1].startswith("lib.article("))
    cited = [c for c in [*answer.citations, *follow_up.citations] if c.article_id == article.id]
    assert cited and all(article.text[c.start:c.end] == c.text for c in cited)
    assert SAMPLE_ID not in {a.id for a in lib.articles()}  # the block ends by removing it
