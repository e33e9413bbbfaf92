"""A short answer has the kind the question asks for: the question's kind, the span's check, and both end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa import Library
from qa.answering.kinds import asked_kind, fits


@pytest.mark.parametrize(("question", "kind"), [
    ("Which show was renewed for a second season?", "work"),
    ("Which grocery item rose most in price last month?", "thing"),
    ("Which official tested positive for the virus?", "person"),
    ("Who warned about a resurgence?", "person"),
    ("Where did the leak happen?", "place"),
    ("Which national park reopened?", "place"),
    ("Harlan was suspended for six games after a hit on Sunday. Which team does he play for?", "organisation"),
    ("How many people were hurt?", "number"),
    ("How much did the new stadium cost?", "money"),
    ("What percentage of voters backed the plan?", "percent"),
    ("When did the plant close?", "date"),
    ("In what year did the war end?", "date"),
    ("What did she say about the vote?", None),  # says no kind: not checked
    ("What is the name of the company?", None),
])
def test_the_kind_is_read_from_the_question_proper(question: str, kind: str | None) -> None:
    assert asked_kind(question) == kind


@pytest.mark.parametrize(("kind", "text", "ok"), [
    ("work", "South Korean", False),  # the show's adjective
    ("work", "Squid Game", True),
    ("thing", "27%", False),  # "which item rose most?": the rise, not the item
    ("thing", "eggs", True),
    ("person", "Health Secretary", False),  # a job title, not who
    ("person", "the health secretary", False),
    ("person", "Matt Hancock", True),
    ("person", "Messi", True),
    ("person", "Morgan", True),
    ("person", "the Institute for the Study of War", True),  # "who" may be an organisation
    ("place", "2021", False),
    ("number", "several", True),
    ("number", "Paris", False),
    ("money", "$4.2 million", True),
    ("date", "last Tuesday", True),
    ("date", "the city council", False),
    ("date", "55", False),  # "when is his sentencing?": an age, no year
    ("date", "2019", True),
    ("date", "911", True),  # "When was the Duchy of Normandy founded?"
    ("date", "Feb. 14", True),
])
def test_a_span_of_another_kind_does_not_fit(kind: str, text: str, ok: bool) -> None:
    assert fits(kind, text) is ok


@pytest.mark.parametrize(("question", "text", "ok"), [
    ("Which show was renewed?", "South Korean show", False),  # an adjective and the question's own noun
    ("Which show was renewed?", "Squid Game", True),
    ("Who founded Apple?", "Apple", False),
    ("Who founded Apple?", "Steve Jobs", True),
    ("Which Kennedy was shot in Dallas?", "John F. Kennedy", True),
])
def test_a_span_that_only_restates_the_question_does_not_fit(question: str, text: str, ok: bool) -> None:
    assert fits(asked_kind(question) or "thing", text, question) is ok


STORIES = [
    {"id": "squid", "title": "'Squid Game' renewed",
     "text": "Los Angeles CNN —\n\n'Squid Game' is officially coming back. Netflix announced on Sunday that the wildly "
             "popular South Korean show has been green-lit for a second season, after its first drew 142 million "
             "households in four weeks. Its creator, Hwang Dong-hyuk, said he was writing the new episodes."},
    {"id": "prices", "title": "Grocery prices climb",
     "text": "Washington CNN —\n\nGrocery prices rose again in May. Eggs led the increase, climbing 32% from a year "
             "earlier, while milk rose 15% and bread 11%, the Labor Department said on Friday. Economists "
             "expect prices to ease later in the year."},
    {"id": "leak", "title": "Gas leak closes plant",
     "text": "CNN —\n\nA gas leak forced the evacuation of a chemical plant in Toledo, Ohio, on Tuesday. The fire "
             "department said no one was hurt and that the plant would stay closed until Friday."},
]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    folder = tmp_path_factory.mktemp("kinds")
    (folder / "stories.jsonl").write_text("".join(json.dumps(s) + "\n" for s in STORIES), encoding="utf-8")
    library = Library(folder / "index")
    library.add_path(folder / "stories.jsonl")
    return library


@pytest.mark.parametrize(("question", "wrong"), [
    ("Which show was renewed for a second season?", {"South Korean", "South Korean show", "popular South Korean"}),
    ("Which grocery item rose the most in price?", {"32%", "32", "15%", "11%"}),
])
def test_a_short_answer_of_the_wrong_kind_is_not_shown(library: Library, question: str, wrong: set[str]) -> None:
    answer = library.ask(question)
    assert not answer.refused
    assert answer.short is None or answer.short.text not in wrong, answer.short
    if answer.short:
        text = library.article(answer.short.article_id).text
        assert text[answer.short.start:answer.short.end] == answer.short.text


@pytest.mark.parametrize("question", ["Where did the gas leak happen?", "Which plant was evacuated?",
                                      "Who announced the second season?"])
def test_a_bare_dateline_is_never_quoted_nor_the_short_answer(library: Library, question: str) -> None:
    """Today's CNN pages open with "CNN —" or "Washington CNN —" on a line of its own."""
    answer = library.ask(question)
    for citation in answer.citations:
        assert "CNN —" not in citation.text, citation.text
    assert answer.short is None or "CNN" not in answer.short.text, answer.short.text


def test_the_datelines_name_the_outlet(library: Library) -> None:
    assert {a.id: a.source for a in library.articles()} == {"squid": "CNN", "prices": "CNN", "leak": "CNN"}


def test_a_kind_check_keeps_offsets(tmp_path: Path, library: Library) -> None:
    """The short answer taken instead of the reader's best is still an exact span of its article."""
    for question in ("Which grocery item rose the most in price?", "How many households watched the first season?"):
        answer = library.ask(question)
        for c in (answer.short, *answer.citations):
            if c is not None:
                assert library.article(c.article_id).text[c.start:c.end] == c.text
