"""The reminder prompt: the window's buttons and keys, the choice between the desktop's
notifications and the window, and the notification itself, for real, on a private D-Bus with a
fake notification service.

The fake service is this file run as a script (`python -m tests.ui.test_reminder_prompt`): a
QObject exported with typed slots and signals, so Qt checks the D-Bus types both ways just as a
GLib-based service would (a Notify with an int32 id finds no method). The test talks to it
through a control object on the same service: what it was asked, and which signal to send.
Nothing waits on the clock: "no answer" is checked by having the service send a later signal,
a NotificationClosed of no notification, and waiting for the prompt's connection to get it,
since one service's signals arrive in order.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtDBus import QDBus, QDBusConnection, QDBusMessage
from PySide6.QtWidgets import QApplication

from desktop_app import APP_ID, APP_NAME
from desktop_app.core.reminders import ReminderOutcome
from desktop_app.ui.reminders.notification import NotificationPrompt
from desktop_app.ui.reminders.prompt import make_prompt
from desktop_app.ui.reminders.reminder_window import ReminderWindow
from desktop_app.ui.shell.application import make_application
from tests.dbus_bus import private_bus, read_line

SERVICE = "org.freedesktop.Notifications"
DBUS = "org.freedesktop.DBus"
PATH = "/org/freedesktop/Notifications"
CONTROL_PATH = "/control"
CONTROL = "io.github.supple.FakeNotifications"

# Qt raises a tool window as it shows it; the offscreen platform cannot, and says so.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise", extend=True)

# -- the fake notification service (runs in its own process) ----------------------------------


@ClassInfo({"D-Bus Interface": SERVICE})
class FakeNotifications(QObject):
    ActionInvoked = Signal("uint", str)
    NotificationClosed = Signal("uint", "uint")

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[dict[str, Any]] = []
        self.last_id = 40

    @Slot(result="QStringList")
    def GetCapabilities(self) -> list[str]:
        return ["actions", "body"]

    @Slot(str, "uint", str, str, str, "QStringList", "QVariantMap", int, result="uint")
    def Notify(self, *arguments: Any) -> int:
        names = ("app", "replaces", "icon", "summary", "body", "actions", "hints", "timeout")
        call = {"method": "Notify", **dict(zip(names, arguments, strict=True))}
        if not call["replaces"]:
            self.last_id += 1
        call["id"] = call["replaces"] or self.last_id
        self.calls.append(call)
        return int(call["id"])

    @Slot("uint")
    def CloseNotification(self, notification: int) -> None:
        self.calls.append({"method": "CloseNotification", "id": notification})
        self.NotificationClosed.emit(notification, 3)  # as the spec says: closed by a call


@ClassInfo({"D-Bus Interface": CONTROL})
class Control(QObject):
    def __init__(self, fake: FakeNotifications, bus: QDBusConnection) -> None:
        super().__init__()
        self.fake = fake
        self.bus = bus

    @Slot(result=str)
    def TakeCalls(self) -> str:
        calls, self.fake.calls = self.fake.calls, []
        return json.dumps(calls)

    @Slot(int, str)
    def Act(self, notification: int, key: str) -> None:
        self.fake.ActionInvoked.emit(notification, key)

    @Slot(int, int)
    def Close(self, notification: int, reason: int) -> None:
        self.fake.NotificationClosed.emit(notification, reason)

    @Slot()
    def Ping(self) -> None:
        self.fake.NotificationClosed.emit(0, 0)  # about no notification: a marker

    @Slot(bool)
    def Present(self, present: bool) -> None:
        """Take the service's name off the bus and back: a notification daemon that died."""
        if present:
            self.bus.registerService(SERVICE)
        else:
            self.bus.unregisterService(SERVICE)


def serve() -> int:
    app = QCoreApplication([])
    bus = QDBusConnection.sessionBus()
    fake = FakeNotifications()
    control = Control(fake, bus)
    exported = (
        QDBusConnection.RegisterOption.ExportAllSlots
        | QDBusConnection.RegisterOption.ExportAllSignals
    )
    if not (
        bus.registerObject(PATH, fake, exported)
        and bus.registerObject(CONTROL_PATH, control, exported)
        and bus.registerService(SERVICE)
    ):
        print(f"failed: {bus.lastError().message()}", flush=True)
        return 1
    print("ready", flush=True)
    return app.exec()


