"""Conversations that follow the thread: "he" is a person, "it" keeps the programme, "that report" is the one cited.

Over tests/data/conversations (four short articles of our own): a study led by a person at an
institution, a report on a savings programme beside a guide to another account with a different
yearly cap, and a council story with a mayor.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from qa import Library
from qa.answering.answer import Answer
from qa.chat import Chat
from qa.chat.dateline import ASKS_PUBLISHED, credited_answer
from qa.chat.followups import (
    Entity,
    Turn,
    cased,
    ellipsis,
    entities,
    entity,
    gender,
    names,
    person_name,
    phrases,
    resolve,
    thing_answered,
    untitled,
)
from qa.documents import Article
from qa.retrieval.evidence import Passage
from tests.conftest import DATA

ARTICLES = DATA / "conversations" / "articles.jsonl"
STUDY = ("The study was led by Lucas Paganini, a planetary scientist at NASA's Goddard Space Flight Center. "
         "Paganini said the vapour was released at a rate of about 2,360 kilograms per second.")


def _turn(question: str, subjects: tuple[Entity, ...] = (), answer: tuple[Entity, ...] = (),
          articles: tuple[str, ...] = (), refused: bool = False) -> Turn:
    return Turn(question, question, subjects, answer, articles, refused)


def _no_title(article_id: str) -> str | None:
    return None


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    library = Library(tmp_path_factory.mktemp("conversations") / "index", store="")
    report = library.add_path(ARTICLES)
    assert len(report.added) == 4 and not report.problems
    return library


def test_a_name_is_a_person_only_on_evidence() -> None:
    assert entity("Lucas Paganini", [STUDY]).kind == "person"  # named in full, then by surname alone
    assert entity("Goddard Space", [STUDY], asked="person").kind == "organisation"  # a cut answer, read in full
    assert entity("NASA", [STUDY]).kind == "organisation"
    assert entity("Europa", [STUDY]).kind == "thing"
    assert entities("Where does Paganini work?", [STUDY]) == (Entity("Lucas Paganini", "person", "male"),)  # "Lucas"
    assert names("Will Noah Hawley's Star Trek film open?") == ["Noah Hawley", "Star Trek"]  # a possessive splits


def test_places_and_offices_are_not_people() -> None:
    article = ("Prosecutors in the Western District of New York said the man from Inner Mongolia was held at the "
               "WoodSpring Suites hotel. New York police agreed. A hotel clerk said Mongolia was far away.")
    for name in ("Western District of New York", "Inner Mongolia", "WoodSpring Suites hotel"):
        assert entity(name, [article], asked="person").kind != "person", name
    assert entity("Zach Parise", ["Wild forward Zach Parise scored twice."]).kind == "person"  # a role before the name
    assert entity("Ann Lee", ["Ann Lee, 55, was arrested."]).kind == "person"  # an age after it


def test_he_and_she_in_one_question_are_two_people() -> None:
    before = _turn("Which police force did Rep. Ilhan Omar's office refer Patrick Carlineo's call to?",
                   subjects=(Entity("Ilhan Omar", "person"), Entity("Patrick Carlineo", "person")),
                   answer=(Entity("U.S. Capitol Police", "organisation"),))
    resolution = resolve("Where did she post her letter about his sentencing?", [before], _no_title)
    assert resolution.query == "Where did Ilhan Omar post Ilhan Omar's letter about Patrick Carlineo's sentencing?"


def test_he_never_stands_for_an_organisation() -> None:
    centre = Entity("NASA's Goddard Space Flight Center", "organisation")
    before = _turn("Which centre led the study?", answer=(centre,))
    resolution = resolve("Where does he work?", [before], _no_title)
    assert resolution.query == "Where does he work?" and resolution.unresolved == "he"  # says so, never guesses
    before = _turn("Which centre did Lucas Paganini work at?", subjects=(Entity("Lucas Paganini", "person"),),
                   answer=(centre,))
    assert resolve("How old is he?", [before], _no_title).query == "How old is Lucas Paganini?"


def test_he_and_she_go_to_a_person_of_that_gender_when_the_articles_say() -> None:
    article = ("Prosecutor Anna Berg said on Tuesday that the case was closed. Berg said she had read every "
               "statement, and her office would publish them. Mr Olsen, the accused, said he was relieved; "
               "Olsen thanked his lawyers.")
    assert entity("Anna Berg", [article]) == Entity("Anna Berg", "person", "female")
    assert entity("Tom Olsen", [article.replace("Mr Olsen", "Tom Olsen")]).gender == "male"
    before = _turn("Who closed the case against Tom Olsen?", subjects=(Entity("Tom Olsen", "person", "male"),),
                   answer=(Entity("Anna Berg", "person", "female"),))
    assert resolve("How old is he?", [before], _no_title).query == "How old is Tom Olsen?"  # not the latest person
    assert resolve("Where does she work?", [before], _no_title).query == "Where does Anna Berg work?"
    alone = _turn("Who closed the case?", answer=(Entity("Anna Berg", "person", "female"),))
    assert resolve("How old is he?", [alone], _no_title).unresolved == "he"  # says so rather than guess her
    pair = _turn("Which firm did Ann Lee, Tom Olsen's then-girlfriend, work for?",
                 subjects=(Entity("Ann Lee", "person", "female"), Entity("Tom Olsen", "thing")))
    assert resolve("How old is he?", [pair], _no_title).query == "How old is Tom Olsen?"  # a full name, not her
    # A name the question itself follows with "he" is a person's, particles and all.
    assert entities("Who beat James Van Der Beek when he was voted off?", [])[0] == \
        Entity("James Van Der Beek", "person", "male")


def test_they_that_figure_and_a_partner_named_by_a_role() -> None:
    question = "Which school did the freed teachers Ann Lee and Tom Olsen work at?"
    before = Turn(question, question, entities(question, []), (Entity("Harbor Academy", "organisation"),), ("a",),
                  False)
    assert resolve("When were they released?", [before], _no_title).query == "When were Ann Lee and Tom Olsen released?"
    claim = Turn("How much did the mayor say the repairs cost?", "How much did the mayor say the repairs cost?", (),
                 (), ("a",), False, short="$4 million")
    assert resolve("Who disputed that figure?", [claim], _no_title).query == "Who disputed the figure of $4 million?"
    # "Ann Lee, Tom Olsen's then-girlfriend": a role noun says who she is; his possessive says nothing of him.
    article = "Ann Lee, Tom Olsen's then-girlfriend, left the firm. Lee, a former actress, was not charged."
    assert gender("Ann Lee", [article]) == "female" and gender("Tom Olsen", [article], named=False) is None
    assert gender("Tom Olsen", [article]) == "male"  # his first name says it (Faker's lists)


def test_a_name_list_and_the_next_name_weigh_in_on_he_and_she() -> None:
    # "Donald" is a man's name; the "her" and "she" after him belong to the woman named next.
    article = ("She said Patrick could defeat President Donald Trump in 2020 — her top priority.\n"
               "Beth Ruffin said she didn’t know much about Patrick before Tuesday’s event.")
    assert gender("Donald Trump", [article, article]) == "male"
    assert gender("Beth Ruffin", [article]) == "female"
    # A name list never makes a person of an event: "Milan" is a man's name, "Milan Design Week" nobody.
    assert entity("Milan Design Week", ["Lamps at Milan Design Week. He said so."], asked="thing").kind == "thing"
    asked = "Who did Beth Ruffin support before Patrick?"
    before = Turn(asked, asked, (Entity("Beth Ruffin", "person", "female"),),
                  (Entity("Donald Trump", "person", "male"),), ("a",), False)
    assert resolve("What business does she own?", [before], _no_title).query == "What business does Beth Ruffin own?"


def test_who_a_short_answer_names_after_their_role_and_a_list_by_surnames() -> None:
    assert untitled("Salina South diver Keetan Munsell") == "Keetan Munsell"  # "he" is the diver
    assert untitled("Apple analyst Ming-Chi Kuo") == "Ming-Chi Kuo"  # "it" is never the analyst
    assert untitled("Monthly Notices of the Royal Astronomical Society") == \
        "Monthly Notices of the Royal Astronomical Society"
    assert names("Which showroom hosted Michael Anastassiades' lamps?") == ["Michael Anastassiades"]
    assert thing_answered("A New York man") == Entity("the New York man", "person", "male")  # "how old is he?"
    assert thing_answered("The Carlyle Group") is None  # a name, read as one
    assert cased("how old is patrick carlineo?", ["Patrick Carlineo Jr. pleaded guilty."]) == \
        "how old is Patrick Carlineo?"
    article = ("Senator Dino Melaye and Senator Ben Murray-Bruce went to court. Melaye said the police erred; "
               "Murray-Bruce agreed.")
    asked = "who did Melaye and Murray-Bruce take to court?"
    before = Turn(asked, asked, entities(asked, [article]), (), ("a",), False)
    assert resolve("how much are they demanding?", [before], _no_title).query == \
        "how much are Dino Melaye and Ben Murray-Bruce demanding?"


def test_it_keeps_the_question_subject_and_nothing_is_glued_on() -> None:
    before = _turn("When does the Harbor Savings Accounts programme open?",
                   subjects=(Entity("the Harbor Savings Accounts programme", "thing"),),
                   answer=(Entity("July 4, 2026", "thing"),), articles=("harbor-report",))
    resolution = resolve("What yearly contribution cap does it set?", [before], _no_title)
    assert resolution.query == "What yearly contribution cap does the Harbor Savings Accounts programme set?"
    assert before.question not in resolution.query
    # Only the first: a later "its" may mean what the question itself names.
    probe = _turn("Data from which spacecraft mapped Titan?", answer=(Entity("Cassini", "thing"),))
    assert resolve("Over which years did it study Saturn and its moons?", [probe], _no_title).query == \
        "Over which years did Cassini study Saturn and its moons?"
    # "it" that stands for nothing is left alone.
    assert resolve("How long did it take to open?", [before], _no_title).query == "How long did it take to open?"


def test_fragments_take_the_place_of_their_part_of_the_question() -> None:
    previous = "What was the yearly cap for an individual retirement account in 2026?"
    assert ellipsis("And in 2025?", previous) == "What was the yearly cap for an individual retirement account in 2025?"
    assert ellipsis("What about the second quarter?", "How much did sales grow in the first quarter?") == \
        "How much did sales grow in the second quarter?"
    assert ellipsis("And animal cases?", "How many human cases has the outbreak caused?") == \
        "How many animal cases has the outbreak caused?"
    assert ellipsis("And South Korea's Kospi?", "How far did Japan's Nikkei 225 fall on Tuesday?") == \
        "How far did South Korea's Kospi fall on Tuesday?"
    assert ellipsis("On what date?", "Where will the class of 2020 be honored?") == \
        "On what date will the class of 2020 be honored?"
    assert ellipsis("And the weather?", previous) is None
    # A year moved ("the year before"), a count's verb ("And injured?"), the doer ("And the volunteers?").
    assert ellipsis("And the year before?", "How many visitors came to the 2007 harbour festival?") == \
        "How many visitors came to the 2006 harbour festival?"
    assert ellipsis("And the following year?", previous) == \
        "What was the yearly cap for an individual retirement account in 2027?"
    assert ellipsis("And injured?", "How many people died in the ferry fire?") == \
        "How many people were injured in the ferry fire?"
    assert ellipsis("And the volunteers?", "How many sailors did the Coast Guard rescue near Oban?") == \
        "How many sailors did the volunteers rescue near Oban?"
    assert ellipsis("And so far this year?", "How many cars were sold in October 2019?") == \
        "How many cars were sold so far this year?"
    assert ellipsis("And to fold down?", "How long does the convertible's soft top take to close?") == \
        "How long does the convertible's soft top take to fold down?"
    assert phrases("Who proposed the new courthouse in Northfield?") == ["the new courthouse"]
    assert phrases("When was the old one built?") == []


def test_fragments_in_place_of_a_name_a_people_a_question_word_or_what_was_asked() -> None:
    assert ellipsis("And in Spain?", "How many people died of the virus in Italy?") == \
        "How many people died of the virus in Spain?"
    assert ellipsis("And Ann Lee?", "What did Tom Olsen say Coty's stock needed to do?") == \
        "What did Ann Lee say Coty's stock needed to do?"  # a full name for a full name, not "Coty"
    assert ellipsis("And Palestinians?", "How many Israelis live in the settlements?") == \
        "How many Palestinians live in the settlements?"
    assert ellipsis("And Anthony Davis's points?", "How many turnovers did LeBron James have in that game?") == \
        "How many points did Anthony Davis have in that game?"
    assert ellipsis("With which illustrator?", "Which graphic novel did Margaret Atwood launch?") == \
        "With which illustrator did Margaret Atwood launch?"
    assert ellipsis("What happened?", "Who won the race?") is None  # a question of its own, no fragment
    # What was asked, replaced, only when the article the previous answer cited speaks of the fragment.
    cited = ["Carlineo faces up to 10 years in prison and a $250,000 fine. Editing by Tom Brown."]
    assert ellipsis("And the fine?", "What is the longest prison term Carlineo could get?", cited) == \
        "What is the fine Carlineo could get?"
    assert ellipsis("And the editor?", "Who reported that story?", cited) == "Who was the editor of that story?"
    assert ellipsis("And the weather?", "What is the longest prison term Carlineo could get?", cited) is None
    verdict = ["PolitiFact rated the claim Mostly True; its verdict came after a review."]
    assert ellipsis("And the verdict?", "What weekly figure did that fact-check come up with?", verdict) == \
        "What verdict did that fact-check come up with?"
    assert ellipsis("And the fine?", "What is the longest prison term Carlineo could get?") is None


def test_fragments_typed_in_lower_case_or_about_the_story() -> None:
    assert ellipsis("and ryan hollman's", "whats christopher battin's bond in the drug bust") == \
        "whats ryan hollman's bond in the drug bust?"  # the owner changes, typed in lower case
    assert ellipsis("and the navy", "how many asylum seekers did fishermen rescue off aceh") == \
        "how many asylum seekers did the navy rescue off aceh?"
    assert ellipsis("And the Kospi?", "How much did Japan's Nikkei 225 drop on Tuesday?") == \
        "How much did the Kospi drop on Tuesday?"
    assert ellipsis("and his wife", "how old is Thomas Sam") == "how old is Thomas Sam's wife?"
    assert ellipsis("and so far this year?", "how many cars did dealers sell in October?") == \
        "how many cars did dealers sell so far this year?"
    assert ellipsis("and in the 1991 one?", "how many died in the 1990 stampede?") == \
        "how many died in the 1991 stampede?"
    # A part the question before has no place for, asked of the story the conversation is on.
    story = "Carlineo, 55, pleaded guilty. His sentencing is scheduled for Feb. 14."
    before = _turn("how old is the man who admitted threatening the congresswoman", articles=("threats",))
    asked = resolve("and the sentencing date?", [before], _no_title, lambda i: story)
    assert asked.query == "What is the sentencing date?" and asked.article == "threats"
    host = resolve("and the judge's name?", [before], _no_title, lambda i: f"{story} Judge Ann Lee presides.")
    assert host.query == "What is the judge's name?"
    hosted = resolve("and the show's host?", [before], _no_title, lambda i: "The show's host, Tom Bergeron, said so.")
    assert hosted.query == "Who is the show's host?"  # a person: who, not what
    weather = resolve("and the weather?", [before], _no_title, lambda i: story)
    assert weather.unresolved == "and the weather?" and weather.article is None  # the story never speaks of it
    assert weather.query == "What is the weather?"  # still not understood, but asked of the story as a question


def test_there_a_title_before_a_name_and_an_answer_in_lower_case() -> None:
    city = _turn("In which city were the prisoners released?", answer=(Entity("Doha", "place"),))
    assert resolve("What does the group have there?", [city], _no_title).query == "What does the group have in Doha?"
    assert resolve("Which airline flew the cat home from there?", [city], _no_title).query == \
        "Which airline flew the cat home from Doha?"
    assert resolve("Is there a fee?", [city], _no_title).query == "Is there a fee?"  # no place in "is there"
    assert resolve("Which ship is leaving there?", [city], _no_title).query == "Which ship is leaving Doha?"
    clashes = _turn("how many were hurt in the clashes at the fuel plant", subjects=(
        Entity("the clashes", "thing"), Entity("the fuel plant", "thing")))
    assert resolve("where is it?", [clashes], _no_title).query == "where is the fuel plant?"  # "it" is one thing
    assert names("Who is the spokesman on Monday?") == []  # a day is no name "their" could stand for
    esper = "U.S. Defense Secretary Mark Esper spoke in Hanoi. Esper said the ship would follow."
    assert cased("what is mark esper giving the coast guard", [esper]) == "what is Mark Esper giving the coast guard"
    assert entity("Esper", [esper]).kind == "person"  # "Defense Secretary Mark Esper", then "Esper said"
    family = "Thomas Sam, 42, and his wife Manju Sam, 36, were charged. Manju Sam said she was sorry."
    assert gender("Manju Sam", [family]) == "female"  # not the "he" of the husband who shares her surname
    assert thing_answered("a surplus American ship") == Entity("the surplus American ship", "thing")
    assert thing_answered("the first") is None


def test_pronouns_read_by_what_the_question_was_about() -> None:
    stadia = "How many games did Google's Stadia launch with?"
    before = Turn(stadia, stadia, entities(stadia, []), (), ("a",), False)
    assert resolve("Which game is its only exclusive?", [before], _no_title).query == \
        "Which game is Stadia's only exclusive?"  # what the owner owns, not the owner
    engines = "At which NASA facility were the four RS-25 engines installed?"
    before = Turn(engines, engines, entities(engines, []), (Entity("Michoud Assembly Facility", "organisation"),),
                  ("a",), False)
    assert resolve("For how long will they fire?", [before], _no_title).query == \
        "For how long will the four RS-25 engines fire?"  # "they" is plural; "At which ..." asks where they were
    centre = Entity("Metro Toronto Convention Centre", "organisation")
    venue = _turn("Where was Fan Expo Canada held?", answer=(centre,))
    assert resolve("Which novel did Margaret Atwood launch there?", [venue], _no_title).query == \
        "Which novel did Margaret Atwood launch in Metro Toronto Convention Centre?"
    car = "What will the redesigned 2020 Nissan Sentra cost?"
    before = Turn(car, car, entities(car, []), (), ("a",), False)
    assert resolve("How many did he say were sold?", [before], _no_title).unresolved == "he"  # a car is no one
    andrew = _turn("Which TV show did Prince Andrew give his interview to?",
                   subjects=(Entity("Prince Andrew", "person", "male"),), answer=(Entity("Newsnight", "thing"),))
    assert resolve("Who was the journalist he was talking to?", [andrew], _no_title).query == \
        "Who was the journalist Prince Andrew was talking to?"  # "the journalist" is not who "he" is
    assert resolve("What did the author of that guide say his toddler hid?", [andrew], _no_title).query == \
        "What did the author of that guide say his toddler hid?"  # "his" is the author's
    interview = _turn("Who was the journalist Prince Andrew was talking to?",
                      subjects=(Entity("the journalist", "person"), Entity("Prince Andrew", "person", "male")))
    host = _turn("Which show aired it?", answer=(Entity("Emily Maitlis", "person", "female"),))
    assert resolve("What did she ask about?", [host, interview], _no_title).query == \
        "What did Emily Maitlis ask about?"  # a name the articles call "she" before a role they give no gender
    # Names typed in lower case are read as the articles print them, so "he" finds them.
    article = "Patrick Carlineo Jr. threatened Rep. Ilhan Omar. Carlineo said he was sorry. officials agreed."
    typed = cased("who threatened ilhan omar? did officials hear carlineo?", [article])
    assert typed == "who threatened Ilhan Omar? did officials hear Carlineo?"  # "officials" is printed lower case too
    deaths = _turn("how many people died in italy?", articles=("deaths",))
    counts = "Officials said Italy reported 500 deaths. Spain reported 300. In Germany, 20 died."
    assert resolve("what about germany?", [deaths], _no_title, lambda i: counts).query == \
        "how many people died in Germany?"  # a fragment typed in lower case, a name as the article prints it
    glitch = "Rep. Ilhan OmarIlhan Omar said so. OmarIlhan left."  # a page's caption run into its text
    assert person_name("Ilhan OmarIlhan", glitch) is None
    assert person_name("LeBron James", "LeBron James ran; James won.") == "LeBron James"
    # A word with nothing to stand for stays, and says so; the words resolved beside it are put in.
    ford = _turn("Which firm did Tom Olsen join?", subjects=(Entity("Tom Olsen", "person", "male"),))
    partial = resolve("What did he sell there?", [ford], _no_title)
    assert partial.query == "What did Tom Olsen sell there?" and partial.unresolved == "there"
    garage = "How much heroin was found in the detached garage on Caldwell Place?"
    before = Turn(garage, garage, entities(garage, []), (), ("a",), False)
    assert resolve("Who was arrested there?", [before], _no_title).query == "Who was arrested in the detached garage?"
    assert names("Which French collective made 'Spider on the Bridge' for the festival?") == \
        ["French", "Spider on the Bridge"]  # a quoted title whole
    assert entity("Big Machine", ["Big Machine owns her masters, she said."], asked="organisation").kind != "person"
    brand = "Google launched Google Stadia on Tuesday. Google said Stadia would cost $9.99. Google expects more."
    assert entity("Google Stadia", [brand]).kind != "person"
    lakers = "LeBron James led the Los Angeles Lakers. The Lakers won; Lakers fans cheered."
    assert "Angeles Lakers" not in [e.text for e in entities("Who scored for the Los Angeles Lakers?", [lakers])]


def test_that_report_is_the_article_cited_before() -> None:
    before = _turn("When does the programme open?", articles=("harbor-report", "ira-guide"))
    resolution = resolve("Who wrote that report?", [before], lambda i: {"harbor-report": "A primer"}.get(i))
    assert resolution.article == "harbor-report" and resolution.query == "Who wrote that report?"
    chosen = resolve("How big is the cap, according to that report?", [before], lambda i: "A primer")
    assert chosen.article == "harbor-report" and chosen.query == "How big is the cap?"  # the article is chosen
    assert resolve("Who wrote that report?", [_turn("Why?", refused=True)], _no_title).unresolved == "that report"


@pytest.mark.slow
def test_a_conversation_follows_the_thread(library: Library) -> None:
    chat = library.chat()
    first = chat.ask("Who led the study that found water vapour on Europa?")
    assert not first.refused and "Paganini" in first.text
    follow = chat.ask("Where does he work?")
    assert "Asked as: Where does Lucas Paganini work?" in follow.notes
    assert "Goddard Space Flight Center" in follow.text

    chat = library.chat()
    chat.ask("When does the Harbor Savings Accounts programme open?")
    cap = chat.ask("What yearly contribution cap does it set?")
    assert cap.citations[0].article_id == "harbor-report" and "$7,500" not in cap.text  # not the other account's
    author = chat.ask("Who wrote that report?")
    assert author.short is not None and author.short.text == "Dana Whitfield"
    assert {c.article_id for c in author.citations} == {"harbor-report"}
    assert any("Answered from “Harbor Savings Accounts: a primer”" in n for n in author.notes)
    # "When was it published?": the date the report prints, quoted to the character.
    dated = chat.ask("When was that report published?")
    assert dated.short is not None and dated.short.text == "March 10, 2026"
    report = library.article("harbor-report")
    assert all(report.text[c.start:c.end] == c.text for c in (dated.short, *dated.citations))
    assert dated.citations[0].text == "Policy Review Office | March 10, 2026"
    # The festival's last day, not the report's: the verb's subject is what "when" asks about.
    assert not ASKS_PUBLISHED.search("when does the festival run until, according to that story?")
    assert ASKS_PUBLISHED.search("When did that story run?") and ASKS_PUBLISHED.search("When was it published?")


@pytest.mark.slow
def test_a_follow_up_after_a_refusal_is_asked_as_typed(library: Library) -> None:
    chat = library.chat()
    assert chat.ask("Which orchestra played at the courthouse opening in 1850?").refused
    question = "Who proposed the new courthouse in Northfield?"
    assert chat.contextual_query(question) == question
    answer = chat.ask(question)
    assert not answer.refused and "Klein" in answer.text and not any(n.startswith("Asked as") for n in answer.notes)
    # The refused turn keeps its subject: the next "it" can still lean on the question before.
    assert chat.contextual_query("How much will it cost?") == "How much will the new courthouse cost?"


class _Crowded:
    """The real library, but every question asked of all the articles is crowded out (refused): the
    case where other articles' passages outrank the one the conversation is on."""

    generator = None

    def __init__(self, library: Library) -> None:
        self.library = library
        self.asked_of: list[Sequence[str] | None] = []

    def article(self, article_id: str) -> Article:
        return self.library.article(article_id)

    def search(self, question: str, k: int = 5) -> list[Passage]:
        return self.library.search(question, k)

    def stream(self, question: str, *, k: int = 3, since: str | None = None, until: str | None = None,
               sources: Sequence[str] | None = None, recent: bool = False, query: str | None = None,
               articles: Sequence[str] | None = None) -> Iterator[Answer]:
        self.asked_of.append(articles)
        if articles is None and len(self.asked_of) > 1:
            query = "Which orchestra played at the courthouse opening in 1850?"  # the articles don't say
        return self.library.stream(question, k=k, since=since, until=until, sources=sources, recent=recent,
                                   query=query, articles=articles)


