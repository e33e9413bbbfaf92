"""``qa serve``: the browser app (``qa.web``), with the followed feeds refreshed in the background."""

from __future__ import annotations

from typing import Any

import click

from qa.cli.options import fetch_option, fetch_policy, index_option, llm_options, open_library
from qa.config import app_login
from qa.errors import PortTaken


@click.command()
@index_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind (0.0.0.0 for all).")
@click.option("--port", default=7860, show_default=True, type=int, help="Port to serve on.")
@click.option("--share", is_flag=True, help="Also ask for a public share link (needs --auth or --no-auth).")
@click.option("--share-server", metavar="HOST:PORT", default=None, help="A self-hosted share server.")
@click.option("--auth", metavar="USER:PASS", default=None, help="Require this login (env QA_AUTH).")
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
    try:
        login = app_login(auth)
    except ValueError:
        raise click.UsageError("--auth takes USER:PASS") from None
    if (share or share_server) and not login and not no_auth:
        raise click.UsageError("A share link is public: give --auth USER:PASS (or QA_AUTH), or --no-auth.")
    _check_port(host, port)
    library = open_library(index, **llm)
    from qa.cli.sources import refresh_every
    from qa.web.app import build
    from qa.web.launch import launch

    if refresh_minutes:
        refresh_every(library, refresh_minutes, fetch_policy(allow_private))
    try:
        launch(build(library, fetching=fetch_policy(allow_private)), host=host, port=port,
               share=share or bool(share_server), share_server=share_server, auth=login, root_path=root_path)
    except OSError as exc:  # taken between the check and the bind
        raise PortTaken(host, port) from exc


def _check_port(host: str, port: int) -> None:
    """Fail in one line, before the app loads, when ``port`` is taken."""
    import socket

    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds: TIME_WAIT is free
            probe.bind((host, port))
    except OSError as exc:
        raise PortTaken(host, port) from exc



def register_commands(group: click.Group) -> None:
    """Add this family's commands to ``group``."""
    group.add_command(serve)
