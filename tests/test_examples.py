"""The app's example questions come from the index and are answered by it (#25)."""

from __future__ import annotations

from pathlib import Path

from qa import Library
from qa.web.examples import SAMPLE_QUESTIONS, suggest_examples, title_question
from tests.conftest import write_jsonl

EVENTS = Path(__file__).resolve().parent / "data" / "events" / "articles.jsonl"


def test_examples_over_other_articles_are_made_from_their_titles(tmp_path: Path) -> None:
    library = Library(tmp_path / "index")
    library.add_path(EVENTS)
    examples = suggest_examples(library)
    assert examples and not set(examples) & set(SAMPLE_QUESTIONS)
    assert set(examples) <= {title_question("Zhejiang"), title_question("The Blitz")}
    for question in examples:  # each one is answered, from the article it was made from
        answer = library.ask(question)
        assert not answer.refused and answer.citations[0].title in question


def test_the_sample_questions_are_offered_over_the_sample(seed_library: Library) -> None:
    assert suggest_examples(seed_library) == list(SAMPLE_QUESTIONS)


def test_an_index_with_nothing_answerable_offers_no_example(tmp_path: Path) -> None:
    library = Library(tmp_path / "index")
    assert suggest_examples(library) == []
    library.add_path(write_jsonl(tmp_path / "a.jsonl", [{"id": "x", "title": "", "text": "Hm."}]))
    assert suggest_examples(library) == []
