"""The house rules of the code itself: no import cycle in core/, core knows no Flask, small modules."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 600


def module_name(path: Path) -> str:
    """Return the dotted name of a module file under ROOT (a package is named by its folder)."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path, known: set[str]) -> set[str]:
    """Return the modules of ``known`` that ``path`` imports anywhere: at the top, inside functions or ifs."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            # `from . import x` and `from core import x` may name a module x, not a function.
            targets = [origin] + [f"{origin}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def import_graph(folder: str) -> dict[str, set[str]]:
    """Return each module of ``folder`` with the modules of the same folder it imports."""
    files = sorted((ROOT / folder).rglob("*.py"))
    known = {module_name(f) for f in files}
    return {module_name(f): imported_modules(f, known) for f in files}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """Return one import cycle of ``graph`` as a list of modules (first == last), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state:
            cycle = visit(start)
            if cycle:
                return cycle
    return None


def test_cycle_finder_sees_a_cycle_through_an_import_inside_a_function(tmp_path):
    graph = {"core.a": {"core.b"}, "core.b": {"core.c"}, "core.c": {"core.a"}, "core.d": set()}
    assert find_cycle(graph) == ["core.a", "core.b", "core.c", "core.a"]
    assert find_cycle({"core.a": {"core.b"}, "core.b": set()}) is None
    # The walk reads imports inside functions too.
    (tmp_path / "late.py").write_text("def f():\n    from .store import Store\n", encoding="utf-8")
    global ROOT
    saved, ROOT = ROOT, tmp_path.parent
    try:
        late = tmp_path / "late.py"
        known = {module_name(late), f"{tmp_path.name}.store"}
        assert imported_modules(late, known) == {f"{tmp_path.name}.store"}
    finally:
        ROOT = saved


def test_no_import_cycle_in_core():
    graph = import_graph("core")
    assert {"core.store", "core.sanitize"} <= graph["core.content"]  # the walk sees real imports
    assert find_cycle(graph) is None, " → ".join(find_cycle(graph) or [])


def test_no_import_cycle_in_blueprints():
    graph = import_graph("blueprints")
    # Flask's idiom: a blueprint package imports its view modules, which take ``bp`` from the package.
    for name, targets in graph.items():
        targets.discard(name.rpartition(".")[0])
    assert find_cycle(graph) is None, " → ".join(find_cycle(graph) or [])


def test_core_knows_no_flask_and_blueprints_never_open_tinydb():
    for path in (ROOT / "core").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import flask" not in text and "from flask" not in text, path
    for path in (ROOT / "blueprints").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "tinydb" not in text, path


def test_modules_stay_small():
    big = []
    for folder in ("core", "blueprints"):
        for path in (ROOT / folder).rglob("*.py"):
            if "seed" in path.relative_to(ROOT).parts or path.stem == "seed":
                continue  # demo data
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > MAX_LINES:
                big.append(f"{path.relative_to(ROOT)} ({lines})")
    assert not big, big
    assert len((ROOT / "app.py").read_text(encoding="utf-8").splitlines()) < 150
