"""A session run on a data folder whose disk is full to the last byte, and closed at once, is
not lost: its writes wait in the runtime folder, and the next start with room stores them. A
real small filesystem (tmpfs) is mounted for it, which needs root; elsewhere it is skipped."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_session_process import TINY, history


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs as the data folder, filled to the last byte."""
    data = tmp_path / "data"
    data.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(data)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here: {mounted.stderr.decode().strip()}")
    try:
        (data / "logs").mkdir()
        filler = data / "filler"
        with filler.open("wb") as handle:
            try:
                while True:
                    handle.write(b"\0" * 65536)
                    handle.flush()
            except OSError:
                pass  # full
        yield data
    finally:
        subprocess.run(["umount", str(data)], check=False)


def start(routine: Path, data: Path, environ: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "desktop_app", "start", str(routine), "--quit-when-done"]
    command += ["--no-voice", "--data-dir", str(data)]
    return subprocess.run(
        command, capture_output=True, text=True, env=environ, timeout=60, check=False
    )


def test_a_session_on_a_full_disk_is_stored_at_the_next_start_with_room(
    full_disk: Path, tmp_path: Path
) -> None:
    routine = tmp_path / "tiny.toml"
    routine.write_text(TINY)
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    environ = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(runtime)}

    first = start(routine, full_disk, environ)
    assert first.returncode == 0, first.stderr
    assert "not stored, lost" not in first.stderr
    [waiting] = list((runtime / "Supple").glob("supple-history-*.kept.json"))
    shown = subprocess.run(
        [sys.executable, "-m", "desktop_app", "history", "--data-dir", str(full_disk)],
        capture_output=True,
        text=True,
        env=environ,
        check=False,
    )
    assert str(waiting) in shown.stderr  # said to wait, and where
    assert shown.returncode == 0 and "is on a full disk" in shown.stderr  # the true cause

    (full_disk / "filler").unlink()  # room again
    second = start(routine, full_disk, environ)
    assert second.returncode == 0, second.stderr
    sessions = history(full_disk, environ)
    assert [s["status"] for s in sessions] == ["completed", "completed"]
    assert all(len(s["steps"]) == 1 for s in sessions)
    assert not waiting.exists()
