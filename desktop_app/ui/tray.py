"""The tray icon and its menu. It shows the reminders' status and passes on what the user picks;
what each choice does is wired up by the reminder link."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QObject, Signal, SignalInstance
from PySide6.QtGui import QAction, QGuiApplication, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from desktop_app import APP_NAME
from desktop_app.core.reminders import PAUSES, Mode, Status, status_text
from desktop_app.resources import assets_dir


class Tray(QObject):
    start_routine = Signal(str)  # a routine id
    desk_break = Signal()
    pause_for = Signal(float)  # seconds
    pause_until_tomorrow = Signal()
    resume = Signal()
    open_window = Signal()
    show_history = Signal()
    open_settings = Signal()
    quit = Signal()

    def __init__(
        self,
        routines: Callable[[], Sequence[tuple[str, str]]],
        parent: QObject | None = None,
    ) -> None:
        """`routines`: (id, name) of each routine, asked each time the menu opens."""
        super().__init__(parent)
        self._routines = routines
        self._icon = QIcon(str(assets_dir() / "icons" / "supple.svg"))
        self._greyed: QIcon | None = None  # made when first needed
        self._showing_greyed = False
        self.icon = QSystemTrayIcon(self._icon, self)
        self.icon.activated.connect(self._activated)
        self.menu = QMenu()  # a tray menu has no parent widget; deleted with the tray
        self.destroyed.connect(self.menu.deleteLater)

        self.status = self.menu.addAction("")
        self.status.setEnabled(False)  # a line of information, not a choice
        self.menu.addSeparator()
        self.desk_break_action = self._add(self.menu, "Take a desk break now", self.desk_break)
        self.routines_menu = self.menu.addMenu("Start a routine")
        self.routines_menu.aboutToShow.connect(self._fill_routines)
        self.pause_menu = self.menu.addMenu("Pause reminders")
        for label, seconds in PAUSES.items():
            self._add(
                self.pause_menu, f"For {label}", functools.partial(self.pause_for.emit, seconds)
            )
        self._add(self.pause_menu, "Until tomorrow", self.pause_until_tomorrow)
        self.resume_action = self._add(self.menu, "Resume reminders", self.resume)
        self.menu.addSeparator()
        self._add(self.menu, f"Open {APP_NAME}", self.open_window)
        self._add(self.menu, "History", self.show_history)
        self._add(self.menu, "Settings…", self.open_settings)
        self.menu.addSeparator()
        self._add(self.menu, "Quit", self.quit)
        self.icon.setContextMenu(self.menu)

    @staticmethod
    def available() -> bool:
        """Whether the desktop shows tray icons now (a panel may come up after Supple)."""
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show(self) -> None:
        """Shown even with no tray yet: Qt puts the icon there once a tray comes up."""
        if QGuiApplication.platformName() not in ("offscreen", "minimal"):  # they only warn
            self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def show_status(self, status: Status, now: datetime) -> None:
        """The status in the tooltip and at the top of the menu; the choices fit the state."""
        words = status_text(status, now)
        self.icon.setToolTip(f"{APP_NAME}: {words}")
        self.status.setText(words)
        paused = status.mode is Mode.PAUSED
        self.resume_action.setVisible(paused)
        self.pause_menu.menuAction().setVisible(status.mode not in (Mode.PAUSED, Mode.OFF))
        self.desk_break_action.setEnabled(status.mode is not Mode.IN_SESSION)
        self.routines_menu.setEnabled(status.mode is not Mode.IN_SESSION)
        greyed = status.mode in (Mode.PAUSED, Mode.OFF)
        if greyed != self._showing_greyed:  # not every minute: setIcon redraws the tray
            self._showing_greyed = greyed
            if self._greyed is None:
                self._greyed = _greyed(self._icon)
            self.icon.setIcon(self._greyed if greyed else self._icon)

    def _add(self, menu: QMenu, text: str, slot: Callable[[], object] | SignalInstance) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(slot)
        return action

    def _fill_routines(self) -> None:
        self.routines_menu.clear()
        for routine_id, name in self._routines():
            self._add(
                self.routines_menu, name, functools.partial(self.start_routine.emit, routine_id)
            )

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is QSystemTrayIcon.ActivationReason.Trigger:  # a left click
            self.open_window.emit()


def _greyed(icon: QIcon) -> QIcon:
    """The icon as the desktop shows a disabled one: reminders are not counting."""
    greyed = QIcon()
    for size in (16, 22, 24, 32, 48, 64):
        greyed.addPixmap(icon.pixmap(size, QIcon.Mode.Disabled))
    return greyed
