"""Qt test fixtures: a window on a fake clock, a session host with a fake speech service and a
history in the test's folder, a way to let the session run without waiting,
and a guard that fails any test leaving a QTimer running (napari's idea)."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QTimer

from desktop_app.app import build_window
from desktop_app.core.clock import FakeClock
from desktop_app.paths import AppPaths
from desktop_app.services.history_keeper import HistoryKeeper
from desktop_app.services.settings import Settings, save_settings
from desktop_app.ui.session.host import SessionHost
from desktop_app.ui.shell.application import make_application
from desktop_app.ui.shell.window import LossChoice, MainWindow
from tests.ui.fakes import FakeSpeech


@pytest.fixture(autouse=True)
def _no_timer_left_running(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    started: list[weakref.ref[QTimer]] = []
    original = QTimer.start

    def start(self: QTimer, *args: object) -> None:
        started.append(weakref.ref(self))
        original(self, *args)

    monkeypatch.setattr(QTimer, "start", start)
    yield
    running = [
        timer
        for ref in started
        if (timer := ref()) is not None and shiboken6.isValid(timer) and timer.isActive()
    ]
    for timer in running:
        timer.stop()
    if running:
        pytest.fail(f"{len(running)} QTimer(s) left running after the test")


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    """The window tests are about sessions: they start without the check-in question, which
    tests/ui/test_checkins.py asks with the settings as they come."""
    found = AppPaths.under(tmp_path / "data")
    found.ensure()
    save_settings(found.settings_file, Settings(checkins=False))
    return found


@pytest.fixture
def make_window(qtbot, paths: AppPaths, clock: FakeClock) -> Iterator[Callable[[], MainWindow]]:
    make_application()
    made: list[MainWindow] = []

    def make(**parts: Any) -> MainWindow:
        """`parts`: what build_window takes to use instead of its own (speech=, history=)."""
        window = build_window(paths, clock, **parts)
        window.resize(1200, 780)  # a usual window: Qt's offscreen screen is only 800x800
        # A modal question would wait for ever here: a test that leads to one answers it.
        window.confirm_loss = _unexpected_question
        made.append(window)
        qtbot.addWidget(window)
        window.open()
        # Keys reach a window's shortcuts only while it is active; the history opens once the
        # window is first painted.
        with qtbot.waitActive(window), qtbot.waitSignal(window.first_painted):
            window.show()
            window.activateWindow()
        return window

    yield make
    for window in made:
        window.close()  # stops a session, which writes its end
        if window.host.history is not None:
            window.host.history.close()  # the store's connection, and its retry timer


def _unexpected_question(sides: int, cause: str) -> LossChoice:
    pytest.fail(f"asked whether to lose {sides} side(s) ({cause}), which this test did not expect")


@pytest.fixture
def window(make_window: Callable[[], MainWindow]) -> MainWindow:
    return make_window()


def _host(running: MainWindow | SessionHost) -> SessionHost:
    return running if isinstance(running, SessionHost) else running.host


def run_for(running: MainWindow | SessionHost, clock: FakeClock, seconds: float) -> None:
    """Let the session run for `seconds` of fake time, tick by tick as the driver's timer
    would fire: each tick exactly when it was armed for."""
    end = clock.now() + seconds
    driver = _host(running).driver
    while (armed := driver.armed) is not None and clock.now() + armed <= end + 1e-9:
        clock.advance(armed)
        driver.tick()
    if clock.now() < end:
        clock.set(end)
        driver.tick()


def run_to_end(running: MainWindow | SessionHost, clock: FakeClock, limit: float = 3600) -> int:
    """Run until the session ends; returns the number of ticks it took."""
    ticks = 0
    driver = _host(running).driver
    while (armed := driver.armed) is not None:
        clock.advance(armed)
        driver.tick()
        ticks += 1
        assert ticks < limit * 20, "the session did not end"
    return ticks


@pytest.fixture
def speech() -> FakeSpeech:
    return FakeSpeech()


@pytest.fixture
def host(qtbot, paths: AppPaths, clock: FakeClock, speech: FakeSpeech) -> Iterator[SessionHost]:
    """A session host as the app composes it, with a fake speech service and a history keeper
    in the test's own folder, and no window."""
    made = SessionHost(clock, lambda: speech, lambda: HistoryKeeper(paths.history_db, clock.wall))
    assert made.history is not None
    made.history.open()
    yield made
    made.stop()
    made.close_history()
