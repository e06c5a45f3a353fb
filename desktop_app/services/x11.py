"""The X server, asked through the system's own libX11 and libXss with ctypes: how long the
user has been idle (the XScreenSaver extension) and whether the active window is full screen
(the window manager's _NET_ACTIVE_WINDOW and _NET_WM_STATE). No compiled module of our own.

A connection of its own, apart from Qt's (Qt speaks xcb): each question is one or two round
trips, a few tens of microseconds. An X error (a window closed between two questions) is
recorded by our handler instead of Xlib's default one, which would end the process.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from typing import Any


class X11Error(Exception):
    """No X server here, or it cannot answer the question; the message says why."""


class _ScreenSaverInfo(ctypes.Structure):
    _fields_ = (
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),  # milliseconds since the last input
        ("event_mask", ctypes.c_ulong),
    )


_ERROR_HANDLER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)
_errors = threading.local()


def _count_error(display: Any, event: Any) -> int:
    _errors.count = getattr(_errors, "count", 0) + 1
    return 0


_record_error = _ERROR_HANDLER(_count_error)  # kept alive for as long as Xlib may call it


_libraries: dict[str, ctypes.CDLL] = {}


def _library(name: str, soname: str) -> ctypes.CDLL:
    if name not in _libraries:
        path = ctypes.util.find_library(name) or soname
        try:
            _libraries[name] = ctypes.CDLL(path)
        except OSError as exc:
            raise X11Error(f"lib{name} is not installed ({exc})") from None
        if name == "X11":
            _declare_x11(_libraries[name])
    return _libraries[name]


def _declare_x11(x: ctypes.CDLL) -> None:
    x.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x.XOpenDisplay.restype = ctypes.c_void_p
    x.XCloseDisplay.argtypes = [ctypes.c_void_p]
    x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    x.XDefaultRootWindow.restype = ctypes.c_ulong
    x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x.XInternAtom.restype = ctypes.c_ulong
    x.XGetWindowProperty.argtypes = [
        ctypes.c_void_p,  # display
        ctypes.c_ulong,  # window
        ctypes.c_ulong,  # property
        ctypes.c_long,  # offset
        ctypes.c_long,  # length, in 32-bit units
        ctypes.c_int,  # delete
        ctypes.c_ulong,  # type wanted
        ctypes.POINTER(ctypes.c_ulong),  # type got
        ctypes.POINTER(ctypes.c_int),  # format got
        ctypes.POINTER(ctypes.c_ulong),  # items
        ctypes.POINTER(ctypes.c_ulong),  # bytes after
        ctypes.POINTER(ctypes.c_void_p),  # the data
    ]
    x.XGetWindowProperty.restype = ctypes.c_int
    x.XFree.argtypes = [ctypes.c_void_p]
    x.XSetErrorHandler.argtypes = [_ERROR_HANDLER]
    x.XSetErrorHandler.restype = ctypes.c_void_p
    x.XSetErrorHandler(_record_error)


class X11Display:
    """One connection to the X server named `name` (else $DISPLAY); raises X11Error."""

    def __init__(self, name: str | None = None) -> None:
        self._x = _library("X11", "libX11.so.6")
        self._display = self._x.XOpenDisplay(name.encode() if name else None)
        if not self._display:
            raise X11Error(f"cannot open the X display {name or '$DISPLAY'}")
        self._root = self._x.XDefaultRootWindow(self._display)
        self._xss: ctypes.CDLL | None = None
        self._info = _ScreenSaverInfo()
        self._atoms: dict[str, int] = {}

    def close(self) -> None:
        if self._display:
            self._x.XCloseDisplay(self._display)
            self._display = None

    # -- idle --------------------------------------------------------------------------------

    def idle_seconds(self) -> float:
        """Seconds since the last key press or pointer movement, by the XScreenSaver
        extension; raises X11Error where the server lacks it."""
        if self._xss is None:
            xss = _library("Xss", "libXss.so.1")
            xss.XScreenSaverQueryExtension.argtypes = [
                ctypes.c_void_p,
                ctypes.POINTER(ctypes.c_int),
                ctypes.POINTER(ctypes.c_int),
            ]
            xss.XScreenSaverQueryInfo.argtypes = [
                ctypes.c_void_p,
                ctypes.c_ulong,
                ctypes.POINTER(_ScreenSaverInfo),
            ]
            event, error = ctypes.c_int(), ctypes.c_int()
            if not xss.XScreenSaverQueryExtension(self._display, event, error):
                raise X11Error("the X server has no XScreenSaver extension")
            self._xss = xss
        if not self._xss.XScreenSaverQueryInfo(self._display, self._root, self._info):
            raise X11Error("the X server did not say how long it has been idle")
        return float(self._info.idle) / 1000.0

    # -- windows -----------------------------------------------------------------------------

    def active_window_full_screen(self) -> bool:
        """Whether the window the window manager calls active is full screen; False with no
        active window. Raises X11Error where no EWMH window manager runs."""
        active = self._property(self._root, "_NET_ACTIVE_WINDOW", "WINDOW")
        if active is None:  # none yet (a window manager sets it at the first focus), or no WM
            if not self._property(self._root, "_NET_SUPPORTING_WM_CHECK", "WINDOW"):
                raise X11Error("no window manager says which window is active")
            return False
        if not active or not active[0]:
            return False
        state = self._property(active[0], "_NET_WM_STATE", "ATOM") or []
        return self._atom("_NET_WM_STATE_FULLSCREEN") in state

    def _atom(self, name: str) -> int:
        if name not in self._atoms:
            self._atoms[name] = self._x.XInternAtom(self._display, name.encode(), 0)
        return self._atoms[name]

    def _property(self, window: int, name: str, kind: str) -> list[int] | None:
        """A property of 32-bit items (Xlib hands them over as longs); None when the window
        has no such property or no longer exists."""
        got_type, got_format = ctypes.c_ulong(), ctypes.c_int()
        items, after, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
        _errors.count = 0
        status = self._x.XGetWindowProperty(
            self._display,
            window,
            self._atom(name),
            0,
            64,  # more than any window has states
            0,
            self._atom(kind),
            got_type,
            got_format,
            items,
            after,
            data,
        )
        try:
            if status != 0 or _errors.count or got_format.value != 32 or not data.value:
                return None
            values = ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))
            return [values[n] for n in range(items.value)]
        finally:
            if data.value:
                self._x.XFree(data)