def test_a_refused_follow_up_is_asked_again_of_the_article_the_thread_is_on(library: Library) -> None:
    crowded = _Crowded(library)
    chat = Chat(crowded)
    first = chat.ask("Who led the study that found water vapour on Europa?")
    follow = chat.ask("Where does he work?")
    study = first.citations[0].article_id
    assert crowded.asked_of == [None, None, [study]]
    assert not follow.refused and "Goddard Space Flight Center" in follow.text
    assert {c.article_id for c in follow.citations} == {study}
    assert any(n.startswith("Answered from") and "the article this conversation is on" in n for n in follow.notes)
    # A question that leans on nothing before is not asked again: its refusal stands.
    alone = chat.ask("Which orchestra played at the courthouse opening in 1850?")
    assert alone.refused and crowded.asked_of[3:] == [None]


def test_that_study_answers_from_itself_or_says_it_does_not(library: Library) -> None:
    chat = library.chat()
    assert not chat.ask("Who led the study that found water vapour on Europa?").refused
    # The guide beside it prints a yearly cap; the study does not, and "that study" means the study.
    cap = chat.ask("What yearly contribution cap does that study give?")
    assert cap.refused and not cap.citations
    assert any("the article cited before, does not say" in n for n in cap.notes)
    # It prints no date: no other date of its text stands in for one, and the source's date is said, uncited.
    dated = chat.ask("When was that study published?")
    assert dated.refused and not dated.citations
    assert "“Water vapour found above Europa's surface” does not print its date; its source gives 2019-11-19." in \
        dated.notes