# -- the window ----------------------------------------------------------------------------


@pytest.fixture
def window(qtbot) -> ReminderWindow:
    make_application()
    made = ReminderWindow()
    qtbot.addWidget(made)
    return made


def answers(prompt: Any) -> list[ReminderOutcome]:
    got: list[ReminderOutcome] = []
    prompt.chosen.connect(got.append)
    return got


@pytest.mark.parametrize(
    ("button", "outcome"),
    [
        ("start_button", ReminderOutcome.STARTED),
        ("snooze_button", ReminderOutcome.SNOOZED),
        ("skip_button", ReminderOutcome.SKIPPED),
    ],
)
def test_each_button_answers_once(qtbot, window, button, outcome):
    got = answers(window)
    window.offer("Desk break", 10)
    assert window.isVisible()
    qtbot.mouseClick(getattr(window, button), Qt.MouseButton.LeftButton)
    assert got == [outcome]
    assert not window.isVisible()
    getattr(window, button).click()  # a late second click is no second answer
    window.close()
    assert got == [outcome]


@pytest.mark.parametrize(
    ("key", "outcome"),
    [
        (Qt.Key.Key_Return, ReminderOutcome.STARTED),
        (Qt.Key.Key_Enter, ReminderOutcome.STARTED),
        (Qt.Key.Key_Escape, ReminderOutcome.SKIPPED),
    ],
)
def test_enter_starts_and_esc_skips(qtbot, window, key, outcome):
    got = answers(window)
    window.offer("Desk break", 10)
    modifier = (
        Qt.KeyboardModifier.KeypadModifier
        if key is Qt.Key.Key_Enter
        else Qt.KeyboardModifier.NoModifier
    )
    qtbot.keyClick(window, key, modifier)
    qtbot.keyClick(window, key, modifier)
    assert got == [outcome]


def test_enter_on_a_focused_button_presses_that_button(qtbot, window):
    got = answers(window)
    window.offer("Desk break", 10)
    qtbot.keyClick(window.snooze_button, Qt.Key.Key_Return)
    assert got == [ReminderOutcome.SNOOZED]


def test_closing_the_window_skips(window):
    got = answers(window)
    window.offer("Desk break", 10)
    window.close()
    assert got == [ReminderOutcome.SKIPPED]
    assert not window.isVisible()


def test_withdraw_hides_it_without_an_answer_and_it_can_ask_again(window):
    got = answers(window)
    window.offer("Desk break", 10)
    window.withdraw()
    window.withdraw()  # idempotent
    assert not window.isVisible()
    window.close()  # closing a hidden window is no answer either
    assert got == []
    window.offer("Desk break", 10)
    assert window.isVisible()
    window.skip_button.click()
    assert got == [ReminderOutcome.SKIPPED]


def test_it_says_what_and_for_how_long(window):
    window.offer("Desk break", 15)
    assert window.heading.text() == "Time to stand up and stretch"
    assert "Desk break" in window.body.text()
    assert window.start_button.text() == "Start desk break"
    assert window.snooze_button.text() == "Snooze 15 min"
    assert window.snooze_button.accessibleName() == "Snooze for 15 minutes"
    assert window.skip_button.text() == "Skip"


def test_every_control_has_a_name_and_start_is_the_default(window):
    window.offer("Desk break", 10)
    assert window.accessibleName()
    assert "Desk break" in window.accessibleDescription()
    for button in (window.start_button, window.snooze_button, window.skip_button):
        assert button.accessibleName()
    assert window.start_button.isDefault()
    assert window.focusWidget() is window.start_button


def test_it_sits_in_the_bottom_right_corner_on_top_without_taking_the_keys(window):
    window.offer("Desk break", 10)
    area = window.screen().availableGeometry()
    frame = window.geometry()
    assert area.contains(frame)
    assert frame.right() > area.center().x()
    assert frame.bottom() > area.center().y()
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert window.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    assert QApplication.activeWindow() is not window


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_it_paints_in_both_schemes(window, monkeypatch, scheme):
    monkeypatch.setenv("SUPPLE_COLOR_SCHEME", scheme)
    make_application()  # the palette and style sheet for the scheme
    window.offer("Desk break", 10)
    assert not window.grab().isNull()


