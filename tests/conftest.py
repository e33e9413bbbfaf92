"""Shared fixtures: the real model, real FAISS, real files in temporary folders."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from qa import Library

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SAMPLE_ID = "000_b06348abf7c03f73"
DATA = ROOT / "tests" / "data"  # the suite's own sample: tests/data/README.md says where it comes from
SQUAD = DATA / "squad"  # an evaluation set (articles.jsonl, questions.jsonl) of 10 SQuAD articles
NEWS = DATA / "news" / "articles.jsonl"  # short news-style articles written for the tests


@pytest.fixture(autouse=True)
def _isolated_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches indexes/ or a database named in the environment: the default index is a temporary folder."""
    monkeypatch.setenv("QA_INDEX", str(tmp_path / "default-index"))
    monkeypatch.delenv("QA_STORE", raising=False)


@pytest.fixture(scope="session")
def folder_seed_library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """A library over seeds/ in an index folder, shared read-only by the tests that only ask."""
    library = Library(tmp_path_factory.mktemp("seeds") / "index", store="")
    library.add_path(SEEDS)
    return library


@pytest.fixture(scope="session")
def seed_library(folder_seed_library: Library) -> Library:
    return folder_seed_library


@pytest.fixture(scope="session")
def seed_index_copy(folder_seed_library: Library, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A factory of private copies of the seed index, for tests that change it."""

    def make() -> Path:
        target = tmp_path_factory.mktemp("copy") / "index"
        shutil.copytree(folder_seed_library.path, target)
        return target

    return make


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A throwaway PostgreSQL 16 with pgvector (pgserver), stopped at the end of the run."""
    import pgserver

    server = pgserver.get_server(tmp_path_factory.mktemp("pg"), cleanup_mode="stop")
    yield server
    server.cleanup()


@pytest.fixture(scope="session")
def new_database(pg_server: Any) -> Any:
    """A factory of empty databases on the test server; returns each one's URI (a unix socket)."""
    names = itertools.count()

    def make() -> str:
        name = f"qa_test_{next(names)}"
        pg_server.psql(f"CREATE DATABASE {name};")
        uri: str = pg_server.get_uri(name)
        return uri

    return make


@pytest.fixture(params=["folder", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test against each store: for "postgres", ``QA_STORE`` names a fresh database."""
    if request.param == "postgres":
        monkeypatch.setenv("QA_STORE", request.getfixturevalue("new_database")())
    return str(request.param)


def seed_copies(store: str, seed_index_copy: Any) -> Any:
    """Private copies of the seed index in ``store``; with PostgreSQL, seeds/ ingested into the test's database.

    The database's ingest reads the vectors from the copied folder's embedding cache.
    """
    if store == "folder":
        return seed_index_copy

    def make() -> Path:
        path: Path = seed_index_copy()
        Library(path).add_path(SEEDS)
        return path

    return make


def seeded(store: str, folder_seed_library: Library, copies: Any) -> Library:
    """The seed library in ``store``: the shared folder one, or one made by ``copies`` (from ``seed_copies``)."""
    return folder_seed_library if store == "folder" else Library(copies())


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def squad_records(n: int | None = None) -> list[dict[str, str]]:
    """The first ``n`` SQuAD articles of the sample (all of them by default); more than it has is an error."""
    records = read_jsonl(SQUAD / "articles.jsonl")
    if n is not None and n > len(records):
        raise ValueError(f"the SQuAD sample in {SQUAD} has {len(records)} articles, not {n}")
    return records[:n]


def squad_questions(article_ids: set[str] | None = None) -> list[dict[str, Any]]:
    """The sample's SQuAD questions in file order, only those about ``article_ids`` when given."""
    questions = read_jsonl(SQUAD / "questions.jsonl")
    return [q for q in questions if article_ids is None or q["article_id"] in article_ids]


def news_records() -> list[dict[str, str]]:
    """The news-style articles (id, title, text, source, published)."""
    return read_jsonl(NEWS)


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class AppProcess:
    """``python app.py ...`` in a subprocess, its output collected line by line (``root``: the checkout
    whose app.py runs; benchmarks/capacity.py serves another one to measure before and after)."""

    def __init__(self, *args: str, env: dict[str, str] | None = None, root: Path = ROOT) -> None:
        self.args = args
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, "app.py", "--port", str(self.port), *args], cwd=root, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", **(env or {})},
            start_new_session=True,  # so stop() also ends its children (a share tunnel)
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 120) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines:
                if text in line:
                    return line
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        self.stop()
        pytest.fail(f"no {text!r} from the app; it printed: {self.lines}")

    def stop(self) -> str:
        """End the app; returns everything it printed, read to the end after it exited."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=30)
        self._reader.join(timeout=30)
        return "\n".join(self.lines)


@pytest.fixture(scope="module")
def app(seed_index_copy: Any) -> Iterator[AppProcess]:
    server = AppProcess("--index", str(seed_index_copy()))
    server.wait_for("Serving on")
    yield server
    server.stop()
