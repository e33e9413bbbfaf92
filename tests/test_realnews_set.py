"""The real-news set of benchmarks/realnews holds together: counts, ids, types, answers in their articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

SET = Path(__file__).resolve().parent.parent / "benchmarks" / "realnews"
TYPES = {"person", "organisation", "work", "place", "number", "date", "thing", "unanswerable"}


def read(name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (SET / name).open(encoding="utf-8") if line.strip()]


@pytest.fixture(scope="module")
def articles() -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in read("articles.jsonl")}


@pytest.fixture(scope="module")
def questions() -> list[dict[str, Any]]:
    return read("questions.jsonl")


def test_counts(articles: dict[str, dict[str, Any]], questions: list[dict[str, Any]]) -> None:
    assert len(articles) >= 40
    assert sum(not q["is_impossible"] for q in questions) >= 150
    assert sum(q["is_impossible"] for q in questions) >= 40
    assert len(read("offtopic.jsonl")) == 30


def test_ids_unique() -> None:
    for name in ("articles.jsonl", "questions.jsonl", "offtopic.jsonl"):
        ids = [r["id"] for r in read(name)]
        assert len(ids) == len(set(ids)), name
    assert not {r["id"] for r in read("questions.jsonl")} & {r["id"] for r in read("offtopic.jsonl")}


def test_articles_have_text_source_and_license(articles: dict[str, dict[str, Any]]) -> None:
    for a in articles.values():
        assert a["title"].strip() and len(a["text"]) > 500, a["id"]
        assert a["source"].strip() and a["license"].strip() and a["url"].startswith("https://"), a["id"]
        if "published" in a:
            assert len(a["published"]) == 10 and a["published"][4] == "-", a["id"]


def test_every_answer_is_in_its_article(articles: dict[str, dict[str, Any]], questions: list[dict[str, Any]]) -> None:
    for q in questions:
        assert q["type"] in TYPES, q["id"]
        assert q["article_id"] in articles, q["id"]
        assert q["question"].strip().endswith("?"), q["id"]
        if q["is_impossible"]:
            assert q["answers"] == [] and q["type"] == "unanswerable", q["id"]
        else:
            assert q["answers"] and q["type"] != "unanswerable", q["id"]
            for answer in q["answers"]:
                assert answer in articles[q["article_id"]]["text"], (q["id"], answer)


def test_every_article_is_asked_about(articles: dict[str, dict[str, Any]], questions: list[dict[str, Any]]) -> None:
    asked = {q["article_id"] for q in questions}
    assert set(articles) == asked
    assert {q["article_id"] for q in questions if q["is_impossible"]} == asked


def test_the_set_reads_as_articles(articles: dict[str, dict[str, Any]]) -> None:
    """The product reads the file as it is: every record becomes one article, ids kept."""
    from qa.ingest.articles import read_file

    read_back, problems = read_file(SET / "articles.jsonl")
    assert not problems
    assert [a.id for a in read_back] == list(articles)
    assert all(a.source == "Wikinews" for a in read_back)


def test_quiz_questions_ask_after_a_preamble_and_their_answers_are_in_their_articles(
        articles: dict[str, dict[str, Any]]) -> None:
    quiz = read("quiz.jsonl")
    assert len(quiz) == 60 and len({q["id"] for q in quiz}) == 60
    for q in quiz:
        assert q["type"] in TYPES and not q["is_impossible"]
        assert q["question"].rstrip().endswith("?") and q["question"].count(". ") >= 1, q["id"]
        assert any(a in articles[q["article_id"]]["text"] for a in q["answers"]), q["id"]
        assert not any(a.lower() in q["question"].lower() for a in q["answers"]), q["id"]


def test_news_pages_questions_keep_no_page_text() -> None:
    """The pages are their publishers' copyright: the set holds offsets into them, never their words."""
    rows = [json.loads(line) for line in (SET.parent / "news_pages" / "questions.jsonl").open(encoding="utf-8")]
    assert len(rows) == 398 and len({r["id"] for r in rows}) == 398
    assert sum(r["is_impossible"] and r["page_id"] is not None for r in rows) == 47
    for r in rows:
        assert set(r) == {"id", "page_id", "question", "style", "type", "is_impossible", "answer_spans"}
        assert r["is_impossible"] == (r["answer_spans"] == [])
        assert all(0 <= s < e for s, e in r["answer_spans"])
