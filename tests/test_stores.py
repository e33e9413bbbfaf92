"""Both stores behave alike: ranking, syndicated copies, the second writer, mismatch messages."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from qa import IndexBusy, IndexMismatch, Library
from qa.documents import Article
from tests.conftest import squad_questions, squad_records, write_jsonl

STORY = ("A winter storm closed the harbour at Port Ellen on Monday and damaged 40 fishing boats, "
         "the harbour master said.\n\n"
         "Waves of up to nine metres broke over the north pier, which will stay closed until repairs are done.")
ORIGINAL = Article("coastal-1", "Storm closes Port Ellen harbour", STORY, "Coastal Times", None, "2024-03-04")
COPY = Article("island-copy", "WIRE: Storm closes Port Ellen harbour",
               "Island Daily staff and agencies\n\n" + STORY + "\n\nSign up for our morning briefing.",
               "Island Daily", None, "2024-03-05")
OTHER = Article("herald-2", "Council approves new ferry timetable",
                "The island council approved a new ferry timetable on Tuesday, adding a late sailing on Fridays.",
                "Northern Herald", None, "2024-03-06")
QUESTION = "How many fishing boats did the storm damage at Port Ellen?"


def test_a_syndicated_copy_is_cited_once_through_its_original(store: str, tmp_path: Path) -> None:
    library = Library(tmp_path / "index")
    library.add_articles([ORIGINAL, OTHER, COPY])
    first = library.ask(QUESTION).citations[0]
    assert (first.article_id, first.also_in) == ("coastal-1", ("island-copy",))
    assert all(c.article_id != "island-copy" for c in library.ask(QUESTION).citations)
    assert [p.article_id for p in library.search(QUESTION, k=5)].count("island-copy") == 0

    library.remove("coastal-1")  # the copy answers now, on its own
    first = library.ask(QUESTION).citations[0]
    assert (first.article_id, first.also_in) == ("island-copy", ())
    assert library.article("island-copy").text[first.start:first.end] == first.text


def test_only_the_articles_named_may_answer(store: str, tmp_path: Path) -> None:
    library = Library(tmp_path / "index")
    library.add_articles([ORIGINAL, OTHER])
    assert {p.article_id for p in library.search(QUESTION, k=5, articles=["herald-2"])} == {"herald-2"}
    answer = library.ask("When is the late sailing?", articles=["herald-2"])
    assert not answer.refused and {c.article_id for c in answer.citations} == {"herald-2"}
    assert library.ask(QUESTION, articles=["herald-2"]).refused  # the storm story may not answer
    assert library.search(QUESTION, articles=[]) == []


def test_a_second_writer_waits_then_is_told_who_writes(store: str, tmp_path: Path) -> None:
    index = tmp_path / "index"
    Library(index).add_articles([OTHER])
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom qa import Library\nlibrary = Library(sys.argv[1])\n"
                               "with library.store.lock():\n    print('locked', flush=True)\n    time.sleep(60)\n",
         str(index)], stdout=subprocess.PIPE, text=True, env=os.environ.copy())
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(IndexBusy, match=rf"Another ingest is writing .* \(pid {holder.pid}\b.*wait for it"):
            Library(index).add_articles([ORIGINAL])
    finally:
        holder.kill()
        holder.wait()
    Library(index).add_articles([ORIGINAL])  # free again once the holder is gone
    assert {a.id for a in Library(index).articles()} == {"herald-2", "coastal-1"}


def test_an_index_in_another_format_names_the_rebuild(store: str, tmp_path: Path) -> None:
    index = tmp_path / "index"
    library = Library(index)
    library.add_articles([OTHER])
    if store == "folder":
        manifest = index / "manifest.json"
        manifest.write_text(json.dumps({**json.loads(manifest.read_text()), "format": 99}))
        rebuild = "qa ingest <articles> --index"
    else:
        with library.store.engine.begin() as conn:  # type: ignore[attr-defined]
            conn.exec_driver_sql("UPDATE qa_meta SET value = '99' WHERE key = 'format'")
        rebuild = "qa ingest <articles> --store"
    with pytest.raises(IndexMismatch, match=r"was written in format 99, this version reads \d+; rebuild it: ") as exc:
        Library(index)
    assert rebuild in str(exc.value)


@pytest.mark.postgres
def test_both_stores_rank_the_same_questions_alike(new_database: Any, tmp_path: Path) -> None:
    """The contract between the stores: one ranking pipeline, so the same passages come back.

    PostgreSQL's dense half is an approximate (HNSW) scan where the folder's small segments are
    searched exactly, so the tolerance is stated: the same first passage for 90 % of questions, and
    on average at least 4 of the top 5 passages shared.
    """
    records = squad_records(4)
    folder = tmp_path / "folder"
    write_jsonl(tmp_path / "articles.jsonl", records)
    Library(folder).add_path(tmp_path / "articles.jsonl")
    shutil.copytree(folder, tmp_path / "cache")  # the database's ingest reuses the folder's embedding cache
    database = Library(tmp_path / "cache", store=new_database())
    database.add_path(tmp_path / "articles.jsonl")
    questions = [q["question"] for q in squad_questions({r["id"] for r in records})][:40]
    same_first = shared = 0
    local = Library(folder)
    for question in questions:
        here = [(p.article_id, p.start) for p in local.search(question, k=5)]
        there = [(p.article_id, p.start) for p in database.search(question, k=5)]
        same_first += here[0] == there[0]
        shared += len(set(here) & set(there))
    assert same_first >= 0.9 * len(questions), (same_first, len(questions))
    assert shared >= 4 * len(questions), (shared, len(questions))
