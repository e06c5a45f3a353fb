"""One Supple at a time, with real processes: a second `supple` brings the first forward, `supple
start` hands it the routine, and a socket left by a killed Supple does not stop the next one."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app.paths import AppPaths
from tests.e2e.test_session_process import TINY, history

pytestmark = pytest.mark.slow

ROUTINE = TINY.replace("hold = 2", "hold = 4")  # long enough to be refused a second start
LENGTH = 5.0  # prepare 1 + hold 4
SUPPLE = [sys.executable, "-m", "desktop_app"]


class Log:
    """The data folder's log, read from where the last look stopped."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seen = 0

    def wait_for(self, text: str, within: float = 30) -> str:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            new = self.path.read_text()[self.seen :] if self.path.exists() else ""
            if text in new:
                self.seen += new.index(text) + len(text)
                return new
            time.sleep(0.05)  # a real process on the real clock: short polls
        raise AssertionError(f"no {text!r} in the log within {within} s")


def launch(data: Path, environ: dict[str, str], output: Path, *argv: str) -> subprocess.Popen[str]:
    """`supple ARGV` in the background; what it prints goes to `output`, to read if it fails."""
    with output.open("w") as sink:
        return subprocess.Popen(
            [*SUPPLE, *argv, "--data-dir", str(data), "--no-voice"],
            stdout=sink,
            stderr=subprocess.STDOUT,
            text=True,
            env=environ,
        )


def supple(data: Path, environ: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SUPPLE, *argv, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        env=environ,
        timeout=30,
        check=False,
    )


def end(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=30)


def test_a_second_supple_hands_over_to_the_first(tmp_path, environ):
    data = tmp_path / "data"
    routine = tmp_path / "tiny.toml"
    routine.write_text(ROUTINE)
    socket = AppPaths.under(data).instance_socket(environ)
    log = Log(data / "logs" / "supple.log")
    first = launch(data, environ, tmp_path / "first.txt")
    try:
        log.wait_for(f"instance: listening on {socket}")

        # A plain `supple`: the first comes forward, and this one leaves at once.
        began = time.monotonic()
        shown = supple(data, environ)
        took = time.monotonic() - began
        assert (shown.returncode, shown.stderr) == (0, "")
        assert shown.stdout == "supple: brought the running Supple forward\n"
        assert took < 5  # measured about 0.2 s: Qt is never loaded
        log.wait_for("instance: brought forward at another supple's request")

        # `supple start`: the first runs the session; --quit-when-done means nothing there.
        started = supple(data, environ, "start", str(routine), "--quit-when-done", "--no-voice")
        assert (started.returncode, started.stderr) == (0, "")
        assert started.stdout == "supple: the running Supple started 'Tiny'\n"
        log.wait_for("session: tiny started")

        # While it runs, another start is refused, with the reason.
        refused = supple(data, environ, "start", "desk-break")
        assert refused.returncode == 1
        assert refused.stderr == (
            "supple: Supple is in a session (Tiny); stop it there first, or let it end\n"
        )
        assert refused.stdout == ""

        log.wait_for(f"session: Tiny completed after {LENGTH:.1f} s", within=LENGTH + 30)
        assert first.poll() is None  # still running: the session was handed over
        [session] = history(data, environ)
        assert (session["routine_id"], session["status"]) == ("tiny", "completed")
    finally:
        end(first)


def test_a_socket_left_by_a_killed_supple_does_not_stop_the_next(tmp_path, environ):
    data = tmp_path / "data"
    socket = AppPaths.under(data).instance_socket(environ)
    log = Log(data / "logs" / "supple.log")
    first = launch(data, environ, tmp_path / "first.txt")
    try:
        log.wait_for(f"instance: listening on {socket}")
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    assert socket.exists()  # nothing closed it

    second = launch(data, environ, tmp_path / "second.txt")
    try:
        log.wait_for(f"instance: removed {socket}, left by a Supple that did not close")
        log.wait_for(f"instance: listening on {socket}")
        shown = supple(data, environ)
        assert (shown.returncode, shown.stderr) == (0, "")
        log.wait_for("instance: brought forward at another supple's request")
    finally:
        end(second)
