"""`scripts/bootstrap run` on a fresh copy of the repository installs what running needs and no
test tool, says what it does as it goes, and installs nothing the second time."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from desktop_app import __version__

ROOT = Path(__file__).resolve().parents[2]


def _missing_system_packages() -> list[str]:
    """The packages `run` would install with apt (with sudo): a test does not install them."""
    script = (ROOT / "scripts" / "bootstrap").read_text(encoding="utf-8")
    listed = script.split("system_packages=(", 1)[1].split(")", 1)[0].split()
    if shutil.which("dpkg-query") is None:
        return ["dpkg-query"]
    return [
        name
        for name in listed
        if "install ok installed"
        not in subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", name], capture_output=True, text=True, check=False
        ).stdout
    ]


@pytest.mark.slow
def test_run_installs_what_running_needs_and_says_so(tmp_path):
    if missing := _missing_system_packages():
        pytest.skip(f"bootstrap would install system packages first: {' '.join(missing)}")
    copy = tmp_path / "supple"
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    for name in files:
        if (ROOT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)

    first = subprocess.run(
        ["scripts/bootstrap", "run", "--version"],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == f"supple {__version__}"
    said = [line for line in first.stderr.splitlines() if line.startswith("bootstrap:")]
    assert "bootstrap: creating .venv" in said[0]
    assert any("installing Supple into .venv with what it needs to run" in s for s in said)
    assert any("Collecting pyside6-essentials" in s.replace("PySide6", "pyside6") for s in said)
    assert any(s.startswith("bootstrap:   Successfully installed") for s in said)
    venv = copy / ".venv"
    assert not (venv / "bin" / "pytest").exists()
    assert not (venv / "bin" / "ruff").exists()
    assert (venv / ".supple-installed").read_text(encoding="utf-8").split()[1:] == []

    again = subprocess.run(
        ["scripts/bootstrap", "run", "--version"],
        cwd=copy,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert again.returncode == 0, again.stderr
    assert "bootstrap:" not in again.stderr  # nothing to install
