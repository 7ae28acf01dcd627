"""The tree is the data flow: each stage a folder, imports running one way down the flow.

plan file → load/validate → Plan → schedule(Options) → Schedule → renderers → files; what is
remembered in ``state``, figures in ``reports``, the terminal in ``cli``. Every import counts,
also one made inside a function to keep start-up fast: a lazy import against the flow is
still an arrow pointing back up.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "prepctl"
# the stages in the order data flows through them; a module may import its own stage and those before it
FLOW = (
    "errors",
    "files",
    "model",
    "plan",
    "settings",
    "schedule",
    "state",
    "render",
    "reports",
    "sync",
    "workflow",
    "cli",
    "__main__",
)


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The prepctl modules ``path`` imports (a name imported from a package counts as its module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        found |= {name for name in names if name in modules}
    return found


def _stage(module: str) -> int:
    return FLOW.index(module.split(".")[1])


def _graph() -> dict[str, set[str]]:
    """Every module's imports; the package root is left out, a façade whose names load lazily."""
    modules = _modules()
    return {name: _imports(path, modules) - {"prepctl", name} for name, path in modules.items() if name != "prepctl"}


def test_every_module_belongs_to_a_stage_of_the_flow():
    assert {module.split(".")[1] for module in _graph()} <= set(FLOW)


def test_no_import_points_back_up_the_flow():
    against = sorted(
        f"{module} -> {target}"
        for module, targets in _graph().items()
        for target in targets
        if _stage(target) > _stage(module)
    )
    assert against == []


def test_there_is_no_import_circle():
    graph = _graph()
    circles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                circles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert [" -> ".join(circle) for circle in circles] == []
