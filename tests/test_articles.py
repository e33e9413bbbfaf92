"""Reading files into Articles: every format, and the bad ones."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from qa.documents import Article
from qa.errors import ArticleError, IdCollision
from qa.ingest.articles import iter_files, read_file, read_path
from qa.ingest.cleaning import clean_text
from tests.conftest import SAMPLE_ID, SEEDS, write_jsonl

HTML = """<!doctype html><html><head><title>Harbour reopens after storm</title>
<meta property="og:site_name" content="Coast Gazette">
<meta property="article:published_time" content="2024-03-05T08:00:00Z">
<style>body { color: red }</style><script>var tracking = "do not index";</script></head>
<body><nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article><h1>Harbour reopens after storm</h1>
<p>The harbour at Port Ellen reopened on Tuesday after a storm closed it for six days, the harbour master said.</p>
<p>Fishing boats returned to sea within hours, and the ferry service will resume its full timetable on Friday.</p>
<p>Repairs to the north pier will cost about 2 million pounds, according to the island council.</p>
</article><footer>Copyright Coast Gazette</footer></body></html>"""


def test_txt_title_is_first_line_and_furniture_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "storm.txt"
    path.write_text("Storm closes harbour\r\n\r\nThe harbour closed on Monday.\r\nAd Feedback\r\n\r\nOther news\r\n")
    (article,), problems = read_file(path)
    assert problems == []
    assert article.id == "storm"
    assert article.title == "Storm closes harbour"
    assert article.text == "Storm closes harbour\n\nThe harbour closed on Monday."


def test_markdown_title_drops_the_heading_marks(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("# Council budget\n\nThe council approved the budget.\n")
    (article,), _ = read_file(path)
    assert article.title == "Council budget"
    assert "approved the budget" in article.text


def test_html_keeps_the_article_and_drops_script_style_nav(tmp_path: Path) -> None:
    path = tmp_path / "harbour.html"
    path.write_text(HTML)
    (article,), _ = read_file(path)
    assert article.title == "Harbour reopens after storm"
    assert "reopened on Tuesday" in article.text and "2 million pounds" in article.text
    for junk in ("tracking", "color: red", "Home", "Copyright"):
        assert junk not in article.text
    assert article.source == "Coast Gazette"
    assert article.published and article.published.startswith("2024-03-05")


def test_json_record_and_list(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"id": "a1", "title": "T", "text": "Body.", "url": "https://x.test/a1",
                               "published": "2024-01-02"}))
    (article,), _ = read_file(one)
    assert (article.id, article.title, article.url, article.published) == ("a1", "T", "https://x.test/a1",
                                                                            "2024-01-02")
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": "First body."}, {"text": "Second body."}]))
    articles, _ = read_file(many)
    assert [a.id for a in articles] == ["many-1", "many-2"]


def test_jsonl_reports_bad_lines_and_keeps_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "x", "title": "X", "text": "Good one."}\n{not json\n{"id": "y"}\n'
                    '{"id": "z", "text": "Also good."}\n')
    articles, problems = read_file(path)
    assert [a.id for a in articles] == ["x", "z"]
    assert [str(p) for p in problems] == ["feed.jsonl line 2: invalid JSON: Expecting property name enclosed "
                                          "in double quotes", "feed.jsonl line 3: record has no 'text'"]


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("empty.txt", b"   \n\n", "no text"),
    ("binary.txt", b"\x00\x01\x02garbage", "binary file"),
    ("slides.pptx", b"PK\x03\x04", "unsupported file type"),
    ("slides.pdf", b"%PDF-1.4", "damaged"),
    ("memo.docx", b"%PDF-1.4", "not a readable Word"),
    ("broken.json", b'{"id": 1,', "invalid JSON"),
])
def test_bad_files_raise_one_line_errors(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ArticleError, match=reason) as info:
        read_file(path)
    assert "\n" not in str(info.value) and str(info.value).startswith(name)


def test_latin1_file_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "cafe.txt"
    path.write_bytes("Café owners in Zürich protested the new rent rules on Monday morning.".encode("latin-1"))
    (article,), _ = read_file(path)
    assert "Zürich" in article.text


def test_iter_files_recurses_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    for p in ("b.txt", "sub/a.md", ".hidden.txt", ".git/x.txt"):
        (tmp_path / p).write_text("text")
    assert [p.relative_to(tmp_path).as_posix() for p in iter_files(tmp_path)] == ["b.txt", "sub/a.md"]
    with pytest.raises(ArticleError, match="no such file"):
        list(iter_files(tmp_path / "missing"))


def test_clean_text_keeps_real_sentences_that_mention_sources() -> None:
    text = "Source: Reuters\nThe source said the deal was done.\n0:42\nVideo duration: 2:15"
    assert clean_text(text) == "The source said the deal was done."


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_files_with_one_name_in_different_folders_keep_apart(tmp_path: Path) -> None:
    bbc = write(tmp_path / "bbc", {
        "business/001.txt": "Ad sales boost Time Warner profit\n\nQuarterly profits at TimeWarner jumped.",
        "tech/001.txt": "Mobile gig aims to rock 3G\n\nForget about going to a crowded bar to enjoy a gig.",
        "tech/sub/001.md": "# Games win for Blinx\n\nThe sequel to the Xbox hit was crowned best game.",
    })
    articles, problems = read_path(bbc)
    assert problems == []
    assert [a.id for a in articles] == ["business/001", "tech/001", "tech/sub/001"]
    assert [a.origin for a in articles] == [str((bbc / p).resolve()) for p in
                                            ("business/001.txt", "tech/001.txt", "tech/sub/001.md")]
    (alone,), _ = read_path(bbc / "tech" / "001.txt")  # a file on its own keeps its stem
    assert (alone.id, alone.origin) == ("001", str((bbc / "tech" / "001.txt").resolve()))
    assert alone.content_hash == replace(alone, origin=None).content_hash  # moving a folder re-embeds nothing


def test_two_files_giving_one_id_are_reported_with_both_paths(tmp_path: Path) -> None:
    root = write(tmp_path / "in", {"a/x.md": "# First\n\nThe first text.", "a/x.txt": "Second\n\nThe second text.",
                                   "b.txt": "Other\n\nAnother text."})
    articles, problems = read_path(root)
    assert [(a.id, a.title) for a in articles] == [("a/x", "First"), ("b", "Other")]
    (problem,) = problems
    assert isinstance(problem, IdCollision) and problem.exit_code == 1
    assert (problem.article_id, problem.kept, problem.skipped) == ("a/x", str((root / "a/x.md").resolve()),
                                                                   str((root / "a/x.txt").resolve()))
    assert str(problem).startswith(f"{root.resolve()}/a/x.txt: id 'a/x' is already taken by {root.resolve()}/a/x.md")
    assert "rename one" in str(problem) and "\n" not in str(problem)


def test_jsonl_records_keep_their_ids_and_a_repeated_id_is_reported(tmp_path: Path) -> None:
    root = write(tmp_path / "feeds", {
        "wire/feed.jsonl": '{"id": "s1", "text": "One."}\n{"text": "No id here."}\n{"id": "s1", "text": "Again."}\n',
    })
    articles, (problem,) = read_path(root)
    assert [a.id for a in articles] == ["s1", "wire/feed-2"]
    where = str((root / "wire" / "feed.jsonl").resolve())
    assert isinstance(problem, IdCollision)
    assert (problem.kept, problem.skipped) == (f"{where} line 1", f"{where} line 3")


def test_errors_name_the_file_as_given_below_the_folder(tmp_path: Path) -> None:
    root = write(tmp_path / "in", {"tech/empty.txt": " \n", "tech/ok.txt": "Fine\n\nA text."})
    articles, (problem,) = read_path(root)
    assert [a.id for a in articles] == ["tech/ok"]
    assert str(problem) == f"{root}/tech/empty.txt: no text"
    with pytest.raises(ArticleError, match="no such file"):
        read_path(tmp_path / "missing")


def test_articles_stored_without_origin_still_load() -> None:
    stored = {"id": "001", "title": "T", "text": "Body.", "source": "", "url": None, "published": None}
    assert Article(**stored).origin is None  # type: ignore[arg-type]


def test_a_headline_with_a_colon_stays_a_headline(tmp_path: Path) -> None:
    (article,), _ = read_path(write(tmp_path, {"politics/009.txt": "Campbell: E-mail row 'silly fuss'\n\n"
                                               "Ex-No 10 media chief Alastair Campbell is at the centre of a row."}))
    assert (article.title, article.source) == ("Campbell: E-mail row 'silly fuss'", "")


def test_the_sample_keeps_its_outlet_from_the_scraped_header() -> None:
    (article,), _ = read_path(SEEDS / f"{SAMPLE_ID}.txt")
    assert (article.source, article.title) == ("Foreign Policy", "Fears Rise of an ISIS Comeback")


def test_outlets_come_from_a_dateline_or_byline_never_from_a_file_name(tmp_path: Path) -> None:
    records = [
        {"id": "cnn", "title": "Subway fares rise", "text": "New York CNN — Subway fares will rise to $3 in August."},
        {"id": "ap", "title": "Storm", "text": "MIAMI (AP) — A storm closed schools on Monday."},
        {"id": "byline", "title": "Vote", "text": "By Jane Doe, Associated Press\n\nThe vote was close."},
        {"id": "staff", "title": "Fair", "text": "By Jane Doe, Staff Writer\n\nThe fair opened."},
        {"id": "plain", "title": "Dam", "text": "LONDON — The dam will open in May."},
        {"id": "given", "title": "Fees", "source": "Valley Post", "text": "New York CNN — Fees rise."},
        {"id": "bare", "title": "Leak", "text": "CNN —\n\nA leak closed the plant."},
        {"id": "ticker", "title": "Shares", "text": "Apple (AAPL) - shares rose."},
    ]
    articles, _ = read_path(write_jsonl(tmp_path / "articles.jsonl", records))
    assert {a.id: a.source for a in articles} == {"cnn": "CNN", "ap": "AP", "byline": "Associated Press",
                                                  "staff": "", "plain": "", "given": "Valley Post",
                                                  "bare": "CNN", "ticker": ""}
    (page,), _ = read_path(write(tmp_path, {"009.txt": "Storm closes harbour\n\nThe harbour closed."}) / "009.txt")
    assert page.source == ""


def test_a_date_printed_in_the_page_beats_the_metadata(tmp_path: Path) -> None:
    # A DW-style page: its title prints 10.06.2013; the sidebar's teaser dates are what
    # trafilatura's metadata guess picks up (2019-08-01).
    teasers = "".join(f'<div><a href="/a/{i}">Story {i}</a><span class="date">{d}</span></div>'
                      for i, d in enumerate(("01.08.2019", "19.07.2019")))
    body = ("<p>One of Germany's smallest wine regions makes some of its boldest red wines, and no grape there "
            "invites as much intrigue as the early pinot.</p><p>Some 530 hectares of vines produce around 4.5 "
            "million bottles of wine a year, so the early pinot is hard to find outside the valley.</p>")
    page = (f'<html><head><title>Uncork the Ahr valley | Culture | DW | 10.06.2013</title><meta property="og:site_name"'
            f' content="DW.COM"><meta property="og:title" content="Uncork the Ahr valley | DW | 10.06.2013"></head>'
            f"<body><article><h1>Uncork the Ahr valley</h1>{body}</article><aside>{teasers}</aside></body></html>")
    undated = page.replace(" | 10.06.2013", "")
    h1 = "<h1>Uncork the Ahr valley</h1>"
    byline = undated.replace(h1, f"{h1}<p>By Ann Lee</p><time>15. Mai 2019, 05:28 Uhr</time>")
    labelled = undated.replace("<aside>", "<ul><li>Date</li><li>23.05.2011</li></ul><aside>")
    unsure = undated.replace(h1, f"{h1}<p>06/10/2013</p>")  # June or October: no date rather than a guess
    # A teaser's date after the article's first paragraph is not the article's.
    related = undated.replace("<title>", '<meta property="article:published_time" content="2022-08-14"><title>') \
        .replace(body, body.replace("</p>", "</p><p>Read also</p><p>14/08/2021</p><p>Swiss wine festival</p>", 1))
    root = write(tmp_path, {"title.html": page, "byline.html": byline, "labelled.html": labelled,
                            "unsure.html": unsure, "related.html": related,
                            "plain.txt": "Harbour reopens\n\nMonday 10 June 2013\n\nBoats returned.",
                            "event.txt": "Harbour reopens\n\nThe storm of 10 June 2013 is over."})
    found = {a.id: a for a in read_path(root)[0]}
    assert {k: a.published for k, a in found.items()} == {
        "title": "2013-06-10", "byline": "2019-05-15", "labelled": "2011-05-23", "unsure": None,
        "related": "2022-08-14", "plain": "2013-06-10", "event": None}
    assert found["title"].title == "Uncork the Ahr valley"  # the outlet and date are not part of the headline


def test_a_site_name_that_repeats_the_headline_is_no_outlet(tmp_path: Path) -> None:
    page = ('<html><head><title>Student halls too full to be safe, experts warn</title><meta property="og:site_name" '
            'content="Student halls too full to be safe, experts warn"></head><body><article><h1>Student halls too '
            "full to be safe, experts warn</h1><p>University halls across the country are too full for students to "
            "keep apart safely, public health experts warned on Friday.</p><p>Several universities said they would "
            "move some first-year students into hotels for the autumn term.</p></article></body></html>")
    (article,), _ = read_path(write(tmp_path, {"halls.html": page}) / "halls.html")
    assert (article.title, article.source) == ("Student halls too full to be safe, experts warn", "")