def test_a_word_that_stands_for_nothing_is_asked_of_the_thread_not_of_every_article(library: Library) -> None:
    crowded = _Crowded(library)
    chat = Chat(crowded)
    chat.ask("When does the Harbor Savings Accounts programme open?")
    answer = chat.ask("How old is he?")  # nobody was named: no guess among every article's people
    assert crowded.asked_of == [None, ["harbor-report"]]
    assert answer.refused and any("Could not tell what “he” stands for" in n for n in answer.notes)
    assert any("Asked of “Harbor Savings Accounts: a primer”" in n for n in answer.notes)


def test_a_name_typed_in_lower_case_in_a_refused_question_is_kept_for_the_next(library: Library) -> None:
    """A refusal cites nothing to read a name's capitals from: the articles the question was searched
    in print them, so "she" after the refusal is still the mayor."""
    chat = library.chat()
    assert chat.ask("which orchestra played when mayor rosa klein opened the old courthouse in 1911?").refused
    assert Entity("Rosa Klein", "person", "female") in chat.turns[-1].subjects  # "Rosa": a woman's name
    assert chat.contextual_query("what did she propose?") == "what did Rosa Klein propose?"


def test_the_outlet_and_the_writer_are_the_credits_the_article_prints() -> None:
    wire = Article("wire", "Deportees return", "NEW DELHI: Nearly 150 Indians returned home on Wednesday.\n"
                   "They landed at Terminal 3 of the airport. PTI\nComments", source="India Post")
    agency = credited_answer(wire, "Which news agency is that story from?")
    assert agency is not None and agency.short is not None and agency.short.text == "PTI"
    dated = Article("moon", "Water on a moon", "HONOLULU, Hawaii (HawaiiNewsNow) - Scientists found water vapour.\n"
                    "(Reporting by Ann Lee; Editing by Tom Olsen)\n"
                    "Copyright 2019 Hawaii News Now. All rights reserved.", source="https://www.hawaiinewsnow.com")
    for question, credit in (("Which news station published that story?", "HawaiiNewsNow"),
                             ("Who wrote that story?", "Ann Lee")):
        answer = credited_answer(dated, question)
        assert answer is not None and answer.short is not None and answer.short.text == credit
        assert all(dated.text[c.start:c.end] == c.text for c in (answer.short, *answer.citations))
    # Nothing printed, or another question: the reader reads it.
    assert credited_answer(Article("bare", "Bare", "Scientists found water vapour.", source="X"),
                           "Who wrote that story?") is None
    assert credited_answer(dated, "Which outlet's story does that piece link to?") is None



