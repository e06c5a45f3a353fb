"""The reminder as a desktop notification (the freedesktop.org notification service on the
session bus), its three answers as the notification's buttons. Where the service fails at the
moment of asking, that one offer goes to Supple's own reminder window instead.

The calls go through jeepney, on a connection of Supple's own, not through QtDBus. The service
wants exact D-Bus types (a uint32 id, a byte for the urgency), which PySide cannot spell: a
Python int always goes out as an int32. QtDBus can type a call only from the service's own
description, and GLib-based services (GNOME Shell, dunst) describe their hints in a way it
cannot read, so Notify would never go out. jeepney takes the signature as written. Its socket is
watched by the Qt event loop, so the answers (signals, which services send only to the
connection that asked) arrive without a thread; each call blocks for at most CALL_S, and a
working service answers in a few milliseconds.
"""

from __future__ import annotations

import logging
from collections import deque
from typing import Any

from jeepney import DBusAddress, HeaderFields, MatchRule, Message, message_bus, new_method_call
from jeepney.io.blocking import DBusConnection
from jeepney.wrappers import DBusErrorResponse, unwrap_msg
from PySide6.QtCore import QObject, QSocketNotifier, QTimer, QUrl, Signal
from PySide6.QtGui import QIcon

from desktop_app import APP_ID, APP_NAME
from desktop_app.core.reminders import MISSED_AFTER, ReminderOutcome
from desktop_app.resources import app_icon
from desktop_app.services.dbus_calls import open_first, session_bus_addresses
from desktop_app.ui.reminders.reminder_window import ReminderWindow, prompt_text

log = logging.getLogger(__name__)

SERVICE = DBusAddress(
    "/org/freedesktop/Notifications",
    bus_name="org.freedesktop.Notifications",
    interface="org.freedesktop.Notifications",
)
CALL_S = 1.0  # the longest a call may hold up the window (a hung service)
ACTIONS = {
    "start": ReminderOutcome.STARTED,
    "snooze": ReminderOutcome.SNOOZED,
    "skip": ReminderOutcome.SKIPPED,
}
DISMISSED = 2  # NotificationClosed's reason when the user closed it (1: expired, 3: we did)
NORMAL_URGENCY = 1


class Unavailable(Exception):
    """Why the desktop's notifications cannot ask the question."""


class NotificationError(Exception):
    """A call to the notification service failed; the message says why."""


class NotificationService(QObject):
    """The notification service, over a session bus connection of our own. Raises Unavailable
    when there is no bus, no service, or a service that shows no buttons."""

    # Ids are D-Bus uint32: `object`, since a Qt int is an int32.
    action_invoked = Signal(object, str)  # notification id, action key
    closed = Signal(object, object)  # notification id, reason

    def __init__(self, address: str | None = None, parent: QObject | None = None) -> None:
        """`address`: the bus's address; the session bus when None."""
        super().__init__(parent)
        self._bus = _connect(address)
        self._signals: deque[Message] = deque()
        self.owner: str | None = None  # the unique name of the service that showed ours
        self._watch = QSocketNotifier(self._bus.sock.fileno(), QSocketNotifier.Type.Read, self)
        self._watch.activated.connect(self._read)
        try:
            [capabilities] = self._send(new_method_call(SERVICE, "GetCapabilities")).body
            if "actions" not in capabilities:
                raise Unavailable("the notification service shows no buttons")
            # What the service says of our notifications, sent to this connection (and
            # broadcast by some services, which this rule lets through).
            rule = MatchRule(type="signal", interface=SERVICE.interface, path=SERVICE.object_path)
            self._filter = self._bus.filter(rule, queue=self._signals)
            self._send(message_bus.AddMatch(rule))
        except Unavailable:
            self._close()
            raise
        except Exception as exc:  # whatever a broken service does, the window can still ask
            self._close()
            raise Unavailable(f"no notification service ({exc})") from None
        self.destroyed.connect(self._bus.close)

    def notify(self, *body: Any) -> int:
        """Show a notification (Notify's arguments); its id. The service that answers is the
        one whose signals count from now on."""
        reply = self._send(new_method_call(SERVICE, "Notify", "susssasa{sv}i", body))
        self.owner = reply.header.fields.get(HeaderFields.sender)
        return int(reply.body[0])

    def close_notification(self, notification: int) -> None:
        """Close one of ours, at the service that showed it: if that one has gone (crashed,
        restarted), the call fails rather than close another program's notification that the
        new service gave the same id."""
        address = DBusAddress(
            SERVICE.object_path, self.owner or SERVICE.bus_name, SERVICE.interface
        )
        self._send(new_method_call(address, "CloseNotification", "u", (notification,)))

    def _send(self, message: Message) -> Message:
        """Send a call; its reply, or NotificationError (an error reply, no reply in time, a
        bus gone)."""
        try:
            reply = self._bus.send_and_get_reply(message, timeout=CALL_S)
            unwrap_msg(reply)  # raises for an error reply
        except (DBusErrorResponse, TimeoutError, OSError) as exc:
            raise NotificationError(str(exc) or type(exc).__name__) from None
        finally:
            # Signals that came while waiting for the reply, said once the caller has
            # taken in the reply (a new notification's id, say).
            QTimer.singleShot(0, self, self._read)
        return reply

    def _close(self) -> None:
        self._watch.setEnabled(False)
        self._bus.close()

    def _read(self) -> None:
        if not self._watch.isEnabled():
            return
        try:
            while True:
                self._bus.recv_messages(timeout=0)
        except TimeoutError:  # nothing more for now
            pass
        except OSError as exc:  # the bus went away
            log.warning("notifications: the session bus closed (%s)", exc)
            self._watch.setEnabled(False)
        while self._signals:
            self._deliver(self._signals.popleft())

    def _deliver(self, message: Message) -> None:
        if message.header.fields.get(HeaderFields.sender) != self.owner:
            return  # another program's service, or one that has since gone
        member = message.header.fields.get(HeaderFields.member)
        body = message.body
        if len(body) != 2 or not all(isinstance(value, int | str) for value in body):
            return
        if member == "ActionInvoked":
            self.action_invoked.emit(body[0], str(body[1]))
        elif member == "NotificationClosed":
            self.closed.emit(body[0], body[1])


