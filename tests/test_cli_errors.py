"""Bad settings and bad input end in one line on stderr and exit 1, never a traceback.

CliRunner catches every exception, so these check ``result.exception`` (only the
SystemExit of the CLI's own exit may be there) rather than the output's text.
"""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from qa import ConfigError, Library, ModelNotFound, config
from qa.cli import cli
from qa.embedding import Embedder
from tests.conftest import SEEDS, SQUAD


def assert_one_line_error(result: Result, *words: str) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code == 1, result.output
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: "), result.stderr
    for word in words:
        assert word in result.stderr


@pytest.mark.parametrize("value", ["abc", "0", "-5", "nan"])
def test_a_bad_llm_timeout_names_the_variable(folder_seed_library: Library, monkeypatch: pytest.MonkeyPatch,
                                              value: str) -> None:
    monkeypatch.setenv("QA_LLM_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("QA_LLM_TIMEOUT", value)
    result = CliRunner().invoke(cli, ["ask", "Who warned?", "--index", str(folder_seed_library.path)])
    assert_one_line_error(result, "QA_LLM_TIMEOUT", repr(value), "QA_LLM_TIMEOUT=60")


def test_settings_are_read_with_their_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_LLM_TIMEOUT", "2.5")
    monkeypatch.setenv("QA_LLM_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("QA_LLM_MODEL", "m")
    assert config.llm_settings() == config.LLMSettings("http://127.0.0.1:9/v1", "m", None, 2.5)
    other = config.llm_settings(model="other")
    assert other is not None and other.model == "other"  # an argument wins over the environment
    monkeypatch.setenv("QA_APPROXIMATE_ABOVE", "1000")
    assert config.approximate_above() == 1000
    for name in ("QA_APPROXIMATE_ABOVE", "QA_LLM_TIMEOUT", "QA_LLM_URL"):
        monkeypatch.delenv(name)
    assert config.approximate_above() == config.APPROXIMATE_ABOVE and config.llm_settings() is None
    monkeypatch.setenv("QA_APPROXIMATE_ABOVE", "x")
    with pytest.raises(ConfigError, match="QA_APPROXIMATE_ABOVE"):
        config.approximate_above()


def test_a_bad_approximate_threshold_names_the_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_APPROXIMATE_ABOVE", "x")
    result = CliRunner().invoke(cli, ["ingest", str(SEEDS), "--index", str(tmp_path / "index")])
    assert_one_line_error(result, "QA_APPROXIMATE_ABOVE", "'x'")


@pytest.mark.parametrize(("name", "value"), [("QA_APPROXIMATE_ABOVE", "x"), ("QA_LLM_TIMEOUT", "soon"),
                                           ("QA_ALLOW_PRIVATE_URLS", "maybe"), ("QA_AUTH", "nopassword")])
@pytest.mark.parametrize("command", [["ask", "Who warned?"], ["search", "ISIS"], ["list"]])
def test_a_setting_that_cannot_be_used_fails_every_command(folder_seed_library: Library,
                                                           monkeypatch: pytest.MonkeyPatch, name: str, value: str,
                                                           command: list[str]) -> None:
    monkeypatch.setenv(name, value)
    result = CliRunner().invoke(cli, [*command, "--index", str(folder_seed_library.path)])
    assert_one_line_error(result, name)


def test_a_model_that_is_not_installed_is_model_not_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ModelNotFound, match="not available offline"):
        Embedder(str(tmp_path / "no-model"))
    monkeypatch.setenv("QA_MODEL", str(tmp_path / "no-model"))
    result = CliRunner().invoke(cli, ["ask", "Who?", "--index", str(tmp_path / "index")])
    assert_one_line_error(result, "QA_MODEL")


def _set_with(tmp_path: Path, questions: str) -> Path:
    folder = tmp_path / "set"
    folder.mkdir()
    shutil.copy(SQUAD / "articles.jsonl", folder / "articles.jsonl")
    (folder / "questions.jsonl").write_text(questions, encoding="utf-8")
    return folder


@pytest.mark.parametrize(("line", "says"), [
    ('{"question": "Who?", "answers": ["x"]', "not JSON"),
    ('["Who?"]', "expected an object"),
    ('{"question": "Who?", "answers": "x", "article_id": "a"}', "answers"),
    ('{"question": "Who?", "answers": ["x"]}', "article_id"),
])
def test_a_malformed_question_names_its_line(tmp_path: Path, line: str, says: str) -> None:
    good = '{"question": "Who?", "answers": ["x"], "article_id": "Amazon_rainforest"}'
    folder = _set_with(tmp_path, f"{good}\n{line}\n")
    result = CliRunner().invoke(cli, ["eval", str(folder), "--index", str(tmp_path / "index")])
    assert_one_line_error(result, "questions.jsonl line 2", says)
    assert not (tmp_path / "index").exists()  # found before anything was indexed


def test_an_unwritable_output_fails_before_the_run(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    args = ["eval", str(SQUAD), "--index", str(tmp_path / "index"), "--output"]
    result = CliRunner().invoke(cli, [*args, str(blocker / "report.json")])
    assert_one_line_error(result, "Cannot write the report to", "choose another --output")
    folder = CliRunner().invoke(cli, [*args, str(tmp_path)])
    assert isinstance(folder.exception, SystemExit) and folder.exit_code == 2  # click's usage error
    assert "is a directory" in folder.stderr
    assert not (tmp_path / "index").exists()


def test_serve_on_a_taken_port_says_so(folder_seed_library: Library) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--port", str(port), "--index", str(folder_seed_library.path)])
    assert_one_line_error(result, f"Port {port} on 127.0.0.1 is taken", f"--port {port + 1}")


@pytest.mark.parametrize("command", [["ask", "Who warned?"], ["ingest", str(SEEDS)], ["list"]])
def test_an_index_that_is_a_file_is_one_line(tmp_path: Path, command: list[str]) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not an index\n")
    result = CliRunner().invoke(cli, [*command, "--index", str(notes)])
    assert_one_line_error(result, "No index at", "it is a file", "--index FOLDER")
    assert notes.read_text() == "not an index\n"


def test_a_folder_of_bad_files_leaves_no_index_behind(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    (bad / "broken.json").write_text("{not json")
    result = CliRunner().invoke(cli, ["ingest", str(bad), "--index", str(tmp_path / "new")])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert not (tmp_path / "new").exists()
    # An index that was there stays as it was.
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(SEEDS), "--index", str(tmp_path / "kept")]).exit_code == 0
    before = sorted(p.name for p in (tmp_path / "kept").iterdir())
    assert runner.invoke(cli, ["ingest", str(bad), "--index", str(tmp_path / "kept")]).exit_code == 1
    assert sorted(p.name for p in (tmp_path / "kept").iterdir()) == before
    listed = runner.invoke(cli, ["list", "--index", str(tmp_path / "kept")])
    assert listed.exit_code == 0 and "Fears Rise of an ISIS Comeback" in listed.output


def test_a_new_index_does_not_report_sentences_from_a_cache(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ingest", str(SEEDS), "--index", str(tmp_path / "new"), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "from cache" not in result.stderr and "sentences in" in result.stderr
    again = CliRunner().invoke(cli, ["ingest", str(SEEDS), "--index", str(tmp_path / "new"), "--quiet"])
    assert "from cache" not in again.stderr