def test_a_person_a_time_or_a_count_in_place_of_their_part_of_the_question() -> None:
    game = "Mary Holt scored 25 points on Friday. Holt also had nine assists, and Ruth Dale scored 30."
    assert ellipsis("And Mary?", "How many points did Ruth Dale score on Friday?", [game]) == \
        "How many points did Mary Holt score on Friday?"  # a first name: the person, in place of the person
    assert ellipsis("And the Canadian?", "Who was the Danish sailor rescued in the storm?") == \
        "Who was the Canadian sailor rescued in the storm?"  # never "the the Canadian"
    assert ellipsis("And Manju?", "How old is he?") == "How old is Manju?"
    price = "what was the average price of a new car sold in the valley in october?"
    earlier = ellipsis("and a year earlier?", price)
    assert earlier == "what was the average price of a new car sold in the valley in october a year earlier?"
    assert ellipsis("what about october 2015?", earlier or "") == \
        "what was the average price of a new car sold in the valley in october 2015?"
    assert ellipsis("and over the whole of last year?", "how many cars did dealers sell in october?") == \
        "how many cars did dealers sell over the whole of last year?"
    clashes = _turn("How many people died in the clashes at the plant?")
    assert resolve("And how many were hurt?", [clashes], _no_title).query == \
        "How many people were hurt in the clashes at the plant?"


