"""What asking the desktop costs the tray: idle time and the reasons not to interrupt.

Four Supples in the tray run side by side for the same minutes on the real clock, each the
real window, reminder driver and history in a process of its own, with reminders on all day:

- `off`: the checks off (a desktop that tells nothing: the plain count);
- `on`: the checks that answer here, the user at the machine (the pointer moved every 20 s),
  the next reminder not due within the run: idle time asked once a minute;
- `held`: the same, with a reminder due at once and held the whole run by the microphone in
  use (a recording client on a private PulseAudio's null source): every check asked each
  HELD_POLL; the microphone settles it, so the checks after it (gsettings) are not run;
- `held-dnd`: a reminder due at once and held by GNOME's do-not-disturb (banners off), the
  last check asked: every check runs each HELD_POLL, the most the reminders ever ask. It has
  a PulseAudio of its own with no one recording, so that `pactl` answers and does not hold.

The desktop's D-Bus services are the fakes of tests/fake_desktop.py and tests/fake_services.py
(GNOME's idle monitor and session manager, the notification service, logind, KDE's policy
agent) on a private bus, given to every child as its session and system bus, so the D-Bus
checks are asked as on a desktop; GSettings are in a key file of the run's own. Each child's
CPU time (its own and its commands', such as `pactl`) is read over the run; the cost is a
child's CPU less the `off` child's, as a share of one core. Run it under Xvfb (the X server
and, with openbox, the full-screen check), with PulseAudio, dbus-daemon and gsettings
installed; what is missing is said in the notes.

Run: xvfb-run -a python -m benchmarks.reminder_checks [--minutes 10]
Prints JSON. Budget: `on`, `held` and `held-dnd` under 0.05% of a core above `off`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BUDGET_PERCENT = 0.05
POINTER_EVERY_S = 20.0
CHILD = [sys.executable, "-m", "benchmarks.reminder_checks", "--child"]
KINDS = ("off", "on", "held", "held-dnd")
FAKE_SERVICES = ["mutter", "gnome-session", "notifications", "logind"]
BANNERS = ["org.gnome.desktop.notifications", "show-banners"]


# -- a child: one Supple in the tray ------------------------------------------------------------


def child(kind: str, seconds: float) -> None:
    from PySide6.QtCore import QTimer  # noqa: PLC0415

    from desktop_app.app import build_reminders, build_window  # noqa: PLC0415
    from desktop_app.core.clock import MonotonicClock  # noqa: PLC0415
    from desktop_app.core.reminders import Reason, ReminderRules  # noqa: PLC0415
    from desktop_app.paths import AppPaths  # noqa: PLC0415
    from desktop_app.services.desktop_state import DesktopState  # noqa: PLC0415
    from desktop_app.services.settings import Settings, save_settings  # noqa: PLC0415
    from desktop_app.ui.reminders.driver import PlainDesktop  # noqa: PLC0415
    from desktop_app.ui.reminders.reminder_window import ReminderWindow  # noqa: PLC0415
    from desktop_app.ui.shell.application import make_application  # noqa: PLC0415

    class Counted:
        """The real desktop, counting what it is asked."""

        def __init__(self, real: DesktopState | PlainDesktop) -> None:
            self.real = real
            self.idle_asked = self.reasons_asked = 0
            self.idle_time_from = real.idle_time_from

        def idle_seconds(self) -> float | None:
            self.idle_asked += 1
            return self.real.idle_seconds()

        def reasons(self, wanted: frozenset[Reason]) -> frozenset[Reason]:
            self.reasons_asked += 1
            return self.real.reasons(wanted)

        def close(self) -> None:
            self.real.close()

    class Moved(MonotonicClock):
        """The real clock, put forward so that a reminder is due a second after start."""

        shift = 0.0

        def now(self) -> float:
            return super().now() + self.shift

    app = make_application()
    with tempfile.TemporaryDirectory() as folder:
        paths = AppPaths.under(Path(folder))
        paths.ensure()
        rules = ReminderRules(hours_only=False, weekends=True)
        save_settings(paths.settings_file, Settings(reminders=rules))
        clock = Moved()
        window = build_window(paths, clock)
        window.open()
        assert window.host.history is not None
        window.host.history.open()
        desktop = Counted(PlainDesktop() if kind == "off" else DesktopState.find(clock=clock))
        link = build_reminders(window, ReminderWindow, lambda: desktop, lambda: None)
        link.start()
        if kind.startswith("held"):
            # Sitting time a minute at a time: one jump of the interval would be a sleep, and
            # a sleep as long as the break length is a break (the count would start again).
            while clock.shift < rules.interval - 1.0:
                clock.shift = min(clock.shift + 60.0, rules.interval - 1.0)
                link.driver.tick()
        start = _cpu()
        started = time.monotonic()
        QTimer.singleShot(int(seconds * 1000), app.quit)
        app.exec()
        used = _cpu()
        status = link.driver.status()
        result = {
            "kind": kind,
            "seconds": round(time.monotonic() - started, 1),
            "cpu_self_s": round(used[0] - start[0], 4),
            "cpu_commands_s": round(used[1] - start[1], 4),
            "idle_asked": desktop.idle_asked,
            "reasons_asked": desktop.reasons_asked,
            "idle_time_from": desktop.idle_time_from,
            "checks": [c.name for c in getattr(desktop.real, "checks", [])],
            "mode_at_end": status.mode.value,
            "reason_at_end": status.reason.value if status.reason else None,
        }
        link.stop()
        window.host.history.close()
    print(json.dumps(result))


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    commands = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, commands.ru_utime + commands.ru_stime


# -- the parent: the three side by side -----------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    parser.add_argument("--seconds", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.seconds)
        return
    seconds = args.minutes * 60
    helpers: list[subprocess.Popen[bytes]] = []
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "GSETTINGS_BACKEND": "keyfile"}
    notes: list[str] = []
    children: dict[str, subprocess.Popen[str]] = {}
    with contextlib.ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        environment["XDG_CONFIG_HOME"] = str(folder / "config")
        bus = _fake_desktop(stack, folder, notes)
        if bus is not None:
            environment["DBUS_SESSION_BUS_ADDRESS"] = bus
            environment["DBUS_SYSTEM_BUS_ADDRESS"] = bus
        dnd = {**environment, "XDG_CONFIG_HOME": str(folder / "config-dnd")}
        if shutil.which("gsettings") is None:
            notes.append("no gsettings: nothing holds held-dnd")
        else:
            subprocess.run(["gsettings", "set", *BANNERS, "false"], env=dnd, check=False)
        try:
            results = _run_children(seconds, environment, dnd, helpers, children, notes)
        finally:
            for process in children.values():
                if process.poll() is None:  # one that did not end in time
                    process.kill()
                    process.wait(timeout=10)
            for helper in helpers:
                helper.terminate()
                helper.wait(timeout=10)
    print(json.dumps(_report(results, notes), indent=2))


def _fake_desktop(stack: contextlib.ExitStack, folder: Path, notes: list[str]) -> str | None:
    """The address of a private bus with the fake desktop services on it, stopped with
    `stack`; None where dbus-daemon is missing."""
    from tests.dbus_bus import private_bus  # noqa: PLC0415
    from tests.fake_desktop import FakeDesktop  # noqa: PLC0415
    from tests.fake_services import FakeService  # noqa: PLC0415

    if shutil.which("dbus-daemon") is None:
        notes.append("no dbus-daemon: the D-Bus checks are not asked")
        return None
    address = stack.enter_context(private_bus(folder))
    desktop = FakeDesktop(address, FAKE_SERVICES)
    stack.callback(desktop.stop)
    agent = FakeService(address, "policy-agent")
    stack.callback(agent.stop)
    return address


def _run_children(
    seconds: float,
    environment: dict[str, str],
    dnd: dict[str, str],
    helpers: list[subprocess.Popen[bytes]],
    children: dict[str, subprocess.Popen[str]],
    notes: list[str],
) -> dict[str, dict[str, Any]]:
    from tests import sound  # noqa: PLC0415

    pulses = []
    try:
        if os.environ.get("DISPLAY") and shutil.which("openbox"):
            helpers.append(_quiet(["openbox", "--sm-disable"]))
            _wait_for_window_manager()
        else:
            notes.append("no openbox on an X display: the full-screen check is not asked")
        if sound.missing_programs() or not shutil.which("parecord"):
            notes.append("no PulseAudio: the microphone cannot hold a reminder here")
        else:
            pulse = sound.NullSinkServer(small_blocks=False)
            pulse.start()
            pulses.append(pulse)
            environment.update(pulse.environment)
            quiet = sound.NullSinkServer(small_blocks=False)  # held-dnd's: no one records
            quiet.start()
            pulses.append(quiet)
            dnd.update(quiet.environment)
            subprocess.run(
                ["pactl", "load-module", "module-null-source", "source_name=microphone"],
                env=environment,
                check=True,
                capture_output=True,
            )
            helpers.append(
                _quiet(["parecord", "--device=microphone", "--raw", "/dev/null"], environment)
            )
        for kind in KINDS:
            children[kind] = subprocess.Popen(
                [*CHILD, kind, "--seconds", str(seconds)],
                env=dnd if kind == "held-dnd" else environment,
                stdout=subprocess.PIPE,
                text=True,
            )
        end = time.monotonic() + seconds + 5
        while time.monotonic() < end and any(c.poll() is None for c in children.values()):
            _move_pointer()
            time.sleep(POINTER_EVERY_S)  # a user at the machine, between two moves
        return {kind: json.loads(c.communicate(timeout=120)[0]) for kind, c in children.items()}
    finally:
        for server in pulses:
            server.stop()


def _report(results: dict[str, dict[str, Any]], notes: list[str]) -> dict[str, Any]:
    def total(kind: str) -> float:
        return float(results[kind]["cpu_self_s"]) + float(results[kind]["cpu_commands_s"])

    wall = float(results["off"]["seconds"])
    cost = {kind: round((total(kind) - total("off")) / wall * 100, 4) for kind in KINDS[1:]}
    return {
        "children": results,
        "cost_percent_of_a_core": cost,
        "budget_percent": BUDGET_PERCENT,
        "within_budget": all(value <= BUDGET_PERCENT for value in cost.values()),
        "notes": notes,
    }


def _quiet(argv: list[str], environment: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        argv,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_for_window_manager() -> None:
    """Until openbox has said it manages the screen: the full-screen check is kept only
    where a window manager answers."""
    for _ in range(200):
        said = subprocess.run(
            ["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"],
            capture_output=True,
            text=True,
            check=False,
        )
        if "window id" in said.stdout:
            return
        time.sleep(0.05)


def _move_pointer() -> None:
    if os.environ.get("DISPLAY") and shutil.which("xdotool"):
        subprocess.run(["xdotool", "mousemove_relative", "--", "1", "-1"], check=False)


if __name__ == "__main__":
    main()
