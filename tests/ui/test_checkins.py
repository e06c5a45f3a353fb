"""The check-ins in the window: how the back feels before a session (one key or one tap, or
none) and after it, stored with the session; off in the settings, or for `supple start`."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop_app.core.records import Moment
from desktop_app.services.settings import Settings, save_settings
from desktop_app.ui.widgets.pain_scale import TEN_KEY
from tests.ui.conftest import run_for, run_to_end


@pytest.fixture
def window(make_window, paths):
    save_settings(paths.settings_file, Settings())  # as they come: check-ins on
    return make_window()


def stored(window):
    [record] = window.history.keeper.store().records()
    return record


def pains(window):
    record = stored(window)
    return record.pain(Moment.BEFORE), record.pain(Moment.AFTER)


def test_start_asks_first_and_one_key_answers_and_starts(qtbot, window, clock):
    window.home.select("desk-break")
    qtbot.mouseClick(window.home.start_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.checkin
    assert window.checkin.routine.text() == "Desk break"
    assert not window.driver.running
    qtbot.keyClick(window, Qt.Key.Key_6)
    assert window.pages.currentWidget() is window.session
    assert window.driver.running
    run_to_end(window, clock)
    assert pains(window) == (6, None)


def test_a_tap_answers_too_and_T_is_ten(qtbot, window, clock):
    window.start_routine_id("desk-break")
    qtbot.mouseClick(window.checkin.scale.group.button(3), Qt.MouseButton.LeftButton)
    window.driver.stop()
    assert pains(window) == (3, None)
    window.show_home()
    clock.advance(60)  # a minute later: the newest session is this one
    window.start_routine_id("desk-break")
    qtbot.keyClick(window, TEN_KEY)
    window.driver.stop()
    newest = window.history.keeper.store().records()[0]
    assert newest.pain(Moment.BEFORE) == 10


def test_enter_starts_without_an_answer_and_esc_goes_back(qtbot, window, clock):
    window.start_routine_id("desk-break")
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.home
    assert not window.driver.running
    window.start_routine_id("desk-break")
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert window.driver.running
    run_to_end(window, clock)
    assert stored(window).checkins == ()


def test_after_the_session_one_key_answers_and_a_second_replaces_it(qtbot, window, clock):
    window.start_routine_id("desk-break")
    qtbot.keyClick(window, Qt.Key.Key_7)
    run_to_end(window, clock)
    summary = window.summary
    assert window.pages.currentWidget() is summary and summary.checkin.isVisible()
    assert "you said 7" in summary.checkin_note.text()
    qtbot.keyClick(window, Qt.Key.Key_4)
    assert pains(window) == (7, 4)
    qtbot.keyClick(window, Qt.Key.Key_3)  # thought better of it
    assert pains(window) == (7, 3)
    assert summary.checkin_note.text() == "Saved: 7 before, 3 now."
    assert summary.scale.value == 3
    qtbot.keyClick(window, Qt.Key.Key_Return)  # home, as before
    assert window.pages.currentWidget() is window.home


def test_no_question_after_a_session_stopped_before_any_stretching(qtbot, window, clock):
    window.start_routine_id("desk-break")
    qtbot.keyClick(window, Qt.Key.Key_Return)
    run_for(window, clock, 1)  # still getting into position
    window.driver.stop()
    assert window.pages.currentWidget() is window.summary
    assert not window.summary.checkin.isVisible()


def test_a_new_question_starts_blank(qtbot, window, clock):
    window.start_routine_id("desk-break")
    qtbot.keyClick(window, Qt.Key.Key_2)
    run_to_end(window, clock)
    qtbot.keyClick(window, Qt.Key.Key_1)
    window.start_routine_id("desk-break")
    assert window.checkin.scale.value is None
    qtbot.keyClick(window, Qt.Key.Key_Return)
    run_to_end(window, clock)
    assert window.summary.scale.value is None
    assert "you said" not in window.summary.checkin_note.text()


def test_the_session_keys_and_the_scale_never_meet(qtbot, window, clock):
    """Digits answer a self-check in a session; on the check-in page they answer the scale,
    and Esc there goes home rather than stopping anything."""
    window.start_routine_id("thomas-self-test")
    assert not any(key.isEnabled() for key in window._session_keys)
    qtbot.keyClick(window, Qt.Key.Key_1)
    assert window.pages.currentWidget() is window.session
    assert window.driver.engine.current.phase.value == "prepare"  # 1 was no answer here
    window.driver.stop()
    assert pains(window) == (1, None)


def test_switched_off_in_the_settings_start_goes_straight_in(make_window, paths, clock):
    save_settings(paths.settings_file, Settings(checkins=False))
    window = make_window()
    window.start_routine_id("desk-break")
    assert window.pages.currentWidget() is window.session
    run_to_end(window, clock)
    assert not window.summary.checkin.isVisible()


def test_supple_start_goes_straight_in_and_still_asks_after(window, clock):
    window.open(window.routine("desk-break"))  # as `supple start desk-break` does
    assert window.pages.currentWidget() is window.session
    run_to_end(window, clock)
    assert window.summary.checkin.isVisible()
    assert window.summary.checkin_note.text() == ""  # no "before" to remind of
