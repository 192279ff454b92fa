"""The package's imports flow one way: no module imports, at any level, a module that imports it back.

Imports are read from the source with `ast` (module-level and inside functions alike);
imports under `if TYPE_CHECKING:` are annotations only and never run, so they do not count.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "silkgraph"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _run_time_nodes(tree: ast.AST):
    """Every node of `tree` except what sits under `if TYPE_CHECKING:`."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking_only(child):
                stack.extend(child.orelse)
                continue
            stack.append(child)


def imported_modules(path: Path, modules: set[str]) -> set[str]:
    """The package's modules that `path` imports when it runs (an imported name that is a
    submodule counts as that submodule: `from silkgraph.web import pages` imports pages)."""
    current = module_name(path)
    package = current if path.name == "__init__.py" else current.rpartition(".")[0]
    found: set[str] = set()
    for node in _run_time_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    # Importing a.b.c runs a and a.b first; an edge to the package itself is not a circle of modules.
    closure = {m for name in found for m in _with_parents(name)}
    return {m for m in closure if m in modules and m != current and not current.startswith(m + ".")}


def _with_parents(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(p) for p in paths}
    return {module_name(p): imported_modules(p, modules) for p in paths}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as [a, b, ..., a], or None (depth-first search with colours)."""
    state: dict[str, int] = {}
    trail: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        trail.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return trail[trail.index(target) :] + [target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        trail.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_package_has_no_import_circle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle or [])


def test_the_checker_sees_function_level_and_relative_imports(tmp_path):
    """The checker itself must find a circle closed only by an import inside a function."""
    graph = {"p.a": {"p.b"}, "p.b": set()}
    assert find_cycle(graph) is None
    graph["p.b"] = {"p.a"}
    assert find_cycle(graph) == ["p.a", "p.b", "p.a"]
    source = tmp_path / "silkgraph_probe.py"
    source.write_text("def late():\n    from silkgraph.web import pages\n", encoding="utf-8")
    modules = {"silkgraph", "silkgraph.web", "silkgraph.web.pages"}
    assert "silkgraph.web.pages" in _imports_of_file(source, "silkgraph.probe", modules)


def _imports_of_file(path: Path, name: str, modules: set[str]) -> set[str]:
    found: set[str] = set()
    for node in _run_time_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return {m for m in found if m in modules}


@pytest.mark.parametrize(
    "lower, upper",
    [
        ("silkgraph.doc", "silkgraph.stages"),
        ("silkgraph.pipeline", "silkgraph.stages"),
        ("silkgraph.pipeline", "silkgraph.components"),
        ("silkgraph.store", "silkgraph.graph"),
        ("silkgraph.model", "silkgraph.pipeline"),
    ],
)
def test_lower_layers_do_not_import_upper_ones(lower, upper):
    """Data flows one way: the Doc and pipeline know no component; the store knows no graph."""
    graph = import_graph()
    offenders = sorted(
        f"{m} imports {t}"
        for m, targets in graph.items()
        if m == lower or m.startswith(lower + ".")
        for t in targets
        if t == upper or t.startswith(upper + ".")
    )
    assert not offenders, "; ".join(offenders)
