"""A watched folder: what is added or changed there is ingested, what is deleted is removed, as it happens.

A client of the facade (it adds and removes through a Library), so it sits above it, beside the app.

The folder is first brought up to date (everything in it ingested; articles from
files no longer there removed), then watchfiles reports changes in batches.
Each changed file is read with the id it would get if the whole folder were
ingested (``business/001`` under ``bbc/``), so watching and ``qa ingest DIR``
give the same ids.  An article belongs to the file it was read from
(``Article.origin``): deleting a file removes its articles, and a JSONL file
that loses records loses their articles too.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qa.errors import ArticleError, ArticleNotFound
from qa.ingest.articles import SUPPORTED, read_path
from qa.ingest.report import IngestReport

if TYPE_CHECKING:
    from qa.library import Library


@dataclass(frozen=True)
class FolderChange:
    """What one batch of changes did.

    Attributes:
        report: the ingest of the files added or changed.
        removed: ids of the articles removed because their file was deleted or lost them.
    """

    report: IngestReport
    removed: tuple[str, ...]


def watch_folder(library: Library, folder: Path, *, stop: threading.Event | None = None,
                 changed: Callable[[FolderChange], None] | None = None, debounce_ms: int = 400) -> None:
    """Keep ``library`` in step with ``folder`` until ``stop`` is set (or Ctrl-C).

    Args:
        library: the index to keep in step.
        folder: the folder to watch, recursively.
        stop: ends the watch when set.
        changed: called after the first sync and after each batch of changes.
        debounce_ms: how long changes are gathered into one batch.

    Raises:
        ArticleError: ``folder`` is not a folder.
    """
    from watchfiles import Change, watch

    if not folder.is_dir():
        raise ArticleError(str(folder), "not a folder; give the folder to watch")
    root = folder.resolve()
    synced = False
    # The first batch comes at once (yield_on_timeout), once the watcher runs: the folder is synced then, so a
    # change made while it was being read is in a later batch, and none made before it started is missed.
    for batch in watch(root, stop_event=stop, debounce=debounce_ms, raise_interrupt=False, yield_on_timeout=True,
                       rust_timeout=500):
        if not synced:
            report = library.add_path(root)
            gone = [a.id for a in library.articles()
                    if a.origin and _under(a.origin, root) and not Path(a.origin).exists()]
            _notify(changed, report, _remove(library, gone))
            synced = True
            continue
        if not batch:
            continue
        touched = {Path(p) for change, p in batch if change != Change.deleted and _readable(Path(p), root)}
        deleted = {str(Path(p)) for change, p in batch if change == Change.deleted}
        _notify(changed, *sync(library, root, touched, deleted))


def sync(library: Library, root: Path, touched: Iterable[Path], deleted: Iterable[str]) -> tuple[IngestReport,
                                                                                                  list[str]]:
    """Ingest the ``touched`` files under ``root`` and drop the articles of ``deleted`` paths (files or folders).

    Returns:
        The ingest's report and the ids removed.
    """
    files = sorted(p for p in touched if p.is_file())
    articles, problems = read_path(root, only=files) if files else ([], [])
    report = IngestReport.of_errors(problems)
    report.extend(library.add_articles(articles))
    read = {str(p.resolve()) for p in files} - {str(Path(str(p.source)).resolve()) for p in problems}
    kept = {a.id for a in articles}
    gone = [a.id for a in library.articles()
            if (a.origin in read and a.id not in kept)
            or any(a.origin == d or _under(a.origin, Path(d)) for d in deleted)]
    return report, _remove(library, gone)


def _readable(path: Path, root: Path) -> bool:
    """A file the folder's ingest would read: a supported type, not hidden, not inside an index."""
    rel = path.relative_to(root).parts
    return path.suffix.lower() in SUPPORTED and not any(part.startswith(".") for part in rel) \
        and not any((parent / "manifest.json").exists() for parent in path.parents if _under(str(parent), root))


def _remove(library: Library, ids: Iterable[str]) -> list[str]:
    removed = []
    for article_id in dict.fromkeys(ids):
        try:
            library.remove(article_id)
            removed.append(article_id)
        except ArticleNotFound:  # removed meanwhile
            continue
    return removed


def _under(origin: str | None, folder: Path) -> bool:
    return bool(origin) and str(origin).startswith(str(folder).rstrip("/") + "/")


def _notify(changed: Callable[[FolderChange], None] | None, report: IngestReport, removed: list[str]) -> None:
    if changed and (removed or report.added or report.replaced or report.problems or report.collisions
                    or report.unchanged):
        changed(FolderChange(report, tuple(removed)))
