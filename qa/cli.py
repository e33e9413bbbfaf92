"""The ``qa`` command: a thin click layer over Library.

Errors meant for the user (QAError) print one line on stderr and exit with
the error's code; ``--json`` output goes to stdout alone.  What a command
decides (what an ingest does, how an evaluation runs) is the library's; this
module reads options and prints.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, Literal

import click

from qa.config import configure_process, default_index
from qa.errors import QAError
from qa.present.data import answer_data
from qa.present.terminal import ProgressBars, print_answer, table

if TYPE_CHECKING:
    from qa.config import LLMSettings
    from qa.ingest.pipeline import IngestReport
    from qa.library import Library

EXIT_WORDS = {"exit", "quit", ":q"}


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except QAError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)


def store_option(f: Callable[..., Any], *, envvar: str | None = "QA_STORE") -> Callable[..., Any]:
    """--store URI: keep the index in PostgreSQL (read by ``_open`` from the click context)."""
    def remember(ctx: click.Context, _: Any, value: str | None) -> None:
        ctx.meta["qa.store"] = value

    return click.option(
        "--store", default=None, envvar=envvar, metavar="URI", expose_value=False, callback=remember,
        help="PostgreSQL URI to keep the index in instead of the folder" + (" (env QA_STORE)" if envvar else "")
             + ", e.g. postgresql://user:pass@host/db.",
    )(f)


def index_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return store_option(click.option(
        "--index", "index", default=default_index, envvar="QA_INDEX", show_default="indexes/default",
        type=click.Path(), help="Index folder (env QA_INDEX); with --store, its embedding cache.",
    )(f))


def fetch_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """--allow-private-urls: let web addresses and feeds reach this machine's own network (off by default)."""
    return click.option(
        "--allow-private-urls", "allow_private", is_flag=True, envvar="QA_ALLOW_PRIVATE_URLS",
        help="Also fetch from private, loopback and link-local addresses (127.0.0.0/8, 10/8, 172.16/12, "
             "192.168/16, 169.254/16, ::1, fc00::/7), refused by default (env QA_ALLOW_PRIVATE_URLS).",
    )(f)


def llm_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--llm-url/--llm-model/--llm-api-key; unset, the QA_LLM_* environment decides."""
    for option in reversed([
        click.option("--llm-url", default=None, metavar="URL",
                     help="OpenAI-compatible endpoint for fluent answers (env QA_LLM_URL)."),
        click.option("--llm-model", default=None, help="Model name at that endpoint (env QA_LLM_MODEL)."),
        click.option("--llm-api-key", default=None, help="API key for that endpoint (env QA_LLM_API_KEY)."),
    ]):
        f = option(f)
    return f


def filter_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--since/--until/--source/--recent: which articles may answer."""
    for option in reversed([
        click.option("--since", default=None, metavar="DATE", help="Only articles published on or after DATE."),
        click.option("--until", default=None, metavar="DATE", help="Only articles published on or before DATE."),
        click.option("--source", "sources", multiple=True, metavar="OUTLET",
                     help="Only articles from this outlet (repeatable)."),
        click.option("--recent", is_flag=True, help="Rank newer articles higher."),
    ]):
        f = option(f)
    return f


def _filters(since: str | None, until: str | None, sources: tuple[str, ...], recent: bool) -> dict[str, Any]:
    return {"since": since, "until": until, "sources": list(sources) or None, "recent": recent}


def _llm(llm_url: str | None = None, llm_model: str | None = None,
         llm_api_key: str | None = None) -> LLMSettings | Literal[False]:
    """The LLM settings: each option, else its QA_LLM_* variable; False when no URL is set anywhere."""
    from qa.config import llm_settings

    return llm_settings(llm_url, llm_model, llm_api_key) or False


def _open(index: str, *, create: bool = False, **llm: str | None) -> Library:
    from qa.library import Library

    store = click.get_current_context().meta.get("qa.store")
    return Library(index, create=create, llm=_llm(**llm), store=store or "")


