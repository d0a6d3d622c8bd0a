"""The package layout keeps its promises (docs/architecture.md): one package per stage,
dependencies pointing one way down the pipeline, no import circle between modules, and
modules of a readable size.

Imports are read from the source (every `import` and `from ... import`, including those
inside functions and under TYPE_CHECKING: a circle through a lazy import is still a
circle), so a violation fails here before it can fail at run time.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "truceline"

# Floors of the building, lowest first. A module may import its own package and any
# package on a lower floor; never one on its own floor or above.
FLOORS: list[set[str]] = [
    {"", "models", "errors", "settings"},  # "" is truceline/__init__.py (the version)
    {"ingest"},
    {"clean"},
    {"relevance"},
    {"lexicons"},
    {"understand"},
    {"extract"},
    {"fuse"},
    {"store"},
    {"outputs"},
    {"run"},
    {"evaluation", "serve"},
    {"cli"},
]
FLOOR = {name: n for n, names in enumerate(FLOORS) for name in names}
# A module past this many lines is split by concern (the house style says ~600).
MAX_LINES = 650


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported(name: str, path: Path, known: set[str]) -> Iterator[str]:
    """The truceline modules `name` imports: `from a.b import c` is the module a.b.c when
    that is a module, else a.b."""
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package[: len(package) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            targets = [
                f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]  # `import truceline.x.y.Z` style
            if target.startswith("truceline") and target != name:
                yield target


def import_graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: set(imported(name, path, known)) for name, path in found.items()}


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_every_stage_package_has_a_floor_and_says_what_it_may_import():
    for path in sorted(PACKAGE.iterdir()):
        if path.is_dir() and (path / "__init__.py").exists():
            assert path.name in FLOOR, f"package {path.name} is on no floor of FLOORS"
            doc = ast.get_docstring(ast.parse((path / "__init__.py").read_text()))
            assert doc and "May import" in doc, f"{path.name}/__init__.py: say what it may import"
        elif path.suffix == ".py":
            assert path.stem in FLOOR or path.stem == "__init__", (
                f"{path.name}: a loose module at the top; put it in its stage's package"
            )


def test_no_import_circle_between_modules():
    assert circles(import_graph()) == []


def test_a_stage_imports_only_lower_floors():
    wrong = [
        f"{module} ({stage(module) or 'truceline'}) imports {target} ({stage(target)})"
        for module, targets in import_graph().items()
        for target in targets
        if stage(target) != stage(module) and FLOOR[stage(target)] >= FLOOR[stage(module)]
    ]
    assert wrong == []


def test_modules_stay_under_the_house_size():
    sizes = {name: len(p.read_text().splitlines()) for name, p in modules().items()}
    assert {n: s for n, s in sizes.items() if s > MAX_LINES} == {}


def test_the_checks_catch_a_circle_and_an_upward_import():
    graph = {"truceline.a.x": {"truceline.a.y"}, "truceline.a.y": {"truceline.a.x"}}
    assert circles(graph) == [["truceline.a.x", "truceline.a.y"]]
    assert FLOOR["clean"] < FLOOR["store"]  # so clean importing store is refused above


@pytest.mark.parametrize("source", ["from truceline.store import Store", "import truceline.run"])
def test_an_upward_import_in_a_lower_stage_would_be_found(tmp_path, source):
    path = tmp_path / "clean_mod.py"
    path.write_text(source + "\n")
    known = set(modules())
    targets = set(imported("truceline.clean.mod", path, known))
    assert targets and all(FLOOR[stage(t)] > FLOOR["clean"] for t in targets)
