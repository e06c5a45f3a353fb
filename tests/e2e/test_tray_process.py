"""Supple as it runs at login, with real processes: `supple --tray` starts without its window
and stays; a second `--tray` (a login after a login) leaves at once and quietly; and with
reminders on, which keep Supple running when its window closes, Ctrl+C still quits."""

from __future__ import annotations

import signal

import pytest

from desktop_app.paths import AppPaths
from tests.e2e.test_single_instance import Log, end, launch, supple

pytestmark = pytest.mark.slow


def test_started_at_login_it_stays_without_a_window_and_once(tmp_path, environ):
    data = tmp_path / "data"
    log = Log(data / "logs" / "supple.log")
    first = launch(data, environ, tmp_path / "out", "--tray")
    try:
        log.wait_for("instance: listening on")
        again = supple(data, environ, "--tray")
        assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
        assert first.poll() is None
        assert "window shown" not in log.path.read_text()  # it waits for a tray to come up
    finally:
        end(first)


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGHUP])
def test_ctrl_c_or_closing_the_terminal_quits_though_reminders_keep_supple_running(
    tmp_path, environ, number
):
    if number == signal.SIGHUP and signal.getsignal(signal.SIGHUP) is signal.SIG_IGN:
        # Run under nohup: Supple inherits SIGHUP ignored and, as it should, keeps ignoring it.
        pytest.skip("SIGHUP is ignored here (run under nohup), and Supple honours that")
    data = tmp_path / "data"
    socket = AppPaths.under(data).instance_socket(environ)
    log = Log(data / "logs" / "supple.log")
    output = tmp_path / "out"
    process = launch(data, environ, output)
    try:
        log.wait_for("window shown")
        process.send_signal(number)
        assert process.wait(timeout=20) == 0, output.read_text()
        assert not socket.exists()  # a clean quit leaves no socket behind
    finally:
        end(process)
