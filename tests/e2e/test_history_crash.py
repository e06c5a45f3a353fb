"""A crash mid-session keeps every step that was stored: a real `supple start` is killed with
SIGKILL at random moments, and the next start finds an intact file, every stored step and the
session marked interrupted."""

from __future__ import annotations

import os
import random
import re
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from tests.e2e.test_session_process import history

ROUTINE = """\
name = "Crash"
hold = 1
prepare = 0
switch = 0
rest = 0

[[step]]
stretch = "seated-figure-four"

[[step]]
stretch = "standing-tfl-cross-over"
"""
STEPS = 4  # two sided holds
RUNS = 12
STORED = re.compile(r"history: stored step (\d+) of session (\w+)")


def supple(data: Path) -> list[str]:
    """Supple as a command on the data folder `data`, without a voice."""
    return [sys.executable, "-m", "desktop_app", "--data-dir", str(data), "--no-voice"]


def offscreen() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def start_session(data: Path, routine: Path) -> subprocess.Popen[str]:
    """`supple start ROUTINE --quit-when-done` as a process; its log tells how far it got."""
    return subprocess.Popen(
        [*supple(data), "start", str(routine), "--quit-when-done"],
        env=offscreen(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(log: Path, pattern: str, count: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        text = log.read_text() if log.exists() else ""
        if len(re.findall(pattern, text)) >= count:
            return
        if process.poll() is not None:
            pytest.fail(f"supple ended early ({process.returncode}): {process.stderr.read()}")
        time.sleep(0.01)  # a real process on the real clock: polling is the only way
    pytest.fail(f"no {count} x {pattern!r} in {log}")


@pytest.mark.slow
@pytest.mark.parametrize("run", range(RUNS))
def test_a_killed_session_keeps_its_stored_steps(tmp_path: Path, run: int) -> None:
    chance = random.Random(run)
    routine = tmp_path / "crash.toml"
    routine.write_text(ROUTINE)
    data = tmp_path / "data"
    log = data / "logs" / "supple.log"
    with start_session(data, routine) as process:
        try:
            wait_for(log, r"history: stored the start of session", 1, process)
            steps_before = chance.randrange(0, STEPS - 1)
            wait_for(log, STORED.pattern, steps_before, process)
            time.sleep(chance.uniform(0, 0.9))  # anywhere in the step under way, even mid-write
        finally:
            process.kill()
    assert process.returncode == -9

    with closing(sqlite3.connect(data / "history.sqlite3")) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    stored = {int(seq) for seq, _session in STORED.findall(log.read_text())}

    [session] = history(data, offscreen())
    assert session["status"] == "interrupted"
    seqs = [step["seq"] for step in session["steps"]]
    assert seqs == list(range(len(seqs)))  # in order, none missing
    assert stored <= set(seqs)  # whatever was stored survived the kill
    assert len(seqs) >= steps_before
    assert all(step["completed"] and step["held_seconds"] > 0 for step in session["steps"])
    if seqs:
        assert session["ended_at"] == session["steps"][-1]["ended_at"]
    # The next start left it interrupted, as the file shows to anyone who opens it.
    with closing(sqlite3.connect(data / "history.sqlite3")) as db:
        assert db.execute("SELECT status FROM session").fetchall() == [("interrupted",)]
