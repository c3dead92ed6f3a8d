"""The import graph is a DAG in the documented layer order (docs/design.md, "Layers").

Every import counts: at module level or inside a function (a lazy import is still a dependency), except those
under `if TYPE_CHECKING:`. A module may import from its own layer and the layers before it, never after."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = {
    "engine": "gongkai.engine",
    "rulesets": "gongkai.rulesets",
    "testing": "gongkai.testing",
    "tui": "gongkai.tui",
    "cli": "gongkai.cli",
}

# lowest first; a module's layer is the longest prefix of its name listed here
LAYERS = [
    ["gongkai.engine.pipeline", "gongkai.engine.authoring", "gongkai.engine.templates", "gongkai.engine"],
    ["gongkai.engine.render"],
    ["gongkai.engine.publish"],
    ["gongkai.engine.workflow"],
    ["gongkai.rulesets"],
    ["gongkai.testing"],
    ["gongkai.tui"],
    ["gongkai.cli"],
]
# rule modules see the engine only through the authoring API
RULESETS_MAY_IMPORT = ("gongkai.engine.authoring", "gongkai.rulesets")


def _modules() -> dict[str, Path]:
    found = {}
    for folder, package in FOLDERS.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = list(path.relative_to(ROOT / folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join([package, *parts])] = path
    return found


MODULES = _modules()


def _is_type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _imports(name: str, path: Path) -> set[str]:
    """The gongkai modules `name` imports (a `from package import submodule` names the submodule)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = {id(n) for t in ast.walk(tree) if _is_type_checking(t) for b in t.body for n in ast.walk(b)}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            for a in node.names:
                out.add(f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base)
    return {m for m in out if m.startswith("gongkai.") and m != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _layer(module: str) -> int:
    best = max(
        ((len(p), i) for i, layer in enumerate(LAYERS) for p in layer if module == p or module.startswith(p + ".")),
        default=None,
    )
    assert best is not None, f"{module}: in no layer — add it to LAYERS and to docs/design.md"
    return best[1]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_down_the_layers(module):
    upward = sorted(m for m in GRAPH[module] if _layer(m) > _layer(module))
    assert not upward, f"{module} (layer {_layer(module)}) imports a higher layer: {upward}"


def test_rule_modules_import_only_the_authoring_api():
    wrong = {
        m: sorted(i for i in GRAPH[m] if not i.startswith(RULESETS_MAY_IMPORT))
        for m in MODULES
        if m.startswith("gongkai.rulesets")
    }
    assert not {m: w for m, w in wrong.items() if w}


def test_no_import_cycles():
    """Tarjan's strongly connected components over the module graph: every component is one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH.get(v, ()):
            if w not in MODULES:
                continue
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
                cycles.append(sorted(component))

    for v in sorted(MODULES):
        if v not in index:
            visit(v)
    assert not cycles, cycles


def test_the_layer_test_catches_an_upward_import(tmp_path):
    """The checker itself: an engine module importing the CLI is reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from gongkai.cli.main import app\n", encoding="utf-8")
    MODULES["gongkai.engine.pipeline.bad"] = bad
    try:
        found = _imports("gongkai.engine.pipeline.bad", bad)
        assert any(_layer(m) > _layer("gongkai.engine.pipeline.bad") for m in found)
    finally:
        del MODULES["gongkai.engine.pipeline.bad"]
