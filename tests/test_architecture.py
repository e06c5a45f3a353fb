"""Dependencies point one way: ui -> services -> core. Qt stays in ui/, pyttsx3 and sqlite3 out
of core/, and importing the package does nothing."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "desktop_app"
QT = {"PySide6", "shiboken6", "PyQt5", "PyQt6"}
FORBIDDEN = {
    "core": QT | {"pyttsx3", "sqlite3", "desktop_app.services", "desktop_app.ui"},
    "services": QT | {"desktop_app.ui"},
}


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def forbidden_in(layer: str) -> list[str]:
    found = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for name in imported_modules(path):
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[layer]):
                found.append(f"{path.relative_to(PACKAGE.parent)} imports {name}")
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_nothing_it_must_not(layer):
    assert forbidden_in(layer) == []


def test_the_guard_catches_an_import(tmp_path, monkeypatch):
    # The scan above must be able to fail: a planted import is found.
    fake = tmp_path / "desktop_app"
    (fake / "core").mkdir(parents=True)
    (fake / "core" / "bad.py").write_text("def f():\n    from PySide6 import QtCore\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    assert forbidden_in("core") == ["desktop_app/core/bad.py imports PySide6"]


def test_importing_the_model_loads_no_qt_speech_or_sqlite(tmp_path):
    layers = {
        layer: [
            f"desktop_app.{layer}.{p.stem}"
            for p in sorted((PACKAGE / layer).glob("*.py"))
            if p.stem != "__init__"
        ]
        for layer in FORBIDDEN
    }
    # The core first, alone; then the services on top of it.
    script = (
        "import importlib, json, sys\n"
        "loaded = {}\n"
        f"for layer, names in {layers!r}.items():\n"
        "    for name in names: importlib.import_module(name)\n"
        "    loaded[layer] = sorted(sys.modules)\n"
        "print(json.dumps(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(PACKAGE.parent), "HOME": str(tmp_path)},
    )
    loaded = {
        layer: {m.split(".")[0] for m in names}
        for layer, names in json.loads(result.stdout).items()
    }
    assert not loaded["core"] & (QT | {"pyttsx3", "sqlite3"})
    assert not loaded["services"] & (QT | {"pyttsx3"})  # speech loads its engine when asked
    assert list(tmp_path.iterdir()) == []  # nothing created at import time


def test_only_ui_imports_qt():
    # app.py and cli.py wire the window together, but Qt itself stays inside ui/.
    found = [
        f"{path.name} imports {name}"
        for path in sorted(PACKAGE.glob("*.py"))
        for name in imported_modules(path)
        if name.split(".")[0] in QT
    ]
    assert found == []


# -- the module graph ---------------------------------------------------------------------------

UI = "desktop_app.ui"
LEAVES = ("kit", "look")  # the ui/ folders every screen may use, which use none of them
SCREENS = ("session", "home", "history", "reminders", "dialogs", "media")
WIRING = {"desktop_app.app", "desktop_app.cli"}  # the top-level modules that build the window


def module_name(path: Path, package: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def runtime_imports(path: Path) -> set[str]:
    """Every module a file imports, in a function too, but not for type checking alone: each
    `from a import b` counts as importing `a` and, where it is a module, `a.b`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and ast.unparse(block.test).endswith("TYPE_CHECKING")
        for node in ast.walk(block)
    }
    names: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def import_graph(package: Path) -> dict[str, set[str]]:
    modules = {module_name(p, package): p for p in package.rglob("*.py")}
    return {
        name: {m for m in runtime_imports(path) if m in modules and m != name}
        for name, path in modules.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles, each as its modules in order (Tarjan's strongly connected parts)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for after in sorted(graph[node]):
            if after not in index:
                visit(after)
                low[node] = min(low[node], low[after])
            elif after in stack:
                low[node] = min(low[node], index[after])
        if low[node] == index[node]:
            part = stack[stack.index(node) :]
            del stack[stack.index(node) :]
            if len(part) > 1:
                found.append(sorted(part))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def folder(module: str) -> str | None:
    """The ui/ folder a module is in ("session", "kit", ...), or None outside ui/."""
    parts = module.split(".")
    return parts[2] if module.startswith(UI + ".") else None


def broken_rules(graph: dict[str, set[str]]) -> list[str]:
    broken = []
    for module, imports in sorted(graph.items()):
        where = folder(module)
        for imported in sorted(imports):
            to = folder(imported)
            if where in LEAVES and to is not None and to != where:
                broken.append(f"{module} imports {imported}: {where}/ uses no other ui/ folder")
            if where in SCREENS and to == "shell":
                broken.append(f"{module} imports {imported}: screens do not import the shell")
            top_level = module.count(".") == 1 and module not in WIRING
            if top_level and imported.startswith(UI):
                broken.append(f"{module} imports {imported}: only app and cli wire the ui")
    return broken


def test_no_import_cycle_anywhere():
    assert cycles(import_graph(PACKAGE)) == []


def test_the_ui_folders_keep_their_places():
    assert broken_rules(import_graph(PACKAGE)) == []


def plant(root: Path, files: dict[str, str]) -> Path:
    package = root / "desktop_app"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return package


def test_the_cycle_check_finds_a_cycle_even_through_a_lazy_import(tmp_path):
    package = plant(
        tmp_path,
        {
            "a.py": "from desktop_app import b\n",
            "b.py": "def later():\n    from desktop_app.c import x\n",
            "c.py": "import desktop_app.a\nx = 1\n",
            "d.py": "from typing import TYPE_CHECKING\n"
            "if TYPE_CHECKING:\n    from desktop_app import a\n",
        },
    )
    graph = import_graph(package)
    assert cycles(graph) == [["desktop_app.a", "desktop_app.b", "desktop_app.c"]]
    assert "desktop_app.a" not in graph["desktop_app.d"]  # for type checking alone: no edge


def test_the_folder_rules_catch_each_kind_of_break(tmp_path):
    package = plant(
        tmp_path,
        {
            "ui/kit/tile.py": "from desktop_app.ui.look import theme\n",
            "ui/look/theme.py": "",
            "ui/history/page.py": "from desktop_app.ui.shell.window import MainWindow\n",
            "ui/shell/window.py": "from desktop_app.ui.kit import tile\n",
            "paths.py": "from desktop_app.ui.look import theme\n",
            "app.py": "from desktop_app.ui.shell.window import MainWindow\n",
        },
    )
    assert broken_rules(import_graph(package)) == [
        "desktop_app.paths imports desktop_app.ui.look.theme: only app and cli wire the ui",
        "desktop_app.ui.history.page imports desktop_app.ui.shell.window: screens do not "
        "import the shell",
        "desktop_app.ui.kit.tile imports desktop_app.ui.look.theme: kit/ uses no other ui/ folder",
    ]


def test_every_package_has_its_init():
    missing = [
        str(folder.relative_to(PACKAGE.parent))
        for folder in [PACKAGE, *PACKAGE.rglob("*")]
        if folder.is_dir()
        and folder.name != "__pycache__"
        and not (folder / "__init__.py").exists()
    ]
    assert missing == []
