"""PostgreSQL as the store, beyond the parametrized core tests: sharing, filters, errors, Ray."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from qa import Library
from qa.cli import cli
from qa.documents import Article
from qa.errors import IndexBusy, StoreError
from tests.conftest import ROOT, SAMPLE_ID, SEEDS, news_records, squad_records

pytestmark = pytest.mark.postgres

HARBOUR = Article("harbour", "Harbour reopens", "The harbour at Port Ellen reopened on Tuesday after a storm "
                  "closed it for nine days, the ferry operator CalMac said.", "Islay News", None, "2024-03-05")

# A process that opened the store before the other ingested: it answers one question per line.
_ANSWERER = """
import json, sys
from qa import Library
library = Library(sys.argv[1], store=sys.argv[2])
library.ask("warm up")
print("ready", flush=True)
for line in sys.stdin:
    answer = library.ask(line.strip())
    print(json.dumps([c.article_id for c in answer.citations]), flush=True)
"""


def test_a_running_process_sees_another_process_ingest(new_database: Any, tmp_path: Path) -> None:
    uri = new_database()
    Library(tmp_path / "a", store=uri).add_path(SEEDS)
    proc = subprocess.Popen([sys.executable, "-c", _ANSWERER, str(tmp_path / "b"), uri], cwd=ROOT, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert proc.stdin is not None and proc.stdout is not None
    try:
        assert proc.stdout.readline().strip() == "ready"
        proc.stdin.write("When did the harbour at Port Ellen reopen?\n")
        proc.stdin.flush()
        assert "harbour" not in json.loads(proc.stdout.readline())
        Library(tmp_path / "a", store=uri).add_articles([HARBOUR])  # this process writes ...
        proc.stdin.write("When did the harbour at Port Ellen reopen?\n")
        proc.stdin.flush()
        assert json.loads(proc.stdout.readline())[0] == "harbour"  # ... the running one answers from it
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)


def test_filters_run_in_the_database(new_database: Any, tmp_path: Path) -> None:
    library = Library(tmp_path / "i", store=new_database())
    older = Article("older", "Harbour closed", "The harbour at Port Ellen closed on Monday because of a storm, "
                    "the ferry operator CalMac said.", "Oban Times", None, "2024-02-20")
    library.add_articles([HARBOUR, older])
    # Both articles answer it, so what each answer may cite is what the filters let retrieval return.  (A question
    # the reader answers only just, "What did CalMac say about the harbour?", was refused on one CPU and not another.)
    question = "Who operates the ferry to Port Ellen?"
    assert {p.article_id for p in library.search(question, 5)} == {"harbour", "older"}
    assert {p.article_id for p in library.search(question, 5, since="2024-03-01")} == {"harbour"}
    assert {p.article_id for p in library.search(question, 5, sources=["oban times"])} == {"older"}
    assert {c.article_id for c in library.ask(question, since="2024-03-01").citations} == {"harbour"}
    assert {c.article_id for c in library.ask(question, sources=["oban times"]).citations} == {"older"}
    assert library.ask(question, until="2023-12-31").refused


def test_a_second_writer_is_told_to_wait(new_database: Any, tmp_path: Path) -> None:
    uri = new_database()
    first, second = Library(tmp_path / "a", store=uri), Library(tmp_path / "b", store=uri)
    with first.store.lock(), pytest.raises(IndexBusy, match="Another ingest is writing"):
        second.add_articles([HARBOUR])
    second.add_articles([HARBOUR])  # the lock is free again
    assert [a.id for a in first.articles()] == ["harbour"]


@pytest.mark.parametrize(("uri", "message"), [
    ("mysql://u@localhost/db", "takes a PostgreSQL URI"),
    ("postgresql://qa:secret@127.0.0.1:9/none", "PostgreSQL at postgresql://qa:***@127.0.0.1:9/none failed"),
])
def test_bad_store_is_a_one_line_error(uri: str, message: str, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=message.replace("*", r"\*")):
        Library(tmp_path / "i", store=uri)
    result = CliRunner().invoke(cli, ["ask", "Who?", "--index", str(tmp_path / "i"), "--store", uri])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exc_info
    assert "secret" not in result.output
    assert result.stderr.count("\n") == 1 and message.split(" failed")[0] in result.stderr


def _short_articles() -> list[dict[str, str]]:
    """About twenty short articles: the news-style ones and the paragraphs of two SQuAD articles."""
    paragraphs = [[{"id": f"{r['id']}-{i}", "title": r["title"], "text": p}
                   for i, p in enumerate(r["text"].split("\n\n")) if len(p) > 200][:8] for r in squad_records(2)]
    return [*news_records(), *(a for group in paragraphs for a in group)]


def test_ray_ingestion_gives_the_same_chunks_and_answers(new_database: Any, tmp_path: Path) -> None:
    records = _short_articles()
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in records))
    plain, ray = new_database(), new_database()
    result = CliRunner().invoke(cli, ["ingest", str(feed), "--index", str(tmp_path / "p"), "--store", plain])
    assert result.exit_code == 0, result.output
    try:
        result = CliRunner().invoke(cli, ["ingest", str(feed), "--index", str(tmp_path / "r"), "--store", ray,
                                          "--ray", "--workers", "2"])
    finally:
        import ray as ray_module

        ray_module.shutdown()
    assert result.exit_code == 0, result.output
    assert f"{len(records)} added" in result.stderr

    def chunk_ids(library: Library) -> list[str]:
        with library.store.engine.connect() as conn:  # type: ignore[attr-defined]
            return [r[0] for r in conn.exec_driver_sql("SELECT id FROM qa_chunks ORDER BY id")]

    a, b = Library(tmp_path / "p", store=plain), Library(tmp_path / "r", store=ray)
    assert chunk_ids(a) == chunk_ids(b) and len(chunk_ids(a)) >= len(records)
    for question in ["How many boats were damaged in Port Avery?", "Which river drains the Amazon rainforest?",
                     "Who owns Sky?"]:
        x, y = a.ask(question), b.ask(question)
        assert (x.text, [c.start for c in x.citations]) == (y.text, [c.start for c in y.citations])


def test_a_killed_ingest_leaves_the_last_commit_and_the_next_one_cleans_up(new_database: Any, tmp_path: Path) -> None:
    uri = new_database()
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in squad_records(4)))
    cache = tmp_path / "cache"
    Library(cache, store="").add_path(feed)  # fills the embedding cache, so the kill lands in the database writes
    library = Library(cache, store=uri)
    library.add_path(SEEDS)

    def count(sql: str) -> int:
        with library.store.engine.connect() as conn:  # type: ignore[attr-defined]
            return int(conn.exec_driver_sql(sql).scalar() or 0)

    sentences = "SELECT count(*) FROM data_qa_sentences"
    before = count(sentences)
    proc = subprocess.Popen([sys.executable, "-m", "qa", "ingest", str(feed), "--index", str(cache), "--store", uri,
                             "--quiet"], cwd=ROOT, stderr=subprocess.DEVNULL)
    while proc.poll() is None and count(sentences) == before:  # its first batch of vectors is in
        time.sleep(0.01)
    proc.kill()
    proc.wait()
    articles = count("SELECT count(*) FROM qa_articles")
    assert articles in (1, 5)  # the last commit, or (had it finished) the next: never part of one
    assert library.ask("Who warned about a resurgence?").citations[0].article_id == SAMPLE_ID
    report = library.add_path(feed)
    assert len(report.added) + len(report.unchanged) == 4
    assert count(sentences) == count("SELECT sum(cardinality(sentences) / 2) FROM qa_chunks")  # no leftovers


def test_tracked_questions_live_in_the_database(new_database: Any, tmp_path: Path) -> None:
    uri = new_database()
    first = Library(tmp_path / "a", store=uri)
    first.add_articles([HARBOUR])
    tracked = first.track("How many days was the harbour at Port Ellen closed?")
    assert "nine" in (tracked.answer.short or "")
    longer = Article("longer", "Harbour closure was longer", "The harbour at Port Ellen was closed for eleven days, "
                     "not nine, CalMac said on Friday after checking its records.", "Islay News", None, "2024-03-08")
    other = Library(tmp_path / "b", store=uri)  # another machine: its folder holds no tracked questions
    other.add_articles([longer])
    (change,) = other.changes()
    assert "nine" in (change.before.short or "") and "eleven" in (change.after.short or "")
    assert change.after.citations[0].article_id == "longer"
    assert [q.answer for q in first.tracked()] == [change.after]
    assert not (tmp_path / "a" / "tracked.json").exists() and not (tmp_path / "b" / "tracked.json").exists()
