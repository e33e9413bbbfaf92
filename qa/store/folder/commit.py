"""An index folder on disk: its manifest, the commit protocol and the write lock.

Layout::

    manifest.json        format, model, chunking, the segments in use, removed articles,
                         syndicated copies: the one file a commit replaces
    segments/seg-000007/ one immutable part (see ``qa.store.folder.segments``)
        articles.jsonl   the stored articles (offsets point into their text)
        spans.npz        chunk and sentence offsets, MinHash signatures
        vectors.npy      one unit vector per sentence (memory-mapped when read)
        dense.faiss      the approximate (IVF) index of a large segment; small ones are
                         searched exactly with a FAISS flat index built on load
        bm25/            bm25s index over "title + chunk text", stemmed (memory-mapped)
    embeddings.sqlite    the embedding cache (survives every commit)
    .lock                held by the one process writing

An ingest writes only a new segment for what it adds, then replaces
``manifest.json`` (temp file + ``os.replace``): that is the commit.  A crash
at any moment leaves the last committed manifest and every segment it names
intact; readers never see a half-written state.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from qa.errors import IndexMismatch, WriteFailed
from qa.store.base import LOCK_PATIENCE, busy, check_format, check_model, write_failed
from qa.store.folder.segments import Segment
from qa.store.folder.state import IndexData

FORMAT = 3


@dataclass(frozen=True)
class SegmentEntry:
    """One segment a manifest names: its folder, how its vectors are searched, and its counts."""

    name: str
    dense: str
    articles: int
    chunks: int
    sentences: int


@dataclass(frozen=True)
class Manifest:
    """``manifest.json``: one committed state of an index folder, as the store reads it.

    Attributes:
        format, model, dimension, chunking: how the index was built (checked when it is opened).
        generation: how many commits the index has seen.
        articles, chunks: what is searchable.
        segments: the segments in use, oldest first.
        dead: segment name -> positions of its articles removed since it was written.
        copies: article id -> id of the article it repeats (a syndicated copy).
        retired: segments a reader of the previous state may still be loading.
        last_segment: the highest segment name ever used (names are never reused).
    """

    format: int
    model: str
    dimension: int
    chunking: dict[str, Any]
    generation: int
    articles: int
    chunks: int
    segments: tuple[SegmentEntry, ...]
    dead: dict[str, tuple[int, ...]]
    copies: dict[str, str]
    retired: tuple[str, ...]
    last_segment: str

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        """Raises KeyError or TypeError when a field is missing or malformed."""
        return cls(int(data["format"]), str(data["model"]), int(data["dimension"]), dict(data["chunking"]),
                   int(data["generation"]), int(data["articles"]), int(data["chunks"]),
                   tuple(SegmentEntry(**entry) for entry in data["segments"]),
                   {name: tuple(local) for name, local in data["dead"].items()}, dict(data["copies"]),
                   tuple(data["retired"]), str(data["last_segment"]))

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["dead"] = {name: list(local) for name, local in self.dead.items()}
        return data


class IndexFolder:
    """Reads and commits the states of one index folder.

    Args:
        path: the index folder.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.segment_dir = self.path / "segments"

    @property
    def manifest_path(self) -> Path:
        return self.path / "manifest.json"

    def exists(self) -> bool:
        return self.manifest_path.is_file()

    def manifest(self) -> Manifest:
        """The committed state.

        Raises:
            IndexMismatch: the manifest is unreadable, or written in another format.
        """
        try:
            data = json.loads(self.manifest_path.read_text())
        except (OSError, ValueError) as exc:
            raise IndexMismatch(f"{self.manifest_path} is unreadable; rebuild it: {self.rebuild}") from exc
        check_format(str(self.path), data.get("format") if isinstance(data, dict) else None, FORMAT, self.rebuild)
        try:
            return Manifest.from_json(data)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise IndexMismatch(f"{self.manifest_path} is damaged ({exc}); rebuild it: {self.rebuild}") from exc

    @property
    def rebuild(self) -> str:
        """How to rebuild this index; the embedding cache stays, so nothing is embedded again."""
        return (f"rm -r {self.path}/manifest.json {self.path}/segments && "
                f"qa ingest <articles> --index {self.path} (the embedding cache is kept)")

    def check_model(self, manifest: Manifest, model: str) -> None:
        """Raises IndexMismatch when the index was embedded with another model."""
        check_model(str(self.path), manifest.model, model, self.rebuild)

    def load(self, manifest: Manifest, loaded: dict[str, Segment] | None = None) -> IndexData:
        """The state ``manifest`` names; segments already in ``loaded`` are reused, not read again."""
        loaded = loaded if loaded is not None else {}
        segments = []
        for entry in manifest.segments:
            name = entry.name
            if name not in loaded:
                try:
                    loaded[name] = Segment.load(self.segment_dir / name)
                except (OSError, ValueError, RuntimeError, KeyError) as exc:
                    raise IndexMismatch(f"{self.segment_dir / name} is damaged ({exc}); rebuild it: "
                                        f"{self.rebuild}") from exc
            segments.append(loaded[name])
        dead = {name: frozenset(local) for name, local in manifest.dead.items()}
        return IndexData(segments, dead, dict(manifest.copies), manifest.dimension)

    def _numbers(self) -> list[int]:
        names = [p.name for p in self.segment_dir.glob("seg-*")]
        if self.exists():
            manifest = self.manifest()
            names += [e.name for e in manifest.segments] + list(manifest.retired) + [manifest.last_segment]
        return [int(n.split("-")[1]) for n in names]

    def segment_names(self) -> Callable[[], str]:
        """A source of fresh segment names, past every folder on disk.

        A crash between writing a segment and committing the manifest leaves an
        orphan whose name must not be reused.
        """
        number = max(self._numbers(), default=0)

        def next_name() -> str:
            nonlocal number
            number += 1
            return f"seg-{number:06d}"

        return next_name

    def commit(self, data: IndexData, *, model: str, chunking: dict[str, Any]) -> Manifest:
        """Write the segments of ``data`` not yet on disk, then make ``data`` current."""
        self.path.mkdir(parents=True, exist_ok=True)
        previous = self.manifest() if self.exists() else None
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=self.path))
        try:
            self.segment_dir.mkdir(exist_ok=True)
            for segment in data.segments:
                if not (self.segment_dir / segment.name).is_dir():
                    segment.save(tmp / segment.name)
                    _fsync_tree(tmp / segment.name)
                    os.replace(tmp / segment.name, self.segment_dir / segment.name)
            names = [s.name for s in data.segments]
            manifest = Manifest(
                FORMAT, model, data.dimension, dict(chunking),
                generation=(previous.generation if previous else 0) + 1,
                articles=len(data.live), chunks=data.n_live_chunks,
                segments=tuple(SegmentEntry(s.name, s.kind, len(s.articles), s.n_chunks, len(s.vectors))
                               for s in data.segments),
                dead={name: tuple(sorted(local)) for name, local in data.dead.items()},
                copies=dict(data.copy_of),
                # Still readable for one more commit: a reader may be loading the previous state.
                retired=tuple(e.name for e in (previous.segments if previous else ()) if e.name not in names),
                # Names are never reused, so a reader's cache of segments by name stays true.
                last_segment=max([*names, previous.last_segment if previous else "seg-000000"]),
            )
            write_atomic(self.manifest_path, json.dumps(manifest.to_json(), indent=1) + "\n")
        except OSError as exc:
            raise write_failed(str(self.path), exc) from exc
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        self._prune(manifest)
        return manifest

    def _prune(self, manifest: Manifest) -> None:
        keep = {e.name for e in manifest.segments} | set(manifest.retired)
        stale = [p for p in self.segment_dir.glob("seg-*") if p.name not in keep]
        for p in stale + list(self.path.glob(".tmp-*")):
            shutil.rmtree(p, ignore_errors=True)

    @contextmanager
    def lock(self) -> Iterator[None]:
        """The exclusive write lock; raises IndexBusy, naming the holder's pid, after LOCK_PATIENCE seconds."""
        from filelock import FileLock, Timeout

        self.path.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.path / ".lock"), timeout=LOCK_PATIENCE)
        owner = self.path / ".lock.pid"
        try:
            lock.acquire()
        except Timeout:
            pid = owner.read_text().strip() if owner.exists() else "?"
            raise busy(str(self.path), f"pid {pid}") from None
        owner.write_text(str(os.getpid()))
        try:
            yield
        finally:
            lock.release()


def _fsync_tree(folder: Path) -> None:
    for p in folder.rglob("*"):
        if p.is_file():
            with p.open("rb") as f:
                os.fsync(f.fileno())


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (a temporary file, flushed to disk, then renamed)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)



def read_json(path: Path, unreadable: str) -> dict[str, Any]:
    """The JSON object in ``path``; empty when there is none.

    Raises:
        WriteFailed: it is there but cannot be read; the message ends with ``unreadable``, what to do.
    """
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise WriteFailed(f"{path} cannot be read ({exc}); {unreadable}") from exc


@contextmanager
def editing_json(path: Path, unreadable: str, unwritten: str) -> Iterator[dict[str, Any]]:
    """The JSON object in ``path``, to change in place, one writer at a time (a file lock beside it);
    written back atomically when the block ends without an exception.

    Raises:
        WriteFailed: it cannot be read (``unreadable``: what to do), or written (``unwritten``: what is left).
    """
    from filelock import FileLock

    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(f"{path}.lock"):
        data = read_json(path, unreadable)
        yield data
        try:
            write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1))
        except OSError as exc:
            raise WriteFailed(f"{path} could not be written ({exc.strerror}); {unwritten}") from exc
