"""Tracked questions over a real feed on 127.0.0.1: the answer moves when a new article changes the figure."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import feedparser
import pytest
from click.testing import CliRunner

from qa import Library
from qa.cli import cli
from qa.ingest.fetch import FetchPolicy
from qa.tracking import atom

QUESTION = "How much will the dredging of the harbour cost?"
FIRST = ("dredging-plan", "Council plans harbour dredging", "Wed, 01 May 2024 09:00:00 GMT",
         "The dredging of the harbour at Port Ellen will cost $4 million, the council said on Tuesday. "
         "Work is to start in the autumn.")
SECOND = ("dredging-cost", "Harbour dredging bill rises", "Mon, 03 Jun 2024 09:00:00 GMT",
          "The dredging of the harbour at Port Ellen will now cost $6 million, the council said on Monday, "
          "after engineers found more silt than expected.")


class Feed:
    """An RSS feed on 127.0.0.1 whose entries the test sets; each entry's text is in the feed itself."""

    def __init__(self) -> None:
        self.entries = [FIRST]
        self.requests = 0
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                feed.requests += 1
                if self.path != "/rss.xml":
                    self.send_error(404)
                    return
                items = "".join(f"<item><title>{t}</title><guid>{i}</guid><pubDate>{d}</pubDate>"
                                f"<description>{text}</description></item>" for i, t, d, text in feed.entries)
                body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Island Courier</title>'
                        f"{items}</channel></rss>").encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/rss.xml"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def feed() -> Iterator[Feed]:
    served = Feed()
    yield served
    served.server.shutdown()


def test_a_tracked_question_records_the_new_figure_once(feed: Feed, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    library = Library(tmp_path / "index", store="")
    policy = FetchPolicy(allow_private=True)
    assert library.add_feeds([feed.url], follow=True, policy=policy).added
    tracked = library.track(QUESTION)
    assert tracked.answer.short == "$4 million" and library.tracked() == [tracked]

    feed.entries.append(SECOND)
    asked: list[Any] = []
    ask = Library.ask

    def counted(self: Library, *args: Any, **kwargs: Any) -> Any:
        asked.append(kwargs.get("articles"))
        return ask(self, *args, **kwargs)

    monkeypatch.setattr(Library, "ask", counted)
    report = library.refresh(policy=policy)
    assert len(report.added) == 1 and asked == [report.added]  # asked again over the new article only
    (change,) = library.changes()
    assert (change.kind, change.before.short, change.after.short) == ("new answer", "$4 million", "$6 million")
    assert "$4 million" in change.before.citations[0].text and "$6 million" in change.after.citations[0].text
    assert library.tracked()[0].answer.short == "$6 million"

    asked.clear()
    assert not library.refresh(policy=policy).added
    assert asked == [] and len(library.changes()) == 1  # nothing new: nothing re-read, no change

    parsed = feedparser.parse(atom(library.changes()))
    assert not parsed.bozo and len(parsed.entries) == 1 and QUESTION in parsed.entries[0].title
    listed = CliRunner().invoke(cli, ["changes", "--index", str(tmp_path / "index")])
    assert "$4 million -> $6 million  (new answer)" in listed.output
    library.untrack(tracked.id)
    assert library.tracked() == [] and len(library.changes()) == 1


def test_unfollow_stops_the_refresh_and_an_unknown_feed_is_one_line(feed: Feed, tmp_path: Path) -> None:
    index = str(tmp_path / "index")
    runner = CliRunner()
    assert runner.invoke(cli, ["follow", feed.url, "--index", index, "--allow-private-urls", "-q"]).exit_code == 0
    done = runner.invoke(cli, ["unfollow", feed.url, "--index", index])
    assert done.exit_code == 0 and f"No longer following {feed.url}" in done.output
    again = runner.invoke(cli, ["unfollow", feed.url, "--index", index])
    assert again.exit_code != 0 and "is not followed" in again.output and "Traceback" not in again.output
    refreshed = runner.invoke(cli, ["refresh", "--index", index, "--allow-private-urls"])
    assert "No feed is followed" in refreshed.output
