"""A private X server (Xvfb) and a window manager from Debian (openbox) for the tests that ask
the X server how long the user has been idle and which window is full screen.

`xvfb()` starts Xvfb on a free display (it picks one and says which with -displayfd) and ends
it afterwards; `window_manager(display)` runs openbox there; `qt_window(display, full)` shows
a real Qt window on it (the xcb platform), full screen or not, as another program would.
Each skips the test where its program is not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.dbus_bus import read_line
from tests.services.polling import wait_until

WINDOW_SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv)
window = QLabel("another program")
window.setWindowTitle("another program")
window.showFullScreen() if sys.argv[1] == "full" else window.show()
def shown():
    if window.windowHandle() and window.windowHandle().isExposed():
        print("shown", flush=True)
    else:
        QTimer.singleShot(50, shown)
shown()
app.exec()
"""


def need(program: str) -> str:
    path = shutil.which(program)
    if path is None:
        pytest.skip(f"{program} is not installed")
    return path


@contextmanager
def xvfb() -> Iterator[str]:
    """A display name, such as ":5", of a new Xvfb."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [
            need("Xvfb"),
            "-displayfd",
            str(write_end),
            "-screen",
            "0",
            "1024x768x24",
            "-nolisten",
            "tcp",
        ],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    try:
        with os.fdopen(read_end) as said:
            number = read_line(said, "Xvfb")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@contextmanager
def window_manager(display: str) -> Iterator[None]:
    """openbox on `display`, ready once it has set _NET_SUPPORTING_WM_CHECK."""
    manager = subprocess.Popen(
        [need("openbox"), "--sm-disable"],
        env={**os.environ, "DISPLAY": display},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        xprop = need("xprop")

        def managed() -> bool:
            done = subprocess.run(
                [xprop, "-display", display, "-root", "_NET_SUPPORTING_WM_CHECK"],
                capture_output=True,
                text=True,
                check=False,
            )
            return "window id" in done.stdout

        wait_until(managed, "openbox to manage the screen")
        yield
    finally:
        manager.terminate()
        manager.wait(timeout=10)


@contextmanager
def qt_window(display: str, *, full: bool) -> Iterator[None]:
    """Another program's window on `display`, shown (and full screen if `full`)."""
    program = subprocess.Popen(
        [sys.executable, "-c", WINDOW_SCRIPT, "full" if full else "normal"],
        env={**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert program.stdout is not None
        assert read_line(program.stdout, "the window") == "shown"
        yield
    finally:
        program.terminate()
        program.wait(timeout=10)
        if program.stdout is not None:
            program.stdout.close()


def xdotool(display: str, *arguments: str) -> None:
    subprocess.run(
        [need("xdotool"), *arguments], env={**os.environ, "DISPLAY": display}, check=True
    )
