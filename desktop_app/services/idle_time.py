"""How long the user has been away from the keyboard and pointer, from whichever of the
desktop's own interfaces answers here: GNOME's (Mutter's IdleMonitor, on X11 and Wayland),
KDE's (org.freedesktop.ScreenSaver), or the X server's XScreenSaver extension. Another
Wayland desktop has only the ext-idle-notify protocol, which needs a Wayland client library
(a compiled dependency): there the reminders keep the plain count and say so.
"""

from __future__ import annotations

import logging
from typing import Protocol

from jeepney import DBusAddress

from desktop_app.services.dbus_calls import Bus, CallFailed
from desktop_app.services.x11 import X11Display, X11Error

log = logging.getLogger(__name__)

MUTTER = DBusAddress(
    "/org/gnome/Mutter/IdleMonitor/Core",
    bus_name="org.gnome.Mutter.IdleMonitor",
    interface="org.gnome.Mutter.IdleMonitor",
)
SCREEN_SAVER = DBusAddress(
    "/org/freedesktop/ScreenSaver",
    bus_name="org.freedesktop.ScreenSaver",
    interface="org.freedesktop.ScreenSaver",
)


class IdleUnknown(Exception):
    """The source cannot tell now; the message says why."""


class IdleSource(Protocol):
    name: str  # where idle time comes from, in words for the settings page

    def idle_seconds(self) -> float:
        """Seconds since the last input; raises IdleUnknown."""
        ...


class MutterIdle:
    name = "GNOME (Mutter's idle monitor)"

    def __init__(self, bus: Bus) -> None:
        self._bus = bus

    def idle_seconds(self) -> float:
        try:
            [milliseconds] = self._bus.call(MUTTER, "GetIdletime")
        except CallFailed as exc:
            raise IdleUnknown(str(exc)) from None
        return int(milliseconds) / 1000.0


class ScreenSaverIdle:
    """KDE's screen saver service. Its GetSessionIdleTime gives milliseconds (KIdleTime's
    unit), though the old freedesktop.org draft said seconds; GNOME's has the method but
    answers NotSupported, and so is never chosen."""

    name = "KDE (the screen saver service)"

    def __init__(self, bus: Bus) -> None:
        self._bus = bus

    def idle_seconds(self) -> float:
        try:
            [milliseconds] = self._bus.call(SCREEN_SAVER, "GetSessionIdleTime")
        except CallFailed as exc:
            raise IdleUnknown(str(exc)) from None
        return int(milliseconds) / 1000.0


class X11Idle:
    name = "the X server (XScreenSaver)"

    def __init__(self, display: X11Display) -> None:
        self._display = display

    def idle_seconds(self) -> float:
        try:
            return self._display.idle_seconds()
        except X11Error as exc:
            raise IdleUnknown(str(exc)) from None


def find_idle_source(bus: Bus | None, display: X11Display | None) -> IdleSource | None:
    """The first source that answers, the desktop's own before the X server's (under
    XWayland the X server sees only X clients' input); None where none does."""
    candidates: list[IdleSource] = []
    if bus is not None:
        candidates += [MutterIdle(bus), ScreenSaverIdle(bus)]
    if display is not None:
        candidates.append(X11Idle(display))
    for source in candidates:
        try:
            source.idle_seconds()
        except IdleUnknown as exc:
            log.debug("reminders: no idle time from %s (%s)", source.name, exc)
            continue
        log.info("reminders: idle time from %s", source.name)
        return source
    log.info("reminders: no idle time here; the plain count")
    return None
