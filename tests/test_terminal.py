"""What the commands look like in a terminal: sentences per line, tables with headers, a chat that says how to leave."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from qa import Library
from qa.answering.answer import Answer, Citation, Part
from qa.cli import cli
from qa.present.terminal import print_answer, wrap


def test_ask_prints_one_quoted_sentence_per_line_wrapped_to_the_terminal(folder_seed_library: Library) -> None:
    question = "Who warned about a resurgence?"
    result = CliRunner().invoke(cli, ["ask", question, "--index", str(folder_seed_library.path)],
                                env={"COLUMNS": "60"})
    assert result.exit_code == 0, result.output
    answer = folder_seed_library.ask(question)
    printed = result.stdout.split("\n\n")[0]
    assert all(len(line) <= 60 for line in printed.splitlines())
    # Joined back, the lines are the answer; each sentence ends a line with its marker.
    assert " ".join(printed.split()) == " ".join(answer.text.split())
    lines = printed.splitlines()
    ends = [line for line in lines if re.search(r"\[\d+\]$", line)]
    # The short answer comes first, on a line of its own with the marker of the sentence holding it.
    assert answer.short is not None and lines[0] == f"{answer.short.text} [{answer.short.n}]"
    assert len(ends) == len(answer.citations) + 1 >= 3 and lines[-1] == ends[-1] and len(lines) > len(ends)
    for c in answer.citations:  # the citations below, indented, words unbroken
        assert f"[{c.n}] {c.title}" in result.stdout
        assert " ".join(c.text.split()) in " ".join(result.stdout.split())


def test_each_part_prints_on_its_own_line_and_words_are_never_split(monkeypatch: pytest.MonkeyPatch,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    one = Citation(1, "a", "A", 0, 4, "One.", 1.0)
    two = Citation(2, "b", "B", 0, 4, "Two.", 1.0)
    parts = (Part("quote", "One.", (1,)), Part("quote", "Two.", (2,), "B reports the same: "),
             Part("note", "Newest report: as of 2024-03-10", (2,)))
    print_answer([Answer(False, (one, two), parts=parts)])
    lines = capsys.readouterr().out.split("\n\n")[0].splitlines()
    assert lines == ["One. [1]", "B reports the same: Two. [2]", "(Newest report: as of 2024-03-10 [2].)"]
    long = "x" * 70
    assert wrap(f"a {long} b") == f"a\n{long}\nb"  # a word longer than the line is never split


def test_list_is_an_aligned_table_with_a_header(folder_seed_library: Library) -> None:
    result = CliRunner().invoke(cli, ["list", "--index", str(folder_seed_library.path)])
    assert result.exit_code == 0, result.output
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["ID", "CHUNKS", "PUBLISHED", "SOURCE", "TITLE"]
    assert len(rows) == 1
    for column in ("CHUNKS", "PUBLISHED", "SOURCE", "TITLE"):
        assert rows[0][header.index(column) - 2:header.index(column)] == "  "  # each column starts where its name does
    assert rows[0].endswith("Fears Rise of an ISIS Comeback") and "Foreign Policy" in rows[0]
    assert result.stderr == "1 article\n"


def test_info_prints_each_field(folder_seed_library: Library) -> None:
    result = CliRunner().invoke(cli, ["info", "--index", str(folder_seed_library.path)])
    assert result.exit_code == 0, result.output
    lines = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    assert lines["articles"] == "1" and lines["model"] == "all-MiniLM-L6-v2" and int(lines["bytes on disk"]) > 0


def test_chat_opens_with_how_to_leave_and_exit_leaves(folder_seed_library: Library) -> None:
    result = CliRunner().invoke(cli, ["chat", "--index", str(folder_seed_library.path)],
                                input="How many fighters did the Islamic State have?\nexit\nWho warned?\n")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0].endswith('Leave with Ctrl-D or "exit".')
    assert "30,000" in result.stdout and "Dalton" not in result.stdout  # nothing asked after "exit"


def test_help_names_the_command_as_it_is_after_set_up() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert ".venv/bin/qa ingest seeds/" in result.stdout and "source .venv/bin/activate" in result.stdout
