"""``qa eval``: quality on a question set; like every command it only reads options and prints
(the work is ``qa.evaluation.evaluate.run``'s)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from functools import partial
from typing import Any

import click

from qa.cli.options import dump, llm_choice, llm_options, store_option


@click.command("eval")
@click.argument("dataset", type=click.Path(exists=True, file_okay=False))
@click.option("--index", "index", default=None, type=click.Path(file_okay=False),
              help="Index folder for the set's articles (default indexes/eval-<set name>).")
@click.option("--limit", type=click.IntRange(1), default=None, help="Only the first N questions (fixed order).")
@click.option("--articles", "articles", default=None, type=click.Path(exists=True, dir_okay=False),
              help="Only questions about these articles: ids one a line, or JSON lists of ids (splits.json); "
                   "all of the set's articles are still indexed.")
@click.option("--compare", is_flag=True, help="Also run the llama-index-default and bm25-256 baselines.")
@click.option("--json", "json_", is_flag=True, help="Print the report as JSON.")
@click.option("--output", type=click.Path(dir_okay=False), default=None, help="Also write the JSON report here.")
@partial(store_option, from_environment=False)  # never QA_STORE: the set's articles must not land in a real archive
@llm_options
def eval_(dataset: str, index: str | None, limit: int | None, articles: str | None, compare: bool, json_: bool,
          output: str | None, **llm: Any) -> None:
    """Measure retrieval recall, answer hits, citation validity and latency on a question set.

    The set's articles are indexed first (a no-op when already indexed).

    Example: qa eval ../shared/eval/squad_v1_dev --articles ../shared/eval/splits.json --compare
    """
    from pathlib import Path

    from tqdm import tqdm

    from qa.evaluation.evaluate import article_ids, iter_table, run

    @contextmanager
    def progress(system: str, total: int) -> Iterator[Callable[[int], object]]:
        with tqdm(total=total, unit=" q", desc=f"Asking ({system})", file=sys.stderr,
                  disable=json_ or not sys.stderr.isatty()) as bar:
            yield bar.update

    store = click.get_current_context().meta.get("qa.store")
    only = article_ids(Path(articles)) if articles else None
    result = run(Path(dataset), index=index, limit=limit, only=only, compare=compare, store=store,
                 llm=llm_choice(**llm), output=Path(output) if output else None, progress=progress,
                 skipped=lambda problem: click.echo(f"skipped: {problem}", err=True))
    if json_:
        dump(asdict(result))
    else:
        click.echo(f"{result.dataset}: {result.questions} questions")
        for line in iter_table(result.systems):
            click.echo(line)


def register_commands(group: click.Group) -> None:
    """Add this family's commands to ``group``."""
    group.add_command(eval_)
