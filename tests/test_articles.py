"""Reading files into Articles: every format, and the bad ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.articles import clean_text, iter_files, read_file
from qa.errors import ArticleError

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
    ("slides.pdf", b"%PDF-1.4", "unsupported file type"),
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
