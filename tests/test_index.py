"""The segmented index: incremental commits, merges, removal, and the approximate dense index."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from qa import Library
from qa.documents import Article
from tests.conftest import squad_questions, squad_records


def _articles(n: int) -> list[Article]:
    return [Article(id=r["id"], title=r["title"], text=r["text"], source="squad") for r in squad_records(n)]


def _manifest(library: Library) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads((library.path / "manifest.json").read_text())
    return manifest


def _questions(articles: list[Article], n: int) -> list[dict[str, str]]:
    return squad_questions({a.id for a in articles})[:n]


@pytest.fixture(scope="module")
def one_shot(tmp_path_factory: pytest.TempPathFactory) -> Library:
    library = Library(tmp_path_factory.mktemp("one-shot") / "index")
    library.add_articles(_articles(8))
    return library


def _library(path: Path, one_shot: Library) -> Library:
    """A new index that starts with one_shot's embedding cache (so nothing is embedded twice)."""
    path.mkdir()
    shutil.copy(one_shot.path / "embeddings.sqlite", path / "embeddings.sqlite")
    return Library(path)


@pytest.mark.slow
def test_article_by_article_ingest_answers_like_one_batch(one_shot: Library, tmp_path: Path) -> None:
    library = _library(tmp_path / "index", one_shot)
    for article in _articles(8):
        library.add_articles([article])
    assert len(_manifest(library)["segments"]) > 1  # merged into a few, not one per ingest
    assert library.info().chunks == one_shot.info().chunks
    for q in _questions(_articles(8), 60):
        mine, theirs = library.search(q["question"], 3), one_shot.search(q["question"], 3)
        assert [(p.article_id, p.start, p.end) for p in mine] == [(p.article_id, p.start, p.end) for p in theirs]


def test_a_small_ingest_leaves_a_large_segment_untouched(one_shot: Library, tmp_path: Path) -> None:
    library = _library(tmp_path / "index", one_shot)
    library.add_articles(_articles(8))
    big = _manifest(library)["segments"][0]["name"]
    vectors = library.path / "segments" / big / "vectors.npy"
    written = vectors.stat().st_mtime_ns
    library.add_articles([Article(id="ferry", title="Ferries", text="Ferries to Lundy resume on Friday.")])
    names = [e["name"] for e in _manifest(library)["segments"]]
    assert names[0] == big and len(names) == 2 and vectors.stat().st_mtime_ns == written
    answer = library.ask("When do ferries to Lundy resume?")
    assert answer.citations[0].article_id == "ferry"


def test_removed_and_replaced_articles_are_gone_and_merges_drop_them(one_shot: Library, tmp_path: Path) -> None:
    library = _library(tmp_path / "index", one_shot)
    articles = _articles(4)
    library.add_articles(articles)
    question = _questions(articles[:1], 1)[0]["question"]
    assert library.search(question, 1)[0].article_id == articles[0].id
    library.remove(articles[0].id)
    assert _manifest(library)["dead"]  # marked, not rewritten
    assert all(p.article_id != articles[0].id for p in library.search(question, 10))
    changed = Article(id=articles[1].id, title=articles[1].title, text=articles[1].text + " Revised.")
    library.add_articles([changed])
    assert library.article(articles[1].id).text.endswith("Revised.")
    assert [a.id for a in library.articles()] == [articles[2].id, articles[3].id, articles[1].id]
    for _ in range(3):  # enough small ingests to merge into the first segment
        library.add_articles(_articles(4)[2:])
        library.add_articles([Article(id="x", title="X", text=f"Filler text number {_} about nothing.")])
    for c in library.ask(question).citations:
        assert library.article(c.article_id).text[c.start:c.end] == c.text


@pytest.mark.slow
def test_large_segments_get_an_ivf_index_that_finds_what_exact_search_finds(
        one_shot: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_APPROXIMATE_ABOVE", "500")  # the 8 articles hold ~1,000 sentence vectors
    library = _library(tmp_path / "index", one_shot)
    library.add_articles(_articles(8))
    assert [e["dense"] for e in _manifest(library)["segments"]] == ["ivf-sq8"]
    assert (library.path / "segments" / _manifest(library)["segments"][0]["name"] / "dense.faiss").exists()
    questions = _questions(_articles(8), 60)
    agree = sum(library.search(q["question"], 1)[0].start == one_shot.search(q["question"], 1)[0].start
                for q in questions)
    assert agree >= 0.95 * len(questions)


def test_segment_names_are_never_reused(tmp_path: Path) -> None:
    """A reader caches segments by name: a name must never come back with other content."""
    library = Library(tmp_path / "index")
    library.add_articles([Article(id="a", title="A", text="Ferries to Lundy resume on Friday after the storm. " * 20)])
    library.add_articles([Article(id="b", title="B", text="The council approved the tram extension on Monday.")])
    used = _manifest(library)["last_segment"]
    library.remove("b")
    library.remove("a")  # two commits: the removed segments are retired, then pruned
    library.add_articles([Article(id="c", title="C", text="Wheat harvest expected to fall by a third.")])
    assert _manifest(library)["segments"][-1]["name"] > used
    assert [a.id for a in library.articles()] == ["c"]


def test_an_article_without_words_is_its_own_segment_and_breaks_nothing(tmp_path: Path) -> None:
    library = Library(tmp_path / "index")
    library.add_articles([Article(id="a", title="A", text="Ferries to Lundy resume on Friday after the storm.")])
    library.add_articles([Article(id="p", title="", text=' } " ')])  # found by the fuzz benchmark
    assert {a.id for a in library.articles()} == {"a", "p"}
    assert library.ask("When do ferries to Lundy resume?").citations[0].article_id == "a"
