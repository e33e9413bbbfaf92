"""``qa ingest``, ``list``, ``remove`` and ``info``: what is in an index, and putting it there."""

from __future__ import annotations

import sys
from dataclasses import asdict
from typing import TYPE_CHECKING

import click

from qa.cli.options import dump, echo_problems, fetch_option, fetch_policy, index_option, open_library
from qa.present.terminal import ProgressBars, table

if TYPE_CHECKING:
    from qa.ingest.report import IngestReport
    from qa.library import Library


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@index_option
@click.option("--feed", "feeds", multiple=True, metavar="URL",
              help="An RSS or Atom feed: ingest each entry's page (repeatable; qa follow keeps it).")
@fetch_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--ray", "ray_", is_flag=True,
              help="Chunk and embed with Ray Data across workers (pip install 'qa[distributed]').")
@click.option("--ray-address", default=None, metavar="ADDR",
              help="Join this Ray cluster (e.g. ray://head:10001, or auto); default a local one.")
@click.option("--workers", type=click.IntRange(1), default=2, show_default=True,
              help="With --ray: Ray actors embedding in parallel (one CPU each).")
@click.option("--json", "json_", is_flag=True, help="Print the IngestReport as one JSON object (no progress bars).")
def ingest(paths: tuple[str, ...], index: str, feeds: tuple[str, ...], allow_private: bool, quiet: bool, ray_: bool,
           ray_address: str | None, workers: int, json_: bool) -> None:
    """Add files or folders of articles (.txt .md .html .json .jsonl .pdf .docx), web addresses or feeds.

    Unchanged articles are skipped; changed ones are replaced. A file whose id
    another file already has (in this run or in the index) is reported with both
    paths and left out, the rest still ingests, and the command exits 1.

    Example: qa ingest seeds/ --index indexes/default

    Example: qa ingest archive/ --store postgresql://qa@db/news --ray --ray-address auto

    Example: qa ingest https://example.com/news/story --feed https://example.com/rss --json
    """
    if not paths and not feeds:
        raise click.UsageError("Give files, folders or web addresses to ingest, or --feed URL.")
    show = not quiet and not json_ and sys.stderr.isatty()

    def summary(path: str, report: IngestReport) -> None:
        rate = report.chunks / report.seconds if report.seconds else 0.0
        click.echo(
            f"{path}: {len(report.added)} added, {len(report.replaced)} replaced, "
            f"{len(report.unchanged)} unchanged; {report.chunks} chunks, {report.sentences} sentences"
            f"{_reused(report.sentences - report.embedded)} in {report.seconds:.1f} s "
            f"({rate:.0f} chunks/s)", err=True,
        )

    library: Library = open_library(index, create=True)  # a new index is written by its first commit only
    embedding = ProgressBars(show, summary, unit=" sentences", doing="Embedding")
    reading = ProgressBars(show, summary, unit=" entries", doing="Reading")
    try:
        report = library.add(paths, progress=embedding.progress, ray=ray_, ray_address=ray_address,
                             workers=workers, policy=fetch_policy(allow_private), reported=embedding.done)
        if feeds:
            report.extend(library.add_feeds(feeds, policy=fetch_policy(allow_private), progress=reading.progress,
                                            reported=reading.done))
    finally:
        embedding.close()
        reading.close()
    echo_problems(report)
    if json_:
        dump(asdict(report))
    if paths or report.problems or report.collisions:  # a feed with nothing new is no failure
        report.check()


@click.command("list")
@index_option
@click.option("--json", "json_", is_flag=True, help="Print a JSON list of articles.")
def list_(index: str, json_: bool) -> None:
    """The articles in the index.

    Example: qa list --json
    """
    rows = open_library(index).listing()
    if json_:
        dump([asdict(r) for r in rows])
        return
    for line in table(["ID", "CHUNKS", "PUBLISHED", "SOURCE", "TITLE"],
                       [[r.id, str(r.chunks), r.published or "-", r.source or "-", r.title] for r in rows]):
        click.echo(line)
    click.echo(f"{len(rows)} article{'s' * (len(rows) != 1)}", err=True)


@click.command()
@click.argument("article_id")
@index_option
def remove(article_id: str, index: str) -> None:
    """Delete an article and its passages from the index.

    Example: qa remove 000_b06348abf7c03f73
    """
    open_library(index).remove(article_id)
    click.echo(f"Removed {article_id}.", err=True)


@click.command()
@index_option
@click.option("--json", "json_", is_flag=True, help="Print JSON.")
def info(index: str, json_: bool) -> None:
    """Articles, chunks, model and size on disk of an index.

    Example: qa info --index indexes/default
    """
    details = asdict(open_library(index).info())
    if json_:
        dump(details)
        return
    for key, value in details.items():
        click.echo(f"{key.replace('_', ' ')}: {value}")


def _reused(count: int) -> str:
    """How many sentences were not embedded again, said so that a new index's count makes sense."""
    return f" ({count} repeated or embedded before, not embedded again)" if count else ""


def register_commands(group: click.Group) -> None:
    """Add this family's commands to ``group``."""
    for command in (ingest, list_, remove, info):
        group.add_command(command)