def _dump(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(cls=_Group)
@click.version_option(package_name="qa")
def cli() -> None:
    """Ask questions of your articles; every answer cites the passages it quotes.

    After set-up (make run or make test) the command is .venv/bin/qa; it is
    plain qa once .venv/bin is on PATH (source .venv/bin/activate). Start with:

    \b
        .venv/bin/qa ingest seeds/
        .venv/bin/qa ask "Who warned about a resurgence?"
    """


@cli.command()
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
def ingest(paths: tuple[str, ...], index: str, feeds: tuple[str, ...], allow_private: bool, quiet: bool, ray_: bool,
           ray_address: str | None, workers: int) -> None:
    """Add files or folders of articles (.txt .md .html .json .jsonl .pdf .docx), web addresses or feeds.

    Unchanged articles are skipped; changed ones are replaced. A file whose id
    another file already has (in this run or in the index) is reported with both
    paths and left out, the rest still ingests, and the command exits 1.

    Example: qa ingest seeds/ --index indexes/default

    Example: qa ingest archive/ --store postgresql://qa@db/news --ray --ray-address auto

    Example: qa ingest https://example.com/news/story --feed https://example.com/rss
    """
    from pathlib import Path

    from qa.ingest.fetch import is_web_address
    from qa.ingest.pipeline import existing_paths

    if not paths and not feeds:
        raise click.UsageError("Give files, folders or web addresses to ingest, or --feed URL.")
    urls = [p for p in paths if is_web_address(p)]
    paths = tuple(p for p in paths if not is_web_address(p))
    existing_paths(paths)
    show = not quiet and sys.stderr.isatty()
    def summary(path: str, report: IngestReport) -> None:
        rate = report.chunks / report.seconds if report.seconds else 0.0
        click.echo(
            f"{path}: {len(report.added)} added, {len(report.replaced)} replaced, "
            f"{len(report.unchanged)} unchanged; {report.chunks} chunks, {report.sentences} sentences"
            f"{_reused(report.sentences - report.embedded)} in {report.seconds:.1f} s "
            f"({rate:.0f} chunks/s)", err=True,
        )

    fresh = not Path(index).exists()  # made by this run: removed again if nothing could be ingested
    library: Library = _open(index, create=True)
    embedding = ProgressBars(show, summary, unit=" sentences", doing="Embedding")
    reading = ProgressBars(show, summary, unit=" entries", doing="Reading")
    try:
        report = library.add_paths(paths, progress=embedding.progress, ray=ray_,
                                   ray_address=ray_address, workers=workers, reported=embedding.done)
        if urls or feeds:
            from qa.sources_cli import policy

            report.extend(library.add_urls(urls, policy=policy(allow_private), reported=summary))
            report.extend(library.add_feeds(feeds, policy=policy(allow_private), progress=reading.progress,
                                            reported=reading.done))
    finally:
        embedding.close()
        reading.close()
    for problem in report.problems:
        click.echo(f"skipped: {problem}", err=True)
    for collision in report.collisions:
        click.echo(f"collision: {collision}", err=True)
    if fresh and not (report.added or report.replaced or report.unchanged):
        library.discard_folder()
    if paths or urls or report.problems or report.collisions:  # a feed with nothing new is no failure
        report.check()


def _reused(count: int) -> str:
    """How many sentences were not embedded again, said so that a new index's count makes sense."""
    return f" ({count} repeated or embedded before, not embedded again)" if count else ""


@cli.command()
@click.argument("question")
@index_option
@click.option("--json", "json_", is_flag=True, help="Print the Answer as one JSON object.")
@click.option("--format", "format_", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="markdown: the answer with quotes, titles, outlets, dates, URLs, offsets.")
@click.option("-k", "k", default=3, show_default=True, type=click.IntRange(1, 20),
              help="How many top passages the reader reads; the answer quotes only these.")
@filter_options
@llm_options
def ask(question: str, index: str, json_: bool, format_: str, k: int, since: str | None, until: str | None,
        sources: tuple[str, ...], recent: bool, **llm: Any) -> None:
    """Answer a question, citing the passages it quotes.

    Example: qa ask "Who warned about a resurgence?" --json
    """
    library = _open(index, **llm)
    filters = _filters(since, until, sources, recent)
    if json_ or format_ == "json":
        _dump(answer_data(library.ask(question, k=k, **filters)))
    elif format_ == "markdown":
        from qa.present.markdown import to_markdown

        click.echo(to_markdown(question, library.ask(question, k=k, **filters)), nl=False)
    else:
        print_answer(library.stream(question, k=k, **filters))


@cli.command()
@index_option
@filter_options
@llm_options
def chat(index: str, since: str | None, until: str | None, sources: tuple[str, ...], recent: bool,
         **llm: Any) -> None:
    """A conversation in the terminal; follow-ups use the earlier turns. Ctrl-D or "exit" ends it.

    Example: qa chat --index indexes/default
    """
    session = _open(index, **llm).chat()
    click.echo(f"Ask about the articles in {session.library.store.location}; follow-ups use the conversation. "
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
            print_answer(session.stream(question, **_filters(since, until, sources, recent)))
        except QAError as exc:
            click.echo(f"Error: {exc}", err=True)
        click.echo()


@cli.command()
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
    passages = _open(index).search(question, k, **_filters(since, until, sources, recent))
    if json_:
        _dump([asdict(p) for p in passages])
        return
    for i, p in enumerate(passages, 1):
        click.echo(f"{i}. {p.title} ({p.article_id}, characters {p.start}-{p.end}, score {p.score:.3f})")
        click.echo(f"   {p.text}\n")


@cli.command("list")
@index_option
@click.option("--json", "json_", is_flag=True, help="Print a JSON list of articles.")
def list_(index: str, json_: bool) -> None:
    """The articles in the index.

    Example: qa list --json
    """
    rows = _open(index).listing()
    if json_:
        _dump([asdict(r) for r in rows])
        return
    for line in table(["ID", "CHUNKS", "PUBLISHED", "SOURCE", "TITLE"],
                       [[r.id, str(r.chunks), r.published or "-", r.source or "-", r.title] for r in rows]):
        click.echo(line)
    click.echo(f"{len(rows)} article{'s' * (len(rows) != 1)}", err=True)


@cli.command()
@click.argument("article_id")
@index_option
def remove(article_id: str, index: str) -> None:
    """Delete an article and its passages from the index.

    Example: qa remove 000_b06348abf7c03f73
    """
    _open(index).remove(article_id)
    click.echo(f"Removed {article_id}.", err=True)


@cli.command()
@index_option
@click.option("--json", "json_", is_flag=True, help="Print JSON.")
def info(index: str, json_: bool) -> None:
    """Articles, chunks, model and size on disk of an index.

    Example: qa info --index indexes/default
    """
    details = asdict(_open(index).info())
    if json_:
        _dump(details)
        return
    for key, value in details.items():
        click.echo(f"{key.replace('_', ' ')}: {value}")


@cli.command()
@index_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind (0.0.0.0 for all).")
@click.option("--port", default=7860, show_default=True, type=int, help="Port to serve on.")
@click.option("--share", is_flag=True, help="Also ask for a public share link (needs --auth or --no-auth).")
@click.option("--share-server", metavar="HOST:PORT", default=None, help="A self-hosted share server.")
@click.option("--auth", metavar="USER:PASS", envvar="QA_AUTH", default=None, help="Require this login (env QA_AUTH).")
@click.option("--no-auth", is_flag=True, help="Allow --share without a login.")
@click.option("--root-path", default=None, help="URL prefix when served behind a reverse proxy.")
@fetch_option
@click.option("--refresh-minutes", type=click.IntRange(1), default=None, metavar="N",
              help="Ingest what is new in the followed feeds (qa follow) every N minutes.")
@llm_options
def serve(index: str, host: str, port: int, share: bool, share_server: str | None, auth: str | None,
          no_auth: bool, root_path: str | None, allow_private: bool, refresh_minutes: int | None, **llm: Any) -> None:
    """Serve the chat app in the browser.

    Example: qa serve --index indexes/default --port 7860
    """
    login = None
    if auth:
        user, sep, password = auth.partition(":")
        if not sep or not user or not password:
            raise click.UsageError("--auth takes USER:PASS")
        login = (user, password)
    if (share or share_server) and not login and not no_auth:
        raise click.UsageError("A share link is public: give --auth USER:PASS (or QA_AUTH), or --no-auth.")
    _check_port(host, port)
    library = _open(index, **llm)
    from qa.present.web import build, launch
    from qa.sources_cli import policy, refresh_every

    if refresh_minutes:
        refresh_every(library, refresh_minutes, policy(allow_private))
    try:
        launch(build(library, fetching=policy(allow_private)), host=host, port=port,
               share=share or bool(share_server), share_server=share_server, auth=login, root_path=root_path)
    except OSError as exc:  # taken between the check and the bind
        raise _port_taken(host, port) from exc


def _check_port(host: str, port: int) -> None:
    """Fail in one line, before the app loads, when ``port`` is taken."""
    import socket

    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds: TIME_WAIT is free
            probe.bind((host, port))
    except OSError as exc:
        raise _port_taken(host, port) from exc


def _port_taken(host: str, port: int) -> QAError:
    return QAError(f"Port {port} on {host} is taken (another server is using it); choose another with "
                   f"--port, e.g. qa serve --port {port + 1}.")


# follow, refresh, feeds and watch (qa.sources_cli) and eval (qa.evaluation.command) live beside the work
# they run; importing them adds them to the group above.
from qa import sources_cli  # noqa: E402, F401
from qa.evaluation import command as _evaluation_command  # noqa: E402, F401


def main() -> None:
    configure_process()
    cli(prog_name="qa")
