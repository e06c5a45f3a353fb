"""The reminder as a desktop notification (the freedesktop.org notification service on the
session bus), its three answers as the notification's buttons. Where the service fails at the
moment of asking, that one offer goes to Supple's own reminder window instead.

Two facts shape the D-Bus calls. The service wants exact D-Bus types (a uint32 id; GLib-based
servers refuse an int32), which PySide cannot spell: a Python int always goes out as int32. So
the calls go through a QDBusInterface, which reads the service's own description once and then
converts each argument to the declared type. And those calls block the GUI thread: each one is
limited to CALL_MS, and a working service answers in a few milliseconds.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import (
    Q_ARG,
    Q_RETURN_ARG,
    SLOT,
    QMetaObject,
    QObject,
    Qt,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtDBus import QDBus, QDBusConnection, QDBusInterface, QDBusMessage
from PySide6.QtGui import QIcon

from desktop_app import APP_ID, APP_NAME
from desktop_app.core.reminders import MISSED_AFTER, Outcome
from desktop_app.resources import assets_dir
from desktop_app.ui.widgets.reminder_window import ReminderWindow, prompt_text

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
CALL_MS = 1000  # the longest a call may hold up the window (a hung service)
NOTIFY = "Notify(QString,uint,QString,QString,QString,QStringList,QVariantMap,int)"
CLOSE = "CloseNotification(uint)"
ACTIONS = {"start": Outcome.STARTED, "snooze": Outcome.SNOOZED, "skip": Outcome.SKIPPED}
DISMISSED = 2  # NotificationClosed's reason when the user closed it (1: expired, 3: we did)


class Unavailable(Exception):
    """Why the desktop's notifications cannot ask the question."""


def notification_service(connection: QDBusConnection) -> QDBusInterface:
    """The desktop's notification service on `connection`, if it can show buttons; otherwise
    raises Unavailable with the reason."""
    if not connection.isConnected():
        raise Unavailable(f"no session bus ({connection.lastError().message()})")
    ask = QDBusMessage.createMethodCall(SERVICE, PATH, INTERFACE, "GetCapabilities")
    reply = connection.call(ask, QDBus.CallMode.Block, CALL_MS)
    if reply.type() is not QDBusMessage.MessageType.ReplyMessage:
        raise Unavailable(f"no notification service ({reply.errorMessage()})")
    capabilities = reply.arguments()[0] if reply.arguments() else []
    if "actions" not in capabilities:
        raise Unavailable("the notification service shows no buttons")
    # Reads the service's description (once per process: Qt keeps it). Not limited by CALL_MS,
    # but the service has just answered, so it is quick.
    service = QDBusInterface(SERVICE, PATH, INTERFACE, connection)
    meta = service.metaObject()
    if not service.isValid() or meta.indexOfMethod(NOTIFY) < 0 or meta.indexOfMethod(CLOSE) < 0:
        raise Unavailable("the notification service does not describe its methods")
    service.setTimeout(CALL_MS)
    return service


def _app_icon() -> str:
    """The installed icon by name where the icon theme has it (also inside a Flatpak, whose
    files the desktop cannot read), else the file that ships with Supple."""
    if QIcon.hasThemeIcon(APP_ID):
        return APP_ID
    return QUrl.fromLocalFile(str(assets_dir() / "icons" / "supple.svg")).toString()


