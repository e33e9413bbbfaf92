"""``qa ask``, ``chat`` and ``search``: questions, in one go, in a conversation, or as passages."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from qa.cli.options import dump, filter_options, filters, index_option, llm_options, open_library
from qa.errors import QAError
from qa.present.data import answer_data, passage_data
from qa.present.terminal import print_answer

if TYPE_CHECKING:
    from qa.answering.answer import Answer
    from qa.library import Library

EXIT_WORDS = {"exit", "quit", ":q"}


@click.command()
@click.argument("question")
@index_option
@click.option("--json", "json_", is_flag=True, help="Print the Answer as one JSON object.")
@click.option("--format", "format_", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="markdown: the answer with quotes, titles, outlets, dates, URLs, offsets.")
@click.option("--pages", type=click.Path(file_okay=False), default=None,
              help="With --format markdown: draw each quoted PDF page, the quote lit, as a PNG in this folder "
                   "and link it.")
@click.option("-k", "k", default=3, show_default=True, type=click.IntRange(1, 20),
              help="How many top passages the reader reads; the answer quotes only these.")
@filter_options
@llm_options
def ask(question: str, index: str, json_: bool, format_: str, pages: str | None, k: int, since: str | None,
        until: str | None, sources: tuple[str, ...], recent: bool, **llm: Any) -> None:
    """Answer a question, citing the passages it quotes.

    Example: qa ask "Who warned about a resurgence?" --json
    """
    if pages and (json_ or format_ != "markdown"):
        raise click.UsageError("--pages draws the quoted pages for a Markdown answer: add --format markdown.")
    library = open_library(index, **llm)
    chosen = filters(since, until, sources, recent)
    if json_ or format_ == "json":
        dump(answer_data(library.ask(question, k=k, **chosen)))
    elif format_ == "markdown":
        from qa.present.markdown import to_markdown

        answer = library.ask(question, k=k, **chosen)
        drawn = _draw_pages(library, answer, Path(pages)) if pages else {}
        click.echo(to_markdown(question, answer, drawn), nl=False)
    else:
        print_answer(library.stream(question, k=k, **chosen))


def _draw_pages(library: Library, answer: Answer, folder: Path) -> dict[int, str]:
    """Each PDF citation's page drawn into ``folder`` (``page-<n>.png``); a page that cannot be drawn is
    said on stderr and left out, the answer still printed."""
    folder.mkdir(parents=True, exist_ok=True)
    drawn = {}
    for c in answer.citations:
        if not c.page:
            continue
        try:
            png = library.page_image(c, answer.short)
        except QAError as exc:
            click.echo(f"[{c.n}] page not drawn: {exc}", err=True)
            continue
        target = folder / f"page-{c.n}.png"
        shutil.copyfile(png, target)
        drawn[c.n] = str(target)
    return drawn


@click.command()
@index_option
@filter_options
@llm_options
def chat(index: str, since: str | None, until: str | None, sources: tuple[str, ...], recent: bool,
         **llm: Any) -> None:
    """A conversation in the terminal; follow-ups use the earlier turns. Ctrl-D or "exit" ends it.

    Example: qa chat --index indexes/default
    """
    library = open_library(index, **llm)
    session = library.chat()
    click.echo(f"Ask about the articles in {library.store.location}; follow-ups use the conversation. "
               "Leave with Ctrl-D or \"exit\".", err=True)
    while True:
        try:
            question = click.prompt("?", prompt_suffix=" ", err=True)
        except (EOFError, click.Abort):
            click.echo(err=True)
            return
        if question.strip().lower() in EXIT_WORDS:
            return
        try:
            print_answer(session.stream(question, **filters(since, until, sources, recent)))
        except QAError as exc:
            click.echo(f"Error: {exc}", err=True)
        click.echo()


@click.command()
@click.argument("question")
@index_option
@click.option("-k", "k", default=5, show_default=True, type=click.IntRange(1, 100),
              help="How many passages.")
@click.option("--json", "json_", is_flag=True, help="Print a JSON list of passages.")
@filter_options
def search(question: str, index: str, k: int, json_: bool, since: str | None, until: str | None,
           sources: tuple[str, ...], recent: bool) -> None:
    """The passages that best match a question, best first.

    Example: qa search "Islamic State fighters" -k 3
    """
    passages = open_library(index).search(question, k, **filters(since, until, sources, recent))
    if json_:
        dump([passage_data(p) for p in passages])
        return
    for i, p in enumerate(passages, 1):
        click.echo(f"{i}. {p.title} ({p.article_id}, characters {p.start}-{p.end}, score {p.score:.3f})")
        click.echo(f"   {p.text}\n")


def register_commands(group: click.Group) -> None:
    """Add this family's commands to ``group``."""
    for command in (ask, chat, search):
        group.add_command(command)