# -- choosing between them ----------------------------------------------------------------


def test_without_a_session_bus_the_window_asks(qtbot):
    make_application()
    prompt = make_prompt(None, address="unix:path=/nonexistent/supple/bus")
    assert isinstance(prompt, ReminderWindow)
    qtbot.addWidget(prompt)


@pytest.mark.parametrize("address", [None, "unix:path=/nonexistent/supple/bus"])
def test_the_session_bus_is_the_default(qtbot, monkeypatch, address):
    make_application()
    if address is None:
        monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    else:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    prompt = make_prompt(None)
    assert isinstance(prompt, ReminderWindow)
    qtbot.addWidget(prompt)


# -- the notification, on a private bus ----------------------------------------------------


@pytest.fixture(scope="module")
def bus_address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A private session bus that activates nothing, with the fake service on it."""
    with private_bus(tmp_path_factory.mktemp("bus")) as address:
        service = subprocess.Popen(
            [sys.executable, "-m", "tests.ui.test_reminder_prompt"],
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parents[2],
            env={**os.environ, "DBUS_SESSION_BUS_ADDRESS": address},
        )
        try:
            assert service.stdout is not None
            assert read_line(service.stdout, "the fake notification service") == "ready"
            yield address
        finally:
            service.terminate()
            service.wait(timeout=10)
            assert service.stdout is not None
            service.stdout.close()


class Fake:
    """The test's handle on the fake service, over a connection of the test's own. It speaks
    to the service's unique name, which stays while the service's own name comes and goes."""

    def __init__(self, bus: QDBusConnection, qtbot: Any) -> None:
        self.bus = bus
        self.qtbot = qtbot
        [self.owner] = self._call(DBUS, "/org/freedesktop/DBus", DBUS, "GetNameOwner", SERVICE)

    def _call(self, service: str, path: str, interface: str, method: str, *arguments: Any):
        message = QDBusMessage.createMethodCall(service, path, interface, method)
        message.setArguments(list(arguments))
        reply = self.bus.call(message, QDBus.CallMode.Block, 5000)
        assert reply.type() is QDBusMessage.MessageType.ReplyMessage, reply.errorMessage()
        return list(reply.arguments())

    def call(self, method: str, *arguments: Any) -> list[Any]:
        return self._call(self.owner, CONTROL_PATH, CONTROL, method, *arguments)

    def calls(self) -> list[dict[str, Any]]:
        return json.loads(self.call("TakeCalls")[0])

    def settle(self, prompt: NotificationPrompt) -> None:
        """Wait until every signal the service sent so far has reached the prompt."""
        with self.qtbot.waitSignal(
            prompt._service.closed, timeout=5000, check_params_cb=lambda *args: args == (0, 0)
        ):
            self.call("Ping")


@pytest.fixture
def bus(bus_address: str, request: pytest.FixtureRequest) -> Iterator[QDBusConnection]:
    # A named connection: QDBusConnection.sessionBus() keeps the address it first saw.
    name = f"supple-test-{request.node.name}"
    connection = QDBusConnection.connectToBus(bus_address, name)
    assert connection.isConnected(), connection.lastError().message()
    yield connection
    QDBusConnection.disconnectFromBus(name)


@pytest.fixture
def fake(bus: QDBusConnection, qtbot) -> Fake:
    return Fake(bus, qtbot)


@pytest.fixture
def prompt(bus_address: str, fake: Fake) -> Iterator[NotificationPrompt]:
    make_application()
    made = make_prompt(None, address=bus_address)
    assert isinstance(made, NotificationPrompt)
    fake.calls()  # from an earlier test's prompt
    yield made
    made.withdraw()
    made.deleteLater()


def offered(prompt: NotificationPrompt, fake: Fake, minutes: int = 10) -> dict[str, Any]:
    prompt.offer("Desk break", minutes)
    [notify] = fake.calls()
    assert notify["method"] == "Notify"
    return notify


def test_with_a_notification_service_the_factory_picks_it(prompt):
    assert isinstance(prompt, NotificationPrompt)


def test_the_notification_asks_the_question_with_three_buttons(prompt, fake):
    notify = offered(prompt, fake, minutes=15)
    assert notify["app"] == APP_NAME
    assert notify["replaces"] == 0
    assert notify["icon"].endswith("supple.svg") or notify["icon"] == APP_ID
    assert notify["summary"] == "Time to stand up and stretch"
    assert "Desk break" in notify["body"]
    assert notify["actions"] == [
        "start",
        "Start desk break",
        "snooze",
        "Snooze 15 min",
        "skip",
        "Skip",
    ]
    assert notify["hints"]["desktop-entry"] == APP_ID
    assert notify["timeout"] > 0


@pytest.mark.parametrize(
    ("key", "outcome"),
    [
        ("start", ReminderOutcome.STARTED),
        ("snooze", ReminderOutcome.SNOOZED),
        ("skip", ReminderOutcome.SKIPPED),
    ],
)
def test_a_button_on_the_notification_answers_once(qtbot, prompt, fake, key, outcome):
    notification = offered(prompt, fake)["id"]
    got = answers(prompt)
    with qtbot.waitSignal(prompt.chosen, timeout=5000) as signal:
        fake.call("Act", notification, key)
    assert signal.args == [outcome]
    fake.call("Close", notification, 2)  # the desktop then closes it: no second answer
    fake.settle(prompt)
    assert got == [outcome]


def test_closing_the_notification_skips(qtbot, prompt, fake):
    notification = offered(prompt, fake)["id"]
    with qtbot.waitSignal(prompt.chosen, timeout=5000) as signal:
        fake.call("Close", notification, 2)
    assert signal.args == [ReminderOutcome.SKIPPED]


def test_a_notification_that_expired_answers_nothing(prompt, fake):
    notification = offered(prompt, fake)["id"]
    got = answers(prompt)
    fake.call("Close", notification, 1)
    fake.call("Act", notification, "start")  # gone: a late button press is ignored too
    fake.settle(prompt)
    assert got == []


def test_signals_about_other_notifications_are_ignored(prompt, fake):
    notification = offered(prompt, fake)["id"]
    got = answers(prompt)
    fake.call("Act", notification + 100, "start")
    fake.call("Close", notification + 100, 2)
    fake.call("Act", notification, "default")  # a click on its text is no answer
    fake.settle(prompt)
    assert got == []


def test_withdraw_closes_the_notification_and_answers_nothing(prompt, fake):
    notification = offered(prompt, fake)["id"]
    got = answers(prompt)
    prompt.withdraw()
    prompt.withdraw()  # idempotent: one call
    assert fake.calls() == [{"method": "CloseNotification", "id": notification}]
    fake.call("Close", notification, 2)  # late news of it is no answer
    fake.settle(prompt)
    assert got == []


def test_a_new_offer_takes_the_open_one_back_first(prompt, fake):
    first = offered(prompt, fake)["id"]
    prompt.offer("Desk break", 10)
    close, notify = fake.calls()
    assert close == {"method": "CloseNotification", "id": first}
    # Not replaced in place: a service restarted meanwhile may have given that id to another
    # program's notification.
    assert (notify["method"], notify["replaces"]) == ("Notify", 0)
    assert notify["id"] != first


def test_signals_from_another_sender_are_ignored(prompt, fake, bus):
    notification = offered(prompt, fake)["id"]
    got = answers(prompt)
    # Another program on the bus says our notification was closed: not the service's word.
    forged = QDBusMessage.createSignal(PATH, SERVICE, "NotificationClosed")
    forged.setArguments([notification, 2])
    assert bus.send(forged)
    fake.settle(prompt)
    assert got == []


def test_when_the_notification_fails_the_window_asks_instead(qtbot, prompt, fake):
    got = answers(prompt)
    fake.call("Present", False)  # the notification daemon died
    try:
        prompt.offer("Desk break", 10)
    finally:
        fake.call("Present", True)
    window = prompt._window
    assert window is not None
    qtbot.addWidget(window)
    assert window.isVisible()
    window.snooze_button.click()
    assert got == [ReminderOutcome.SNOOZED]
    # The next offer goes to the notification again.
    offered(prompt, fake)
    assert not window.isVisible()


if __name__ == "__main__":
    sys.exit(serve())