class NotificationPrompt(QObject):
    """A ReminderPrompt: `chosen` carries the button pressed, or SKIPPED when the user closes
    the notification. It expiring, or being taken back by withdraw(), answers nothing."""

    chosen = Signal(object)

    def __init__(self, service: QDBusInterface, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        service.setParent(self)
        self._id = 0  # the notification on screen, waiting for an answer; 0: none
        self._window: ReminderWindow | None = None  # made when a notification fails
        self._icon = _app_icon()
        bus = service.connection()
        for name, slot in (
            ("ActionInvoked", SLOT("_action_invoked(QDBusMessage)")),
            ("NotificationClosed", SLOT("_notification_closed(QDBusMessage)")),
        ):
            # The whole message, not typed arguments: Qt would drop a signal from a service
            # that sends an int32 where the spec says uint32 (some have). The slot is a str:
            # PySide's stub says bytes, which PySide itself refuses.
            if not bus.connect(SERVICE, PATH, INTERFACE, name, self, slot):  # type: ignore[call-overload]
                log.warning("notifications: cannot listen for %s", name)

    def offer(self, routine_name: str, snooze_minutes: int) -> None:
        text = prompt_text(routine_name, snooze_minutes)
        actions = ["start", text.start, "snooze", text.snooze, "skip", text.skip]
        hints = {
            "desktop-entry": APP_ID,  # the desktop shows Supple's name and icon with it
            # The spec has no category for reminders; vendor ones start with "x-".
            "category": "x-supple.reminder",
            # "urgency" is left out: it must be a D-Bus byte, which PySide cannot send, and
            # the services take its absence as normal urgency, the level wanted here.
        }
        # It lasts as long as the offer: the scheduler takes it back after MISSED_AFTER anyway,
        # and then the desktop clears it even if Supple has gone.
        expire_ms = int(MISSED_AFTER * 1000)
        notification = QMetaObject.invokeMethod(
            self._service,
            "Notify",
            Qt.ConnectionType.DirectConnection,
            Q_RETURN_ARG("uint"),
            Q_ARG("QString", APP_NAME),
            Q_ARG("uint", self._id),  # replaces an unanswered one in place
            Q_ARG("QString", self._icon),
            Q_ARG("QString", text.title),
            Q_ARG("QString", text.body),
            Q_ARG("QStringList", actions),
            Q_ARG("QVariantMap", hints),
            Q_ARG("int", expire_ms),
        )
        error = self._service.lastError()
        if error.isValid() or not isinstance(notification, int) or notification == 0:
            self._id = 0
            log.warning(
                "notifications: could not show the reminder (%s); asking in a window instead",
                error.message() or "no id",
            )
            self._fallback().offer(routine_name, snooze_minutes)
            return
        self._id = notification
        if self._window is not None:
            self._window.withdraw()  # an earlier offer that had to use the window

    def withdraw(self) -> None:
        if self._window is not None:
            self._window.withdraw()
        notification, self._id = self._id, 0
        if not notification:
            return
        QMetaObject.invokeMethod(
            self._service,
            "CloseNotification",
            Qt.ConnectionType.DirectConnection,
            Q_ARG("uint", notification),
        )
        error = self._service.lastError()
        if error.isValid():
            log.warning("notifications: could not take the reminder back (%s)", error.message())

    # -- what the desktop says ---------------------------------------------------------------

    @Slot(QDBusMessage)
    def _action_invoked(self, message: QDBusMessage) -> None:
        notification, key = self._ours(message)
        outcome = ACTIONS.get(str(key)) if notification else None
        if outcome is not None:  # not the click on the text ("default"), which is no answer
            self._answer(outcome)

    @Slot(QDBusMessage)
    def _notification_closed(self, message: QDBusMessage) -> None:
        notification, reason = self._ours(message)
        if not notification:
            return
        if reason == DISMISSED:
            self._answer(Outcome.SKIPPED)
        else:  # it expired, or something else closed it: the scheduler's "missed" follows
            self._id = 0

    def _ours(self, message: QDBusMessage) -> tuple[bool, object]:
        """Whether the signal is about our notification, and its second argument."""
        arguments = message.arguments()
        if len(arguments) != 2 or not self._id or arguments[0] != self._id:
            return False, None
        return True, arguments[1]

    def _answer(self, outcome: Outcome) -> None:
        self._id = 0  # once per offer: a "closed" after the button press is no second answer
        self.chosen.emit(outcome)

    def _fallback(self) -> ReminderWindow:
        if self._window is None:
            self._window = ReminderWindow()
            self._window.chosen.connect(self.chosen.emit)
            self.destroyed.connect(self._window.deleteLater)
        return self._window
