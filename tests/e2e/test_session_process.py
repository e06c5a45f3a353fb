"""`supple start` as a user's launcher runs it: a real process on the offscreen platform that
runs a tiny routine on the real clock and quits when it is done."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

from desktop_app.core.cues import PHRASES

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


def history(data, environ):
    """The sessions as `supple history --json` prints them."""
    shown = subprocess.run(
        [sys.executable, "-m", "desktop_app", "history", "--json", "--data-dir", str(data)],
        capture_output=True,
        text=True,
        env=environ,
        check=True,
    )
    return json.loads(shown.stdout)


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

    # The session is in the history, as `supple history --json` shows it.
    [session] = history(data, environ)
    assert (session["routine_id"], session["routine_name"]) == ("tiny", "Tiny")
    assert session["status"] == "completed"
    [step] = session["steps"]
    assert (step["stretch_id"], step["side"], step["kind"]) == ("breathe", None, "hold")
    assert (step["planned_seconds"], step["held_seconds"]) == (2.0, 2.0)
    assert step["completed"] and not step["skipped"]


SIDED = """\
name = "Sided"
prepare = 1
switch = 1
rest = 0

[[step]]
stretch = "seated-figure-four"
hold = 4
"""


def test_a_voiced_session_logs_every_cue_and_leaves_nothing_behind(tmp_path):
    # ALSA's null device stands in for a sound card, through the user's own ~/.asoundrc.
    home = tmp_path / "home"
    home.mkdir()
    (home / ".asoundrc").write_text("pcm.!default { type null }\n")
    routine = tmp_path / "sided.toml"
    routine.write_text(SIDED)
    data = tmp_path / "data"
    data.mkdir()
    # Minimal verbosity: a short session, its first lead-in grown for the safety line.
    (data / "settings.json").write_text(
        '{"version": 1, "notice_seen": true, "voice": {"verbosity": "minimal"}}'
    )
    environ = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home)}
    command = [sys.executable, "-m", "desktop_app", "start", str(routine), "--quit-when-done"]
    result = subprocess.run(
        [*command, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        env=environ,
        timeout=90,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""  # pyttsx3's "Audio saved to ..." is kept off the user's output
    log = (data / "logs" / "supple.log").read_text()
    spoken = [line.split("cue: ", 1)[1] for line in log.splitlines() if " cue: " in line]
    assert spoken[0].startswith(f"{PHRASES['safety']} Seated figure-four, left side.")
    assert any(line.startswith("Release. Switch sides. Right side.") for line in spoken)
    assert spoken[-1].startswith("Release. Session complete.")
    assert all("playing from" in line for line in spoken), spoken
    assert not list((data / "cache").rglob("*.part"))
    [session] = history(data, environ)
    assert [(s["side"], s["completed"]) for s in session["steps"]] == [
        ("left", True),
        ("right", True),
    ]
    if shutil.which("pgrep"):
        players = subprocess.run(["pgrep", "-x", "aplay"], capture_output=True, check=False)
        assert players.stdout == b""  # no player outlives the program
