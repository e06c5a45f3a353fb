"""Reasons not to interrupt the user now, each asked of the desktop by a small check: the
desktop's do-not-disturb, a full-screen window, an idle inhibitor (what video calls and players
hold), the microphone or the camera in use. A check is kept only where it answers at start;
asking costs a D-Bus call, an X round trip, a `pactl` run or a walk over /proc, so the
scheduler asks only when a reminder is due.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from pathlib import Path
from typing import Protocol

from jeepney import DBusAddress

from desktop_app.core.reminders import Reason
from desktop_app.services.dbus_calls import Bus, CallFailed
from desktop_app.services.x11 import X11Display, X11Error

log = logging.getLogger(__name__)

NOTIFICATIONS = DBusAddress(
    "/org/freedesktop/Notifications",
    bus_name="org.freedesktop.Notifications",
    interface="org.freedesktop.Notifications",
)
GNOME_SESSION = DBusAddress(
    "/org/gnome/SessionManager",
    bus_name="org.gnome.SessionManager",
    interface="org.gnome.SessionManager",
)
LOGIND = DBusAddress(
    "/org/freedesktop/login1",
    bus_name="org.freedesktop.login1",
    interface="org.freedesktop.login1.Manager",
)
INHIBIT_IDLE = 8  # GNOME's flag for "inhibit the session being marked as idle"
COMMAND_S = 2.0  # a command that takes longer is taken as not answering


class CheckFailed(Exception):
    """The check cannot tell now; the message says why."""


class Check(Protocol):
    reason: Reason
    name: str  # what it asks, in words for the log

    def holds(self) -> bool:
        """Raises CheckFailed."""
        ...


class NotificationsInhibited:
    """KDE's do-not-disturb: its notification service's Inhibited property."""

    reason = Reason.DO_NOT_DISTURB
    name = "the notification service's Inhibited property"

    def __init__(self, bus: Bus) -> None:
        self._bus = bus

    def holds(self) -> bool:
        try:
            return bool(self._bus.property(NOTIFICATIONS, "Inhibited"))
        except CallFailed as exc:
            raise CheckFailed(str(exc)) from None


class GnomeBannersOff:
    """GNOME's do-not-disturb is its notification banners turned off (a GSettings key)."""

    reason = Reason.DO_NOT_DISTURB
    name = "GNOME's show-banners setting"

    def __init__(self, program: str) -> None:
        self._program = program

    def holds(self) -> bool:
        answer = _run([self._program, "get", "org.gnome.desktop.notifications", "show-banners"])
        if answer.strip() not in ("true", "false"):
            raise CheckFailed(f"gsettings said {answer.strip()!r}")
        return answer.strip() == "false"


class FullScreenWindow:
    reason = Reason.FULL_SCREEN
    name = "the active window's _NET_WM_STATE"

    def __init__(self, display: X11Display) -> None:
        self._display = display

    def holds(self) -> bool:
        try:
            return self._display.active_window_full_screen()
        except X11Error as exc:
            raise CheckFailed(str(exc)) from None


class GnomeSessionInhibited:
    """Inhibitors held through the desktop (GNOME's session manager, where browsers and
    players on GNOME ask it to keep the session from going idle)."""

    reason = Reason.INHIBITOR
    name = "GNOME's session manager"

    def __init__(self, bus: Bus) -> None:
        self._bus = bus

    def holds(self) -> bool:
        try:
            [inhibited] = self._bus.call(GNOME_SESSION, "IsInhibited", "u", (INHIBIT_IDLE,))
        except CallFailed as exc:
            raise CheckFailed(str(exc)) from None
        return bool(inhibited)


class LogindIdleInhibitor:
    """Inhibitors of idle held through logind (on the system bus) by one of this user's
    programs, that block rather than delay."""

    reason = Reason.INHIBITOR
    name = "logind's inhibitors"

    def __init__(self, bus: Bus, uid: int | None = None) -> None:
        self._bus = bus
        self._uid = os.getuid() if uid is None else uid

    def holds(self) -> bool:
        try:
            [inhibitors] = self._bus.call(LOGIND, "ListInhibitors")
        except CallFailed as exc:
            raise CheckFailed(str(exc)) from None
        return any(
            "idle" in what.split(":") and mode == "block" and uid == self._uid
            for what, _who, _why, mode, uid, _pid in inhibitors
        )