def test_an_office_before_a_name_a_pronoun_the_question_binds_and_an_event() -> None:
    assert untitled("U.S. Defense Secretary Mark Esper") == "Mark Esper"
    assert untitled("Goddard Space Flight Center") == "Goddard Space Flight Center"
    chief = "Interim BART Police Chief Ed Alvarez spoke on Tuesday. Alvarez said the train stopped."
    assert entity("Ed Alvarez", [chief]).kind == "person"  # "Police" is the office's, not his
    visit = "Which prison did U.S. Defense Secretary Mark Esper visit in Hanoi?"
    esper = Turn(visit, visit, entities(visit, []), (Entity("Hoa Lo prison", "place"),), ("a",), False)
    mccain = _turn("Which late senator was held there?", answer=(Entity("John McCain", "person", "male"),))
    assert resolve("Which institution did Esper give his speech to?", [esper, mccain], _no_title).query == \
        "Which institution did Esper give his speech to?"  # "his" is Esper's, who the question names
    happened = resolve("Which city was the train pulling into when it happened?", [esper], _no_title)
    assert happened.unresolved == "it"  # the event the story tells: asked of the story as typed
    hotel = _turn("Which hotel did he take her to?", answer=(Entity("Forest Hill's WoodSpring Suites hotel", "thing"),),
                  subjects=(Entity("Fort Worth", "place"),))
    assert resolve("What time did police arrive there?", [hotel], _no_title).query == \
        "What time did police arrive in Forest Hill's WoodSpring Suites hotel?"  # the answer's hotel, not the city
    arrests = "Christopher D. Battin, 33, was held on a $516,000 bond."
    assert cased("how old is christopher battin", [arrests]) == "how old is Christopher Battin"
    kidnap = ("Michael Webb grabbed the girl as she and her mother walked home. Webb drove her to a motel. "
              "Webb kept her there. Michael Webb, 51, was convicted.")
    assert gender("Michael Webb", [kidnap]) != "female"  # the words after his name are about the girl


