"""A wheel built from the source carries every asset, and the installed package finds them."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_wheel_ships_the_assets_and_lists_the_routines(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("supple-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assets = {str(p.relative_to(ROOT)) for p in (ROOT / "assets").rglob("*") if p.is_file()}
    assert {f"desktop_app/{a}" for a in assets} <= names
    # The MIT terms travel with every copy, and inside the package for the About dialog.
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
    assert "desktop_app/LICENSE" in names

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop_app",
            "--data-dir",
            str(tmp_path / "d"),
            "routines",
            "--json",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(site)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert len(json.loads(result.stdout)) == 5

    # The installed package finds its licence's text where the About dialog reads it.
    found = subprocess.run(
        [
            sys.executable,
            "-c",
            "from desktop_app.resources import licence_file; print(licence_file())",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(site)},
        check=True,
    ).stdout.strip()
    assert found == str(site / "desktop_app" / "LICENSE")
    assert Path(found).read_text(encoding="utf-8") == (ROOT / "LICENSE").read_text(encoding="utf-8")
