"""The ``qa`` commands for articles as they arrive: ``follow``, ``refresh``, ``feeds`` and ``watch``.

Like every family of commands they only read options and print (the work is
the Library's and ``qa.watch``'s).

Private addresses (127.0.0.0/8, 10/8, 172.16/12, 192.168/16, 169.254/16, ::1,
fc00::/7) are refused by the command line as by the app, unless
``--allow-private-urls`` (or ``QA_ALLOW_PRIVATE_URLS=1``) is given: the same
rule everywhere, so a command that works on a laptop works on a server.
"""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import click

from qa.cli.options import echo_problems, fetch_option, fetch_policy, index_option, open_library
from qa.errors import NoFeedFollowed, QAError
from qa.present.terminal import ProgressBars

if TYPE_CHECKING:
    from qa.ingest.fetch import FetchPolicy
    from qa.ingest.report import IngestReport
    from qa.library import Library


def summary(where: str, report: IngestReport) -> None:
    """One line for what an ingest of ``where`` did."""
    click.echo(f"{where}: {len(report.added)} added, {len(report.replaced)} replaced, {len(report.unchanged)} "
               f"unchanged, {len(report.problems)} not read; {report.chunks} chunks in {report.seconds:.1f} s",
               err=True)


def _feeds(index: str, urls: tuple[str, ...] | None, follow: bool, allow_private: bool, quiet: bool) -> None:
    library = open_library(index, create=urls is not None)
    if urls is None and not any(feed.followed for feed in library.feeds()):
        raise NoFeedFollowed(f"No feed is followed in {index}; follow one with: qa follow URL")
    bars = ProgressBars(not quiet and sys.stderr.isatty(), summary, unit=" entries", doing="Reading")
    try:
        report = library.add_feeds(urls, follow=follow, policy=fetch_policy(allow_private), reported=bars.done,
                                   progress=bars.progress)
    finally:
        bars.close()
    echo_problems(report)
    new = len(report.added) + len(report.replaced)
    if not new and not report.problems:
        click.echo("Unchanged: the feeds hold nothing new.", err=True)
    else:
        click.echo(f"{new} new article{'s' * (new != 1)}, {len(report.problems)} problem"
                   f"{'s' * (len(report.problems) != 1)}.", err=True)
    if report.problems and not report.ingested and urls is not None and len(urls) == 1:
        click.get_current_context().exit(1)


@click.command()
@click.argument("urls", nargs=-1, required=True)
@index_option
@fetch_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def follow(urls: tuple[str, ...], index: str, allow_private: bool, quiet: bool) -> None:
    """Follow RSS or Atom feeds: ingest their entries now, and what is new on each qa refresh.

    Each entry's page is fetched and ingested (the entry's own text when the page
    can't be had). A feed that cannot be read now is reported and not followed.

    Example: qa follow https://www.theguardian.com/world/rss
    """
    _feeds(index, urls, True, allow_private, quiet)


@click.command()
@index_option
@fetch_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def refresh(index: str, allow_private: bool, quiet: bool) -> None:
    """Ingest what is new in every followed feed; nothing already read is fetched or embedded again.

    Example: qa refresh --index indexes/default
    """
    _feeds(index, None, False, allow_private, quiet)


@click.command()
@click.argument("url")
@index_option
def unfollow(url: str, index: str) -> None:
    """Stop following a feed: qa refresh no longer reads it; its articles stay.

    Example: qa unfollow https://www.theguardian.com/world/rss
    """
    open_library(index).unfollow(url)
    click.echo(f"No longer following {url}.", err=True)


@click.command("feeds")
@index_option
def feeds_(index: str) -> None:
    """The feeds the index has read, followed or not.

    Example: qa feeds
    """
    states = open_library(index).feeds()
    for state in states:
        click.echo(f"{'followed' if state.followed else 'read once'}  {len(state.seen):5d} entries  {state.url}"
                   f"{'  ' + state.title if state.title else ''}")
    click.echo(f"{len(states)} feed{'s' * (len(states) != 1)}", err=True)


@click.command()
@click.argument("folder", type=click.Path(file_okay=False))
@index_option
def watch(folder: str, index: str) -> None:
    """Keep the index in step with a folder: ingest what is added or changed, remove what is deleted.

    The folder is brought up to date first; then each change is handled as it
    happens, one line each, until Ctrl-C.

    Example: qa watch ~/articles --index indexes/default
    """
    from qa.watch import FolderChange, watch_folder

    def changed(change: FolderChange) -> None:
        report = change.report
        echo_problems(report)
        click.echo(f"{len(report.added)} added, {len(report.replaced)} replaced, {len(change.removed)} removed"
                   f"{': ' + ', '.join(change.removed) if change.removed else ''}", err=True)

    library = open_library(index, create=True)
    # Ctrl-C sets an event the watcher polls, rather than raising wherever the main thread happens to be: a change
    # being saved is finished first, and the watcher always stops by the same path.  A second Ctrl-C interrupts.
    stop = threading.Event()

    def interrupt(*_: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    previous = signal.signal(signal.SIGINT, interrupt)
    click.echo(f"Watching {folder} (Ctrl-C stops).", err=True)
    try:
        watch_folder(library, Path(folder), stop=stop, changed=changed)
    finally:
        signal.signal(signal.SIGINT, previous)
    click.echo("Stopped watching.", err=True)


def refresh_every(library: Library, minutes: float, fetching: FetchPolicy) -> threading.Event:
    """Refresh the followed feeds in a background thread every ``minutes``, one line each time; set the
    returned event to stop."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(minutes * 60):
            try:
                report = library.refresh(policy=fetching)
            except QAError as exc:  # the index is busy or cannot be written: try again next time
                click.echo(f"Refreshing the feeds failed: {exc}", err=True)
                continue
            new = len(report.added) + len(report.replaced)
            click.echo(f"Refreshed the feeds: {new} new articles, {len(report.problems)} problems." if new or
                       report.problems else "Refreshed the feeds: unchanged.", err=True)

    threading.Thread(target=loop, name="qa-refresh", daemon=True).start()
    return stop


def register_commands(group: click.Group) -> None:
    """Add this family's commands to ``group``."""
    for command in (follow, unfollow, refresh, feeds_, watch):
        group.add_command(command)