def test_they_after_a_count_and_that_piece_before_any_article(library: Library) -> None:
    count = _turn("How many candidates are on the debate stage Wednesday?", answer=())
    assert resolve("Where are they meeting?", [count], _no_title).query == "Where are the candidates meeting?"
    chat = library.chat()
    assert chat.ask("Which orchestra played at the courthouse opening in 1850?").refused
    piece = chat.ask("Who wrote that piece?")  # nothing cited yet: any article's writer would be a guess
    assert piece.refused and not piece.citations
    assert any("No article has been cited in this conversation yet, so “that piece” stands for none" in n
               for n in piece.notes)
    jam = Article("jam", "Pear jam", "By Ann Lee\nPears, honey and lemon.")
    recipe = credited_answer(jam, "Who wrote this recipe?")
    assert recipe is not None and recipe.short is not None and recipe.short.text == "Ann Lee"


def test_it_is_read_both_ways_and_the_surer_reading_kept(tmp_path: Path) -> None:
    screen = _turn("How big is the touchscreen in the 2020 Nissan Sentra?",
                   subjects=(Entity("the touchscreen", "thing"), Entity("the 2020 Nissan Sentra", "thing")))
    resolution = resolve("How many airbags does it have?", [screen], _no_title)
    assert resolution.query == "How many airbags does the touchscreen have?"
    assert resolution.instead == "How many airbags does the 2020 Nissan Sentra have?"
    assert resolve("Where does he work?", [screen], _no_title).instead is None  # only "it" has another reading
    cars = tmp_path / "cars.jsonl"
    cars.write_text(json.dumps({"id": "sentra", "title": "Nissan unveils the 2020 Sentra", "text": (
        "Nissan has unveiled the all-new 2020 Nissan Sentra, a compact sedan that goes on sale in January. "
        "Inside, the dashboard is built around an 8-inch touchscreen with Apple CarPlay and Android Auto. "
        "For safety, the Sentra comes with 10 airbags and automatic emergency braking as standard. "
        "Prices start at $19,090, Nissan said.")}) + "\n" +
        json.dumps({"id": "phones", "title": "Phone makers chase bigger screens", "text": (
            "Phone makers keep stretching their displays. The new Pixel has a 6.3-inch screen, and Apple's largest "
            "iPhone now has a 6.7-inch display. Analysts expect foldable phones to sell 20 million units.")}) + "\n")
    library = Library(tmp_path / "index", store="")
    library.add_path(cars)
    chat = library.chat()
    assert chat.ask("How big is the touchscreen in the 2020 Nissan Sentra?").short_text == "8-inch"
    airbags = chat.ask("How many airbags does it have?")
    assert airbags.short_text == "10"
    assert airbags.notes[:2] == ("Asked as: How many airbags does the 2020 Nissan Sentra have?",
                                 "“it” could also be “the touchscreen”; the articles answer this reading more surely.")
    assert chat.turns[-1].asked == "How many airbags does the 2020 Nissan Sentra have?"  # the next turn reads this


def test_a_name_after_a_who_a_place_by_its_last_word_and_a_class_for_a_class() -> None:
    review = entity("John Milbank RRP", [], "person")  # the reader's span ran past the writer's name
    assert (review.text, review.kind) == ("John Milbank", "person")
    assert ellipsis("what about New Territories East",
                    "Who got the most votes in Kowloon East in the 2016 Hong Kong legislative election?") == \
        "Who got the most votes in New Territories East in the 2016 Hong Kong legislative election?"
    assert ellipsis("And in 6A?", "who won the 5-1a diving title at the kansas state swim meet") == \
        "who won the 6A diving title at the kansas state swim meet?"
