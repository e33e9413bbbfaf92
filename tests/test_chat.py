"""Conversations and the words of a question: follow-ups that say "he", dates that never hide evidence.

Over tests/data/followups: an undated article about Nicholas Negroponte's $100
laptop (and his 1995 book), and two dated articles about a cheap phone and an
e-book author.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from qa import Library
from qa.cli import cli
from tests.conftest import DATA

FOLLOWUPS = DATA / "followups" / "articles.jsonl"
BOOK = "Being Digital"


@pytest.fixture(scope="module")
def followups(tmp_path_factory: pytest.TempPathFactory) -> Library:
    library = Library(tmp_path_factory.mktemp("followups") / "index", store="")
    report = library.add_path(FOLLOWUPS)
    assert len(report.added) == 3 and not report.problems
    return library


def test_a_pronoun_follow_up_retrieves_with_the_person(followups: Library) -> None:
    chat = followups.chat()
    first = chat.ask("Who is developing a laptop for under $100?")
    assert "Nicholas Negroponte" in first.citations[0].text
    assert chat.contextual_query("What book did he publish?") == "What book did Nicholas Negroponte publish?"
    follow = chat.ask("What book did he publish?")
    assert BOOK in follow.citations[0].text  # not the laptop sentence again (it may follow, introducing him)
    assert follow.short is not None and BOOK in follow.short.text  # the reader reads follow-ups too


def test_possessives_and_objects_become_the_name() -> None:
    from qa.chat.followups import substitute_person as _substitute

    assert _substitute("What was his first book?", "Ann Lee") == "What was Ann Lee's first book?"
    assert _substitute("Who interviewed her?", "Ann Lee") == "Who interviewed Ann Lee?"
    assert _substitute("What did her report say?", "Ann Lee") == "What did Ann Lee's report say?"
    assert _substitute("Which think tank is she with?", "Ann Lee") == "Which think tank is Ann Lee with?"


def test_only_names_the_article_also_uses_alone_are_people() -> None:
    from qa.chat.followups import people as _people

    article = ("Nicholas Negroponte, of the Media Lab at MIT, spoke. Mr Negroponte said the Islamic State "
               "was not his topic. The Media Lab agreed.")
    assert list(_people(article.split(".")[0], article)) == ["Nicholas Negroponte"]
    assert list(_people("The Islamic State and the Media Lab", article)) == []


def test_it_stands_for_the_thing_the_question_was_about(followups: Library) -> None:
    chat = followups.chat()
    chat.ask("Who is developing a laptop for under $100?")
    assert chat.contextual_query("How much would it cost?") == "How much would a laptop cost?"  # nothing glued on


@pytest.mark.usefixtures("store")
def test_a_year_in_the_question_leaves_no_article_out_and_says_so(store: str, tmp_path: Path) -> None:
    library = Library(tmp_path / "index")
    library.add_path(FOLLOWUPS)
    answer = library.ask("What book did Negroponte publish in 1995?")
    assert not answer.refused and BOOK in answer.citations[0].text  # the undated article still answers
    assert any("1995-01-01 to 1995-12-31" in n and "none is left out" in n for n in answer.notes)
    # Dates the user sets are kept strictly: an undated article is outside them.
    strict = library.ask("What book did Negroponte publish in 1995?", since="1995-01-01", until="1995-12-31")
    assert BOOK not in strict.text and not any("question names a date" in n for n in strict.notes)
    # A question without a date gets no note.
    assert library.ask("What book did Negroponte publish?").notes == ()


def test_an_unknown_outlet_is_named_with_the_outlets_there_are(followups: Library) -> None:
    answer = followups.ask("Who is developing a phone?", sources=["Unknown Outlet"])
    assert answer.refused
    assert answer.notes == ("No article is from 'Unknown Outlet'; the outlets in the index are: Northfield Courier.",)
    known = followups.ask("Who is developing a phone?", sources=["northfield courier"])
    assert not known.refused and known.notes == ()
    result = CliRunner().invoke(cli, ["ask", "Who is developing a phone?", "--source", "Unknown Outlet",
                                      "--index", str(followups.path)])
    assert result.exit_code == 0, result.output
    assert "Note: No article is from 'Unknown Outlet'; the outlets in the index are: Northfield Courier." \
        in result.stderr
