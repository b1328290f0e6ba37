"""The layout shows the architecture: no import circles, imports only down the stages of DESIGN.md's flow, and every
folder says what lives in it. The imports are read from the source (every `import`, at any depth), not run."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("newsdesk", "components")

# What each part may import of the project (its own modules aside). Read -> extract -> store -> analyse -> show.
ALLOWED: dict[str, set[str]] = {
    "newsdesk": set(),
    "components": set(),
    "newsdesk.models": set(),
    "newsdesk.settings": set(),
    "newsdesk.ids": set(),
    "newsdesk.pool": set(),
    "newsdesk.sources": {"newsdesk.models"},
    "newsdesk.extract": {"newsdesk.models"},
    "newsdesk.store": {"newsdesk.models", "newsdesk.settings"},
    "newsdesk.analysis": {"newsdesk.models", "newsdesk.extract", "newsdesk.store", "newsdesk.pool"},
    "newsdesk.review": {"newsdesk.models", "newsdesk.ids", "newsdesk.store", "newsdesk.analysis"},
    "newsdesk.demo": {"newsdesk.models"},
    "newsdesk.pipeline": {
        "newsdesk.models",
        "newsdesk.ids",
        "newsdesk.sources",
        "newsdesk.extract",
        "newsdesk.analysis",
    },
    "newsdesk.ingest": {"newsdesk.models", "newsdesk.sources", "newsdesk.pipeline", "newsdesk.analysis"}
    | {"newsdesk.store", "newsdesk.pool"},
    "newsdesk.spark": {"newsdesk.models", "newsdesk.sources", "newsdesk.pipeline", "newsdesk.store.schema"},
    "newsdesk.cli": {"newsdesk"},  # the command line wires every stage
    "newsdesk.__main__": {"newsdesk.cli"},
    "components.nav": set(),
    "components.data": {"newsdesk"},
    "components.widgets": {"newsdesk", "components.data", "components.nav"},
    "components.pages": {"newsdesk", "components.data", "components.nav", "components.widgets"},
    "components.bootstrap": {"newsdesk", "components.data", "components.widgets"},
}


def _modules() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for pkg in PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            rel = path.relative_to(ROOT).with_suffix("")
            parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
            out[".".join(parts)] = path
    return out


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _imports(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module -> the project modules it imports anywhere in its source (TYPE_CHECKING imports included)."""
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for mod, path in modules.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(parts + ([base] if base else []))
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            for target in targets:
                found = _resolve(target, modules)
                if found and found != mod:
                    graph[mod].add(found)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def _part(mod: str) -> str | None:
    """The ALLOWED entry a module belongs to (the longest prefix that names one; a package's own __init__ is the
    package's entry only when the package has no entry of its own)."""
    candidates = [p for p in ALLOWED if mod == p or (mod.startswith(p + ".") and p not in PACKAGES)]
    return max(candidates, key=len) if candidates else None


def test_no_module_imports_one_that_imports_it_back() -> None:
    assert _cycles(_imports(_modules())) == []


def test_cycle_finder_finds_a_circle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_imports_only_go_down_the_stages() -> None:
    wrong = []
    for mod, targets in _imports(_modules()).items():
        part = _part(mod)
        if part is None:
            continue
        for target in targets:
            target_part = _part(target) or target
            if target_part == part:
                continue
            if not any(target == a or target.startswith(a + ".") for a in ALLOWED[part]):
                wrong.append(f"{mod} imports {target}")
    assert not [m for m in _modules() if _part(m) is None], "every module belongs to an entry of ALLOWED"
    assert wrong == []


def test_newsdesk_never_imports_streamlit() -> None:
    for path in (ROOT / "newsdesk").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        assert not [n for n in names if n.split(".")[0] == "streamlit"], path


@pytest.mark.parametrize(
    "folder", sorted({p.parent.relative_to(ROOT) for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}), ids=str
)
def test_every_folder_says_what_lives_there_and_what_it_may_import(folder: Path) -> None:
    init = ROOT / folder / "__init__.py"
    assert init.is_file(), f"{folder} has no __init__.py"
    doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
    assert doc, f"{init} has no docstring"
    assert "may import" in doc.lower(), f"{init}'s docstring does not say what the folder may import"
