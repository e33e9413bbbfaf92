"""News-native answers on a small realistic set: outlets, dates, syndicated copies, disagreement."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from qa import Library
from qa.cli import cli
from qa.ingest.metadata import read_date, split_header
from qa.retrieval.filters import dates_in_question, make_filters, normalize_date
from tests.conftest import SAMPLE_ID, squad_records, write_jsonl

STORY = ("A winter storm closed the harbour at Port Ellen on Monday and damaged {boats} fishing boats, "
         "the harbour master said.\n\n"
         "Waves of up to nine metres broke over the north pier, which will stay closed until repairs are done.\n\n"
         "The island council said the ferry to the mainland would resume on Thursday if the wind dropped.")
NEWS = [
    {"id": "coastal-1", "title": "Storm closes Port Ellen harbour", "source": "Coastal Times",
     "published": "2024-03-04", "url": "https://coastal.example/storm", "text": STORY.format(boats=40)},
    # The same wire story, re-published with its own header and a sign-up line.
    {"id": "island-copy", "title": "WIRE: Storm closes Port Ellen harbour", "source": "Island Daily",
     "published": "2024-03-05", "url": "https://island.example/wire-storm",
     "text": "Island Daily staff and agencies\n\n" + STORY.format(boats=40)
             + "\n\nSign up for our morning briefing to get the island's news first."},
    {"id": "herald-2", "title": "Storm damage worse than first thought", "source": "Northern Herald",
     "published": "2024-03-10", "url": "https://herald.example/damage",
     "text": "A week after the storm, the harbour master said the storm had damaged 55 fishing boats at Port "
             "Ellen, more than first reported.\n\nInsurers have received claims worth about 3 million pounds."},
    {"id": "coastal-2019", "title": "Gale hits Port Ellen", "source": "Coastal Times", "published": "2019-11-02",
     "text": "A gale in November damaged 12 fishing boats at Port Ellen, the harbour master said.\n\n"
             "No one was hurt, and the ferry ran again the next day."},
]
HTML = """<!doctype html><html><head><title>Council backs new library | Valley Post</title>
<meta property="og:site_name" content="Valley Post">
<meta property="og:title" content="Council backs new library">
<meta property="og:url" content="https://valley.example/library">
<meta property="article:published_time" content="2023-06-14T09:30:00+02:00">
</head><body><article><h1>Council backs new library</h1>
<p><time datetime="2023-06-14">14 June 2023</time></p>
<p>The town council voted on Tuesday to build a new public library on Mill Street, at a cost of 8 million euros.</p>
<p>Construction will start next spring and the library should open in 2026, the mayor said.</p>
</article></body></html>"""


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> Library:
    folder = tmp_path_factory.mktemp("news")
    write_jsonl(folder / "feed.jsonl", NEWS)
    (folder / "library.html").write_text(HTML)
    library = Library(folder / "index")
    report = library.add_path(folder)
    assert report.problems == []
    return library


def test_metadata_from_jsonl_fields_and_html_meta_tags(news: Library) -> None:
    herald = news.article("herald-2")
    assert (herald.source, herald.published, herald.url) == ("Northern Herald", "2024-03-10",
                                                             "https://herald.example/damage")
    page = news.article("library")
    assert page.title == "Council backs new library"
    assert page.source == "Valley Post"
    assert page.published == "2023-06-14"
    assert page.url == "https://valley.example/library"


def test_header_line_gives_the_outlet() -> None:
    assert split_header("Foreign Policy :Fears Rise of an ISIS Comeback") == ("Foreign Policy",
                                                                              "Fears Rise of an ISIS Comeback")
    assert split_header("Breaking :markets fall sharply at the open") is None
    assert split_header("Why the harbour closed") is None
    # An editor's colon (the speaker, then the story) and French spacing are headlines, not outlets.
    assert split_header("Campbell: E-mail row 'silly fuss'") is None
    assert split_header("Macron : la réforme des retraites adoptée") is None


@pytest.mark.parametrize(("written", "read"), [
    ("10.06.2013", "2013-06-10"),  # dotted: day first
    ("2013-06-10T23:30:00-05:00", "2013-06-10"),  # the date as written, not moved to UTC
    ("13/06/2013", "2013-06-13"), ("06/13/2013", "2013-06-13"),  # one reading only
    ("06/10/2013", None),  # June in the US, October in Britain: no date rather than a guess
    ("10.06.13", None),  # a two-digit year
    ("June 10, 2013", "2013-06-10"), ("Mon 10 Jun 2013", "2013-06-10"), ("10. Juni 2013", "2013-06-10"),
    ("June 2013", None), ("2013", None),  # no day: an article date is complete or absent
])
def test_article_dates_are_read_only_when_sure(written: str, read: str | None) -> None:
    assert read_date(written) == read


def test_date_bounds_a_user_types() -> None:
    assert [normalize_date(v) for v in ("2019", "March 2024", "10.06.2013", "March 6, 2024")] == [
        "2019-01-01", "2024-03-01", "2013-06-10", "2024-03-06"]
    with pytest.raises(ValueError, match="cannot read the since date"):
        make_filters(since="06/10/2013")


def test_syndicated_copy_is_cited_once_as_also_published(news: Library) -> None:
    answer = news.ask("How many fishing boats did the storm damage at Port Ellen on Monday?")
    ids = [c.article_id for c in answer.citations]
    assert "island-copy" not in ids
    original = next(c for c in answer.citations if c.article_id == "coastal-1")
    assert original.also_in == ("island-copy",)
    assert all(p.article_id != "island-copy" for p in news.search("storm Port Ellen fishing boats", 10))


def test_differing_figures_are_shown_with_both_sides_cited(news: Library) -> None:
    answer = news.ask("How many fishing boats did the storm damage at Port Ellen?")
    texts = " ".join(c.text for c in answer.citations)
    assert "40 fishing boats" in texts and "55 fishing boats" in texts
    assert "reports different figures" in answer.text
    assert "(Newest report: as of 2024-03-10" in answer.text
    for c in answer.citations:
        assert news.article(c.article_id).text[c.start:c.end] == c.text


@pytest.mark.parametrize(("filters", "expect", "absent"), [
    ({"since": "2024-03-08"}, "55 fishing boats", "40 fishing boats"),
    ({"until": "March 6, 2024", "since": "2024-01-01"}, "40 fishing boats", "55 fishing boats"),
    ({"sources": ["northern herald"]}, "55 fishing boats", "40 fishing boats"),
    ({"until": "2020-01-01"}, "12 fishing boats", "40 fishing boats"),
])
def test_date_and_source_filters_change_the_answer(news: Library, filters: dict[str, object], expect: str,
                                                   absent: str) -> None:
    answer = news.ask("How many fishing boats were damaged at Port Ellen?", **filters)  # type: ignore[arg-type]
    texts = " ".join(c.text for c in answer.citations)
    assert expect in texts and absent not in texts


def test_a_year_in_the_question_ranks_articles_of_that_year_first(news: Library) -> None:
    answer = news.ask("How many fishing boats were damaged at Port Ellen in 2019?")
    # Retrieval ranks the 2019 article first; the reader, which does not see dates, may lead with
    # another year's figure, and then the 2019 one is quoted beside it.
    assert "coastal-2019" in [c.article_id for c in answer.citations]
    assert news.search("How many fishing boats were damaged at Port Ellen in 2019?")[0].article_id == "coastal-2019"
    assert any("rank higher and none is left out" in n for n in answer.notes)
    assert dates_in_question("What happened last week?", date(2024, 3, 10)) == ("2024-03-03", "2024-03-10")


def test_a_year_in_the_question_does_not_hide_the_article_published_after_it(tmp_path: Path) -> None:
    """Real text (SQuAD's Wikipedia articles): the report on 2010 is dated 2011, another article 2010.

    When the year was a publication filter, only the 2010 article could answer, and it
    doesn't: the answer was a refusal.  Dates the user sets stay strict.
    """
    sky, construction = (dict(r) for r in squad_records(10) if r["id"] in ("Sky_(United_Kingdom)", "Construction"))
    sky["published"], construction["published"] = "2011-02-01", "2010-06-01"
    library = Library(tmp_path / "index")
    library.add_path(write_jsonl(tmp_path / "dated.jsonl", [sky, construction]))
    question = "How many homes had BSkyB's direct-to-home satellite service available to them in 2010?"
    answer = library.ask(question)
    assert not answer.refused and "10 million" in answer.citations[0].text
    assert answer.citations[0].article_id == "Sky_(United_Kingdom)"
    strict = library.ask(question, since="2010-01-01", until="2010-12-31")
    assert all(c.article_id == "Construction" for c in strict.citations)


def test_recent_option_prefers_newer_reports(news: Library) -> None:
    passages = news.search("fishing boats damaged Port Ellen harbour master", 3, recent=True)
    assert passages[0].article_id == "herald-2"


def test_cli_filters_and_markdown_export(news: Library) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["ask", "How many fishing boats were damaged at Port Ellen?", "--source",
                                 "Coastal Times", "--until", "2024-12-31", "--since", "2024-01-01", "--format",
                                 "markdown", "--index", str(news.path)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "**Question:** How many fishing boats were damaged at Port Ellen?" in out
    assert "40 fishing boats" in out and "55 fishing boats" not in out
    assert "*Storm closes Port Ellen harbour*, Coastal Times, 2024-03-04, <https://coastal.example/storm>" in out
    assert "also published as: island-copy" in out
    bad = runner.invoke(cli, ["ask", "Boats?", "--since", "the day after never", "--index", str(news.path)])
    assert bad.exit_code == 1 and "cannot read the since date" in bad.stderr
    listed = json.loads(runner.invoke(cli, ["list", "--json", "--index", str(news.path)]).stdout)
    assert {r["id"]: r["published"] for r in listed}["herald-2"] == "2024-03-10"


def test_removing_the_original_brings_the_copy_back(news: Library, tmp_path: Path) -> None:
    library = Library(tmp_path / "index")
    library.add_path(write_jsonl(tmp_path / "feed.jsonl", NEWS[:2]))
    library.remove("coastal-1")
    answer = library.ask("How many fishing boats did the storm damage at Port Ellen?")
    assert answer.citations[0].article_id == "island-copy" and answer.citations[0].also_in == ()


def test_the_sample_shows_its_outlet(seed_library: Library) -> None:
    answer = seed_library.ask("Who warned about a resurgence?")
    assert "Melissa Dalton" in answer.text
    assert seed_library.article(answer.citations[0].article_id).source == "Foreign Policy"
    assert answer.citations[0].article_id == SAMPLE_ID
