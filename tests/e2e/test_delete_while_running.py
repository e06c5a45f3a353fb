"""`supple history --delete` while a Supple runs a session on the same history: the command
deletes the old session at once (SQLite's WAL lets both in), and the session under way goes on
storing every side."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.e2e.test_history_crash import offscreen, start_session, supple, wait_for
from tests.e2e.test_session_process import history

V1 = Path(__file__).parent.parent / "data" / "history" / "history-v1.sqlite3"
ROUTINE = """\
name = "Long enough"
hold = 2
prepare = 0
switch = 0
rest = 0

[[step]]
stretch = "seated-figure-four"

[[step]]
stretch = "standing-tfl-cross-over"
"""


@pytest.mark.slow
def test_a_session_is_deleted_while_another_runs(tmp_path: Path) -> None:
    routine = tmp_path / "long.toml"
    routine.write_text(ROUTINE)
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(V1, data / "history.sqlite3")  # two old sessions: a1 and b2
    log = data / "logs" / "supple.log"
    with start_session(data, routine) as running:
        try:
            wait_for(log, r"history: stored step 0 of session", 1, running)
            deleted = subprocess.run(
                [*supple(data), "history", "--delete", "b2"],
                check=False,  # its exit code is the point
                env=offscreen(),
                capture_output=True,
                text=True,
                timeout=30,
            )
            assert (deleted.returncode, deleted.stderr) == (0, "")
            assert deleted.stdout == "Deleted session b2: Desk break, 2026-03-29 18:05\n"
            assert running.poll() is None  # the session was still under way
            assert running.wait(timeout=60) == 0
        finally:
            running.kill()
    sessions = history(data, offscreen())
    assert [s["id"] for s in sessions][1:] == ["a1"]
    newest = sessions[0]
    assert newest["routine_name"] == "Long enough" and newest["status"] == "completed"
    assert len(newest["steps"]) == 4  # every side stored, before and after the delete
