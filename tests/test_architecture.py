"""The shape of the code: data flows one way, the core never imports a sector, no import cycles.

The import graph is read from the source (every ``import`` statement, also those inside
functions), so a lazy import cannot hide an upward dependency.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# the graph is parsed once per process: under pytest-xdist these tests share one worker
pytestmark = pytest.mark.xdist_group("import_graph")

PACKAGES = ("inventory", "sectors", "validation", "provincial", "timely")


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    out = {}
    for pkg in PACKAGES:
        for p in (ROOT / pkg).rglob("*.py"):
            out[_module_name(p)] = p
    return out


def _imports(path: Path, name: str, known: dict[str, Path]) -> set[str]:
    """Modules of this repository that ``path`` imports (resolved to the most specific
    module that exists: ``from inventory.crt import registry`` -> inventory.crt.registry)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_pkg = path.name == "__init__.py"
    base = name.split(".") if is_pkg else name.split(".")[:-1]
    out: set[str] = set()
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = base[:len(base) - node.level + 1]
                mod = ".".join(anchor + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            targets = [f"{mod}.{a.name}" for a in node.names] + [mod]
        for t in targets:
            parts = t.split(".")
            while parts and ".".join(parts) not in known:
                parts.pop()
            if parts:
                out.add(".".join(parts))
    out.discard(name)
    return out


@functools.cache   # parsed once per session: every test here reads the same source tree
def import_graph() -> dict[str, frozenset[str]]:
    known = _modules()
    return {name: frozenset(_imports(path, name, known)) for name, path in known.items()}


def test_the_core_never_imports_a_sector():
    graph = import_graph()
    upward = sorted((m, d) for m, deps in graph.items() if m.startswith(("inventory", "validation"))
                    for d in deps if d.startswith("sectors"))
    assert upward == [], f"core modules import sectors: {upward}"


def test_the_core_and_the_sectors_never_import_an_extension():
    graph = import_graph()
    upward = sorted((m, d) for m, deps in graph.items()
                    if m.startswith(("inventory", "validation", "sectors"))
                    for d in deps if d.startswith("provincial"))
    assert upward == [], f"core or sector modules import the provincial extension: {upward}"


def test_nothing_outside_timely_imports_it():
    """The core, the sectors and the provincial extension never import the timely accounts
    (timely reads run folders; its demo may use the provincial demo's generator)."""
    graph = import_graph()
    upward = sorted((m, d) for m, deps in graph.items() if not m.startswith("timely")
                    for d in deps if d.startswith("timely"))
    assert upward == [], f"modules outside timely import it: {upward}"


def test_no_sector_imports_another_sector():
    graph = import_graph()
    cross = sorted((m, d) for m, deps in graph.items() if m.startswith("sectors.")
                   for d in deps if d.startswith("sectors.")
                   and d.split(".")[1] != m.split(".")[1])
    assert cross == [], f"sectors import each other: {cross}"


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    import sys

    sys.setrecursionlimit(10_000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles():
    graph = import_graph()
    # a package's __init__ re-exporting its own submodules is not a cycle of the design
    pruned = {m: {d for d in deps if not m.startswith(d + ".")} for m, deps in graph.items()}
    assert _cycles(pruned) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
