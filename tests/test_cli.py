"""The qa command through click's runner, and as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from qa import Library
from qa.cli import cli
from tests.conftest import ROOT, SAMPLE_ID, SEEDS, seed_copies, seeded

# Every test here runs against the folder store and against PostgreSQL (``QA_STORE``, read by --store).
pytestmark = pytest.mark.usefixtures("store")


@pytest.fixture
def seed_library(store: str, folder_seed_library: Library, seed_index_copy: Any) -> Library:
    return seeded(store, folder_seed_library, seed_copies(store, seed_index_copy))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def assert_exits(result: Result, code: int) -> None:
    """The command ended through the CLI's own exit with ``code``, not an exception that escaped.

    CliRunner catches every exception, so no traceback ever shows in ``result.output``:
    an escaped one is ``result.exception`` (anything but the SystemExit of a normal exit).
    """
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code == code, result.output


def test_ask_json_is_one_answer_object(runner: CliRunner, seed_library: Library) -> None:
    result = runner.invoke(cli, ["ask", "--json", "Who warned about a resurgence?", "--index", str(seed_library.path)])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert set(answer) == {"text", "refused", "citations", "mode", "notes", "fallback", "dropped", "short",
                           "confidence"}
    assert answer["mode"] == "extractive" and answer["fallback"] is None and answer["dropped"] == 0
    assert "Dalton" in answer["text"] and answer["refused"] is False
    short = answer["short"]
    assert set(short) == {"n", "article_id", "title", "start", "end", "text", "score", "also_in"}
    assert seed_library.article(short["article_id"]).text[short["start"]:short["end"]] == short["text"]
    assert answer["text"].startswith(f"{short['text']} [{short['n']}]") and 0.5 < answer["confidence"] <= 1.0
    for c in answer["citations"]:
        assert set(c) == {"n", "article_id", "title", "start", "end", "text", "score", "also_in"}
        assert seed_library.article(c["article_id"]).text[c["start"]:c["end"]] == c["text"]


def test_ingest_list_info_search_remove(runner: CliRunner, tmp_path: Path) -> None:
    index = str(tmp_path / "idx")
    result = runner.invoke(cli, ["ingest", str(SEEDS), "--index", index])
    assert result.exit_code == 0, result.output
    assert "1 added" in result.stderr and "chunks/s" in result.stderr
    result = runner.invoke(cli, ["list", "--json", "--index", index])
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == [SAMPLE_ID] and rows[0]["chunks"] > 1
    info = json.loads(runner.invoke(cli, ["info", "--json", "--index", index]).stdout)
    assert info["articles"] == 1 and info["model"] == "all-MiniLM-L6-v2" and info["bytes_on_disk"] > 0
    passages = json.loads(runner.invoke(cli, ["search", "ISIS comeback", "-k", "2", "--json", "--index", index]).stdout)
    assert len(passages) == 2 and passages[0]["article_id"] == SAMPLE_ID
    result = runner.invoke(cli, ["remove", SAMPLE_ID, "--index", index])
    assert result.exit_code == 0, result.output
    assert json.loads(runner.invoke(cli, ["list", "--json", "--index", index]).stdout) == []


def test_plain_ask_prints_answer_then_citations(runner: CliRunner, seed_library: Library) -> None:
    result = runner.invoke(cli, ["ask", "How many fighters did the Islamic State have?", "--index",
                                 str(seed_library.path)])
    assert_exits(result, 0)
    assert "30,000" in result.stdout and "[1] Fears Rise of an ISIS Comeback" in result.stdout


def test_chat_answers_follow_ups(runner: CliRunner, seed_library: Library) -> None:
    result = runner.invoke(cli, ["chat", "--index", str(seed_library.path)],
                           input="Who warned about a resurgence?\nWhere does she work?\n")
    assert_exits(result, 0)
    assert " ".join(result.stdout.split()).count("Center for Strategic and International Studies") >= 2


@pytest.mark.parametrize(("args", "message", "code"), [
    (["ask", "Who?", "--index", "{tmp}/none"], "No index at {tmp}/none. Run: qa ingest seeds/ --index {tmp}/none", 1),
    (["ask", "  ", "--index", "{seeds}"], "The question is empty", 1),
    (["ingest", "{tmp}/missing.txt", "--index", "{tmp}/i"], "no such file or folder", 1),
    (["remove", "nope", "--index", "{seeds}"], "No article 'nope'", 1),
    (["ask", "--index", "{seeds}"], "Missing argument 'QUESTION'", 2),
    (["ask", "x", "-k", "0", "--index", "{seeds}"], "Invalid value for '-k'", 2),
])
def test_errors_are_one_line_with_exit_codes(runner: CliRunner, store: str, seed_library: Library, tmp_path: Path,
                                             args: list[str], message: str, code: int) -> None:
    if store == "postgres" and "{tmp}/none" in args:
        pytest.skip("with --store the database holds the index, whatever --index names")
    fill: dict[str, Any] = {"tmp": tmp_path, "seeds": seed_library.path}
    result = runner.invoke(cli, [a.format(**fill) for a in args])
    assert_exits(result, code)
    assert message.format(**fill) in result.stderr
    if code == 1:
        assert result.stderr.count("\n") == 1 and result.stdout == ""


def test_help_imports_nothing_heavy() -> None:
    code = ("import sys; from qa.cli import cli\n"
            "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('torch', 'llama_index', 'sentence_transformers', 'gradio', 'transformers', 'faiss')"
            " if m in sys.modules]\nprint('HEAVY', heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert "HEAVY []" in out and ".venv/bin/qa ingest seeds/" in out


def test_cold_process_answers_with_the_reader(seed_library: Library) -> None:
    """A real `qa ask` process, offline: the question is embedded on NumPy, the reader runs on ONNX Runtime
    from the package, and nothing on the way loads torch, transformers, sentence-transformers or nltk."""
    code = ("import sys; from qa.cli import main; sys.argv = ['qa', 'ask', '--json', 'Who warned about a resurgence?',"
            f" '--index', {str(seed_library.path)!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('HEAVY', [m for m in ('torch', 'transformers', 'sentence_transformers', 'nltk')"
            " if m in sys.modules], file=sys.stderr)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert proc.returncode == 0, proc.stderr
    assert "HEAVY []" in proc.stderr
    answer = json.loads(proc.stdout)
    assert "Dalton" in answer["text"] and answer["short"]["text"] in answer["text"]


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_equal_file_names_in_nested_folders_are_distinct_articles(runner: CliRunner, tmp_path: Path) -> None:
    bbc = tmp_path / "bbc"
    _write(bbc / "business" / "001.txt", "Shares rise\n\nShares in the harbour company rose by 4% on Monday.")
    _write(bbc / "tech" / "001.txt", "Phones get cheaper\n\nA handset maker cut the price of its phone to $40.")
    index = str(tmp_path / "idx")
    result = runner.invoke(cli, ["ingest", str(bbc), "--index", index])
    assert_exits(result, 0)
    assert "2 added" in result.stderr and "skipped" not in result.stderr
    rows = json.loads(runner.invoke(cli, ["list", "--json", "--index", index]).stdout)
    assert sorted(r["id"] for r in rows) == ["business/001", "tech/001"]


def test_an_id_another_file_already_has_is_a_collision(runner: CliRunner, tmp_path: Path) -> None:
    first = _write(tmp_path / "one" / "a" / "001.txt", "Shares rise\n\nShares in the harbour company rose by 4%.")
    second = _write(tmp_path / "two" / "a" / "001.txt", "Ferry resumes\n\nThe island ferry ran again on Thursday.")
    _write(tmp_path / "two" / "b.txt", "Tram vote\n\nThe council voted for a tram line on Tuesday.")
    index = str(tmp_path / "idx")
    assert_exits(runner.invoke(cli, ["ingest", str(tmp_path / "one"), "--index", index]), 0)
    result = runner.invoke(cli, ["ingest", str(tmp_path / "two"), "--index", index])
    assert_exits(result, 1)
    collision = next(line for line in result.stderr.splitlines() if line.startswith("collision:"))
    assert str(first.resolve()) in collision and str(second.resolve()) in collision and "'a/001'" in collision
    assert result.stderr.splitlines()[-1].startswith("Error: 1 article not ingested")
    library = Library(index)
    assert {a.id for a in library.articles()} == {"a/001", "b"}  # everything else given was ingested
    assert "harbour company" in library.article("a/001").text  # and nothing indexed was lost
    # The same folder again is the same files: changed ones are replaced, not collisions.
    _write(tmp_path / "one" / "a" / "001.txt", "Shares fall\n\nShares in the harbour company fell by 2%.")
    again = runner.invoke(cli, ["ingest", str(tmp_path / "one"), "--index", index])
    assert_exits(again, 0)
    assert "1 replaced" in again.stderr


def test_ingest_json_is_the_report_as_the_readme_shows_it(runner: CliRunner, tmp_path: Path) -> None:
    """`qa ingest --json`: one IngestReport object on stdout, its problems and collisions as values."""
    first = _write(tmp_path / "one" / "a" / "001.txt", "Shares rise\n\nShares in the harbour company rose by 4%.")
    second = _write(tmp_path / "two" / "a" / "001.txt", "Ferry resumes\n\nThe island ferry ran again on Thursday.")
    _write(tmp_path / "two" / "b.txt", "Tram vote\n\nThe council voted for a tram line on Tuesday.")
    empty = _write(tmp_path / "two" / "empty.md", "   ")
    index = str(tmp_path / "idx")
    assert_exits(runner.invoke(cli, ["ingest", str(tmp_path / "one"), "--index", index]), 0)
    result = runner.invoke(cli, ["ingest", str(tmp_path / "two"), "--index", index, "--json"])
    assert_exits(result, 1)
    report = json.loads(result.stdout)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = json.loads(readme.split("`qa ingest --json` prints")[1].split("```json\n")[1].split("```")[0])
    assert list(report) == list(shown)
    assert report["added"] == ["b"] and report["chunks"] >= 1
    assert [(Path(p["source"]).name, p["reason"]) for p in report["problems"]] == [(empty.name, "no text")]
    assert report["collisions"] == [{"article_id": "a/001", "kept": str(first.resolve()),
                                     "skipped": str(second.resolve())}]


def test_two_records_with_one_id_are_a_collision(runner: CliRunner, tmp_path: Path) -> None:
    feed = _write(tmp_path / "feed.jsonl", "".join(json.dumps(r) + "\n" for r in [
        {"id": "x", "title": "Storm", "text": "A storm closed the harbour on Monday."},
        {"id": "x", "title": "Gale", "text": "A gale damaged twelve boats in November."},
        {"id": "y", "title": "Tram", "text": "The council voted for a tram line on Tuesday."},
    ]))
    index = str(tmp_path / "idx")
    result = runner.invoke(cli, ["ingest", str(feed), "--index", index])
    assert_exits(result, 1)
    assert f"{feed.resolve()} line 2" in result.stderr and f"{feed.resolve()} line 1" in result.stderr
    assert "2 added" in result.stderr
    assert Library(index).article("x").title == "Storm"
