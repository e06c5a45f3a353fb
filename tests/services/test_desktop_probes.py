"""The reminders' probes against real parts: idle time and the full-screen window from a real X
server (Xvfb, openbox, xdotool moving the pointer, another program's Qt window); GNOME's, KDE's
and logind's services faked on a private bus with their real names and signatures
(tests/fake_desktop.py); the microphone through a private PulseAudio server with a recording
client; the camera as a process holding a device file open, read from the real /proc.

For each reason, `waits_then_comes` runs the scheduler on the fake clock with the real check
as its only source: the due reminder waits while the reason holds, says why, and comes once,
as delayed by it, when the reason ends.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from desktop_app.core.clock import FakeClock
from desktop_app.core.reminders import (
    Change,
    Mode,
    Reason,
    ReminderRules,
    ReminderScheduler,
)
from desktop_app.services.dbus_calls import Bus
from desktop_app.services.desktop_state import DesktopState
from desktop_app.services.idle_time import (
    MutterIdle,
    ScreenSaverIdle,
    X11Idle,
    find_idle_source,
)
from desktop_app.services.interruptions import (
    CameraInUse,
    Check,
    FullScreenWindow,
    GnomeBannersOff,
    GnomeSessionInhibited,
    LogindIdleInhibitor,
    MicrophoneInUse,
    NotificationsInhibited,
    find_checks,
)
from desktop_app.services.x11 import X11Display, X11Error
from tests import sound
from tests.dbus_bus import private_bus, read_line
from tests.fake_desktop import FakeDesktop
from tests.services.polling import wait_until
from tests.x11 import qt_window, window_manager, xdotool, xvfb

MINUTE = 60.0
pytestmark = pytest.mark.slow


def waits_then_comes(check: Check, begin: Callable[[], object], end: Callable[[], object]):
    """The scheduler, due at 9:35 on the fake clock and ticked every minute until then, asks
    the real `check`: it waits while `begin` has made the reason hold and comes once `end` has
    ended it."""
    clock = FakeClock()
    desktop = DesktopState(None, [check])
    scheduler = ReminderScheduler(clock, ReminderRules(interval_minutes=35))
    for _ in range(34):
        clock.advance(MINUTE)
        assert scheduler.tick(0.0, desktop.reasons) is None
    clock.advance(MINUTE)
    begin()
    for _ in range(3):
        assert scheduler.tick(0.0, desktop.reasons) is None
        clock.advance(10)
    status = scheduler.status()
    assert (status.mode, status.reason) == (Mode.HELD, check.reason)
    end()
    assert scheduler.tick(0.0, desktop.reasons) is Change.OFFERED
    assert scheduler.delayed_by is check.reason
    assert scheduler.tick(0.0, desktop.reasons) is None  # once


# -- X11 -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    with xvfb() as name:
        yield name


@pytest.fixture
def x11(display: str) -> Iterator[X11Display]:
    connection = X11Display(display)
    yield connection
    connection.close()


def test_x11_idle_grows_and_a_pointer_move_resets_it(display, x11):
    source = X11Idle(x11)
    xdotool(display, "mousemove", "10", "10")
    wait_until(lambda: source.idle_seconds() >= 0.3, "the X server to count idle time")
    started = time.monotonic()
    xdotool(display, "mousemove", "200", "150")
    idle = source.idle_seconds()
    # Counted from the move: no longer than the move and the question took, however slowly
    # (without it, idle would be at least 0.3 s more). The server counts whole milliseconds.
    assert idle <= time.monotonic() - started + 0.002


def test_under_xvfb_idle_past_the_break_is_a_fresh_count_not_a_reminder(display, x11):
    """The scheduler on the fake clock, fed the real X server's idle seconds: the user moves
    the pointer, then stops for longer than the break (3 s here): at the next due time there
    is no reminder, and a fresh count from the moment the pointer moves again."""
    source = X11Idle(x11)
    clock = FakeClock()
    rules = ReminderRules(interval_minutes=35, break_minutes=0.05)
    scheduler = ReminderScheduler(clock, rules)
    for _ in range(20):  # 9:00 to 9:20 at the desk
        xdotool(display, "mousemove_relative", "1", "1")
        clock.advance(MINUTE)
        assert scheduler.tick(source.idle_seconds()) is None
    wait_until(lambda: source.idle_seconds() >= rules.break_length, "3 s without input")
    assert scheduler.tick(source.idle_seconds()) is Change.NATURAL_BREAK
    clock.advance(15 * MINUTE)  # 9:35, still away: the old count's due time
    assert scheduler.tick(source.idle_seconds()) is None
    assert scheduler.status().mode is Mode.AWAY
    xdotool(display, "mousemove", "300", "300")  # back
    assert scheduler.tick(source.idle_seconds()) is None
    assert scheduler.status().seconds == pytest.approx(35 * MINUTE, abs=1)


def test_full_screen_is_the_active_windows_state_under_openbox(display, x11):
    check = FullScreenWindow(x11)
    with window_manager(display):
        assert not check.holds()  # no window yet
        with qt_window(display, full=False):
            wait_until(lambda: x11.active_window_full_screen() is False, "a plain window")
            assert not check.holds()
        with qt_window(display, full=True):
            wait_until(check.holds, "the window manager to make the window full screen")
        wait_until(lambda: not check.holds(), "the full-screen window to close")


def test_a_reminder_waits_for_a_full_screen_window(display, x11):
    with window_manager(display), ExitStack() as window:  # closed even if a check fails
        waits_then_comes(
            FullScreenWindow(x11),
            lambda: window.enter_context(qt_window(display, full=True)),
            window.close,
        )


def test_without_a_window_manager_full_screen_cannot_be_told(display, x11):
    with pytest.raises(X11Error):
        x11.active_window_full_screen()
    assert FullScreenWindow not in {type(c) for c in find_checks(None, None, x11)}


def test_no_x_server_is_said_in_a_line():
    with pytest.raises(X11Error, match="cannot open the X display :999"):
        X11Display(":999")


# -- D-Bus: GNOME, KDE, logind ---------------------------------------------------------------


@pytest.fixture
def bus(tmp_path: Path) -> Iterator[str]:
    with private_bus(tmp_path) as address:
        yield address


@pytest.fixture
def connect(bus: str) -> Iterator[Callable[[], Bus]]:
    """A new connection to the private bus, closed after the test."""
    made: list[Bus] = []

    def new() -> Bus:
        made.append(Bus([bus]))
        return made[-1]

    yield new
    for connection in made:
        connection.close()


@pytest.fixture
def gnome(bus: str) -> Iterator[FakeDesktop]:
    fake = FakeDesktop(bus, ["mutter", "gnome-session", "logind"])
    yield fake
    fake.stop()


@pytest.fixture
def kde(bus: str) -> Iterator[FakeDesktop]:
    fake = FakeDesktop(bus, ["kde-screensaver", "notifications"])
    yield fake
    fake.stop()


def test_gnome_idle_time_comes_from_mutter(gnome, bus, connect):
    gnome.set("mutter_idle_ms", 123_456)
    source = find_idle_source(connect(), None)
    assert isinstance(source, MutterIdle)
    assert source.idle_seconds() == pytest.approx(123.456)


def test_kde_idle_time_comes_from_the_screen_saver_service(kde, bus, connect):
    kde.set("kde_idle_ms", 61_000)
    source = find_idle_source(connect(), None)
    assert isinstance(source, ScreenSaverIdle)
    assert source.idle_seconds() == pytest.approx(61.0)


def test_the_desktop_before_the_x_server(gnome, bus, x11, connect):
    assert isinstance(find_idle_source(connect(), x11), MutterIdle)


def test_with_no_source_the_plain_count(tmp_path):
    state = DesktopState.find(session_bus=[f"unix:path={tmp_path}/none"], display=None)
    assert state.idle_time_from is None
    assert state.idle_seconds() is None
    state.close()


def test_kde_do_not_disturb(kde, bus, connect):
    kde.set("notifications_inhibited", True)
    check = NotificationsInhibited(connect())
    assert check.holds()
    waits_then_comes(check, lambda: None, lambda: kde.set("notifications_inhibited", False))


def test_gnome_session_inhibitor_of_idle(gnome, bus, connect):
    check = GnomeSessionInhibited(connect())
    gnome.set("session_inhibited_flags", 4)  # suspend only: not idle
    assert not check.holds()
    waits_then_comes(
        check,
        lambda: gnome.set("session_inhibited_flags", 8 | 4),
        lambda: gnome.set("session_inhibited_flags", 0),
    )


def test_logind_idle_inhibitors_of_this_user_that_block(gnome, bus, connect):
    uid = os.getuid()
    check = LogindIdleInhibitor(connect())
    gnome.set(
        "inhibitors",
        [
            ["sleep", "NetworkManager", "", "delay", 0, 1],
            ["idle", "mpv", "playing", "delay", uid, 2],  # delay: not holding
            ["idle", "zoom", "call", "block", uid + 1, 3],  # another user's
        ],
    )
    assert not check.holds()
    waits_then_comes(
        check,
        lambda: gnome.set("inhibitors", [["sleep:idle", "firefox", "video", "block", uid, 4]]),
        lambda: gnome.set("inhibitors", []),
    )


def test_a_service_that_goes_away_counts_as_not_holding_and_is_said_once(
    gnome, bus, caplog, connect
):
    gnome.set("session_inhibited_flags", 8)
    state = DesktopState(None, [GnomeSessionInhibited(connect())])
    assert state.reasons() == {Reason.INHIBITOR}
    gnome.stop()
    with caplog.at_level(logging.WARNING):
        assert state.reasons() == frozenset()
        assert state.reasons() == frozenset()
    assert len([r for r in caplog.records if "cannot tell" in r.message]) == 1


def test_only_the_checks_that_answer_are_kept(kde, bus, connect):
    kept = {type(check) for check in find_checks(connect(), connect(), None)}
    assert NotificationsInhibited in kept
    assert not kept & {GnomeSessionInhibited, LogindIdleInhibitor, FullScreenWindow}


# -- GNOME's do-not-disturb (GSettings) -------------------------------------------------------


def test_gnome_do_not_disturb_is_banners_off(tmp_path, monkeypatch):
    gsettings = shutil.which("gsettings")
    if gsettings is None:
        pytest.skip("gsettings is not installed")
    # GSettings in a key file of the test's own, as a desktop keeps them in dconf.
    monkeypatch.setenv("GSETTINGS_BACKEND", "keyfile")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    key = ["org.gnome.desktop.notifications", "show-banners"]
    if subprocess.run([gsettings, "get", *key], capture_output=True, check=False).returncode:
        pytest.skip("GNOME's notification settings are not installed")
    check = GnomeBannersOff(gsettings)
    assert not check.holds()
    waits_then_comes(
        check,
        lambda: subprocess.run([gsettings, "set", *key, "false"], check=True),
        lambda: subprocess.run([gsettings, "set", *key, "true"], check=True),
    )


# -- the microphone: a real sound server ------------------------------------------------------


@pytest.fixture(scope="module")
def pulse() -> Iterator[dict[str, str]]:
    if missing := [p for p in (*sound.PROGRAMS, "parecord") if shutil.which(p) is None]:
        pytest.skip(f"needs a private PulseAudio server and parecord: {missing} not installed")
    server = sound.NullSinkServer(small_blocks=False)  # no loopback: no recording of its own
    with server:
        environment = server.client_environment()
        subprocess.run(
            ["pactl", "load-module", "module-null-source", "source_name=microphone"],
            env=environment,
            check=True,
            capture_output=True,
        )
        yield environment


@pytest.fixture
def recording(pulse, monkeypatch) -> Callable[[str], subprocess.Popen[bytes]]:
    for key, value in pulse.items():
        monkeypatch.setenv(key, value)
    started: list[subprocess.Popen[bytes]] = []

    def record(device: str) -> subprocess.Popen[bytes]:
        client = subprocess.Popen(
            ["parecord", f"--device={device}", "--raw", "/dev/null"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(client)
        return client

    yield record
    for client in started:
        client.terminate()
        client.wait(timeout=10)


def streams() -> int:
    listed = subprocess.run(
        ["pactl", "list", "short", "source-outputs"], capture_output=True, text=True, check=True
    )
    return len(listed.stdout.splitlines())


def test_the_microphone_in_use_is_a_recording_stream(recording):
    check = MicrophoneInUse(shutil.which("pactl") or "pactl")
    assert not check.holds()
    box: list[subprocess.Popen[bytes]] = []

    def begin() -> None:
        box.append(recording("microphone"))
        wait_until(lambda: streams() == 1, "parecord to record")

    def end() -> None:
        box[0].terminate()
        box[0].wait(timeout=10)
        wait_until(lambda: streams() == 0, "parecord to stop")

    waits_then_comes(check, begin, end)


def test_recording_what_plays_is_not_the_microphone(recording):
    recording(f"{sound.SINK}.monitor")  # a screen recorder, a level meter
    wait_until(lambda: streams() == 1, "parecord to record")
    assert not MicrophoneInUse(shutil.which("pactl") or "pactl").holds()


# -- the camera: a process holding the device open ---------------------------------------------


def test_the_camera_in_use_is_a_process_holding_the_device(tmp_path):
    """A video device is a file a process holds open; the real /proc is read, with the
    devices' names pointed at a file of the test's own (no camera on a test machine)."""
    device = tmp_path / "video0"
    device.write_bytes(b"")
    check = CameraInUse(devices=str(tmp_path / "video"))
    assert not check.holds()
    box: list[subprocess.Popen[str]] = []

    def begin() -> None:
        holder = subprocess.Popen(
            [
                sys.executable,
                "-c",
                f"import sys; f = open({str(device)!r}); print('open', flush=True); "
                "sys.stdin.read()",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        box.append(holder)
        assert holder.stdout is not None
        assert read_line(holder.stdout, "the camera's user") == "open"

    def end() -> None:
        holder = box[0]
        assert holder.stdin is not None and holder.stdout is not None
        holder.stdin.close()
        holder.wait(timeout=10)
        holder.stdout.close()

    waits_then_comes(check, begin, end)


def test_once_the_user_is_seen_to_be_there_the_costlier_checks_are_not_asked(tmp_path, caplog):
    """The camera in use settles it (the reminder waits, the user is there): the check after
    it, here one whose program is missing, is never run."""
    device = tmp_path / "video0"
    device.write_bytes(b"")
    state = DesktopState(
        None, [CameraInUse(devices=str(tmp_path / "video")), GnomeBannersOff("/nonexistent/gs")]
    )
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import sys; f = open({str(device)!r}); print('open', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert read_line(holder.stdout, "the camera's user") == "open"
        with caplog.at_level(logging.WARNING):
            assert state.reasons() == {Reason.CAMERA}
        assert "cannot tell" not in caplog.text
    finally:
        assert holder.stdin is not None and holder.stdout is not None
        holder.stdin.close()
        holder.wait(timeout=10)
        holder.stdout.close()
    with caplog.at_level(logging.WARNING):
        assert state.reasons() == frozenset()
    assert "/nonexistent/gs" in caplog.text  # asked now, and said once
