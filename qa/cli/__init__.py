"""The ``qa`` command: a thin click layer over Library, assembled in ``qa.cli.group``.

Errors meant for the user (QAError) print one line on stderr and exit with the error's code;
``--json`` output goes to stdout alone.  What a command decides (what an ingest does, how an
evaluation runs) is the library's; the command modules read options and print:

    group.py       the ``qa`` group, its error handling, and which families it registers
    options.py     options and helpers every family shares (--index/--store, --llm-*, filters)
    indexing.py    ingest, list, remove, info
    asking.py      ask, chat, search
    sources.py     follow, unfollow, refresh, feeds, watch
    tracking.py    track, tracked, untrack, changes
    serving.py     serve, log, mcp
    evaluating.py  eval
"""

from __future__ import annotations

from qa.cli.group import cli, main

__all__ = ["cli", "main"]
