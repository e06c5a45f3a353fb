"""The check-ins in the window: how the back feels before a session (one key or one tap, or
none) and after it, stored with the session; off in the settings, or for `supple start`."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.core.records import Moment
from desktop_app.services.settings import Settings, save_settings
from desktop_app.ui.session.pain_scale import KEY_GRACE, TEN_KEY, key_hint
from tests.ui.conftest import run_for, run_to_end


@pytest.fixture
def window(make_window, paths):
    save_settings(paths.settings_file, Settings())  # as they come: check-ins on
    return make_window()


def press(qtbot, window, clock, key):
    """A key for the scale, past the grace a new question gives."""
    clock.advance(KEY_GRACE)
    qtbot.keyClick(window, key)


def stored(window):
    [record] = window.host.history.keeper.store().records()
    return record


def pains(window):
    record = stored(window)
    return record.pain(Moment.BEFORE), record.pain(Moment.AFTER)


def test_start_asks_first_and_one_key_answers_and_starts(qtbot, window, clock):
    window.home.select("desk-break")
    qtbot.mouseClick(window.home.start_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.checkin
    assert window.checkin.routine.text() == "Desk break"
    assert not window.host.driver.running
    press(qtbot, window, clock, Qt.Key.Key_6)
    assert window.pages.currentWidget() is window.session
    assert window.host.driver.running
    run_to_end(window, clock)
    assert pains(window) == (6, None)


def test_a_tap_answers_too_and_T_is_ten(qtbot, window, clock):
    window.start_routine_id("desk-break")
    qtbot.mouseClick(window.checkin.scale.group.button(3), Qt.MouseButton.LeftButton)
    window.host.driver.stop()
    assert pains(window) == (3, None)
    window.show_home()
    clock.advance(60)  # a minute later: the newest session is this one
    window.start_routine_id("desk-break")
    press(qtbot, window, clock, TEN_KEY)
    window.host.driver.stop()
    newest = window.host.history.keeper.store().records()[0]
    assert newest.pain(Moment.BEFORE) == 10


def test_enter_starts_without_an_answer_and_esc_goes_back(qtbot, window, clock):
    window.start_routine_id("desk-break")
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.home
    assert not window.host.driver.running
    window.start_routine_id("desk-break")
    qtbot.keyClick(window, Qt.Key.Key_Return)
    assert window.host.driver.running
    run_to_end(window, clock)
    assert stored(window).checkins == ()


def focus_and_enter(qtbot, window, button):
    """Tab to `button` and press Enter, as the keyboard does: to the widget with the focus."""
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def test_enter_presses_the_button_tab_chose_on_the_question_and_the_summary(qtbot, window, clock):
    window.start_routine_id("desk-break")
    focus_and_enter(qtbot, window, window.checkin.back_button)
    assert window.pages.currentWidget() is window.home and not window.host.driver.running
    window.start_routine_id("desk-break")
    qtbot.keyClick(window, Qt.Key.Key_Return)  # no button chosen: start without answering
    run_to_end(window, clock)
    focus_and_enter(qtbot, window, window.summary.history_button)
    assert window.pages.currentWidget() is window.history_page


def test_after_the_session_one_key_answers_and_a_second_replaces_it(qtbot, window, clock):
    window.start_routine_id("desk-break")
    press(qtbot, window, clock, Qt.Key.Key_7)
    run_to_end(window, clock)
    summary = window.summary
    assert window.pages.currentWidget() is summary and summary.checkin.isVisible()
    assert "you said 7" in summary.checkin_note.text()
    press(qtbot, window, clock, Qt.Key.Key_4)
    assert pains(window) == (7, 4)
    press(qtbot, window, clock, Qt.Key.Key_3)  # thought better of it
    assert pains(window) == (7, 3)
    assert summary.checkin_note.text() == "Saved: 7 before, 3 now."
    assert summary.scale.value == 3
    qtbot.keyClick(window, Qt.Key.Key_Return)  # home, as before
    assert window.pages.currentWidget() is window.home


def test_no_question_after_a_session_stopped_before_any_stretching(qtbot, window, clock):
    window.start_routine_id("desk-break")
    qtbot.keyClick(window, Qt.Key.Key_Return)
    run_for(window, clock, 1)  # still getting into position
    window.host.driver.stop()
    assert window.pages.currentWidget() is window.summary
    assert not window.summary.checkin.isVisible()


def test_a_new_question_starts_blank(qtbot, window, clock):
    window.start_routine_id("desk-break")
    press(qtbot, window, clock, Qt.Key.Key_2)
    run_to_end(window, clock)
    press(qtbot, window, clock, Qt.Key.Key_1)
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
    press(qtbot, window, clock, Qt.Key.Key_1)
    assert window.pages.currentWidget() is window.session
    assert window.host.driver.engine.current.phase.value == "prepare"  # 1 was no answer here
    window.host.driver.stop()
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
    assert window.summary.checkin_note.text() == key_hint()  # no "before" to remind of: the keys


def test_a_key_in_the_first_second_of_a_question_is_not_taken_for_an_answer(qtbot, window, clock):
    window.start_routine_id("desk-break")
    qtbot.keyClick(window, Qt.Key.Key_5)  # meant for what came before
    assert window.pages.currentWidget() is window.checkin
    press(qtbot, window, clock, Qt.Key.Key_4)
    run_to_end(window, clock)
    qtbot.keyClick(window, Qt.Key.Key_9)  # still pressing, as the summary appears
    assert window.summary.scale.value is None
    press(qtbot, window, clock, Qt.Key.Key_2)
    assert pains(window) == (4, 2)


def test_after_the_thomas_test_alone_nothing_is_asked(qtbot, window, clock):
    """A self-check is a test, not a stretch: there is no "after" to ask about."""
    window.start_routine_id("thomas-self-test")
    press(qtbot, window, clock, Qt.Key.Key_3)
    engine = window.host.driver.engine
    for answer in ("lifts", "unsure"):
        while engine.current.phase.value != "check":
            run_for(window, clock, 1)
        window.session.answered.emit(answer)
    assert window.pages.currentWidget() is window.summary
    assert not window.summary.checkin.isVisible()
    assert pains(window) == (3, None)


def test_no_question_after_when_supple_quits_as_the_session_ends(window, clock):
    window.quit_when_done = True  # `supple start ROUTINE --quit-when-done`: nobody to answer
    window.open(window.routine("desk-break"))
    run_to_end(window, clock)
    assert not window.summary.checkin.isVisible()


def whole(button, scale) -> bool:
    """Is the button drawn whole: at its least height, and inside what shows of the scale?"""
    corner = button.mapTo(scale.window(), button.rect().bottomRight())
    return button.height() >= button.minimumHeight() and scale.window().rect().contains(corner)


def test_every_answer_shows_whole_at_800_by_600_with_the_notice_above(qtbot, window, clock):
    window.resize(800, 600)
    assert any(banner.isVisible() for banner in window.banners)  # the first-run notice
    window.start_routine_id("desk-break")
    qtbot.wait_until(lambda: window.checkin.scale.width() < 800)
    assert all(whole(b, window.checkin.scale) for b in window.checkin.scale.group.buttons())
    press(qtbot, window, clock, Qt.Key.Key_5)
    run_to_end(window, clock)
    scale = window.summary.scale
    assert scale.isVisible()
    # The page scrolls rather than squash the question: each button at its full height, and
    # the last, 10, not cut at the card's edge.
    assert all(b.height() >= b.minimumHeight() for b in scale.group.buttons())
    ten = scale.group.button(10)
    assert ten.mapTo(scale, ten.rect().topRight()).x() < scale.width()
