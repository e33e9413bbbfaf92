"""An answer's later quotes add to the first one, from its article or its event, or don't appear (#25).

Over tests/data/events: two unrelated real articles (SQuAD's Wikipedia text), a Zhejiang factory's
pollution and London's shelters in the Blitz, each with someone who "warned".  A "who" question
about one used to be padded with the other's warning.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from qa import Library

EVENTS = Path(__file__).resolve().parent / "data" / "events" / "articles.jsonl"


@pytest.fixture(scope="module")
def events(tmp_path_factory: pytest.TempPathFactory) -> Library:
    library = Library(tmp_path_factory.mktemp("events") / "index")
    assert library.add_path(EVENTS).problems == []
    return library


@pytest.mark.parametrize(("question", "article", "said"), [
    ("Who warned the factory?", "zhejiang", "The environmental watchdog had warned the factory"),
    ("Who warned about the pollution?", "zhejiang", "The environmental watchdog had warned the factory"),
    ("Who warned about shelters?", "blitz", "Morrison warned"),
])
def test_a_who_answer_is_not_padded_with_another_articles_warning(events: Library, question: str, article: str,
                                                                   said: str) -> None:
    answer = events.ask(question)
    assert not answer.refused and said in answer.citations[0].text
    assert {c.article_id for c in answer.citations} == {article}


def test_a_second_quote_from_the_same_article_still_adds_to_the_answer(events: Library) -> None:
    answer = events.ask("Who said the factory failed pollution tests?")
    assert answer.short is not None and answer.short.text == "Chen Hongming"
    assert len(answer.citations) == 2 and {c.article_id for c in answer.citations} == {"zhejiang"}
