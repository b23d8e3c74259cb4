"""The shape of the code: imports go one way only.

Read with ``ast`` from the source files (nothing is imported), so the test
sees every import, including those inside functions.  Layers, lowest first::

    core → workbook, reports                (no Django)
    web (shared helpers: downloads, net)
    audit → accounts → clients → projects → certification, surveys → documents, webhooks, regulator
    web (URL map, settings, demo, views), web.api → cli

A module may import its own layer or a lower one, never a higher one; no
two apps and no two files import each other, directly or round a loop; and
no function hides an import of this project's modules, except where the
command line loads the web layer, the workbook or the reports only when a
subcommand runs (``greencert score`` never imports Django), and Django's
``AppConfig.ready``.  And no function runs past 60 lines: small units.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

# Rank of each part of the code; an import may only go to the same rank or a lower one.
RANKS = {
    "core": 0,
    "workbook": 1,
    "reports": 1,
    "web.shared": 2,  # greencert.web's own helpers (downloads, fields, net, next_steps, uploads, tasks)
    "web.audit": 3,
    "web.accounts": 4,
    "web.clients": 5,
    "web.projects": 6,
    "web.certification": 7,
    "web.surveys": 7,
    "web.documents": 8,
    "web.webhooks": 8,  # hears certification's signals; nothing below imports it
    "web.regulator": 8,  # the regulator's report: reads certification's records, as documents do
    "web.insights": 8,  # what the body learns across clients: reads certification's stored figures
    "web.api": 9,  # the REST API: the pages' services and reach, for programs
    "web.site": 9,  # settings, URL map, the project-wide views, the demo data
    "cli": 10,
    "examples": 0,
}
APPS = {
    "audit",
    "accounts",
    "clients",
    "projects",
    "certification",
    "surveys",
    "documents",
    "webhooks",
    "regulator",
    "insights",
    "api",
}
WEB_SHARED = {
    "greencert.web",
    "greencert.web.confirmation",
    "greencert.web.date_limits",
    "greencert.web.downloads",
    "greencert.web.fields",
    "greencert.web.form_errors",
    "greencert.web.listing",
    "greencert.web.net",
    # What comes next on an application or project: a table of plain facts, so that every app
    # (clients, projects, certification) can say it after its own acts.
    "greencert.web.next_steps",
    "greencert.web.uploads",
    "greencert.web.text_limits",
    "greencert.web.upload_checks",
    "greencert.web.tasks",  # the Celery application each app's tasks are registered on
}
# Lazy imports allowed in the command line: loading Django, the workbook or reports on demand.
LAZY_ALLOWED_IN = "greencert.cli"
LAZY_ALLOWED_TARGETS = ("greencert.web", "greencert.workbook", "greencert.reports")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def part_of(module: str) -> str:
    """The layer a module belongs to (a key of RANKS)."""
    parts = module.split(".")
    if len(parts) < 2:
        return "web.shared"  # the package greencert itself: only its version
    if parts[1] != "web":
        return parts[1] if parts[1] in RANKS else "cli"
    if len(parts) > 2 and parts[2] in APPS:
        return f"web.{parts[2]}"
    return "web.shared" if module in WEB_SHARED else "web.site"


def resolve(node: ast.ImportFrom | ast.Import, module: str, is_package: bool) -> list[str]:
    """The project modules an import statement names (submodules where it names them)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name.startswith("greencert")]
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if not target.startswith("greencert"):
        return []
    return [target]


def refine(target: str, names: list[str], known: set[str]) -> list[str]:
    """``from package import module`` imports the module, not the package."""
    found = [f"{target}.{n}" for n in names if f"{target}.{n}" in known]
    return found or [target]


