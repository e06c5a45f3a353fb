"""`supple start` as a user's launcher runs it: a real process on the offscreen platform that
runs a tiny routine on the real clock and quits when it is done."""

from __future__ import annotations

import os
import subprocess
import sys
import time

TINY = """\
name = "Tiny"
hold = 2
prepare = 1
rest = 0

[[step]]
stretch = "breathe"

[[stretch]]
id = "breathe"
name = "Breathe"
sided = false
position = "seated"
instructions = ["Sit tall and breathe out slowly."]
"""
LENGTH = 3.0  # prepare 1 + hold 2; seated is where a session starts, so nothing is added


def test_start_quits_when_done_on_time(tmp_path):
    routine = tmp_path / "tiny.toml"
    routine.write_text(TINY)
    data = tmp_path / "data"
    environ = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    began = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop_app",
            "start",
            str(routine),
            "--quit-when-done",
            "--no-voice",
            "--data-dir",
            str(data),
        ],
        capture_output=True,
        text=True,
        env=environ,
        timeout=60,
        check=False,
    )
    took = time.monotonic() - began
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert LENGTH <= took < LENGTH + 15  # the session's length plus starting up
    log = (data / "logs" / "supple.log").read_text()
    assert "session: tiny started" in log
    assert "session: Tiny completed after 3.0 s" in log
