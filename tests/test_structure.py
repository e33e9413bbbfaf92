"""The package's shape holds: the floors of the house, no import cycle, presenters that only render.

A floor may import its own room and any floor below it, never one above (an import inside a
function or under ``TYPE_CHECKING`` counts too: it is still a dependency).  The floors, bottom first:
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "qa"

FLOORS: tuple[tuple[str, ...], ...] = (
    ("qa.errors",),  # the one exception tree
    ("qa.documents", "qa.vocabulary", "qa.config", "qa.furniture"),  # the ground floor: the data model, BM25's words,
    # settings, the vocabulary of news furniture
    ("qa.embedding",),  # the sentence model both routes share
    ("qa.store",),  # where articles live; knows Article and Chunk, nothing of ingest
    ("qa.ingest",),  # files, pages, feeds -> Articles -> chunks and vectors -> a store
    ("qa.retrieval",),  # a question -> frozen Evidence; the question policy (qa.retrieval.question)
    ("qa.reading",),  # the reader the product runs
    ("qa.answering",),  # Evidence + Reading -> Answer
    ("qa.present",),  # Answer -> terminal, Markdown, JSON, chat Markdown (renderers only)
    ("qa.chat",),  # a conversation: a client of the facade's verbs (a Protocol), so Library.chat() can make one
    ("qa.tracking",),  # tracked questions: their answers, changes and Atom feed, kept beside the index
    ("qa.library",),  # the facade
    ("qa.assistants",),  # the facade as MCP tools (stdio; HTTP when the app serves them)
    ("qa.web", "qa.watch", "qa.evaluation"),  # clients of the facade
    ("qa.training",),  # trains the reader; uses evaluation's scoring and the facade
    ("qa.cli",),  # the command line: a client of all of the above
    ("qa.__main__",),
    ("qa",),  # the public names (imported lazily, each from its home)
)


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = _modules()


def _imported(path: Path) -> Iterator[str]:
    """The package's modules ``path`` imports, wherever the import stands (top, function, TYPE_CHECKING)."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            submodules = [f"{node.module}.{alias.name}" for alias in node.names
                          if f"{node.module}.{alias.name}" in MODULES]
            yield from submodules
            if len(submodules) < len(node.names):  # names defined in the module itself
                yield node.module


def _graph() -> dict[str, set[str]]:
    return {name: {m for m in _imported(path) if m in MODULES and m != name} for name, path in MODULES.items()}


def _in(module: str, room: str) -> bool:
    return module == room or (room != "qa" and module.startswith(room + "."))


def _floor(module: str) -> int:
    for level, rooms in enumerate(FLOORS):
        if any(_in(module, room) for room in rooms):
            return level
    raise AssertionError(f"{module} is on no floor: add it to FLOORS in tests/test_structure.py")


def _room(module: str) -> str:
    return next(room for rooms in FLOORS for room in rooms if _in(module, room))


def upward_imports() -> list[tuple[str, str]]:
    """(importer, imported) for each import of a higher floor, or of another room on the same floor."""
    return sorted((name, m) for name, imported in _graph().items() for m in imported
                  if _floor(m) > _floor(name) or (_floor(m) == _floor(name) and _room(m) != _room(name)))


def import_cycles() -> list[list[str]]:
    """The strongly connected parts of the import graph with more than one module (Tarjan)."""
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                cycles.append(sorted(part))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return cycles


def test_every_module_is_on_a_floor() -> None:
    for name in MODULES:
        _floor(name)


def test_no_import_runs_up_the_floors() -> None:
    assert upward_imports() == []


def test_no_import_cycle() -> None:
    assert import_cycles() == []


def test_the_stores_know_nothing_of_ingest() -> None:
    assert not [(n, m) for n, imported in _graph().items() if n.startswith("qa.store")
                for m in imported if m.startswith("qa.ingest")]


def test_presenters_only_render_answers() -> None:
    """present/ takes an Answer and returns text: no store, no facade, no parsing of ``[n]`` markers."""
    for path in sorted((PACKAGE / "present").glob("*.py")):
        imported = set(_imported(path))
        assert not {m for m in imported if m.startswith(("qa.store", "qa.library", "qa.ingest"))}, path.name
        # A marker pattern such as r"\[(\d+)\]" means text is being parsed back into parts.
        assert not re.search(r"\\\[\(?\\d", path.read_text(encoding="utf-8")), path.name


def test_no_import_at_the_bottom_of_a_module() -> None:
    """Every top-level import comes before the first definition: none is run for its side effect late."""
    for name, path in MODULES.items():
        body = ast.parse(path.read_text(encoding="utf-8")).body
        first = next((i for i, node in enumerate(body)
                      if isinstance(node, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)), len(body))
        assert not [n for n in body[first:] if isinstance(n, ast.Import | ast.ImportFrom)], name


def test_no_private_name_is_imported_across_modules() -> None:
    for name, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("qa"):
                assert not [a.name for a in node.names if a.name.startswith("_")], name


def test_no_bare_qa_error_is_raised() -> None:
    """Each meaning has its QAError subclass, so scripts and tests match on the class, not the message."""
    bare = {}
    for path in PACKAGE.rglob("*.py"):
        calls = [node for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                 if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "QAError"]
        if calls:
            bare[str(path.relative_to(ROOT))] = len(calls)
    assert bare == {}


def test_the_environment_is_read_only_in_config() -> None:
    """Every ``QA_*`` variable is read in qa/config.py and listed in its docstring; no click ``envvar=``."""
    config = (PACKAGE / "config.py").read_text(encoding="utf-8")
    for path in PACKAGE.rglob("*.py"):
        if path.name != "config.py":
            assert not re.search(r"os\.environ|getenv\(|envvar=", path.read_text(encoding="utf-8")), path
    variable = re.compile(r"\bQA_[A-Z_]*[A-Z]\b")  # a whole name: not the QA_LLM_ of "QA_LLM_*"
    named = {m for p in PACKAGE.rglob("*.py") for m in variable.findall(p.read_text(encoding="utf-8"))}
    documented = set(variable.findall(ast.get_docstring(ast.parse(config)) or ""))
    assert named <= documented