class MicrophoneInUse:
    """A program records from a source of the sound server (PulseAudio, or PipeWire's
    pulse service) that is not a monitor of an output: a microphone, not a screen recorder
    or a level meter."""

    reason = Reason.MICROPHONE
    name = "the sound server's recording streams"

    def __init__(self, program: str) -> None:
        self._program = program
        # The sources seen, by index: listed again only when a stream records from one not
        # seen before (a source's index is never given to another while the server runs).
        self._monitors: dict[str, bool] = {}

    def holds(self) -> bool:
        streams = _run([self._program, "list", "short", "source-outputs"])
        recording = {line.split("\t")[1] for line in streams.splitlines() if "\t" in line}
        if recording - self._monitors.keys():  # a source not seen before: list them again
            self._monitors = self._list_sources()
        return any(not self._monitors.get(source, True) for source in recording)

    def _list_sources(self) -> dict[str, bool]:
        """Each source's index, and whether it is a monitor of an output."""
        sources = {}
        for line in _run([self._program, "list", "short", "sources"]).splitlines():
            fields = line.split("\t")
            if len(fields) > 1:
                sources[fields[0]] = fields[1].endswith(".monitor")
        return sources


class CameraInUse:
    """A process holds a video device open (/dev/video*): a camera in use. Only this user's
    processes can be read, which is what matters: a call is the user's own."""

    reason = Reason.CAMERA
    name = "the processes holding /dev/video*"

    def __init__(self, devices: str = "/dev/video", proc: Path = Path("/proc")) -> None:
        """`devices`: how the devices' paths begin."""
        self._devices = devices
        self._proc = proc
        self._own = str(os.getpid())

    def holds(self) -> bool:
        try:
            with os.scandir(self._proc) as entries:
                processes = list(entries)
        except OSError as exc:
            raise CheckFailed(f"cannot read {self._proc} ({exc.strerror})") from None
        for process in processes:
            if not process.name.isdigit() or process.name == self._own:
                continue
            try:
                with os.scandir(f"{process.path}/fd") as fds:
                    if any(os.readlink(fd.path).startswith(self._devices) for fd in fds):
                        return True
            except OSError:  # another user's, or gone: not ours to see
                continue
        return False


def find_checks(session: Bus | None, system: Bus | None, display: X11Display | None) -> list[Check]:
    """The checks that answer here, the cheapest first: an X round trip, D-Bus calls, a walk
    over /proc, then the commands (a few milliseconds each)."""
    candidates: list[Check] = []
    if display is not None:
        candidates.append(FullScreenWindow(display))
    if system is not None:
        candidates.append(LogindIdleInhibitor(system))
    if session is not None:
        candidates += [GnomeSessionInhibited(session), NotificationsInhibited(session)]
    if Path("/proc/self/fd").is_dir():
        candidates.append(CameraInUse())
    if pactl := shutil.which("pactl"):
        candidates.append(MicrophoneInUse(pactl))
    if gsettings := shutil.which("gsettings"):
        candidates.append(GnomeBannersOff(gsettings))
    found = []
    for check in candidates:
        try:
            check.holds()
        except CheckFailed as exc:
            log.debug("reminders: %s does not answer (%s)", check.name, exc)
            continue
        log.info("reminders: asking %s before a reminder", check.name)
        found.append(check)
    return found


def _run(argv: list[str]) -> str:
    try:
        done = subprocess.run(  # its exit status is looked at below
            argv,
            check=False,
            capture_output=True,
            text=True,
            timeout=COMMAND_S,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise CheckFailed(f"{argv[0]}: {exc}") from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        raise CheckFailed(f"{Path(argv[0]).name}: {last}")
    return done.stdout
