"""Before Qt starts: is there a screen? Without one Qt aborts the process with a misleading
message, so Supple checks first and says so in one line."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from desktop_app.display import display_problem, has_library_named


def check(environ, *, answers=True, cursor=True, platform="linux"):
    return display_problem(
        environ, platform, x_server_answers=lambda _d: answers, has_library=lambda _n: cursor
    )


def test_no_display_at_all():
    problem = check({})
    assert problem.startswith("no display found") and "xvfb-run" in problem


def test_a_display_that_does_not_answer():
    assert check({"DISPLAY": ":42"}, answers=False).startswith(
        "cannot connect to the display ':42'"
    )


def test_a_missing_xcb_cursor_library_is_named():
    assert "libxcb-cursor0" in check({"DISPLAY": ":0"}, cursor=False)


def test_a_working_display_or_a_headless_platform_is_fine(tmp_path):
    assert check({"DISPLAY": ":0"}) is None
    assert check({"QT_QPA_PLATFORM": "offscreen"}) is None
    (tmp_path / "wayland-0").touch()
    assert check({"WAYLAND_DISPLAY": "wayland-0", "XDG_RUNTIME_DIR": str(tmp_path)}) is None
    assert check({"WAYLAND_DISPLAY": "wayland-0", "XDG_RUNTIME_DIR": "/nowhere"}).startswith(
        "no display"
    )
    assert check({}, platform="win32") is None


@pytest.mark.skipif(not has_library_named("libxcb.so.1"), reason="needs libxcb")
def test_the_real_check_against_a_display_that_is_not_there():
    # libxcb really tries to connect; nothing listens on display 7319.
    problem = display_problem({"DISPLAY": ":7319"}, "linux")
    assert problem is not None and problem.startswith("cannot connect to the display")


def test_supple_without_a_display_says_so_in_one_line(tmp_path):
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        env=environ,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("supple: no display found")
