"""The import layers of DESIGN.md section 2, checked by reading the source (no module is imported).

Layers, top to bottom (a module may import its own layer and the layers below it):

    top       registry (the app factory in registry/__init__.py), registry.api, registry.cli
    features  registry.workflow, registry.goals, registry.evaluation, registry.search, registry.admin,
              registry.demo
    documents registry.documents
    audit     registry.audit
    base      everything else: registry.auth (beside all), extensions, db, database, errors,
              config, clock, labels, web, i18n, logging, transaction, server, ...

Rules:

1. No core module (anything but the top layer) imports `registry.api`.
2. `registry.audit` imports no feature: not documents, workflow, goals, search, admin or demo
   (nor the top layer).
3. `registry.documents` never imports `registry.workflow` (a document page asks the workflow
   through a template helper the workflow registers), nor any other layer above it.
4. The base imports no layer above it (auth, beside all, may write audit events but imports
   no feature).
5. No import circle between modules, counting the imports that run when a module loads
   (module level, outside `if TYPE_CHECKING:`) and the package `__init__` each of them runs.

Rules 1-4 count every import, also one inside a function: a late import still couples the layers.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "registry"

TOP = ("registry.api", "registry.cli")
FEATURES = (
    "registry.documents",
    "registry.workflow",
    "registry.goals",
    "registry.evaluation",
    "registry.search",
    "registry.admin",
    "registry.demo",
    "registry.webhooks",
)


@dataclass(frozen=True)
class Import:
    """One imported registry module, where the import is written and whether it runs at load time."""

    source: str
    target: str
    path: str
    line: int
    at_load: bool

    def __str__(self) -> str:
        where = "at module level" if self.at_load else "inside a function"
        return f"{self.path}:{self.line}: {self.source} imports {self.target} ({where})"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


class _Collector(ast.NodeVisitor):
    def __init__(self, name: str, is_package: bool, known: set[str], path: str) -> None:
        self.name, self.is_package, self.known, self.path = name, is_package, known, path
        self.found: list[Import] = []
        self.depth = 0  # > 0 inside a function or an `if TYPE_CHECKING:` block

    def _nested(self, node) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _nested

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node):
            self._nested(node)
        else:
            self.generic_visit(node)

    def _add(self, target: str, node) -> None:
        found = Import(self.name, target, self.path, node.lineno, self.depth == 0)
        if found not in self.found:  # `from m import a, b` is one import of m
            self.found.append(found)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name == "registry" or alias.name.startswith("registry."):
                self._add(alias.name, node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.name.split(".") if self.is_package else self.name.split(".")[:-1]
            base = base[: len(base) - node.level + 1]
            module = ".".join(base + ([node.module] if node.module else []))
        else:
            module = node.module or ""
        if module != "registry" and not module.startswith("registry."):
            return
        for alias in node.names:
            submodule = f"{module}.{alias.name}"
            self._add(submodule if submodule in self.known else module, node)


def collect_imports() -> list[Import]:
    files = sorted(PACKAGE.rglob("*.py"))
    known = {module_name(p) for p in files}
    found: list[Import] = []
    for path in files:
        collector = _Collector(module_name(path), path.name == "__init__.py", known, str(path.relative_to(ROOT)))
        collector.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        found.extend(collector.found)
    return found


IMPORTS = collect_imports()
MODULES = {module_name(p) for p in PACKAGE.rglob("*.py")}


def within(name: str, *packages: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def fail_with(title: str, bad: list[Import]) -> None:
    if bad:
        pytest.fail("\n".join([title, *(f"  {i}" for i in bad)]), pytrace=False)


def test_the_scan_sees_the_package():
    """Guards the scan itself: it finds modules and both kinds of import."""
    assert {"registry", "registry.api", "registry.audit.services", "registry.workflow.machine"} <= MODULES
    assert any(i.at_load for i in IMPORTS) and any(not i.at_load for i in IMPORTS)
    assert any(i.source == "registry.api" and i.target.startswith("registry.api.") for i in IMPORTS)


def test_core_modules_never_import_the_api():
    bad = [
        i for i in IMPORTS if within(i.target, "registry.api") and not within(i.source, *TOP) and i.source != "registry"
    ]
    fail_with("core modules import registry.api (only registry.cli and the app factory may):", bad)


def test_the_audit_log_imports_no_feature():
    bad = [i for i in IMPORTS if within(i.source, "registry.audit") and within(i.target, *FEATURES, *TOP)]
    fail_with("registry.audit sits below every feature but imports one:", bad)


def test_documents_never_import_the_workflow():
    bad = [i for i in IMPORTS if within(i.source, "registry.documents") and within(i.target, "registry.workflow")]
    fail_with("registry.documents imports registry.workflow:", bad)


def test_documents_import_no_feature_above_them():
    above = [f for f in FEATURES if f not in ("registry.documents", "registry.workflow")]
    bad = [i for i in IMPORTS if within(i.source, "registry.documents") and within(i.target, *above, *TOP)]
    fail_with("registry.documents sits below workflow, goals, search, admin and demo but imports one:", bad)


def test_the_base_imports_no_layer_above_it():
    """Auth sits beside every layer (it writes audit events, the audit pages ask its predicates): no feature."""
    layered = (*FEATURES, "registry.audit", *TOP)
    base = [i for i in IMPORTS if i.source != "registry" and not within(i.source, *layered)]
    audit_users = [i for i in base if not within(i.source, "registry.auth")]
    bad = [i for i in base if within(i.target, *FEATURES, *TOP)]
    bad += [i for i in audit_users if within(i.target, "registry.audit")]
    fail_with("a base module (auth, web, extensions, ...) imports a layer above it:", bad)


def _ancestors(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts))]


def load_graph() -> dict[str, dict[str, Import]]:
    """source -> {target: the import that loads it}; importing `a.b.c` also runs `a` and `a.b`."""
    graph: dict[str, dict[str, Import]] = {m: {} for m in MODULES}
    for imp in IMPORTS:
        if not imp.at_load:
            continue
        own = set(_ancestors(imp.source))  # already running when the module loads: not an edge unless named
        for target in [*_ancestors(imp.target), imp.target]:
            if target in MODULES and target != imp.source and (target == imp.target or target not in own):
                graph[imp.source].setdefault(target, imp)
    return graph


def circles(graph: dict[str, dict[str, Import]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
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


def one_cycle(graph: dict[str, dict[str, Import]], component: list[str]) -> list[Import]:
    """A shortest way round the circle from its first module, as the imports that make it."""
    members, start = set(component), component[0]
    paths = {start: []}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target, imp in sorted(graph[node].items()):
            if target == start:
                return [*paths[node], imp]
            if target in members and target not in paths:
                paths[target] = [*paths[node], imp]
                queue.append(target)
    raise AssertionError(f"no cycle through {start}")  # pragma: no cover  (a component always has one)


def test_no_import_circles():
    graph = load_graph()
    found = circles(graph)
    lines = []
    for component in found:
        lines.append(f"circle between {', '.join(component)}:")
        lines.extend(f"  {imp}" for imp in one_cycle(graph, component))
    if found:
        pytest.fail("\n".join(lines), pytrace=False)


@pytest.mark.parametrize(
    "edges, expected",
    [
        ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
        ({"a": {"b"}, "b": {"a"}, "c": set()}, [["a", "b"]]),
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}, [["a", "b", "c"]]),
    ],
)
def test_the_circle_finder_finds_circles(edges, expected):
    graph = {s: {t: Import(s, t, f"{s}.py", 1, True) for t in ts} for s, ts in edges.items()}
    assert sorted(circles(graph)) == expected
    for component in expected:
        cycle = one_cycle(graph, component)
        assert cycle[0].source == cycle[-1].target == component[0]
