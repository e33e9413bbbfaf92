"""How answers, citations and tables look in a terminal.

An answer prints one quoted sentence per line (its ``[n]`` marker kept at the
end), each wrapped to the terminal's width without splitting a word, so a
quote can still be copied exactly; citations follow, indented.  Tables
line up under a header and cut only their last column to fit.
"""

from __future__ import annotations

import re
import shutil
import sys
import textwrap
from collections.abc import Iterable, Iterator
from typing import Any

import click

MIN_WIDTH = 40


def width() -> int:
    """The terminal's width in columns (``COLUMNS``, else the terminal, else 80)."""
    return max(MIN_WIDTH, shutil.get_terminal_size().columns)


def wrap(text: str, indent: str = "") -> str:
    """``text`` wrapped to the terminal; words are never split, so quotes stay exact."""
    return textwrap.fill(text, width(), initial_indent=indent, subsequent_indent=indent, break_long_words=False,
                         break_on_hyphens=False)


def sentences(text: str) -> list[str]:
    """An answer's text cut after each citation marker: one quoted sentence (and its ``[n]``) per item."""
    cuts = [m.end() for m in re.finditer(r"\[\d+\](?=\s|$)", text)]
    pieces = [text[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return [p for p in pieces if p]


def print_answer(answers: Iterable[Any]) -> None:
    """Print an answer as it grows, one quoted sentence per line, then its citations; notes go to stderr.

    A sentence is printed once it carries its marker; in LLM mode that is as soon
    as it has been checked against its passage.
    """
    shown: list[str] = []
    answer = None
    for answer in answers:
        lines = sentences(answer.text)
        if lines[:len(shown)] != shown:  # the model's answer was replaced by the extractive one
            click.echo()
            shown = []
        done = lines[len(shown):]
        if done and not done[-1].endswith("]"):  # only the last piece can lack a marker: it may still grow
            done = done[:-1]
        for line in done:
            click.echo(wrap(line))
        shown += done
    if answer is None:
        return
    for line in sentences(answer.text)[len(shown):]:
        click.echo(wrap(line))
    for note in answer.notes:
        click.echo(f"Note: {note}", err=True)
    for c in answer.citations:
        click.echo(f"\n[{c.n}] {c.title} ({c.article_id}, characters {c.start}-{c.end})")
        click.echo(wrap(c.text, "    "))
        if c.also_in:
            click.echo(wrap(f"also published by {len(c.also_in)} other{'s' * (len(c.also_in) > 1)}: "
                            f"{', '.join(c.also_in)}", "    "))


def table(header: list[str], rows: list[list[str]]) -> Iterator[str]:
    """Rows in aligned columns under ``header``; on a terminal the last column is cut to its width."""
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)][:-1]
    room = max(20, width() - sum(widths) - 2 * len(widths)) if sys.stdout.isatty() else sys.maxsize
    for row in [header, *rows]:
        last = row[-1] if len(row[-1]) <= room else row[-1][:room - 1] + "…"
        yield "  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), last])
