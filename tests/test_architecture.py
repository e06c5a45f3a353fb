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
