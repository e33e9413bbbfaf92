"""What the families of ``qa`` commands share: the options most of them take, and the helpers that
turn options into a Library, filters, LLM settings and JSON output.

Options read their ``QA_*`` variable through ``qa.config`` (as a default, not through click),
so the environment is read in one place and checked there.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

import click

from qa.config import allow_private_urls, default_index, default_store

if TYPE_CHECKING:
    from qa.config import LLMSettings
    from qa.ingest.fetch import FetchPolicy
    from qa.ingest.report import IngestReport
    from qa.library import Library


def store_option(f: Callable[..., Any], *, from_environment: bool = True) -> Callable[..., Any]:
    """--store URI: keep the index in PostgreSQL (read by ``open_library`` from the click context).

    Unset, ``QA_STORE`` decides (through ``qa.config``), unless ``from_environment`` is False.
    """
    def remember(ctx: click.Context, _: Any, value: str | None) -> None:
        ctx.meta["qa.store"] = value

    return click.option(
        "--store", default=default_store if from_environment else None, show_default=False, metavar="URI",
        expose_value=False, callback=remember,
        help="PostgreSQL URI to keep the index in instead of the folder"
             + (" (env QA_STORE)" if from_environment else "") + ", e.g. postgresql://user:pass@host/db.",
    )(f)


def index_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """--index FOLDER (and --store URI): which index a command opens."""
    return store_option(click.option(
        "--index", "index", default=default_index, show_default="indexes/default",
        type=click.Path(), help="Index folder (env QA_INDEX); with --store, its embedding cache.",
    )(f))


def fetch_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """--allow-private-urls: let web addresses and feeds reach this machine's own network (off by default)."""
    return click.option(
        "--allow-private-urls", "allow_private", is_flag=True,
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


def filters(since: str | None, until: str | None, sources: tuple[str, ...], recent: bool) -> dict[str, Any]:
    """The filter options as ``Library.ask``'s keyword arguments."""
    return {"since": since, "until": until, "sources": list(sources) or None, "recent": recent}


def llm_choice(llm_url: str | None = None, llm_model: str | None = None,
         llm_api_key: str | None = None) -> LLMSettings | Literal[False]:
    """The LLM settings: each option, else its QA_LLM_* variable; False when no URL is set anywhere."""
    from qa.config import llm_settings

    return llm_settings(llm_url, llm_model, llm_api_key) or False


def open_library(index: str, *, create: bool = False, **llm: str | None) -> Library:
    """The Library a command works on: ``index``, or the --store database its options name."""
    from qa.library import Library

    store = click.get_current_context().meta.get("qa.store")
    return Library(index, create=create, llm=llm_choice(**llm), store=store or "")


def dump(data: Any) -> None:
    """``data`` as indented JSON on stdout, the only thing a ``--json`` command prints there."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def fetch_policy(allow_private: bool) -> FetchPolicy:
    """How web addresses and feeds are fetched: private addresses only with --allow-private-urls
    (or ``QA_ALLOW_PRIVATE_URLS=1``)."""
    from qa.ingest.fetch import FetchPolicy

    return FetchPolicy(allow_private=allow_private or allow_private_urls())


def echo_problems(report: IngestReport) -> None:
    """Each file or address an ingest skipped, and each id collision, one line on stderr."""
    for problem in report.problems:
        click.echo(f"skipped: {problem}", err=True)
    for collision in report.collisions:
        click.echo(f"collision: {collision}", err=True)
