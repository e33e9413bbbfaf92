"""The package's shape holds: stages in their folders, small modules, presenters that only render."""

from __future__ import annotations

import ast
import re

from tests.conftest import ROOT

PACKAGE = ROOT / "qa"
MAX_LINES = 450


def _imports(path: str) -> set[str]:
    tree = ast.parse((PACKAGE / path).read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_module_is_over_450_lines() -> None:
    sizes = {str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.rglob("*.py")}
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}


def test_presenters_import_no_store_and_parse_no_markers() -> None:
    for path in sorted((PACKAGE / "present").glob("*.py")):
        name = str(path.relative_to(PACKAGE))
        assert not {m for m in _imports(name) if m.startswith("qa.store")}, name
        # A marker pattern such as r"\[(\d+)\]" means text is being parsed back into parts.
        assert not re.search(r"\\\[\(?\\d", path.read_text(encoding="utf-8")), name


def test_stages_only_import_downstream_of_the_question_route() -> None:
    """Storage knows nothing of ranking, reading or answering; retrieval nothing of reading or answering;
    the reader the product runs knows nothing of its training, of evaluation or of the facade."""
    below = {"store": ("qa.retrieval", "qa.reading", "qa.answering", "qa.present", "qa.library"),
             "retrieval": ("qa.reading", "qa.answering", "qa.present", "qa.library"),
             "reading": ("qa.library", "qa.evaluation", "qa.training", "qa.answering", "qa.present", "qa.store"),
             "answering": ("qa.present", "qa.store")}
    for stage, forbidden in below.items():
        for path in (PACKAGE / stage).rglob("*.py"):
            name = str(path.relative_to(PACKAGE))
            assert not {m for m in _imports(name) if m.startswith(forbidden)}, name
