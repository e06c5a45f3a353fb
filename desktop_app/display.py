"""Is there a screen to open a window on? Asked before Qt starts, because Qt aborts the whole
process when it finds none, with a message about xcb-cursor0 that sends people the wrong way."""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

HOW = (
    "run it from a desktop session, or without a screen with "
    "'xvfb-run -a supple ...' or QT_QPA_PLATFORM=offscreen"
)
# Platforms that need no display server.
HEADLESS = {"offscreen", "minimal", "vnc", "eglfs", "linuxfb"}


def _library(name: str) -> ctypes.CDLL | None:
    # Loaded by name, not ctypes.util.find_library, which runs ldconfig in a subprocess.
    try:
        return ctypes.CDLL(name)
    except OSError:
        return None


def has_library_named(name: str) -> bool:
    return _library(name) is not None


# A good connection stays open until the process ends: when the only client of an X server with
# no desktop (Xvfb) disconnects, the server resets, and Qt's own connection waits ~16 ms for it.
_open_connections: list[int] = []


def _x_server_answers(display: str) -> bool:
    """Ask libxcb (which Qt's xcb platform loads anyway) whether the X server accepts us."""
    xcb = _library("libxcb.so.1")
    if xcb is None:
        return True  # cannot tell; let Qt try and report
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    if connection and xcb.xcb_connection_has_error(connection) == 0:
        _open_connections.append(connection)
        return True
    if connection:
        xcb.xcb_disconnect(connection)  # a failed connection is allocated all the same
    return False


def _wayland_socket(environ: Mapping[str, str]) -> bool:
    name = environ.get("WAYLAND_DISPLAY", "")
    path = Path(name) if name.startswith("/") else Path(environ.get("XDG_RUNTIME_DIR", "")) / name
    return bool(name) and path.exists()


def display_problem(
    environ: Mapping[str, str] = os.environ,
    platform: str = sys.platform,
    x_server_answers: Callable[[str], bool] = _x_server_answers,
    has_library: Callable[[str], bool] = has_library_named,
) -> str | None:
    """One line saying why no window can open, or None when one can (as far as we can tell)."""
    if not platform.startswith("linux"):
        return None  # Windows and macOS always have a screen in a desktop session
    chosen = environ.get("QT_QPA_PLATFORM", "").split(":")[0].split(";")[0]
    if chosen in HEADLESS:
        return None
    if chosen in ("", "wayland") and _wayland_socket(environ):
        return None
    display = environ.get("DISPLAY", "")
    if not display:
        return f"no display found (DISPLAY and WAYLAND_DISPLAY are not set): {HOW}"
    if not x_server_answers(display):
        return f"cannot connect to the display {display!r}: {HOW}"
    if not has_library("libxcb-cursor.so.0"):
        return (
            "the system library libxcb-cursor0 that Qt needs is missing: "
            "install it (scripts/bootstrap does)"
        )
    return None
