"""How answers, citations and tables look in a terminal.

An answer prints one part per line (a quoted sentence with its ``[n]`` marker at
the end), each wrapped to the terminal's width without splitting a word, so a
quote can still be copied exactly; citations follow, indented.  Tables
line up under a header and cut only their last column to fit.
"""

from __future__ import annotations

import shutil
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, TypeVar

import click

from qa.answering.answer import Answer, Part

MIN_WIDTH = 40
R = TypeVar("R")  # what an item's work reports


def width() -> int:
    """The terminal's width in columns (``COLUMNS``, else the terminal, else 80)."""
    return max(MIN_WIDTH, shutil.get_terminal_size().columns)


def wrap(text: str, indent: str = "") -> str:
    """``text`` wrapped to the terminal; words are never split, so quotes stay exact."""
    return textwrap.fill(text, width(), initial_indent=indent, subsequent_indent=indent, break_long_words=False,
                         break_on_hyphens=False)


def print_answer(answers: Iterable[Answer]) -> None:
    """Print an answer as it grows, one part (a quoted sentence and its marker) per line, then its
    citations; notes go to stderr.

    In LLM mode a part is printed as soon as it has been checked against its passage; when the
    model's answer is replaced by the extractive one, that one is printed from its start.
    """
    shown: tuple[Part, ...] = ()
    answer = None
    for answer in answers:
        if answer.parts[:len(shown)] != shown:  # the model's answer was replaced by the extractive one
            click.echo()
            shown = ()
        for part in answer.parts[len(shown):]:
            click.echo(wrap(part.marked))
        shown = answer.parts
    if answer is None:
        return
    for note in answer.notes:
        click.echo(f"Note: {note}", err=True)
    for c in answer.citations:
        page = f"{c.page_label}, " if c.page else ""
        click.echo(f"\n[{c.n}] {c.title} ({c.article_id}, {page}characters {c.start}-{c.end})")
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


class ProgressBars(Generic[R]):
    """A progress bar on stderr for each item of long work (a path embedded, a feed read).

    ``done`` closes the item's bar, then passes its report on; ``close`` ends any bar still open
    (an ingest that failed half-way).

    Args:
        show: draw bars at all (not with ``--quiet`` or when stderr is no terminal).
        reported: called with each item and its report once it is done.
        unit, doing: how the bar counts (" sentences") and what it says ("Embedding").
    """

    def __init__(self, show: bool, reported: Callable[[str, R], None], *, unit: str, doing: str) -> None:
        self.reported = reported
        self.unit, self.doing = unit, doing
        self.bars: dict[str, Any] = {}
        self.progress = self._progress if show else None

    def _progress(self, item: str, done: int, total: int) -> None:
        from tqdm import tqdm

        if item not in self.bars:
            self.bars[item] = tqdm(total=total, unit=self.unit, desc=f"{self.doing} {item}", file=sys.stderr,
                                   dynamic_ncols=True)
        self.bars[item].total = total
        self.bars[item].n = done
        self.bars[item].refresh()

    def done(self, item: str, report: R) -> None:
        if item in self.bars:
            self.bars.pop(item).close()
        self.reported(item, report)

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()
        self.bars.clear()
