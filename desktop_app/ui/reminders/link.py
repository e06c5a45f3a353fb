"""Joins the reminders to the rest of Supple: the driver's offers go to the prompt and its answers
come back; the tray's menu reaches the window; each answer goes to the history through the
session host; new settings reach the scheduler; and with reminders on, closing the window keeps
Supple running. It knows the window only through the narrow `Window` interface below.

What the desktop tells (idle time, reasons not to interrupt) is asked of a `Desktop` made when
the reminders start, and a reminder offered rings the chime where the settings want it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app import APP_NAME
from desktop_app.core.model import Routine
from desktop_app.core.reminders import (
    DEFAULT_ROUTINE,
    Reason,
    ReminderOutcome,
    ReminderScheduler,
)
from desktop_app.services.settings import Settings
from desktop_app.ui.reminders.driver import Desktop, PlainDesktop, ReminderDriver
from desktop_app.ui.reminders.tray import Tray
from desktop_app.ui.session.host import SessionHost

if TYPE_CHECKING:  # the prompt's module is loaded at the first reminder
    from desktop_app.ui.reminders.prompt import ReminderPrompt

log = logging.getLogger(__name__)

TRAY_WAIT_MS, TRAY_WAIT_TRIES = 1000, 30


class Window(Protocol):
    """What the reminders ask of the window."""

    def bring_forward(self) -> None: ...
    def start_routine(self, routine: Routine, *, ask: bool = True) -> None: ...
    def start_routine_id(self, routine_id: str) -> None: ...
    def routine(self, routine_id: str) -> Routine | None: ...
    def show_history(self) -> None: ...
    def open_settings(self) -> None: ...
    def quit_app(self) -> None: ...
    def remember(self, **changes: Any) -> None: ...
    def hide(self) -> None: ...
    def showMinimized(self) -> None: ...
    def isVisible(self) -> bool: ...


class ReminderLink(QObject):
    def __init__(
        self,
        host: SessionHost,
        window: Window,
        settings: Settings,
        make_prompt: Callable[[], ReminderPrompt],
        tray: Tray,
        *,
        desktop: Callable[[], Desktop] = PlainDesktop,
        ring: Callable[[], object] | None = None,
    ) -> None:
        """`make_prompt`: called at the first reminder (the desktop's notifications open a
        D-Bus connection, which a session need not pay for at start). `desktop`: called at
        start, what tells idle time and the reasons not to interrupt; `ring`: plays the
        chime."""
        super().__init__(host)
        self._make_desktop = desktop
        self._ring = ring
        self.host = host
        self.window = window
        self._make_prompt = make_prompt
        self._prompt: ReminderPrompt | None = None
        self.tray = tray
        self._tray_waits = 0
        self._tray_told = settings.tray_told
        self._running = False
        scheduler = ReminderScheduler(host.clock, settings.reminders)
        self.driver = ReminderDriver(scheduler, host, self)
        self.driver.offered.connect(self._offer)
        self.driver.withdrawn.connect(self._withdraw)
        self.driver.reminded.connect(host.record)
        self.driver.changed.connect(self._show_status)
        tray.start_routine.connect(self._start)
        tray.desk_break.connect(self._desk_break)
        tray.pause_for.connect(self.driver.pause_for)
        tray.pause_until_tomorrow.connect(self.driver.pause_until_tomorrow)
        tray.resume.connect(self.driver.resume)
        tray.open_window.connect(window.bring_forward)
        tray.show_history.connect(self._show_history)
        tray.open_settings.connect(self._open_settings)
        tray.quit.connect(window.quit_app)

    def start(self) -> None:
        self._running = True
        self.tray.show()
        self.driver.desktop = self._make_desktop()
        self.driver.start()

    def idle_time_from(self) -> str | None:
        """Where idle time comes from here, in words; None where the desktop cannot tell."""
        return self.driver.desktop.idle_time_from

    def reasons_checked(self) -> frozenset[Reason]:
        """The reasons not to interrupt that are checked here."""
        return self.driver.desktop.reasons_checked

    @property
    def prompt(self) -> ReminderPrompt:
        if self._prompt is None:
            self._prompt = self._make_prompt()
            self._prompt.chosen.connect(self._chosen)
        return self._prompt

    def stop(self) -> None:
        self._running = False
        self.driver.stop()
        self._withdraw()
        self.tray.hide()
        self.driver.desktop.close()

    # -- the window ----------------------------------------------------------------------------

    def window_closed(self) -> bool:
        """Keep running while reminders are on: in the tray, or minimised where there is none."""
        if not (self._running and self.driver.rules.enabled):
            return False
        minutes = self.driver.rules.interval_minutes
        told = self._tray_told
        if Tray.available():
            self.window.hide()
            if not told:
                self.tray.icon.showMessage(
                    f"{APP_NAME} is still here",
                    f"It will remind you to stand up and stretch every {minutes} minutes. "
                    "Quit from this icon’s menu.",
                )
        else:
            self.window.showMinimized()
            if not told:
                box = QMessageBox(
                    QMessageBox.Icon.Information,
                    f"{APP_NAME} keeps running",
                    f"{APP_NAME} stays open, minimised, to remind you to stand up and stretch "
                    f"every {minutes} minutes. To quit, press Ctrl+Q.",
                    QMessageBox.StandardButton.Ok,
                    self.window if isinstance(self.window, QWidget) else None,
                )
                box.finished.connect(box.deleteLater)
                box.open()
        if not told:
            self._tray_told = True
            self.window.remember(tray_told=True)
        return True

    def start_in_tray(self) -> None:
        """Started at login: no window, once the tray is there. A panel can come up after
        Supple does, so it is given a while before the window shows, minimised."""
        self._tray_waits = TRAY_WAIT_TRIES
        self._wait_for_tray()

    def _wait_for_tray(self) -> None:
        if Tray.available():
            log.info("started in the tray")
        elif self._tray_waits > 0:
            self._tray_waits -= 1
            QTimer.singleShot(TRAY_WAIT_MS, self, self._wait_for_tray)
        elif not self.window.isVisible():
            log.info("no tray: started minimised")
            self.window.showMinimized()

    # -- reminders -----------------------------------------------------------------------------

    def _routine(self) -> Routine | None:
        """The routine a reminder starts; the desk break if the chosen one is gone."""
        chosen = self.driver.rules.routine
        routine = self.window.routine(chosen)
        if routine is None:
            log.warning("reminders: no routine '%s'; the desk break instead", chosen)
            routine = self.window.routine(DEFAULT_ROUTINE)
        return routine

    def _offer(self) -> None:
        routine = self._routine()
        name = routine.name if routine is not None else "a desk break"
        log.info("reminders: offered %s", name)
        self.prompt.offer(name, self.driver.rules.snooze_minutes)
        if self.driver.rules.chime and self._ring is not None:
            self._ring()

    def _withdraw(self) -> None:
        if self._prompt is not None:
            self._prompt.withdraw()

    def _chosen(self, outcome: ReminderOutcome) -> None:
        log.info("reminders: %s", outcome.value)
        self.driver.answer(outcome)
        if outcome is ReminderOutcome.STARTED:
            self._desk_break()

    def _desk_break(self) -> None:
        routine = self._routine()
        if routine is not None:
            self.window.bring_forward()
            self.window.start_routine(routine, ask=False)  # "no click after Start"

    def _start(self, routine_id: str) -> None:
        self.window.bring_forward()
        self.window.start_routine_id(routine_id)

    def settings_changed(self, settings: Settings) -> None:
        self.driver.configure(settings.reminders)

    # -- the tray ------------------------------------------------------------------------------

    def _show_status(self) -> None:
        self.tray.show_status(self.driver.status(), self.host.clock.wall())

    def _show_history(self) -> None:
        self.window.bring_forward()
        self.window.show_history()

    def _open_settings(self) -> None:
        self.window.bring_forward()
        self.window.open_settings()
