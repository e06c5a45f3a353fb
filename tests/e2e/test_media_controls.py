"""A whole session driven from the desktop's media controls alone: `supple start` as a process
on a private session bus, and `playerctl` (as the desktop's media keys, a headset or a phone
would) pausing, resuming, skipping, going back and stopping it, reading the metadata at each
step; then the history says what was done."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.dbus_bus import private_bus, read_line
from tests.e2e.test_session_process import history

ROUTINE = """\
name = "Floor test"
hold = 60
prepare = 30
rest = 5

[[step]]
stretch = "lizard-pose"

[[step]]
stretch = "breathe"

[[stretch]]
id = "breathe"
name = "Breathe"
sided = false
position = "kneeling"
instructions = ["Kneel tall and breathe out slowly."]
"""
FORMAT = "{{status}}|{{title}}|{{artist}}|{{album}}|{{mpris:length}}"


@pytest.fixture
def bus(tmp_path: Path) -> Iterator[dict[str, str]]:
    if shutil.which("playerctl") is None:
        pytest.skip("playerctl is not installed")
    folder = tmp_path / "bus"
    folder.mkdir()
    with private_bus(folder) as address:
        yield {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DBUS_SESSION_BUS_ADDRESS": address}


def playerctl(environ: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        ["playerctl", "-p", "supple", *args],
        capture_output=True,
        text=True,
        env=environ,
        timeout=20,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_playerctl_alone_runs_a_whole_session(tmp_path, bus):
    routine = tmp_path / "floor.toml"
    routine.write_text(ROUTINE)
    data = tmp_path / "data"
    command = [sys.executable, "-m", "desktop_app", "start", str(routine), "--quit-when-done"]
    app = subprocess.Popen(
        [*command, "--no-voice", "--data-dir", str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=bus,
    )
    # What the desktop's panel does: follow the player's status as it changes.
    status = subprocess.Popen(
        ["playerctl", "-p", "supple", "--follow", "status"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=bus,
    )
    try:
        assert status.stdout is not None
        assert read_line(status.stdout, "playerctl --follow") == "Playing"
        read = lambda: playerctl(bus, "metadata", "--format", FORMAT).split("|")  # noqa: E731
        assert read() == [
            "Playing",
            "Lizard pose",
            "Get into position · left side",
            "Floor test",
            read()[4],  # the lead-in's length grows to fit a change of position
        ]
        assert int(read()[4]) >= 30_000_000

        playerctl(bus, "pause")
        assert read_line(status.stdout, "playerctl --follow") == "Paused"
        assert read()[0] == "Paused"
        playerctl(bus, "play-pause")
        assert read_line(status.stdout, "playerctl --follow") == "Playing"

        # Next, then Previous at once: nothing read in between, so Previous lands in the
        # hold's first seconds (the engine's BACK_WINDOW) even on a slow machine. The hold's
        # metadata is read on the right side's hold below.
        playerctl(bus, "next")  # "I'm ready"
        playerctl(bus, "previous")  # in a hold's first seconds: back to its lead-in
        assert read()[2].startswith("Get into position")
        playerctl(bus, "previous")  # getting into position: said again, nothing moves
        assert read()[2].startswith("Get into position")
        for _ in range(3):
            playerctl(bus, "next")  # ready, the left side held, ready for the right
        assert read()[1:] == ["Lizard pose", "Hold · right side", "Floor test", "60000000"]
        playerctl(bus, "stop")
        assert app.wait(timeout=30) == 0  # --quit-when-done: the stop ended it
    finally:
        for process in (status, app):
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=10)
            for stream in (process.stdout, process.stderr):
                if stream is not None:
                    stream.close()

    [session] = history(data, bus)
    assert session["status"] == "stopped"
    done = [(s["side"], s["skipped"], s["completed"]) for s in session["steps"]]
    # The left hold skipped by Next, the right one ended by Stop; the rest never begun.
    assert done == [("left", True, False), ("right", False, False)]
    log = (data / "logs" / "supple.log").read_text()
    for press in ("pause (pause)", "toggle (toggle)", "skip (skip)", "back (back)", "back (again)"):
        assert f"media controls: {press}" in log
    assert "media controls: stop (stop)" in log
    assert "org.mpris.MediaPlayer2.supple released" in log
