"""The engine's modules import each other without cycles, counting every import: at the top,
inside functions and under ``TYPE_CHECKING``. (The order of the layers themselves is
import-linter's ``layers`` contract, run by ``make contracts``; it sees only what a module
imports, not whether two modules of one package import each other in a circle.)"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "index"
ROOT = "corpus_reader.index"


def module_name(path: Path) -> str:
    parts = path.relative_to(ENGINE).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join((ROOT, *parts))


def engine_imports(path: Path, known: set[str]) -> set[str]:
    """The engine modules ``path`` imports, wherever the import statement is."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            bases = [alias.name for alias in node.names]
            names: list[str] = []
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{base}.{node.module}" if node.module else base
            else:
                base = node.module or ""
            bases, names = [base], [alias.name for alias in node.names]
        else:
            continue
        for base in bases:
            for target in [f"{base}.{n}" for n in names] + [base]:
                if target in known and target != name:
                    found.add(target)
                    break
    return found


def import_graph() -> dict[str, set[str]]:
    paths = sorted(ENGINE.rglob("*.py"))
    known = {module_name(path) for path in paths}
    return {module_name(path): engine_imports(path, known) for path in paths}


def cycles(graph: Mapping[str, set[str]]) -> Iterator[list[str]]:
    """Each group of modules that reach each other (Tarjan's strongly connected components),
    sorted; a module importing itself counts too."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for after in sorted(graph.get(node, ())):
            if after not in index:
                visit(after)
                low[node] = min(low[node], low[after])
            elif after in on_stack:
                low[node] = min(low[node], index[after])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1 or node in graph.get(node, ()):
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    yield from found


def test_the_cycle_finder_finds_cycles_through_function_level_imports() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert sorted(cycles(graph)) == [["a", "b", "c"], ["e"]]
    assert list(cycles({"a": {"b"}, "b": set()})) == []


def test_the_graph_sees_imports_inside_functions_and_relative_ones() -> None:
    graph = import_graph()
    assert f"{ROOT}.write.store" in graph[f"{ROOT}.corpus"]
    assert f"{ROOT}.models" in graph[f"{ROOT}.extract.analysis"]
    deep = {target for targets in graph.values() for target in targets}
    assert f"{ROOT}.write.relate_process" in deep  # imported only inside a function today


def test_no_engine_module_imports_itself_back() -> None:
    assert list(cycles(import_graph())) == []
