"""Shared fixtures: the real model, real FAISS, real files in temporary folders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from qa import Library

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SAMPLE_ID = "000_b06348abf7c03f73"
SQUAD = ROOT.parent / "shared" / "eval" / "squad_v1_dev"


@pytest.fixture(autouse=True)
def _isolated_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches indexes/: the default index is a temporary folder."""
    monkeypatch.setenv("QA_INDEX", str(tmp_path / "default-index"))


@pytest.fixture(scope="session")
def seed_library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """A library over seeds/, shared read-only by the tests that only ask."""
    library = Library(tmp_path_factory.mktemp("seeds") / "index")
    library.add_path(SEEDS)
    return library


@pytest.fixture(scope="session")
def seed_index_copy(seed_library: Library, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A factory of private copies of the seed index, for tests that change it."""

    def make() -> Path:
        target = tmp_path_factory.mktemp("copy") / "index"
        shutil.copytree(seed_library.path, target)
        return target

    return make


def squad_records(n: int) -> list[dict[str, str]]:
    """The first ``n`` SQuAD articles."""
    with (SQUAD / "articles.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for _, line in zip(range(n), f, strict=False)]


def write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path
