"""The Reminders page shows which reasons not to interrupt are checked here: the switch of one
that nothing on this desktop tells cannot be changed and says so, and keeps its saved value."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop_app.app import build_reminders
from desktop_app.core.clock import FakeClock
from desktop_app.core.reminders import Reason, ReminderRules
from desktop_app.services.desktop_state import DesktopState
from desktop_app.ui.dialogs.reminders_tab import NOT_HERE, RemindersTab
from desktop_app.ui.dialogs.settings_dialog import SettingsDialog
from desktop_app.ui.reminders.link import ReminderLink
from desktop_app.ui.reminders.reminder_window import ReminderWindow


class Answers:
    """A check that answers "not holding" (what a desktop's check says most of the time)."""

    name = "a check that answers"

    def __init__(self, reason: Reason) -> None:
        self.reason = reason

    def holds(self) -> bool:
        return False


def test_a_reason_not_checked_here_cannot_be_switched_and_says_why(qtbot):
    rules = ReminderRules(wait_for=frozenset({Reason.CAMERA, Reason.INHIBITOR}))
    tab = RemindersTab(rules, [], None, None, None, frozenset({Reason.INHIBITOR}))
    qtbot.addWidget(tab)
    inhibitor, camera = tab.waits[Reason.INHIBITOR], tab.waits[Reason.CAMERA]
    assert inhibitor.isEnabled() and not inhibitor.text().endswith(NOT_HERE)
    assert not inhibitor.toolTip()
    for reason in set(Reason) - {Reason.INHIBITOR}:
        box = tab.waits[reason]
        assert not box.isEnabled()
        assert box.text().endswith(" (not available here)")
        assert box.accessibleName().endswith(" (not available here)")
        assert "never waits" in box.toolTip()
    assert camera.isChecked()  # kept as saved, for a desktop where it is checked
    assert tab.rules().wait_for == rules.wait_for
    tab.enabled.setChecked(False)
    tab.enabled.setChecked(True)
    assert inhibitor.isEnabled() and not camera.isEnabled()


def test_where_the_checks_are_not_known_every_switch_can_be_changed(qtbot):
    tab = RemindersTab(ReminderRules(), [], None)
    qtbot.addWidget(tab)
    assert all(box.isEnabled() and not box.toolTip() for box in tab.waits.values())


@pytest.fixture
def checked(window, clock: FakeClock) -> Iterator[ReminderLink]:
    window.host.history.open()
    desktop = DesktopState(None, [Answers(Reason.MICROPHONE)], clock=clock)
    made = build_reminders(window, ReminderWindow, lambda: desktop, lambda: None)
    made.start()
    yield made
    made.stop()


def test_the_window_asks_the_reminders_what_is_checked_here(checked, window):
    window.open_settings()
    dialog = window.findChild(SettingsDialog)
    try:
        waits = dialog.reminders_tab.waits
        assert waits[Reason.MICROPHONE].isEnabled()
        assert not waits[Reason.CAMERA].isEnabled()
    finally:
        dialog.reject()
