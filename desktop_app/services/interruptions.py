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
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from jeepney import DBusAddress

from desktop_app.core.clock import MonotonicClock
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
KDE_POLICY_AGENT = DBusAddress(
    "/org/kde/Solid/PowerManagement/PolicyAgent",
    bus_name="org.kde.Solid.PowerManagement.PolicyAgent",
    interface="org.kde.Solid.PowerManagement.PolicyAgent",
)
LOGIND = DBusAddress(
    "/org/freedesktop/login1",
    bus_name="org.freedesktop.login1",
    interface="org.freedesktop.login1.Manager",
)
INHIBIT_IDLE = 8  # GNOME's flag for "inhibit the session being marked as idle"
KDE_SCREEN_SETTINGS = 4  # PowerDevil's ChangeScreenSettings: the screen is kept on
COMMAND_S = 2.0  # a command that takes longer is taken as not answering
SOURCES_KEPT_S = 300.0  # the sound server's sources are listed again at least this often


class CheckFailed(Exception):
    """The check cannot tell now; the message says why. `timed_out`: it did not answer in
    time."""

    def __init__(self, why: str, *, timed_out: bool = False) -> None:
        super().__init__(why)
        self.timed_out = timed_out


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
            return bool(self._bus.property(NOTIFICATIONS, "Inhibited", "b"))
        except CallFailed as exc:
            raise CheckFailed(str(exc), timed_out=exc.timed_out) from None


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
            [inhibited] = self._bus.call(GNOME_SESSION, "IsInhibited", "b", "u", (INHIBIT_IDLE,))
        except CallFailed as exc:
            raise CheckFailed(str(exc), timed_out=exc.timed_out) from None
        return bool(inhibited)


class KdePolicyAgentInhibited:
    """Inhibitors held through KDE: Plasma hands org.freedesktop.ScreenSaver.Inhibit (what
    browsers and players ask for) to PowerDevil's policy agent, which keeps the screen on
    for them (its ChangeScreenSettings policy). Written from PowerDevil's interface and
    tried against a fake of it (tests/fake_services.py), not yet on a real Plasma."""

    reason = Reason.INHIBITOR
    name = "KDE's power management policy agent"

    def __init__(self, bus: Bus) -> None:
        self._bus = bus

    def holds(self) -> bool:
        try:
            [inhibited] = self._bus.call(
                KDE_POLICY_AGENT, "HasInhibition", "b", "u", (KDE_SCREEN_SETTINGS,)
            )
        except CallFailed as exc:
            raise CheckFailed(str(exc), timed_out=exc.timed_out) from None
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
            [inhibitors] = self._bus.call(LOGIND, "ListInhibitors", "a(ssssuu)")
        except CallFailed as exc:
            raise CheckFailed(str(exc), timed_out=exc.timed_out) from None
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

    def __init__(self, program: str, now: Callable[[], float] | None = None) -> None:
        """`now`: the clock's seconds, for how old the list of sources is (else the real
        clock's)."""
        self._program = program
        self._now = now or MonotonicClock().now
        # The sources seen, by index: listed again when a stream records from one not seen
        # before, and every SOURCES_KEPT_S (a restarted server gives old indexes to other
        # sources, and the stream may be one of those).
        self._monitors: dict[str, bool] = {}
        self._listed_at: float | None = None

    def holds(self) -> bool:
        streams = _run([self._program, "list", "short", "source-outputs"])
        recording = {line.split("\t")[1] for line in streams.splitlines() if "\t" in line}
        now = self._now()
        if (
            recording - self._monitors.keys()
            or self._listed_at is None
            or now - self._listed_at >= SOURCES_KEPT_S
        ):
            self._monitors = self._list_sources()
            self._listed_at = now
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
                with os.scandir(f"{process.path}/fd") as entries:
                    fds = list(entries)
            except OSError:  # another user's, or gone: not ours to see
                continue
            for fd in fds:
                try:
                    if os.readlink(fd.path).startswith(self._devices):
                        return True
                except OSError:  # closed since the listing: the others still count
                    continue
        return False


def find_checks(
    session: Bus | None,
    system: Bus | None,
    display: X11Display | None,
    now: Callable[[], float] | None = None,
) -> list[Check]:
    """The checks that answer here, the cheapest first: an X round trip, D-Bus calls, a walk
    over /proc, then the commands (a few milliseconds each). `now`: the clock's seconds."""
    candidates: list[Check] = []
    if display is not None:
        candidates.append(FullScreenWindow(display))
    if system is not None:
        candidates.append(LogindIdleInhibitor(system))
    if session is not None:
        candidates += [
            GnomeSessionInhibited(session),
            KdePolicyAgentInhibited(session),
            NotificationsInhibited(session),
        ]
    if Path("/proc/self/fd").is_dir():
        candidates.append(CameraInUse())
    if pactl := shutil.which("pactl"):
        candidates.append(MicrophoneInUse(pactl, now))
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
    except subprocess.TimeoutExpired:
        raise CheckFailed(f"{argv[0]}: no answer in {COMMAND_S} s", timed_out=True) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CheckFailed(f"{argv[0]}: {exc}") from None
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
        raise CheckFailed(f"{Path(argv[0]).name}: {last}")
    return done.stdout
