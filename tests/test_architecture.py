"""The package's layers and the rules between them, checked on the source (``ast``), without importing it.

The rooms of ``registry/`` and what each may import (docs/architecture.md):

- ``registry.core``: pure Python rules and formats (signing, payloads, numbers, status lists, PDF layout).
  Never flask, nor ``registry.models``, ``registry.services``, ``registry.infra`` or ``registry.web``.
- ``registry.models``: SQLAlchemy models, one module per aggregate; may use ``registry.core``.
- ``registry.services``: the business rules, on a session they are given. May use core and models (and
  ``registry.errors``), and ``flask_babel`` for the lazily translated messages of their errors, but never
  ``flask`` itself: no request, no ``current_app``.
- ``registry.infra``: what reads the app's configuration and extensions and is not about HTTP (keys, storage,
  today's date, the verify API's connections, SQLite and rate-limit storage set-up). May use services.
- ``registry.web``: blueprints; may use everything above.
- ``registry.cli``: operator commands; uses services and infra, never ``registry.web``.

And across all of them: no import cycle between modules, counting imports inside functions (they only hide a
cycle, they don't remove it), and short modules. An import under ``if TYPE_CHECKING:`` is never run, so it makes
no cycle: it is how two models with a relationship both ways (Cohort and Assessment) name each other for mypy.
The layer rules count it all the same: core does not even name a model.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parent.parent / "registry"
MAX_LINES = 400


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE_ROOT.rglob("*.py"))}


MODULES = _modules()


def _is_type_checking(node: ast.stmt) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _import_nodes(tree: ast.AST, *, runtime_only: bool) -> Iterator[ast.Import | ast.ImportFrom]:
    """The imports anywhere in ``tree`` (top level, functions, conditionals); without ``if TYPE_CHECKING:``
    blocks when ``runtime_only``."""
    for child in ast.iter_child_nodes(tree):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child
        elif runtime_only and isinstance(child, ast.If) and _is_type_checking(child):
            yield from (node for statement in child.orelse for node in _import_nodes(statement, runtime_only=True))
        else:
            yield from _import_nodes(child, runtime_only=runtime_only)


def _imported_names(module: str, path: Path, *, runtime_only: bool = False) -> Iterator[str]:
    """Every module name ``module`` imports."""
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in _import_nodes(tree, runtime_only=runtime_only):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
            continue
        if node.level:
            package = module.split(".") if is_package else module.split(".")[:-1]
            package = package[: len(package) - (node.level - 1)]
            base = ".".join(package + ([node.module] if node.module else []))
        else:
            base = node.module or ""
        yield base
        for alias in node.names:
            # ``from registry.x import y`` imports the module registry.x.y when y is one
            if f"{base}.{alias.name}" in MODULES:
                yield f"{base}.{alias.name}"


def _registry_imports(module: str) -> set[str]:
    names = _imported_names(module, MODULES[module], runtime_only=True)
    return {name for name in names if name in MODULES and name != module}


def import_graph() -> dict[str, set[str]]:
    return {module: _registry_imports(module) for module in MODULES}


def strongly_connected_components(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iteratively (the graph is small, but recursion limits are not worth thinking about)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = counter
                    counter += 1
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
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
                    components.append(sorted(component))
    return components


def _a_cycle(component: list[str], graph: dict[str, set[str]]) -> list[str]:
    """One concrete cycle through the component's first module, for the failure message."""
    members = set(component)
    start = component[0]
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for successor in sorted(graph[node] & members):
                if successor == start:
                    return [*paths[node], start]
                if successor not in paths:
                    paths[successor] = [*paths[node], successor]
                    following.append(successor)
        frontier = following
    return component


def test_the_graph_sees_function_level_and_submodule_imports() -> None:
    graph = import_graph()
    assert "registry.cli" in graph["registry"]  # imported inside create_app
    assert "registry.models.certificate" in graph["registry.models"]  # from registry.models.certificate import ...
    assert "registry.web.admin" in graph["registry"]  # from registry.web.admin import bp
    assert "registry.models.assessment" not in graph["registry.models.cohort"]  # only under TYPE_CHECKING
    assert "registry.models.assessment" in set(_imported_names("registry.models.cohort",
                                                               MODULES["registry.models.cohort"]))


def test_registry_has_no_import_cycles() -> None:
    graph = import_graph()
    cycles = [_a_cycle(component, graph) for component in strongly_connected_components(graph)
              if len(component) > 1]
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(cycle) for cycle in cycles)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_are_short(module: str) -> None:
    path = MODULES[module]
    relative = path.relative_to(PACKAGE_ROOT.parent).as_posix()
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{relative} has {lines} lines; split it (at most {MAX_LINES})"


def _all_imports(prefix: str) -> dict[str, set[str]]:
    return {module: set(_imported_names(module, path)) for module, path in MODULES.items()
            if module == prefix or module.startswith(prefix + ".")}


def _offending(imports: dict[str, set[str]], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(f"{module} imports {name}" for module, names in imports.items() for name in names
                  if any(name == banned or name.startswith(banned + ".") for banned in forbidden))


def test_core_is_pure_python() -> None:
    forbidden = ("flask", "flask_babel", "flask_sqlalchemy", "flask_login", "flask_wtf", "registry.web",
                 "registry.services", "registry.models", "registry.infra", "registry.extensions")
    assert _offending(_all_imports("registry.core"), forbidden) == []


def test_services_never_use_flask_itself() -> None:
    # flask_babel's lazy_gettext is allowed: an error's message is translated when it is shown, not raised.
    forbidden = ("flask", "flask_sqlalchemy", "flask_login", "flask_wtf", "registry.web", "registry.infra",
                 "registry.extensions")
    assert _offending(_all_imports("registry.services"), forbidden) == []


def test_models_use_no_services_infra_or_web() -> None:
    forbidden = ("registry.services", "registry.infra", "registry.web")
    assert _offending(_all_imports("registry.models"), forbidden) == []


def test_infra_uses_no_web() -> None:
    assert _offending(_all_imports("registry.infra"), ("registry.web",)) == []


def test_cli_does_not_use_the_web_layer() -> None:
    assert _offending(_all_imports("registry.cli"), ("registry.web",)) == []
