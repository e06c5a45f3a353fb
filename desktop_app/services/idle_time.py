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
    """The source cannot tell now; the message says why. `timed_out`: it did not answer in
    time."""

    def __init__(self, why: str, *, timed_out: bool = False) -> None:
        super().__init__(why)
        self.timed_out = timed_out


class IdleSource(Protocol):
    name: str  # where idle time comes from, in words for the settings page

    def idle_seconds(self) -> float:
        """Seconds since the last input; raises IdleUnknown."""
        ...


class _BusIdle:
    """A desktop service that tells idle time in milliseconds through one D-Bus method."""

    name: str
    address: DBusAddress
    method: str
    returns: str  # the reply's signature

    def __init__(self, bus: Bus) -> None:
        self._bus = bus

    def idle_seconds(self) -> float:
        try:
            [milliseconds] = self._bus.call(self.address, self.method, self.returns)
        except CallFailed as exc:
            raise IdleUnknown(str(exc), timed_out=exc.timed_out) from None
        return int(milliseconds) / 1000.0


class MutterIdle(_BusIdle):
    name = "GNOME (Mutter's idle monitor)"
    address, method, returns = MUTTER, "GetIdletime", "t"


class ScreenSaverIdle(_BusIdle):
    """KDE's screen saver service. Its GetSessionIdleTime gives milliseconds (KIdleTime's
    unit), though the old freedesktop.org draft said seconds, as mate-screensaver (and
    likely xfce4-screensaver) still declare: so it is asked only on KDE (find_idle_source).
    GNOME's has the method but answers NotSupported, as KDE's does on Wayland."""

    name = "KDE (the screen saver service)"
    address, method, returns = SCREEN_SAVER, "GetSessionIdleTime", "u"


class X11Idle:
    name = "the X server (XScreenSaver)"

    def __init__(self, display: X11Display) -> None:
        self._display = display

    def idle_seconds(self) -> float:
        try:
            return self._display.idle_seconds()
        except X11Error as exc:
            raise IdleUnknown(str(exc)) from None


def find_idle_source(
    bus: Bus | None, display: X11Display | None, screen_saver: bool = True
) -> IdleSource | None:
    """The first source that answers, the desktop's own before the X server's (under
    XWayland the X server sees only X clients' input, which is why DesktopState opens no X
    connection on Wayland); None where none does. `screen_saver`: ask the screen saver
    service too (DesktopState.find does only on KDE, the one whose service speaks
    milliseconds)."""
    candidates: list[IdleSource] = []
    if bus is not None:
        candidates.append(MutterIdle(bus))
        if screen_saver:
            candidates.append(ScreenSaverIdle(bus))
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
