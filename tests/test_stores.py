"""Both stores behave alike: syndicated copies, the second writer, mismatch messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from qa import IndexBusy, IndexMismatch, Library
from qa.ingest.articles import Article

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
