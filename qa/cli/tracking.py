"""``qa track``, ``tracked``, ``untrack`` and ``changes``: questions asked again as articles arrive."""

from __future__ import annotations

from dataclasses import asdict

import click

from qa.cli.options import dump, index_option, open_library


@click.command()
@click.argument("question")
@index_option
@click.option("--since", default=None, help="Only articles published since this date (YYYY-MM-DD).")
def track(question: str, index: str, since: str | None) -> None:
    """Track a question: after every ingest it is asked again over the new articles, and qa changes
    lists each time its answer moves.

    Example: qa track "How many fighters does the Islamic State have?"
    """
    tracked = open_library(index).track(question, since=since)
    now = "refused for now" if tracked.answer.refused else tracked.answer.short or "answered (no short answer)"
    click.echo(f"Tracking {tracked.id}: {tracked.question} ({now})")


@click.command()
@index_option
@click.option("--json", "json_", is_flag=True, help="Print them as JSON.")
def tracked(index: str, json_: bool) -> None:
    """The tracked questions, each with its latest answer.

    Example: qa tracked
    """
    questions = open_library(index).tracked()
    if json_:
        dump([asdict(q) for q in questions])
        return
    for q in questions:
        now = "refused" if q.answer.refused else q.answer.short or "answered (no short answer)"
        click.echo(f"{q.id}  {q.question}  ->  {now}  ({q.answer.at})")
    click.echo(f"{len(questions)} tracked question{'s' * (len(questions) != 1)}", err=True)


@click.command()
@click.argument("question_id")
@index_option
def untrack(question_id: str, index: str) -> None:
    """Stop tracking a question (by the id qa tracked shows); its changes stay listed.

    Example: qa untrack 3f9a1c2e
    """
    open_library(index).untrack(question_id)
    click.echo(f"No longer tracking {question_id}.", err=True)


@click.command()
@index_option
@click.option("--json", "json_", is_flag=True, help="Print them as JSON.")
@click.option("--atom", is_flag=True, help="Print them as an Atom feed.")
def changes(index: str, json_: bool, atom: bool) -> None:
    """Each time a tracked question's answer moved: what it was, what it is, and the citations.

    Example: qa changes --atom > changes.xml
    """
    from qa.tracking import atom as atom_feed

    found = open_library(index).changes()
    if json_:
        dump([asdict(c) for c in found])
    elif atom:
        click.echo(atom_feed(found))
    else:
        for c in found:
            click.echo(f"{c.at}  {c.question}  {c.before.said} -> {c.after.short or '(see the quotes)'}  ({c.kind})")
            for cited in c.after.citations[:2]:
                click.echo(f"    [{cited.article_id}, {cited.published or 'undated'}] {cited.text}")
        click.echo(f"{len(found)} change{'s' * (len(found) != 1)}", err=True)


def register_commands(group: click.Group) -> None:
    """Add this family's commands to ``group``."""
    for command in (track, tracked, untrack, changes):
        group.add_command(command)
