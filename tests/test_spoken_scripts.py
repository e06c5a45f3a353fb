"""docs/scripts/ holds what a session of each built-in routine says, as scripts/spoken_scripts.py
writes it today: regenerated here in memory and compared."""

from __future__ import annotations

import importlib.util
from types import ModuleType

from desktop_app.core.catalogue import load_catalogue
from desktop_app.resources import assets_dir
from tests.test_cli import ROOT

FOLDER = ROOT / "docs" / "scripts"


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "spoken_scripts", ROOT / "scripts/spoken_scripts.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_spoken_scripts_in_the_docs_are_current():
    made = generator()
    pages = made.pages()
    stale = [
        name
        for name, text in pages.items()
        if not (FOLDER / name).exists() or (FOLDER / name).read_text(encoding="utf-8") != text
    ]
    extra = sorted({path.name for path in FOLDER.glob("*.md")} - set(pages))
    assert not stale and not extra, (
        f"docs/scripts/ is out of date (changed or missing: {', '.join(stale) or 'none'}; "
        f"no longer made: {', '.join(extra) or 'none'}): run `{made.COMMAND}`"
    )


def test_every_built_in_routine_has_its_script_linked_from_the_user_guide():
    guide = (ROOT / "docs" / "user-guide.md").read_text(encoding="utf-8")
    for routine in load_catalogue(assets_dir(), None).routines:
        assert f"(scripts/{routine}.md)" in guide, routine
