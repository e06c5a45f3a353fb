"""The reminders' probes at their limits: a check or source that fails in a way not foreseen,
a service that answers with another shape or never answers, a bus that never says hello,
Wayland and the desktops whose screen saver service speaks seconds, KDE's inhibitors, a sound
server whose sources changed under the same indexes, a descriptor gone during the /proc walk.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop_app.core.clock import FakeClock
from desktop_app.core.reminders import Reason
from desktop_app.services.dbus_calls import Bus, CallFailed, open_first
from desktop_app.services.desktop_state import LONGEST_REST_S, REST_S, DesktopState
from desktop_app.services.idle_time import ScreenSaverIdle, X11Idle
from desktop_app.services.interruptions import (
    GNOME_SESSION,
    CameraInUse,
    CheckFailed,
    FullScreenWindow,
    GnomeSessionInhibited,
    KdePolicyAgentInhibited,
    MicrophoneInUse,
    find_checks,
)
from tests.dbus_bus import private_bus
from tests.fake_desktop import FakeDesktop
from tests.fake_services import FakeService, silent_bus_socket
from tests.x11 import xvfb

MINUTE = 60.0
pytestmark = pytest.mark.slow


@pytest.fixture
def bus(tmp_path: Path) -> Iterator[str]:
    with private_bus(tmp_path) as address:
        yield address


@pytest.fixture
def nowhere(tmp_path: Path) -> list[str]:
    return [f"unix:path={tmp_path}/no-bus"]


class Failing:
    """A check that fails as told (a fake for failures), counting how often it is asked."""

    name = "a failing check"

    def __init__(self, failure: Exception, reason: Reason = Reason.DO_NOT_DISTURB) -> None:
        self.failure = failure
        self.reason = reason
        self.asked = 0

    def holds(self) -> bool:
        self.asked += 1
        raise self.failure


class Holding:
    name = "a check that holds"
    reason = Reason.INHIBITOR

    def holds(self) -> bool:
        return True


class BrokenIdle:
    name = "a broken idle source"

    def idle_seconds(self) -> float:
        raise ValueError("not enough values to unpack")


# -- 1: a failure not foreseen is "cannot tell", said once -----------------------------------


def test_an_unforeseen_failure_is_cannot_tell_said_once(caplog):
    broken = Failing(UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"))
    state = DesktopState(BrokenIdle(), [broken, Holding()], clock=FakeClock())
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            assert state.idle_seconds() is None
            assert state.reasons() == {Reason.INHIBITOR}  # the checks after it still asked
    said = [r.message for r in caplog.records if "cannot tell" in r.message]
    assert len(said) == 2, said
    assert broken.asked == 3  # not a time out: asked again each time


def test_a_reply_of_another_shape_is_a_failed_call(bus):
    odd = FakeService(bus, "odd")
    session = Bus([bus])
    try:
        with pytest.raises(CheckFailed, match=r"the reply was \(s\), not \(b\)"):
            GnomeSessionInhibited(session).holds()
        with pytest.raises(CallFailed, match=r"the reply was \(s\), not \(v\)"):
            session.property(GNOME_SESSION, "Inhibited", "b")
    finally:
        session.close()
        odd.stop()


# -- 3: what does not answer in time rests -------------------------------------------------


def test_a_service_that_never_answers_is_not_asked_again_for_ten_minutes_then_twenty(bus):
    silent = FakeService(bus, "silent")
    clock = FakeClock()
    session = Bus([bus])
    try:
        state = DesktopState(None, [GnomeSessionInhibited(session)], clock=clock)
        assert state.reasons() == frozenset()
        assert silent.next_line() == "asked 1"
        clock.advance(REST_S - 1)
        assert state.reasons() == frozenset()  # resting: not asked
        clock.advance(1)
        assert state.reasons() == frozenset()
        # Calls on one connection arrive in order: the second it got is this third tick's.
        assert silent.next_line() == "asked 2"
        clock.advance(2 * REST_S - 1)
        assert state.reasons() == frozenset()
        clock.advance(1)
        assert state.reasons() == frozenset()
        assert silent.next_line() == "asked 3"
    finally:
        session.close()
        silent.stop()


def test_rests_double_up_to_an_hour_and_end_when_it_answers():
    clock = FakeClock()
    hung = Failing(CheckFailed("gsettings: no answer in 2.0 s", timed_out=True))
    state = DesktopState(None, [hung], clock=clock)
    state.reasons()
    rests = []
    for _ in range(5):
        asked = hung.asked
        waited = 0.0
        while hung.asked == asked:
            clock.advance(MINUTE)
            waited += MINUTE
            state.reasons()
        rests.append(waited)
    assert rests == [REST_S, 2 * REST_S, 4 * REST_S, LONGEST_REST_S, LONGEST_REST_S]
    hung.failure = CheckFailed("no such key")  # it answered (a plain failure): no rest
    clock.advance(LONGEST_REST_S)
    state.reasons()
    hung.failure = CheckFailed("no reply", timed_out=True)
    asked = hung.asked
    state.reasons()
    clock.advance(REST_S)  # the first rest again, not a doubled one
    state.reasons()
    assert hung.asked == asked + 2


def test_a_bus_that_never_answers_hello_is_given_up_in_time(tmp_path):
    with (
        silent_bus_socket(tmp_path) as address,
        pytest.raises(ConnectionError, match="did not answer Hello"),
    ):
        open_first([address], timeout=0.2)
    with silent_bus_socket(tmp_path) as address:
        with pytest.raises(CallFailed) as failed:
            Bus([address]).call(GNOME_SESSION, "IsInhibited", "b", "u", (8,))
        assert failed.value.timed_out  # and so the check rests


# -- 2 and 6: Wayland, and which desktop's screen saver service is asked ----------------------


@pytest.mark.parametrize(
    "session", [{"WAYLAND_DISPLAY": "wayland-0"}, {"XDG_SESSION_TYPE": "wayland"}]
)
def test_on_wayland_nothing_is_asked_of_x(session, nowhere):
    with xvfb() as display:
        state = DesktopState.find(
            session_bus=nowhere, system_bus=nowhere, environ={"DISPLAY": display, **session}
        )
        try:
            assert state.idle_source is None
            assert FullScreenWindow not in {type(check) for check in state.checks}
        finally:
            state.close()
        state = DesktopState.find(
            session_bus=nowhere, system_bus=nowhere, environ={"DISPLAY": display}
        )
        try:  # the same display, on X11
            assert isinstance(state.idle_source, X11Idle)
        finally:
            state.close()


def test_the_screen_saver_service_is_asked_on_kde_only(bus, nowhere):
    kde = FakeDesktop(bus, ["kde-screensaver"])
    try:
        kde.set("kde_idle_ms", 61_000)
        state = DesktopState.find(
            session_bus=[bus], system_bus=nowhere, environ={"XDG_CURRENT_DESKTOP": "KDE"}
        )
        assert isinstance(state.idle_source, ScreenSaverIdle)
        assert state.idle_seconds() == pytest.approx(61.0)
        state.close()
        for desktop in ("MATE", "XFCE", ""):  # theirs declare seconds
            state = DesktopState.find(
                session_bus=[bus], system_bus=nowhere, environ={"XDG_CURRENT_DESKTOP": desktop}
            )
            assert state.idle_source is None
            state.close()
        with xvfb() as display:  # there the X server tells
            state = DesktopState.find(
                session_bus=[bus],
                system_bus=nowhere,
                environ={"XDG_CURRENT_DESKTOP": "MATE", "DISPLAY": display},
            )
            assert isinstance(state.idle_source, X11Idle)
            state.close()
    finally:
        kde.stop()


# -- 7: KDE's inhibitors ---------------------------------------------------------------------


def test_kde_inhibitors_of_the_screen_through_the_policy_agent(bus):
    agent = FakeService(bus, "policy-agent")
    try:
        session = Bus([bus])
        assert KdePolicyAgentInhibited in {type(c) for c in find_checks(session, None, None)}
        assert agent.next_line() == "asked 1"
        state = DesktopState(None, [KdePolicyAgentInhibited(session)], clock=FakeClock())
        assert state.reasons() == frozenset()
        agent.hold(1)  # suspend only: the screen may still go off
        assert state.reasons() == frozenset()
        agent.hold(4 | 1)  # a video call keeps the screen on
        assert state.reasons() == {Reason.INHIBITOR}
        agent.hold(0)
        assert state.reasons() == frozenset()
        session.close()
    finally:
        agent.stop()


# -- 14: the sound server's sources are listed again -----------------------------------------


def fake_pactl(folder: Path) -> str:
    """A pactl that lists what the test wrote (a fake, for a server restart: its indexes
    given to other sources), and counts how often the sources are listed."""
    program = folder / "pactl"
    program.write_text(
        f'#!/bin/sh\ncd "{folder}"\nif [ "$3" = sources ]; then echo x >> listed; fi\ncat "$3"\n',
        encoding="utf-8",
    )
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return str(program)


def test_the_microphone_check_lists_the_sources_again_every_few_minutes(tmp_path):
    clock = FakeClock()
    (tmp_path / "sources").write_text("0\talsa_output.pci.analog-stereo.monitor\n")
    (tmp_path / "source-outputs").write_text("7\t0\tpavucontrol\n")  # a level meter
    check = MicrophoneInUse(fake_pactl(tmp_path), clock.now)
    assert not check.holds()
    # The server restarted: index 0 is now the microphone, and a call records from it.
    (tmp_path / "sources").write_text("0\talsa_input.pci.analog-stereo\n")
    (tmp_path / "source-outputs").write_text("3\t0\tzoom\n")
    clock.advance(4 * MINUTE)
    assert not check.holds()  # the list kept for a while: one pactl run per check
    clock.advance(MINUTE)
    assert check.holds()
    assert (tmp_path / "listed").read_text().count("x") == 2
    (tmp_path / "sources").write_text("0\talsa_input.pci.analog-stereo\n1\tusb-headset\n")
    (tmp_path / "source-outputs").write_text("3\t1\tzoom\n")  # an index not seen: at once
    assert check.holds()
    assert (tmp_path / "listed").read_text().count("x") == 3


# -- 8: a descriptor gone during the walk ----------------------------------------------------


def test_a_descriptor_gone_during_the_walk_does_not_hide_the_others(tmp_path):
    """A process's fd folder as /proc shows it, with entries that cannot be read as links
    (as one closed between the listing and the reading): before and after the camera's."""
    device = tmp_path / "video0"
    device.write_bytes(b"")
    fds = tmp_path / "proc" / "4242" / "fd"
    fds.mkdir(parents=True)
    for number in range(3, 30):
        (fds / str(number)).write_bytes(b"")  # readlink fails on it
    os.symlink(device, fds / "30")
    for number in range(31, 60):
        (fds / str(number)).write_bytes(b"")
    check = CameraInUse(devices=str(tmp_path / "video"), proc=tmp_path / "proc")
    assert check.holds()
