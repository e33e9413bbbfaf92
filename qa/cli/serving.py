"""``qa serve``: the browser app (``qa.web``), with the followed feeds refreshed in the background."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from qa.cli.options import fetch_option, fetch_policy, index_option, llm_options, open_library
from qa.config import app_login, reader_logins
from qa.errors import PortTaken
from qa.web.access import QUESTIONS_PER_MINUTE, Access, Changes, read_logins


@click.command()
@index_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind (0.0.0.0 for all).")
@click.option("--port", default=7860, show_default=True, type=int, help="Port to serve on.")
@click.option("--share", is_flag=True, help="Also ask for a public share link (needs --auth or --no-auth).")
@click.option("--share-server", metavar="HOST:PORT", default=None, help="A self-hosted share server.")
@click.option("--auth", metavar="USER:PASS", default=None,
              help="Require this login, an editor's: may also change the library (env QA_AUTH).")
@click.option("--reader-auth", metavar="USER:PASS", multiple=True,
              help="A reader's login: may ask, not change the library; repeat for more (env QA_READER_AUTH).")
@click.option("--auth-file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Logins from a file, one per line: 'editor USER:PASS' or 'reader USER:PASS'.")
@click.option("--questions-per-minute", type=click.IntRange(1), default=QUESTIONS_PER_MINUTE, show_default=True,
              help="Each user's questions a minute; more are refused (HTTP 429).")
@click.option("--no-auth", is_flag=True, help="Allow --share without a login.")
@click.option("--root-path", default=None, help="URL prefix when served behind a reverse proxy.")
@click.option("--mcp", "mcp_tools", is_flag=True,
              help="Also serve the MCP tools (as qa mcp) over HTTP at /mcp, behind the same logins.")
@fetch_option
@click.option("--refresh-minutes", type=click.IntRange(1), default=None, metavar="N",
              help="Ingest what is new in the followed feeds (qa follow) every N minutes.")
@llm_options
def serve(index: str, host: str, port: int, share: bool, share_server: str | None, auth: str | None,
          reader_auth: tuple[str, ...], auth_file: Path | None, questions_per_minute: int, no_auth: bool,
          root_path: str | None, mcp_tools: bool, allow_private: bool, refresh_minutes: int | None, **llm: Any) -> None:
    """Serve the chat app in the browser.

    Example: qa serve --index indexes/default --port 7860 --auth-file logins.txt
    """
    access = _access(auth, reader_auth, auth_file, questions_per_minute)
    if (share or share_server) and not access.required and not no_auth:
        raise click.UsageError("A share link is public: give --auth USER:PASS (or QA_AUTH), or --no-auth.")
    _check_port(host, port)
    library = open_library(index, **llm)
    from qa.cli.sources import refresh_every
    from qa.web.app import build
    from qa.web.launch import launch

    if refresh_minutes:
        refresh_every(library, refresh_minutes, fetch_policy(allow_private))
    try:
        launch(build(library, fetching=fetch_policy(allow_private), access=access), host=host, port=port,
               share=share or bool(share_server), share_server=share_server, access=access, api=library,
               root_path=root_path, mcp=mcp_tools)
    except OSError as exc:  # taken between the check and the bind
        raise PortTaken(host, port) from exc


def _access(auth: str | None, reader_auth: tuple[str, ...], auth_file: Path | None,
            questions_per_minute: int) -> Access:
    """Who may do what: editors from --auth / QA_AUTH and the file, readers from --reader-auth /
    QA_READER_AUTH and the file."""
    try:
        login = app_login(auth)
    except ValueError:
        raise click.UsageError("--auth takes USER:PASS") from None
    try:
        readers = reader_logins(reader_auth)
    except ValueError:
        raise click.UsageError("--reader-auth takes USER:PASS") from None
    editors = dict([login]) if login else {}
    if auth_file:
        try:
            from_file = read_logins(auth_file)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            raise click.UsageError(f"--auth-file {auth_file}: {exc}") from None
        editors |= from_file[0]
        readers |= from_file[1]
    both = sorted(set(editors) & set(readers))
    if both:
        raise click.UsageError(f"{', '.join(both)} is given both an editor's and a reader's login; keep one.")
    return Access(editors, readers, questions_per_minute)


def _check_port(host: str, port: int) -> None:
    """Fail in one line, before the app loads, when ``port`` is taken."""
    import socket

    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds: TIME_WAIT is free
            probe.bind((host, port))
    except OSError as exc:
        raise PortTaken(host, port) from exc



@click.command(name="log")
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON.")
def log(index: str, as_json: bool) -> None:
    """What was added, fetched or removed through the app, by whom and when, oldest first.

    Example: qa log --index indexes/default
    """
    entries = Changes(index).read()
    if as_json:
        click.echo(json.dumps(entries, indent=2, ensure_ascii=False))
    elif not entries:
        click.echo(f"Nothing was added, fetched or removed through the app in {index}.", err=True)
    for entry in [] if as_json else entries:
        click.echo(f"{entry['time']}  {entry['user'] or '(no login)'}  {entry['action']}  {' '.join(entry['what'])}")


@click.command(name="mcp")
@index_option
@llm_options
def mcp(index: str, **llm: Any) -> None:
    """Serve the index to an assistant over MCP (stdio): tools ask, search, list_articles, read_article.

    An assistant launches it; add it to the assistant's configuration as the command
    ".venv/bin/qa" with the arguments "mcp --index /path/to/index" (see the README).
    """
    library = open_library(index, **llm)
    from qa.assistants import server

    server(library).run("stdio")


def register_commands(group: click.Group) -> None:
    """Add this family's commands to ``group``."""
    group.add_command(serve)
    group.add_command(log)
    group.add_command(mcp)
