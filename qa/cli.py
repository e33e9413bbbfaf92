"""The ``qa`` command: a thin click layer over Library.

Errors meant for the user (QAError) print one line on stderr and exit with
the error's code; ``--json`` output goes to stdout alone.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from functools import partial
from typing import Any

import click

from qa.config import default_index
from qa.errors import QAError


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
        type=click.Path(file_okay=False), help="Index folder (env QA_INDEX); with --store, its embedding cache.",
    )(f))


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


def _open(index: str, *, create: bool = False, llm_url: str | None = None, llm_model: str | None = None,
          llm_api_key: str | None = None) -> Any:
    from qa.generation import LLMSettings
    from qa.library import Library

    llm = LLMSettings(llm_url, llm_model, llm_api_key) if llm_url else None
    store = click.get_current_context().meta.get("qa.store")
    return Library(index, create=create, llm=llm, store=store or "")


def _dump(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(cls=_Group)
@click.version_option(package_name="qa")
def cli() -> None:
    """Ask questions of your articles; every answer cites the passages it quotes.

    Start with: qa ingest seeds/ && qa ask "Who warned about a resurgence?"
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@index_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--ray", "ray_", is_flag=True,
              help="Chunk and embed with Ray Data across workers (pip install 'qa[distributed]').")
@click.option("--ray-address", default=None, metavar="ADDR",
              help="Join this Ray cluster (e.g. ray://head:10001, or auto); default a local one.")
@click.option("--workers", type=click.IntRange(1), default=2, show_default=True,
              help="With --ray: Ray actors embedding in parallel (one CPU each).")
def ingest(paths: tuple[str, ...], index: str, quiet: bool, ray_: bool, ray_address: str | None,
           workers: int) -> None:
    """Add files or folders of articles (.txt .md .html .json .jsonl) to the index.

    Unchanged articles are skipped; changed ones are replaced.

    Example: qa ingest seeds/ --index indexes/default

    Example: qa ingest archive/ --store postgresql://qa@db/news --ray --ray-address auto
    """
    from pathlib import Path

    from tqdm import tqdm

    for path in paths:
        if not Path(path).exists():
            raise QAError(f"{path}: no such file or folder")
    library = _open(index, create=True)
    prepare = None
    if ray_ or ray_address:
        from qa.distributed import RayPrepare

        prepare = RayPrepare(library.model, library.embedder.dimension, address=ray_address, workers=workers,
                             progress=not quiet and sys.stderr.isatty())
    problems: list[str] = []
    ingested = 0
    for path in paths:
        bar = tqdm(total=0, unit=" sentences", desc=f"Embedding {path}", file=sys.stderr,
                   disable=quiet or not sys.stderr.isatty(), dynamic_ncols=True)

        def progress(done: int, total: int, bar: Any = bar) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        try:
            report = library.add_path(path, progress=progress, prepare=prepare)
        except QAError as exc:
            problems.append(str(exc))
            continue
        finally:
            bar.close()
        problems.extend(report.problems)
        ingested += len(report.added) + len(report.replaced) + len(report.unchanged)
        rate = report.chunks / report.seconds if report.seconds else 0.0
        click.echo(
            f"{path}: {len(report.added)} added, {len(report.replaced)} replaced, "
            f"{len(report.unchanged)} unchanged; {report.chunks} chunks, {report.sentences} sentences "
            f"({report.sentences - report.embedded} from cache) in {report.seconds:.1f} s "
            f"({rate:.0f} chunks/s)", err=True,
        )
    if not ingested and len(problems) == 1:
        raise QAError(problems[0])
    for problem in problems:
        click.echo(f"skipped: {problem}", err=True)
    if not ingested:
        raise QAError("Nothing was ingested; fix the files listed above.")


def _print_stream(answers: Any) -> None:
    """Print an answer as it grows, then its citations; notes go to stderr."""
    shown = ""
    answer = None
    for answer in answers:
        if answer.text.startswith(shown):
            click.echo(answer.text[len(shown):], nl=False)
        else:  # the model's answer was replaced by the extractive one
            click.echo(("\n" if shown else "") + answer.text, nl=False)
        shown = answer.text
    click.echo()
    if answer is None:
        return
    for note in answer.notes:
        click.echo(f"Note: {note}", err=True)
    for c in answer.citations:
        click.echo(f"\n[{c.n}] {c.title} ({c.article_id}, characters {c.start}-{c.end})")
        click.echo(f"    {c.text}")
        if c.also_in:
            click.echo(f"    also published by {len(c.also_in)} other{'s' * (len(c.also_in) > 1)}: "
                       f"{', '.join(c.also_in)}")


@cli.command()
@click.argument("question")
@index_option
@click.option("--json", "json_", is_flag=True, help="Print the Answer as one JSON object.")
@click.option("--format", "format_", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="markdown: the answer with quotes, titles, outlets, dates, URLs, offsets.")
@click.option("-k", "k", default=3, show_default=True, type=click.IntRange(1, 20),
              help="How many top passages the answer may quote.")
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
        _dump(asdict(library.ask(question, k=k, **filters)))
    elif format_ == "markdown":
        from qa.export import to_markdown

        answer = library.ask(question, k=k, **filters)
        cited = {c.article_id: library.article(c.article_id) for c in answer.citations}
        click.echo(to_markdown(question, answer, cited), nl=False)
    else:
        _print_stream(library.stream(question, k=k, **filters))