def _connect(address: str | None) -> DBusConnection:
    """A connection to the bus at `address`, or to the session bus."""
    try:
        addresses = [address] if address is not None else session_bus_addresses()
        return open_first(addresses, timeout=CALL_S)
    except ConnectionError as exc:
        raise Unavailable(f"no session bus ({exc})") from None


def _app_icon() -> str:
    """The installed icon by name where the icon theme has it (also inside a Flatpak, whose
    files the desktop cannot read), else the file that ships with Supple."""
    if QIcon.hasThemeIcon(APP_ID):
        return APP_ID
    return QUrl.fromLocalFile(str(app_icon())).toString()


class NotificationPrompt(QObject):
    """A ReminderPrompt: `chosen` carries the button pressed, or SKIPPED when the user closes
    the notification. It expiring, or being taken back by withdraw(), answers nothing."""

    chosen = Signal(object)

    def __init__(self, service: NotificationService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        service.setParent(self)
        self._id = 0  # the notification on screen, waiting for an answer; 0: none
        self._window: ReminderWindow | None = None  # made when a notification fails
        self._icon = _app_icon()
        service.action_invoked.connect(self._action_invoked)
        service.closed.connect(self._notification_closed)

    def offer(self, routine_name: str, snooze_minutes: int) -> None:
        text = prompt_text(routine_name, snooze_minutes)
        actions = ["start", text.start, "snooze", text.snooze, "skip", text.skip]
        hints = {
            "desktop-entry": ("s", APP_ID),  # the desktop shows Supple's name and icon with it
            # The spec has no category for reminders; vendor ones start with "x-".
            "category": ("s", "x-supple.reminder"),
            "urgency": ("y", NORMAL_URGENCY),
        }
        # It lasts as long as the offer: the scheduler takes it back after MISSED_AFTER anyway,
        # and then the desktop clears it even if Supple has gone.
        expire_ms = int(MISSED_AFTER * 1000)
        if self._id:  # one still open: taken back, not replaced (its id may be stale)
            self.withdraw()
        try:
            notification = self._service.notify(
                APP_NAME,
                0,  # a new one (see above)
                self._icon,
                text.title,
                text.body,
                actions,
                hints,
                expire_ms,
            )
        except NotificationError as exc:
            notification = 0
            log.warning("notifications: could not show the reminder (%s)", exc)
        if not notification:
            self._id = 0
            log.info("notifications: asking in a window instead")
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
        try:
            self._service.close_notification(notification)
        except NotificationError as exc:
            log.warning("notifications: could not take the reminder back (%s)", exc)

    # -- what the desktop says ---------------------------------------------------------------

    def _action_invoked(self, notification: object, key: str) -> None:
        outcome = ACTIONS.get(key) if notification == self._id and self._id else None
        if outcome is not None:  # not the click on the text ("default"), which is no answer
            self._answer(outcome)

    def _notification_closed(self, notification: object, reason: object) -> None:
        if not self._id or notification != self._id:
            return
        if reason == DISMISSED:
            self._answer(ReminderOutcome.SKIPPED)
        else:  # it expired, or something else closed it: the scheduler's "missed" follows
            self._id = 0

    def _answer(self, outcome: ReminderOutcome) -> None:
        self._id = 0  # once per offer: a "closed" after the button press is no second answer
        self.chosen.emit(outcome)

    def _fallback(self) -> ReminderWindow:
        if self._window is None:
            self._window = ReminderWindow()
            self._window.chosen.connect(self.chosen.emit)
            self.destroyed.connect(self._window.deleteLater)
        return self._window
