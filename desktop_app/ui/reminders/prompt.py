"""How a reminder asks the user: "Start desk break", "Snooze" or "Skip". The scheduler decides
when; a prompt only asks, and says what the user chose.

Two prompts answer to the same shape: the desktop's notification with buttons where the desktop
has one (ui/reminders/notification.py), and a small window of Supple's own where it has not
(ui/reminders/reminder_window.py).
"""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QObject, SignalInstance

from desktop_app.ui.reminders.notification import (
    NotificationPrompt,
    NotificationService,
    Unavailable,
)
from desktop_app.ui.reminders.reminder_window import ReminderWindow

log = logging.getLogger(__name__)


class ReminderPrompt(Protocol):
    """Asks once per offer. `chosen` carries the answer, a ReminderOutcome: STARTED, SNOOZED or
    SKIPPED (the user closing the question counts as skipping), at most once per offer. An offer
    taken back by withdraw(), or one that went away by itself, emits nothing: the scheduler
    counts it as missed."""

    @property
    def chosen(self) -> SignalInstance: ...

    def offer(self, routine_name: str, snooze_minutes: int) -> None:
        """Ask now; an offer still waiting is replaced."""

    def withdraw(self) -> None:
        """Take the question back; nothing happens if none is open."""


def make_prompt(parent: QObject | None, address: str | None = None) -> ReminderPrompt:
    """The desktop's notifications when they can show buttons, else the reminder window (a
    tray makes no difference: notifications need none). `address`: the session bus unless
    given (tests)."""
    try:
        service = NotificationService(address)
    except Unavailable as why:
        log.info("reminders: asking in Supple's own window: %s", why)
        window = ReminderWindow()
        if parent is not None:
            # Not the window's parent: a reminder must show while the main window is hidden,
            # and some window managers hide a tool window with its parent.
            parent.destroyed.connect(window.deleteLater)
        return window
    log.info("reminders: asking through the desktop's notifications (they have buttons)")
    return NotificationPrompt(service, parent)