@cli.command()
@index_option
@filter_options
@llm_options
def chat(index: str, since: str | None, until: str | None, sources: tuple[str, ...], recent: bool,
         **llm: Any) -> None:
    """A conversation in the terminal; follow-ups use the earlier turns. Ctrl-D ends it.

    Example: qa chat --index indexes/default
    """
    session = _open(index, **llm).chat()
    while True:
        try:
            question = click.prompt("?", prompt_suffix=" ", err=True)
        except (EOFError, click.Abort):
            click.echo(err=True)
            return
        try:
            _print_stream(session.stream(question, **_filters(since, until, sources, recent)))
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
    library = _open(index)
    counts = library.chunk_counts()
    rows = [{"id": a.id, "title": a.title, "source": a.source, "url": a.url,
             "published": a.published, "chunks": counts[a.id]} for a in library.articles()]
    if json_:
        _dump(rows)
        return
    for row in rows:
        click.echo(f"{row['id']}\t{row['chunks']} chunks\t{row['published'] or '-'}\t{row['source']}\t{row['title']}")
    click.echo(f"{len(rows)} articles", err=True)


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
    details = _open(index).info()
    if json_:
        _dump(details)
        return
    for key, value in details.items():
        click.echo(f"{key}: {value}")


@cli.command("eval")
@click.argument("dataset", type=click.Path(exists=True, file_okay=False))
@click.option("--index", "index", default=None, type=click.Path(file_okay=False),
              help="Index folder for the set's articles (default indexes/eval-<set name>).")
@click.option("--limit", type=click.IntRange(1), default=None, help="Only the first N questions (fixed order).")
@click.option("--compare", is_flag=True, help="Also run the llama-index-default and bm25-256 baselines.")
@click.option("--json", "json_", is_flag=True, help="Print the report as JSON.")
@click.option("--output", type=click.Path(dir_okay=False), default=None, help="Also write the JSON report here.")
@partial(store_option, envvar=None)  # never QA_STORE: the set's articles must not land in a real archive
@llm_options
def eval_(dataset: str, index: str | None, limit: int | None, compare: bool, json_: bool,
          output: str | None, **llm: Any) -> None:
    """Measure retrieval recall, answer hits, citation validity and latency on a question set.

    The set's articles are indexed first (a no-op when already indexed).

    Example: qa eval ../shared/eval/squad_v1_dev --limit 200 --compare
    """
    from pathlib import Path

    from tqdm import tqdm

    from qa.articles import read_file
    from qa.baselines import BM25Chunks, LlamaIndexDefault
    from qa.evaluation import evaluate, iter_table, load_questions

    folder = Path(dataset)
    questions = load_questions(folder, limit)
    library = _open(index or f"indexes/eval-{folder.resolve().name}", create=True, **llm)
    ingest = library.add_path(folder / "articles.jsonl")
    for problem in ingest.problems:
        click.echo(f"skipped: {problem}", err=True)
    articles = library.articles()
    texts = {a.id: a.text for a in articles}
    systems: list[Any] = [library]
    if compare:
        systems += [LlamaIndexDefault(read_file(folder / "articles.jsonl")[0], library.model), BM25Chunks(articles)]
    reports: dict[str, dict[str, Any]] = {}
    for system in systems:
        name = getattr(system, "name", "qa")
        with tqdm(total=len(questions), unit=" q", desc=f"Asking ({name})", file=sys.stderr,
                  disable=json_ or not sys.stderr.isatty()) as bar:
            reports[name] = evaluate(system, questions, texts, progress=bar.update)
    result = {"dataset": folder.resolve().name, "questions": len(questions), "systems": reports}
    if output:
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(json.dumps(result, indent=2) + "\n")
    if json_:
        _dump(result)
    else:
        click.echo(f"{result['dataset']}: {len(questions)} questions")
        for line in iter_table(reports):
            click.echo(line)


@cli.command()
@index_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind (0.0.0.0 for all).")
@click.option("--port", default=7860, show_default=True, type=int, help="Port to serve on.")
@click.option("--share", is_flag=True, help="Also ask for a public share link (needs --auth or --no-auth).")
@click.option("--share-server", metavar="HOST:PORT", default=None, help="A self-hosted share server.")
@click.option("--auth", metavar="USER:PASS", envvar="QA_AUTH", default=None, help="Require this login (env QA_AUTH).")
@click.option("--no-auth", is_flag=True, help="Allow --share without a login.")
@click.option("--root-path", default=None, help="URL prefix when served behind a reverse proxy.")
@llm_options
def serve(index: str, host: str, port: int, share: bool, share_server: str | None, auth: str | None,
          no_auth: bool, root_path: str | None, **llm: Any) -> None:
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
    library = _open(index, **llm)
    from qa.web import build, launch

    launch(build(library), host=host, port=port, share=share or bool(share_server), share_server=share_server,
           auth=login, root_path=root_path)


def main() -> None:
    cli(prog_name="qa")
