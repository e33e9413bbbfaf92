"""Articles as they arrive: PDF and Word files, web addresses, feeds and a watched folder.

Real parts only: fpdf2 writes the PDFs, python-docx the Word file, and a real HTTP
server on 127.0.0.1 (tests/sources_site.py) serves pages, feeds, redirects and bad replies.
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from qa import Article, Library
from qa.cli import cli
from qa.errors import AddressRefused, ArticleError, FetchError
from qa.ingest.articles import read_file
from qa.ingest.fetch import FEED_TYPES, FetchPolicy, fetch, is_private
from qa.present.markdown import to_markdown
from qa.present.web import evidence_html
from qa.watch import FolderChange, watch_folder
from tests.sources_site import (
    HEADER,
    Site,
    report_text,
    write_docx,
    write_encrypted,
    write_report,
    write_scan,
)

TRUSTED = FetchPolicy(trusted_hosts=frozenset({"127.0.0.1"}), timeout=1.0, deadline=10.0, max_bytes=200_000)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    served = Site(tmp_path_factory.mktemp("site"))
    yield served
    served.close()


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


# -- PDF and Word ------------------------------------------------------------------------------------------------


def test_a_pdf_becomes_paragraphs_without_its_header_and_footer_and_keeps_its_pages(tmp_path: Path) -> None:
    [article], problems = read_file(write_report(tmp_path / "report.pdf"))
    text, page_starts = report_text()
    assert not problems
    assert article.text == text  # lines rejoined, "exten-/sive" undone, the page-2 paragraph runs on to page 3
    assert HEADER not in article.text and "Page 1 of 3" not in article.text
    assert len(article.pages) == 3
    for start, words in zip(article.pages, page_starts, strict=True):
        assert article.text[start:].startswith(words)
    assert article.page_at(article.text.index("extensive review")) == 1
    assert article.page_at(article.text.index("Ingrid Solberg")) == 2
    assert article.page_at(article.text.index("fishing crews")) == 3
    assert article.title == "Storm Damage in the Harbour" and article.published == "2024-03-11"
    assert article.source == ""  # the PDF names no outlet: none is made up


def test_paragraphs_begin_at_an_indent_or_a_list_item_when_no_gap_shows_them() -> None:
    from qa.ingest.pdf import Line, join_pages

    body = "a line of ordinary running text set to the full measure of the column here"
    rows = [(72, "Results"), (90, "The council counted the votes on Monday and announced the"),
            (72, body + " and"), (72, "the result on Tuesday."), (90, "Turnout rose to sixty per cent, the"),
            (72, body + "."), (72, "• a first item of the list"), (72, "• a second item of the list")]
    lines = [Line(text, left, 700 - 12 * i) for i, (left, text) in enumerate(rows)]  # an even 12-point step
    text, pages = join_pages([lines])
    assert text.split("\n\n") == [
        "Results", f"The council counted the votes on Monday and announced the {body} and the result on Tuesday.",
        f"Turnout rose to sixty per cent, the {body}.", "a first item of the list", "a second item of the list"]
    assert pages == (0,)


@pytest.mark.parametrize(("make", "says"), [
    (write_scan, "no text, and OCR read none in its images"),
    (write_encrypted, "encrypted"),
    (lambda p: (p.write_bytes(b"%PDF-1.7\n1 0 obj <<>>\ngarbage"), p)[1], "damaged"),
])
def test_a_pdf_that_cannot_be_read_is_one_line_saying_why(tmp_path: Path, make, says: str) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path / "bad.pdf")
    with pytest.raises(ArticleError, match=says) as caught:
        read_file(path)
    assert "\n" not in str(caught.value)
    result = run("ingest", str(path), "--index", str(tmp_path / "index"))
    assert result.exit_code == 1 and says in result.stderr and "Traceback" not in result.output


def test_a_word_file_becomes_an_article(tmp_path: Path) -> None:
    [article], _ = read_file(write_docx(tmp_path / "station.docx"))
    assert article.title == "Lifeboat Station Opens"
    assert "crew of twelve volunteers.\n\nIts first launch" in article.text
    assert "Crew | 12\nBoats | 2" in article.text  # the table, a row a line
    assert article.published is None  # python-docx's template date is not the story's


def test_a_damaged_word_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "memo.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ArticleError, match=r"not a readable Word \.docx file"):
        read_file(path)


def test_a_citation_from_a_pdf_says_its_page_everywhere(tmp_path: Path) -> None:
    index = tmp_path / "index"
    (tmp_path / "docs").mkdir()
    write_report(tmp_path / "docs" / "report.pdf")
    write_docx(tmp_path / "docs" / "station.docx")
    result = run("ingest", str(tmp_path / "docs"), "--index", str(index), "-q")
    assert result.exit_code == 0, result.output
    question = "Who ordered the repairs to begin in April?"
    answer = json.loads(run("ask", "--json", question, "--index", str(index)).stdout)
    library = Library(index)
    article = library.article("report")
    assert "Solberg" in answer["text"]
    for c in answer["citations"]:
        cited = library.article(c["article_id"])
        assert cited.text[c["start"]:c["end"]] == c["text"]
        assert c["page"] == cited.page_at(c["start"])
    first = answer["citations"][0]
    assert first["article_id"] == "report" and first["page"] == 2 == article.page_at(first["start"])
    terminal = run("ask", question, "--index", str(index)).stdout
    assert "(report, p. 2, characters" in terminal
    assert "p. 2" in run("ask", question, "--format", "markdown", "--index", str(index)).stdout
    asked = library.ask(question)
    assert " · p. 2 · " in evidence_html([(question, asked)])
    assert "p. 2" in to_markdown(question, asked)


def test_pages_round_trip_in_both_stores(store: str, tmp_path: Path) -> None:
    library = Library(tmp_path / "index")
    library.add_path(write_report(tmp_path / "report.pdf"))
    library.add_path(write_docx(tmp_path / "station.docx"))
    stored = Library(tmp_path / "index").article("report")
    assert len(stored.pages) == 3 and isinstance(stored.pages, tuple)
    assert stored.text[stored.pages[1]:].startswith("The harbour master")
    assert Library(tmp_path / "index").article("station").pages == ()
    assert library.add_path(tmp_path / "report.pdf").unchanged == ["report"]  # the hash is stable


# -- web addresses -----------------------------------------------------------------------------------------------


def test_a_web_page_keeps_its_address_date_and_outlet(site: Site, tmp_path: Path) -> None:
    library = Library(tmp_path / "index")
    report = library.add_urls([site.url("/redirect")], policy=TRUSTED)  # one redirect, to /news/storm.html
    assert report.added == [f"127.0.0.1:{site.port}/redirect"], report.problems
    article = library.article(report.added[0])
    assert article.url == site.url("/news/storm.html") and article.origin == site.url("/redirect")
    assert article.source == "Coastal Times" and article.published == "2024-03-12"
    assert article.title == "Thirty boats damaged in harbour storm"
    assert "Home | News" not in article.text and "thirty boats in the inner harbour" in article.text
    answer = library.ask("How many boats did the storm damage?")
    for c in answer.citations:
        assert library.article(c.article_id).text[c.start:c.end] == c.text


def test_a_pdf_on_the_web_keeps_its_pages(site: Site) -> None:
    from qa.ingest.pages import read_url

    article = read_url(site.url("/report.pdf"), TRUSTED)
    assert article.text == report_text()[0] and len(article.pages) == 3
    assert article.url == site.url("/report.pdf")


@pytest.mark.parametrize(("path", "says"), [
    ("/missing", "answered 404"),
    ("/big", "larger than"),
    ("/big-unsized", "larger than"),
    ("/slow", "no reply within"),
    ("/image.png", "image/png"),
    ("/loop", "redirected more than"),
])
def test_a_bad_reply_is_one_line(site: Site, path: str, says: str) -> None:
    with pytest.raises(FetchError, match=says) as caught:
        fetch(site.url(path), TRUSTED)
    assert "\n" not in str(caught.value) and str(caught.value).startswith(site.url(path))


@pytest.mark.parametrize(("path", "address"), [("/to-metadata", "169.254.169.254"), ("/to-localhost", "127.0.0.1")])
def test_a_redirect_to_a_private_address_is_refused(site: Site, path: str, address: str) -> None:
    with pytest.raises(AddressRefused, match="--allow-private-urls") as caught:
        fetch(site.url(path), TRUSTED)
    assert caught.value.address in (address, "::1")  # localhost may resolve to ::1 first


def test_private_ranges_are_private() -> None:
    for address in ("127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                    "169.254.169.254", "::1", "fc00::1", "fd12:3456::1", "::ffff:127.0.0.1", "0.0.0.0"):
        assert is_private(address), address
    for address in ("93.184.216.34", "172.32.0.1", "8.8.8.8", "2606:4700::1111"):
        assert not is_private(address), address


def test_the_command_line_refuses_private_addresses_unless_allowed(site: Site, tmp_path: Path) -> None:
    index = str(tmp_path / "index")
    refused = run("ingest", site.url("/news/second.html"), "--index", index)
    assert refused.exit_code == 1 and "--allow-private-urls" in refused.stderr
    assert "Traceback" not in refused.output
    allowed = run("ingest", site.url("/news/second.html"), "--index", index, "--allow-private-urls", "-q")
    assert allowed.exit_code == 0, allowed.output
    assert f"127.0.0.1:{site.port}/news/second.html: 1 added" in allowed.stderr
    missing = run("ingest", site.url("/missing"), "--index", index, "--allow-private-urls")
    assert missing.exit_code == 1 and "answered 404" in missing.stderr


def test_offsets_are_exact_for_every_format(site: Site, tmp_path: Path) -> None:
    library = Library(tmp_path / "index")
    library.add_path(write_report(tmp_path / "report.pdf"))
    library.add_path(write_docx(tmp_path / "station.docx"))
    library.add_urls([site.url("/news/storm.html")], policy=TRUSTED)
    library.add_feeds([site.url("/atom.xml")], policy=TRUSTED)  # a page, and an entry's own content
    assert len(library.articles()) == 5
    for article in library.articles():
        passages = library.search(article.title, k=20)
        assert any(p.article_id == article.id for p in passages), article.id
        for p in passages:
            assert library.article(p.article_id).text[p.start:p.end] == p.text


# -- feeds -------------------------------------------------------------------------------------------------------


def test_follow_then_refresh_twice_fetches_nothing_new(site: Site, tmp_path: Path) -> None:
    index = str(tmp_path / "index")
    site.hits.clear()
    followed = run("follow", site.url("/rss.xml"), site.url("/atom.xml"), "--index", index,
                   "--allow-private-urls", "-q")
    assert followed.exit_code == 0, followed.output
    assert "5 new articles" in followed.stderr
    library = Library(index)
    ids = {a.id for a in library.articles()}
    base = f"127.0.0.1:{site.port}"
    assert {f"{base}/news/storm.html", f"{base}/news/second.html", f"{base}/news/fees.html",
            f"{base}/news/third.html"} <= ids
    fees = library.article(f"{base}/news/fees.html")  # its page is a 404: the entry's own text stands in
    assert "froze mooring fees" in fees.text and fees.title == "Harbour fees frozen"
    assert fees.published == "2024-03-12"
    pier = next(a for a in library.articles() if "north pier" in a.text)  # an Atom entry with content, no link
    assert pier.title == "Pier closed for inspection" and pier.published == "2024-03-15"
    pages = {p: n for p, n in site.hits.items() if p.startswith("/news/")}
    assert set(pages.values()) == {1}
    for _ in range(2):
        again = run("refresh", "--index", index, "--allow-private-urls")
        assert again.exit_code == 0, again.output
        assert "Unchanged: the feeds hold nothing new." in again.stderr
    assert {p: n for p, n in site.hits.items() if p.startswith("/news/")} == pages  # no page fetched twice
    assert site.hits["/rss.xml"] == 3  # the feed itself is asked each time, and answers 304
    listed = run("feeds", "--index", index)
    assert f"followed      3 entries  {site.url('/rss.xml')}  Coastal Times" in listed.stdout
    feeds = {f.url: f for f in library.feeds()}
    assert feeds[site.url("/rss.xml")].etag == '"rss-1"' and feeds[site.url("/rss.xml")].followed
    assert len(feeds[site.url("/atom.xml")].seen) == 2


def test_a_feed_that_cannot_be_read_is_one_line_and_not_followed(site: Site, tmp_path: Path) -> None:
    index = str(tmp_path / "index")
    result = run("follow", site.url("/missing.xml"), "--index", index, "--allow-private-urls")
    assert result.exit_code == 1 and "skipped: " in result.stderr and "answered 404" in result.stderr
    assert "Traceback" not in result.output
    assert Library(index).feeds() == []
    Library(index).add_articles([Article("note", "Note", "A note, so that the index exists.")])
    refreshed = run("refresh", "--index", index)
    assert refreshed.exit_code == 1 and refreshed.stderr == f"Error: No feed is followed in {index}; follow one " \
                                                           "with: qa follow URL\n"


def test_ingest_feed_reads_once_without_following(site: Site, tmp_path: Path) -> None:
    library = Library(tmp_path / "index")
    report = library.add_feeds([site.url("/atom.xml")], policy=TRUSTED)
    assert len(report.added) == 2
    assert [f.followed for f in library.feeds()] == [False]
    assert library.refresh(policy=TRUSTED).added == []


def test_a_page_that_is_not_a_feed_is_one_line(site: Site, tmp_path: Path) -> None:
    result = run("ingest", "--feed", site.url("/news/storm.html"), "--index", str(tmp_path / "i"),
                 "--allow-private-urls")
    assert result.exit_code == 1 and "text/html" in result.stderr
    assert set(FEED_TYPES) >= {"application/rss+xml", "application/atom+xml"}


# -- a watched folder --------------------------------------------------------------------------------------------


def test_a_watched_folder_ingests_changes_and_removes_deletions(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    (folder / "local").mkdir(parents=True)
    (folder / "local" / "gala.txt").write_text("Harbour gala returns\n\nThe harbour gala returns in June.\n")
    library = Library(tmp_path / "index")
    changes: queue.Queue[FolderChange] = queue.Queue()
    stop = threading.Event()
    watcher = threading.Thread(target=watch_folder, args=(library, folder),
                               kwargs={"stop": stop, "changed": changes.put, "debounce_ms": 100}, daemon=True)
    watcher.start()
    try:
        assert changes.get(timeout=60).report.added == ["local/gala"]
        write_report(folder / "report.pdf")
        assert changes.get(timeout=60).report.added == ["report"]
        (folder / "local" / "gala.txt").write_text("Harbour gala returns\n\nThe harbour gala returns in July.\n")
        assert changes.get(timeout=60).report.replaced == ["local/gala"]
        assert "July" in library.article("local/gala").text
        (folder / "notes.txt").write_text("")  # empty: a problem line, nothing else changes
        assert changes.get(timeout=60).report.problems[0].reason == "no text"
        (folder / "report.pdf").unlink()
        assert changes.get(timeout=60).removed == ("report",)
        assert [a.id for a in library.articles()] == ["local/gala"]
    finally:
        stop.set()
        watcher.join(timeout=30)
    assert asdict(library.info())["articles"] == 1


@pytest.mark.slow
def test_qa_watch_reports_each_change_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import ROOT

    folder = tmp_path / "inbox"
    folder.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "qa", "watch", str(folder), "--index", str(tmp_path / "index")],
                            cwd=ROOT, stderr=subprocess.PIPE, text=True, env={**os.environ})
    lines: queue.Queue[str] = queue.Queue()

    def forward() -> None:
        for line in proc.stderr or []:
            lines.put(line)

    threading.Thread(target=forward, daemon=True).start()

    def wait_for(text: str) -> str:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            if text in line:
                return line
        proc.kill()
        pytest.fail(f"qa watch never printed {text!r}")

    try:
        wait_for("Watching")
        (folder / "note.md").write_text("# Ferry resumes\n\nThe ferry resumed on Monday.\n")
        assert wait_for("added").startswith("1 added, 0 replaced, 0 removed")
        (folder / "note.md").unlink()
        assert wait_for("removed").startswith("0 added, 0 replaced, 1 removed: note")
    finally:
        proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) in (0, 130)


# -- the app -----------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_app_fetches_a_web_address_into_the_library(site: Site, tmp_path: Path) -> None:
    from gradio_client import Client

    from tests.conftest import AppProcess

    index = tmp_path / "index"
    library = Library(index)  # an index is written by its first commit: one article in, and out again
    library.add_articles([Article("placeholder", "Placeholder", "A placeholder article, removed at once.")])
    library.remove("placeholder")
    refusing = AppProcess("--index", str(index))
    try:
        refusing.wait_for("Serving on")
        status, _, _ = Client(refusing.url, verbose=False).predict(site.url("/news/storm.html"), "",
                                                                  api_name="/add_url")
        assert "--allow-private-urls" in status and Library(index).articles() == []
    finally:
        refusing.stop()
    allowing = AppProcess("--index", str(index), "--allow-private-urls", "--refresh-minutes", "5")
    try:
        allowing.wait_for("Serving on")
        status, table, _ = Client(allowing.url, verbose=False).predict(site.url("/news/third.html"), "",
                                                                       api_name="/add_url")
        assert f"127.0.0.1:{site.port}/news/third.html added" in status and "Lighthouse keeper" in table
    finally:
        allowing.stop()


def test_followed_feeds_are_refreshed_in_the_background(site: Site, tmp_path: Path) -> None:
    from qa.cli.sources import refresh_every

    library = Library(tmp_path / "index")
    library.add_feeds([site.url("/atom.xml")], follow=True, policy=TRUSTED)
    library.remove(f"127.0.0.1:{site.port}/news/third.html")
    hits = site.hits["/atom.xml"]
    stop = refresh_every(library, 0.01, TRUSTED)  # every 0.6 s
    try:
        deadline = threading.Event()
        for _ in range(100):
            if site.hits["/atom.xml"] > hits + 1:
                break
            deadline.wait(0.2)
    finally:
        stop.set()
    assert site.hits["/atom.xml"] > hits + 1
    assert len(library.articles()) == 1  # a removed entry was seen: refreshing does not bring it back
