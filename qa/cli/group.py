"""The ``qa`` group: its one place of error handling, and the families of commands it is made of.

Each family module offers ``register_commands(group)``; the group is assembled here, explicitly,
so that reading this file tells every command there is and where it lives.
"""

from __future__ import annotations

from typing import Any

import click

from qa.cli import asking, evaluating, indexing, serving, sources, tracking
from qa.config import check_environment, configure_process
from qa.errors import QAError


class QAGroup(click.Group):
    """A click group that checks the ``QA_*`` settings, and turns a QAError into one line on stderr and its
    exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            check_environment()  # a QA_* value that cannot be used fails every command alike, in one line
            return super().invoke(ctx)
        except QAError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            ctx.exit(130)


@click.group(cls=QAGroup)
@click.version_option(package_name="qa")
def cli() -> None:
    """Ask questions of your articles; every answer cites the passages it quotes.

    After set-up (make run or make test) the command is .venv/bin/qa; it is
    plain qa once .venv/bin is on PATH (source .venv/bin/activate). Start with:

    \b
        .venv/bin/qa ingest seeds/
        .venv/bin/qa ask "Who warned about a resurgence?"
    """


for family in (indexing, asking, sources, tracking, serving, evaluating):
    family.register_commands(cli)


def main() -> None:
    """The ``qa`` script: set up the process (before NumPy loads), then run the group."""
    configure_process()
    cli(prog_name="qa")