class Imports(ast.NodeVisitor):
    def __init__(self, module: str, is_package: bool, known: set[str]):
        self.module, self.is_package, self.known = module, is_package, known
        self.top: list[tuple[str, int]] = []
        self.inner: list[tuple[str, int, str]] = []  # (target, line, enclosing function)
        self.function: list[str] = []
        self.classes: list[str] = []

    def _add(self, node, targets):
        for target in targets:
            if isinstance(node, ast.ImportFrom):
                names = [a.name for a in node.names]
                for t in refine(target, names, self.known):
                    self._store(t, node.lineno)
            else:
                self._store(target, node.lineno)

    def _store(self, target, line):
        if self.function:
            where = ".".join(self.classes[-1:] + self.function[-1:])
            self.inner.append((target, line, where))
        else:
            self.top.append((target, line))

    def visit_Import(self, node):
        self._add(node, resolve(node, self.module, self.is_package))

    def visit_ImportFrom(self, node):
        self._add(node, resolve(node, self.module, self.is_package))

    def visit_FunctionDef(self, node):
        self.function.append(node.name)
        self.generic_visit(node)
        self.function.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_If(self, node):
        # ``if TYPE_CHECKING:`` imports are for readers and type checkers only.
        test = node.test
        if isinstance(test, ast.Name) and test.id == "TYPE_CHECKING":
            return
        self.generic_visit(node)


def scan() -> dict[str, Imports]:
    files = [p for p in SRC.rglob("*.py") if "migrations" not in p.parts]
    known = {module_name(p) for p in files}
    found = {}
    for path in files:
        module = module_name(path)
        visitor = Imports(module, path.name == "__init__.py", known)
        visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
        found[module] = visitor
    return found


GRAPH = scan()


def owner(target: str) -> str:
    """The scanned module a target names (``a.b.c`` where only ``a.b`` is a module: ``a.b``)."""
    while target and target not in GRAPH:
        target = target.rpartition(".")[0]
    return target


def test_the_scan_sees_the_code():
    # Guards the other tests against passing on nothing.
    assert len(GRAPH) > 100
    assert "greencert.web.projects.models" in GRAPH
    edges = sum(len(v.top) for v in GRAPH.values())
    assert edges > 300


def test_imports_only_go_down_the_layers():
    upward = []
    for module, imports in GRAPH.items():
        for target, line in imports.top + [(t, n) for t, n, _ in imports.inner]:
            target = owner(target)
            if RANKS[part_of(target)] > RANKS[part_of(module)]:
                upward.append(f"{module}:{line} imports {target}")
    assert upward == []


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def _file_edges() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    for module, imports in GRAPH.items():
        for target, _line in imports.top:
            target = owner(target)
            if target and target != module:
                edges.setdefault(module, set()).add(target)
    return edges


def test_no_two_files_import_each_other():
    assert _cycles(_file_edges()) == []


def test_no_two_apps_import_each_other():
    edges: dict[str, set[str]] = {}
    for module, targets in _file_edges().items():
        for target in targets:
            a, b = part_of(module), part_of(target)
            if a != b:
                edges.setdefault(a, set()).add(b)
    assert _cycles(edges) == []


def _lazy_allowed(module: str, target: str, where: str) -> bool:
    if module.startswith(LAZY_ALLOWED_IN) and target.startswith(LAZY_ALLOWED_TARGETS):
        return True
    return module.endswith(".apps") and where.endswith(".ready")


def test_no_function_hides_an_import_of_the_project():
    hidden = [
        f"{module}:{line} ({where}) imports {target}"
        for module, imports in GRAPH.items()
        for target, line, where in imports.inner
        if not _lazy_allowed(module, target, where)
    ]
    assert hidden == []


@pytest.mark.parametrize(
    ("module", "target", "expected"),
    [
        ("greencert.web.projects.views.projects", "greencert.web.certification.models", False),
        ("greencert.web.certification.views.review", "greencert.web.projects.models", True),
        ("greencert.web.audit.display", "greencert.web.projects.models", False),
        ("greencert.core.assessment", "greencert.web.projects.models", False),
        ("greencert.cli.main", "greencert.web.demo", True),
    ],
)
def test_the_layer_rule_itself(module, target, expected):
    assert (RANKS[part_of(target)] <= RANKS[part_of(module)]) is expected


def test_the_cycle_finder_finds_a_loop():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


LONGEST_FUNCTION = 60  # lines, decorators excluded; tables of data are not functions


def test_no_function_runs_past_sixty_lines():
    long = []
    for path in SRC.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > LONGEST_FUNCTION:
                    long.append(f"{module_name(path)}.{node.name}: {length} lines")
    assert long == []
