"""Crash safety, one writer at a time, readers during writes, hostile input."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa import IndexBusy, Library, QAError, QuestionError
from qa.cli import cli
from tests.conftest import ROOT, SAMPLE_ID, squad_records, write_jsonl

# Kills, full disks, concurrent writers and generated questions: real processes and minutes of work.
pytestmark = pytest.mark.slow

QA = [sys.executable, "-c", "from qa.cli import main; main()"]


def _digest(library: Library) -> dict[str, str]:
    return {a.id: hashlib.sha256(a.text.encode()).hexdigest() for a in library.articles()}


def update_file(tmp_path: Path, index: Path) -> Path:
    """A file whose next ingest into ``index`` is one commit that replaces an article and adds another.

    Three SQuAD articles are ingested from ``update.jsonl`` first; then the same file is edited in place
    (one article changed, a fourth added): a replacement, since the records come from the file that
    holds them already (a record taking the id of an article from another file would be a collision).
    """
    records = squad_records(4)
    path = write_jsonl(tmp_path / "update.jsonl", records[:3])
    Library(index).add_path(path)
    edited = {**records[0], "text": records[0]["text"] + "\n\nThis paragraph was added in an update."}
    return write_jsonl(path, [edited, *records[1:4]])


def crash_trials(pristine: Path, update: Path, work: Path, trials: int, seed: int = 20261127) -> dict[str, int]:
    """Kill -9 a real ``qa ingest`` at random moments; check the index after each kill.

    Returns:
        How many kills left the old state and how many the new one (a mix fails).
    """
    before = _digest(Library(pristine))
    finished = work / "finished"
    shutil.copytree(pristine, finished)
    started = time.monotonic()
    subprocess.run([*QA, "ingest", str(update), "--index", str(finished), "--quiet"], check=True, cwd=ROOT,
                   capture_output=True)
    duration = time.monotonic() - started
    after = _digest(Library(finished))
    assert after != before

    rng = random.Random(seed)
    outcomes = {"old": 0, "new": 0}
    for trial in range(trials):
        index = work / f"trial-{trial}"
        shutil.copytree(pristine, index)
        proc = subprocess.Popen([*QA, "ingest", str(update), "--index", str(index), "--quiet"], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Most of the first part is the process importing its libraries; kill mostly after it.
        time.sleep(rng.uniform(0.3 * duration, 1.05 * duration))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        library = Library(index)
        state = _digest(library)
        assert state in (before, after), f"trial {trial}: a mix of old and new state"
        outcomes["new" if state == after else "old"] += 1
        answer = library.ask("Who warned about a resurgence?")
        assert not answer.refused
        for c in answer.citations:
            assert library.article(c.article_id).text[c.start:c.end] == c.text
        library.add_path(update)  # the re-run completes from where the kill left it
        assert _digest(library) == after
        shutil.rmtree(index)
    return outcomes


def test_kill_9_during_ingest_leaves_the_old_or_new_index(seed_index_copy: Any, tmp_path: Path) -> None:
    pristine = seed_index_copy()
    outcomes = crash_trials(pristine, update_file(tmp_path, pristine), tmp_path, trials=10)
    assert outcomes["old"] > 0


def test_rerun_after_a_crash_reuses_the_embedding_cache(seed_index_copy: Any, tmp_path: Path) -> None:
    index = seed_index_copy()
    update = update_file(tmp_path, index)
    first = Library(index).add_path(update)
    assert first.embedded > 0 and len(first.replaced) == 1 and len(first.added) == 1
    for p in [index / "segments", index / "manifest.json"]:  # as if the commit never happened
        shutil.rmtree(p) if p.is_dir() else p.unlink()
    again = Library(index).add_path(update)
    assert again.embedded == 0
    assert sorted(again.added) == sorted(first.added + first.replaced + first.unchanged)


def test_an_orphan_segment_from_a_crash_does_not_block_the_next_commit(seed_index_copy: Any,
                                                                      tmp_path: Path) -> None:
    index = seed_index_copy()
    manifest = json.loads((index / "manifest.json").read_text())
    name = manifest["segments"][-1]["name"]
    orphan = index / "segments" / f"seg-{int(name.split('-')[1]) + 1:06d}"
    shutil.copytree(index / "segments" / name, orphan)
    library = Library(index)
    library.add_path(write_jsonl(tmp_path / "x.jsonl", [{"id": "x", "text": "Ferries resume on Friday."}]))
    assert {a.id for a in library.articles()} == {SAMPLE_ID, "x"}
    assert not orphan.exists()  # pruned by the commit


def test_second_writer_is_told_who_holds_the_lock(seed_index_copy: Any, tmp_path: Path) -> None:
    index = seed_index_copy()
    big = write_jsonl(tmp_path / "big.jsonl", squad_records())
    proc = subprocess.Popen([*QA, "ingest", str(big), "--index", str(index), "--quiet"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while (index / ".lock.pid").read_text().strip() != str(proc.pid) if (index / ".lock.pid").exists() \
                else True:
            assert time.monotonic() < deadline and proc.poll() is None, "the ingest never took the lock"
            time.sleep(0.05)
        fresh = tmp_path / "fresh.txt"  # a second writer: it has something to write (a re-read of seeds/ has not)
        fresh.write_text("Tram vote\n\nThe council voted for a tram line on Tuesday.", encoding="utf-8")
        with pytest.raises(IndexBusy, match=f"pid {proc.pid}"):
            Library(index).add_path(fresh)
        result = CliRunner().invoke(cli, ["remove", SAMPLE_ID, "--index", str(index)])
        assert result.exit_code == 1 and f"Another ingest is writing {index} (pid {proc.pid})" in result.stderr
    finally:
        proc.kill()
        proc.wait()
    assert SAMPLE_ID in {a.id for a in Library(index).articles()}


def test_readers_keep_answering_while_a_writer_commits(seed_index_copy: Any, tmp_path: Path) -> None:
    index = seed_index_copy()
    reader = Library(index)
    writer = Library(index)
    records = squad_records(2)
    errors: list[BaseException] = []
    answers = 0
    done = threading.Event()

    def read() -> None:
        nonlocal answers
        while not done.is_set():
            try:
                answer = reader.ask("Who warned about a resurgence?")
                assert "Dalton" in answer.text
                answers += 1
            except BaseException as exc:  # any failure is the finding
                errors.append(exc)
                return

    threads = [threading.Thread(target=read) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        for i, record in enumerate(records * 3):
            writer.add_path(write_jsonl(tmp_path / f"w{i}.jsonl", [record]))
            writer.remove(record["id"])
    finally:
        done.set()
        for t in threads:
            t.join()
    assert errors == []
    assert answers > 0
    manifest = json.loads((index / "manifest.json").read_text())
    in_use = {e["name"] for e in manifest["segments"]} | set(manifest["retired"])
    assert {p.name for p in (index / "segments").iterdir()} <= in_use


HOSTILE: dict[str, Callable[[], bytes]] = {
    "random.txt": lambda: random.Random(1).randbytes(4096),
    "noisy.txt": lambda: bytes(b or 1 for b in random.Random(2).randbytes(4096)),
    "mixed.txt": lambda: "Caf\u00e9 opens\n\nThe caf\u00e9 opened.".encode() + " Z\u00fcrich".encode("latin-1"),
    "empty.md": lambda: b"",
    "spaces.txt": lambda: b" \n\t\n",
    "deep.html": lambda: b"<html><body>" + b"<div>" * 50000 + b"x" + b"</div>" * 50000 + b"</body></html>",
    "deep.json": lambda: b"[" * 100000 + b"]" * 100000,
    "bad.jsonl": lambda: b'{"id": "ok1", "text": "Ferries resume on Friday."}\n{broken\n[1, 2]\n{"id": 5}\n',
    "dupes.jsonl": lambda: b'{"id": "d", "text": "First."}\n{"id": "d", "text": "Second."}\n',
    "..%2f..%2fetc%2fpasswd.txt": lambda: b"Odd name\n\nA file whose name looks like a path.",
    "big.txt": lambda: b"word " * (21 * 2**20 // 5),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_get_one_line_and_lose_nothing(seed_index_copy: Any, tmp_path: Path, name: str) -> None:
    index = seed_index_copy()
    path = tmp_path / name
    path.write_bytes(HOSTILE[name]())
    result = CliRunner().invoke(cli, ["ingest", str(path), "--index", str(index), "--quiet"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info  # none escaped
    assert result.exit_code in (0, 1), result.output
    for line in result.stderr.splitlines():
        assert line.startswith(("skipped: ", "collision: ", "Error: ", f"{path}: ")), line
    if result.exit_code == 1:
        assert result.stderr.count("Error:") == 1
    library = Library(index)
    assert SAMPLE_ID in {a.id for a in library.articles()}
    assert "Dalton" in library.ask("Who warned about a resurgence?").text


def test_bad_jsonl_lines_are_reported_by_number(seed_index_copy: Any, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(HOSTILE["bad.jsonl"]())
    report = Library(seed_index_copy()).add_path(path)
    assert report.added == ["ok1"]
    assert [p.source for p in report.problems] == [f"{path} line {n}" for n in (2, 3, 4)]


def test_a_failing_write_is_one_line_and_the_index_is_intact(seed_index_copy: Any, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores permissions; see the disk-full case below")
    index = seed_index_copy()
    index.chmod(0o555)
    try:
        with pytest.raises(QAError, match="previous version is intact"):
            Library(index).add_path(write_jsonl(tmp_path / "batch.jsonl", squad_records(3)))
    finally:
        index.chmod(0o755)
    assert SAMPLE_ID in {a.id for a in Library(index).articles()}


def test_a_full_disk_is_one_line_and_the_index_is_intact(seed_index_copy: Any, tmp_path: Path) -> None:
    """A real ENOSPC: the index lives on a tmpfs just larger than it is."""
    source = seed_index_copy()
    size = sum(p.stat().st_size for p in source.rglob("*") if p.is_file())
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size + 300_000}", "tmpfs", str(disk)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        index = disk / "index"
        shutil.copytree(source, index)
        with pytest.raises(QAError, match="previous version is intact") as info:
            Library(index).add_path(write_jsonl(tmp_path / "batch.jsonl", squad_records(3)))
        assert "\n" not in str(info.value)
        fresh = Library(index)
        assert {a.id for a in fresh.articles()} == {SAMPLE_ID}
        assert "Melissa Dalton" in fresh.ask("Who warned about a resurgence?").text
        assert not list(index.glob(".tmp-*"))
    finally:
        subprocess.run(["umount", "--lazy", str(disk)], check=False)  # the test still maps files there


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=st.text(max_size=300))
def test_any_question_gets_an_answer_or_a_clear_error(seed_library: Library, question: str) -> None:
    try:
        answer = seed_library.ask(question)
    except QuestionError as exc:
        assert "\n" not in str(exc)
        return
    for c in answer.citations:
        assert seed_library.article(c.article_id).text[c.start:c.end] == c.text
