"""A whole session through the real window: Start, then no click to the end; the keys and the
buttons; the summary; back home. Time is a fake clock, advanced tick by tick."""

from __future__ import annotations

import html

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from desktop_app.app import build_window
from desktop_app.core.cues import length_words
from desktop_app.core.engine import SessionStatus, State
from desktop_app.core.history_stats import summarize_history
from desktop_app.core.plan import Phase
from desktop_app.core.snapshot import PAUSED_HURT
from desktop_app.core.summary import WorkOutcome
from desktop_app.ui.shell.application import make_application
from tests.ui.conftest import run_for, run_to_end
from tests.ui.fakes import FakeSpeech


def start(qtbot, window, routine_id):
    window.home.select(routine_id)
    qtbot.mouseClick(window.home.start_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.session


def key(qtbot, window, which):
    qtbot.keyClick(window, which)


def media_key(window, which):
    # QTest cannot name a media key's text and warns; a press and release with no text is
    # what a keyboard sends.
    for action in (QTest.KeyAction.Press, QTest.KeyAction.Release):
        QTest.sendKeyEvent(action, window, which, "", Qt.KeyboardModifier.NoModifier)


def test_start_then_no_click_to_the_summary_and_back_home(qtbot, window, clock):
    start(qtbot, window, "desk-break")
    plan = window.host.driver.engine.plan
    seen_sides = []
    while window.host.driver.armed is not None:
        run_for(window, clock, 1.0)
        if window.session.side.text():
            seen_sides.append(window.session.side.text())
    assert window.pages.currentWidget() is window.summary
    summary = window.host.driver.summary()
    # Three stretches, each side done.
    assert summary.count(WorkOutcome.DONE) == 6 and summary.count(WorkOutcome.SKIPPED) == 0
    assert summary.seconds == pytest.approx(plan.total_seconds)
    assert {"LEFT", "RIGHT"} <= set(seen_sides)
    assert "Session complete" in window.summary.heading.text()
    key(qtbot, window, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.home


def test_the_screen_follows_the_plan(qtbot, window, clock):
    start(qtbot, window, "big-three")
    view = window.session
    assert view.phase.text().startswith("GET INTO POSITION")
    assert view.stretch_name.text() == "Half-kneeling hip flexor stretch"
    assert view.side.text() == "LEFT"
    assert "Left knee down" in view.words.text()
    assert view.where.text().endswith("stretch 1 of 3")
    assert view.coming.full_text == "After that: Half-kneeling hip flexor stretch, right side"
    lead_in = window.host.driver.engine.current.duration
    assert view.ring.text == str(round(lead_in))
    run_for(window, clock, lead_in)
    assert view.phase.text() == "HOLD"
    assert view.ring.text == "30"
    assert view.coming.full_text == "Next: Half-kneeling hip flexor stretch, right side"
    run_for(window, clock, 0.999)
    assert view.ring.text == "30"
    run_for(window, clock, 0.001)  # the digit changes on the whole second, not a tick later
    assert view.ring.text == "29"
    run_for(window, clock, 29)
    assert view.phase.text() == "SWITCH SIDES"
    assert view.side.text() == "RIGHT"


def test_safety_shows_while_getting_into_position_and_mistakes_while_holding(qtbot, window, clock):
    start(qtbot, window, "big-three")
    view = window.session
    stretch = window.host.driver.engine.current.stretch
    assert view.care.text().startswith("<b>Take care</b>")
    assert "folded towel under the kneeling knee" in view.care.text()
    assert "Arching the lower back" not in view.care.text()
    run_for(window, clock, window.host.driver.engine.current.duration)
    assert view.care.text().startswith("<b>Watch for</b>")
    assert all(html.escape(mistake) in view.care.text() for mistake in stretch.mistakes)
    window.host.driver.skip()
    assert view.phase.text() == "SWITCH SIDES" and "Take care" in view.care.text()
    window.host.driver.stop()


def test_the_current_instruction_is_marked(qtbot, window, clock):
    start(qtbot, window, "big-three")
    view = window.session
    first = view.instructions.accessibleDescription()
    assert first.startswith("Step 1:")
    run_for(window, clock, window.host.driver.engine.current.duration)
    assert view.instructions.accessibleDescription().startswith("Step 4:")


def test_repetitions_show_the_count_tempo_and_leg(qtbot, window, clock):
    start(qtbot, window, "iliopsoas")
    engine = window.host.driver.engine
    while engine.current.phase is not Phase.REPS:
        key(qtbot, window, Qt.Key.Key_Right)
    view = window.session
    assert view.caption.text() == "Rep 1 of 10  ·  6 seconds each"
    assert view.ring.text == "1" and view.side.text() == "LEFT"
    run_for(window, clock, 6)
    assert view.ring.text == "2" and view.side.text() == "RIGHT"


def test_space_pauses_and_resumes_and_the_clock_stops_meanwhile(qtbot, window, clock):
    start(qtbot, window, "desk-break")
    run_for(window, clock, 2)
    key(qtbot, window, Qt.Key.Key_Space)
    assert window.host.driver.engine.state is State.PAUSED
    assert window.host.driver.armed is None  # no timer while paused
    assert window.session.controls.pause_button.accessibleName() == "Resume"
    left = window.host.driver.engine.remaining()
    clock.advance(60)
    assert window.host.driver.engine.remaining() == left
    key(qtbot, window, Qt.Key.Key_Space)
    assert window.host.driver.engine.state is State.RUNNING
    assert window.session.controls.pause_button.accessibleName() == "Pause"


def test_right_skips_left_goes_back_escape_stops(qtbot, window, clock):
    start(qtbot, window, "big-three")
    engine = window.host.driver.engine
    key(qtbot, window, Qt.Key.Key_Right)  # ready: the hold starts now
    assert engine.current.phase is Phase.HOLD
    run_for(window, clock, 10)
    key(qtbot, window, Qt.Key.Key_Left)  # back to the start of this hold
    assert engine.current.phase is Phase.HOLD and engine.current.side.value == "left"
    assert engine.remaining() == engine.current.duration
    run_for(window, clock, 12)
    key(qtbot, window, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.summary
    summary = window.host.driver.summary()
    assert "Session stopped" in window.summary.heading.text()
    assert summary.results[0].outcome is WorkOutcome.STOPPED
    assert summary.results[0].held == pytest.approx(10 + 12)
    assert window.host.driver.armed is None


def test_left_in_a_hold_says_it_again_briefly_and_the_record_keeps_both_holds(
    qtbot, make_window, clock
):
    speech = FakeSpeech()
    window = make_window(speech=speech)
    start(qtbot, window, "big-three")
    engine = window.host.driver.engine
    key(qtbot, window, Qt.Key.Key_Right)  # ready: the left hold starts now
    hold = engine.current
    run_for(window, clock, 20)
    said_before = len(speech.said)
    key(qtbot, window, Qt.Key.Key_Left)
    assert engine.current is hold and engine.remaining() == hold.duration
    assert window.session.phase.text() == "HOLD"
    assert [cue.text for cue in speech.said[said_before:]] == [
        f"Again: left side, {length_words(hold.duration)}."
    ]
    run_to_end(window, clock)
    [record] = window.host.history.keeper.store().records()
    first = record.steps[0]
    assert (first.stretch_id, first.side.value, first.completed) == (hold.stretch.id, "left", True)
    assert first.held_seconds == pytest.approx(20 + hold.duration)  # the 20 s held before Back too
    assert record.info.held_seconds == pytest.approx(sum(s.held_seconds for s in record.steps))


def test_media_keys_drive_the_session(qtbot, window, clock):
    start(qtbot, window, "big-three")
    engine = window.host.driver.engine
    media_key(window, Qt.Key.Key_MediaNext)
    assert engine.current.phase is Phase.HOLD
    media_key(window, Qt.Key.Key_MediaPause)
    assert engine.state is State.PAUSED
    media_key(window, Qt.Key.Key_MediaPause)  # pause twice stays paused
    assert engine.state is State.PAUSED
    media_key(window, Qt.Key.Key_MediaPlay)
    assert engine.state is State.RUNNING
    media_key(window, Qt.Key.Key_MediaTogglePlayPause)
    assert engine.state is State.PAUSED
    media_key(window, Qt.Key.Key_MediaPrevious)
    assert engine.current.phase is Phase.PREPARE
    media_key(window, Qt.Key.Key_MediaStop)
    assert engine.state is State.FINISHED


def test_the_buttons_do_what_the_keys_do(qtbot, window, clock):
    start(qtbot, window, "big-three")
    controls = window.session.controls
    engine = window.host.driver.engine
    qtbot.mouseClick(controls.skip_button, Qt.MouseButton.LeftButton)
    assert engine.current.phase is Phase.HOLD
    qtbot.mouseClick(controls.pause_button, Qt.MouseButton.LeftButton)
    assert engine.state is State.PAUSED
    qtbot.mouseClick(controls.pause_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(controls.back_button, Qt.MouseButton.LeftButton)
    assert engine.current.phase is Phase.PREPARE
    qtbot.mouseClick(controls.stop_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.summary


def test_every_control_has_an_accessible_name_and_never_takes_the_focus(window):
    controls = window.session.controls
    buttons = [
        controls.back_button,
        controls.pause_button,
        controls.skip_button,
        controls.stop_button,
    ]
    assert [b.accessibleName() for b in buttons] == ["Back", "Pause", "Skip", "Stop"]
    assert all(b.focusPolicy() is Qt.FocusPolicy.NoFocus for b in buttons)
    assert window.home.start_button.accessibleName() == "Start routine"


def test_session_keys_are_off_outside_a_session(qtbot, window, clock):
    keys = window._session_keys
    assert not any(shortcut.isEnabled() for shortcut in keys)
    start(qtbot, window, "desk-break")
    assert all(shortcut.isEnabled() for shortcut in keys)
    key(qtbot, window, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.summary
    assert not any(shortcut.isEnabled() for shortcut in keys)


def test_a_new_session_starts_with_pause_not_resume(qtbot, window, clock):
    start(qtbot, window, "desk-break")
    key(qtbot, window, Qt.Key.Key_Space)
    key(qtbot, window, Qt.Key.Key_Escape)
    key(qtbot, window, Qt.Key.Key_Return)
    start(qtbot, window, "desk-break")
    assert window.session.controls.pause_button.accessibleName() == "Pause"


def test_a_session_after_one_stopped_at_its_first_step_shows_its_own_step(window, clock):
    # Both first steps are step 0: the page once took the new one for the one it had drawn.
    window.start_routine_id("big-three")
    run_for(window, clock, 1)
    window.host.stop()
    window.show_home()
    window.start_routine_id("desk-break")
    page, step = window.session, window.host.driver.engine.current
    assert page.where.text().startswith("Desk break")
    assert page.stretch_name.text() == step.stretch.name != "Half-kneeling hip flexor stretch"
    assert page.instructions.text().count("<li") == len(step.stretch.instructions)
    assert page.figure.drawing is not None  # the new stretch's figure, drawn afresh


def test_the_one_play_key_pauses_and_resumes(qtbot, window, clock):
    start(qtbot, window, "desk-break")
    media_key(window, Qt.Key.Key_MediaPlay)
    assert window.host.driver.engine.state is State.PAUSED
    media_key(window, Qt.Key.Key_MediaPlay)
    assert window.host.driver.engine.state is State.RUNNING
    window.host.driver.stop()


def test_a_self_check_waits_for_an_answer_given_by_key(qtbot, window, clock):
    start(qtbot, window, "thomas-self-test")
    engine = window.host.driver.engine
    answers = engine.plan.steps[-1].stretch.answers
    for side, answer_key in (("left", Qt.Key.Key_1), ("right", Qt.Key.Key_2)):
        while engine.current.phase is not Phase.CHECK:
            run_for(window, clock, 1)
        assert engine.current.side.value == side
        assert window.host.driver.armed is None  # waiting for the answer: no timer
        buttons = window.session.answers.findChildren(QPushButton)
        assert [b.accessibleName() for b in buttons if b.isVisible()] == [a.label for a in answers]
        clock.advance(600)  # as long as it takes
        key(qtbot, window, answer_key)
    run_to_end(window, clock)
    summary = window.host.driver.summary()
    assert [r.answer for r in summary.results] == [answers[0].id, answers[1].id]
    assert window.pages.currentWidget() is window.summary


def test_closing_the_window_stops_the_session_and_keeps_what_was_done(qtbot, window, clock):
    start(qtbot, window, "desk-break")
    run_for(window, clock, 20)
    window.close()
    assert window.host.driver.engine.state is State.FINISHED
    assert window.host.driver.armed is None


def test_the_F11_key_toggles_full_screen(qtbot, window):
    key(qtbot, window, Qt.Key.Key_F11)
    assert window.isFullScreen()
    key(qtbot, window, Qt.Key.Key_F11)
    assert not window.isFullScreen()


def test_alternating_legs_say_which_leg(qtbot, window, clock):
    start(qtbot, window, "iliopsoas")
    engine = window.host.driver.engine
    while engine.current.phase is not Phase.REPS:
        key(qtbot, window, Qt.Key.Key_Right)
    assert window.session.words.text() == "Lower your left leg."
    run_for(window, clock, 6)
    assert window.session.words.text() == "Lower your right leg."


def test_H_ends_the_side_that_hurts_and_waits_for_the_user(qtbot, window, clock):
    start(qtbot, window, "big-three")
    engine = window.host.driver.engine
    controls = window.session.controls
    while engine.current.phase is not Phase.HOLD:
        run_for(window, clock, 1)
    assert controls.hurt_button.isEnabled()
    run_for(window, clock, 4)
    key(qtbot, window, Qt.Key.Key_H)
    assert engine.state is State.PAUSED and engine.current.phase is Phase.SWITCH
    assert window.host.driver.armed is None  # nothing runs while the user recovers
    assert window.session.caption.text() == PAUSED_HURT
    assert controls.pause_button.accessibleName() == "Resume"
    assert not controls.hurt_button.isEnabled()  # pressed again, it would end the next side
    key(qtbot, window, Qt.Key.Key_H)
    assert engine.current.phase is Phase.SWITCH
    key(qtbot, window, Qt.Key.Key_Space)
    assert controls.hurt_button.isEnabled()
    assert engine.state is State.RUNNING
    assert window.session.caption.text() != PAUSED_HURT
    window.host.driver.stop()
    [left, *_rest] = window.host.driver.summary().results
    assert (left.outcome, round(left.held)) == (WorkOutcome.HURT, 4)
    [record] = window.host.history.keeper.store().records()
    assert record.steps[0].hurt and not record.steps[0].completed


def test_the_hurts_button_is_off_where_no_stretch_is_under_way(qtbot, window, clock):
    start(qtbot, window, "thomas-self-test")
    engine = window.host.driver.engine
    button = window.session.controls.hurt_button
    assert button.isEnabled()  # getting into position
    while engine.current.phase is not Phase.CHECK:
        run_for(window, clock, 1)
    assert not button.isEnabled()
    key(qtbot, window, Qt.Key.Key_H)
    assert engine.current.phase is Phase.CHECK and engine.state is State.RUNNING
    window.host.driver.stop()


def test_a_self_checks_answers_are_big_buttons_in_the_countdowns_place(qtbot, window, clock):
    start(qtbot, window, "thomas-self-test")
    engine = window.host.driver.engine
    session = window.session
    while engine.current.phase is not Phase.CHECK:
        run_for(window, clock, 1)
    assert not session.ring.isVisible() and session.asking.isVisible()
    assert session.question.text() == "What did your straight leg do?"
    buttons = [b for b in session.answers.findChildren(QPushButton) if b.isVisible()]
    assert buttons[0].text().replace("\n", " ") == "1 It lifted off the floor"  # 1 or 2 lines
    assert all(b.minimumHeight() >= 5 * 13 for b in buttons)
    qtbot.mouseClick(buttons[2], Qt.MouseButton.LeftButton)  # "It stayed flat and straight"
    assert engine.current.side.value == "right" and engine.current.phase is Phase.SWITCH
    assert session.ring.isVisible() and not session.asking.isVisible()
    while engine.current.phase is not Phase.CHECK:
        run_for(window, clock, 1)
    right = [b for b in session.answers.findChildren(QPushButton) if b.isVisible()]
    qtbot.mouseClick(right[0], Qt.MouseButton.LeftButton)
    run_to_end(window, clock)
    [record] = window.host.history.keeper.store().records()
    assert [(s.side.value, s.answer) for s in record.steps] == [
        ("left", "neither"),
        ("right", "lifts"),
    ]


def test_the_keys_work_in_a_session_opened_straight_away(qtbot, paths, clock):
    # As `supple start ROUTINE` does: the session is the first page the window ever builds.
    make_application()
    window = build_window(paths, clock)
    qtbot.addWidget(window)
    window.open(window.routine("desk-break"))
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    assert not any(banner.isVisible() for banner in window.banners)  # the notice waits
    run_for(window, clock, 3)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert window.host.driver.engine.state is State.PAUSED
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.host.driver.running
    window.close()
    window.host.history.close()


def test_the_summary_shows_every_stretch_where_there_is_room(qtbot, window, clock):
    window.resize(1280, 800)
    window.banners[0].button.click()  # the notice read: the page has the window's height
    window.start_routine_id("full-lower-back")
    run_to_end(window, clock)
    results = window.summary.results
    qtbot.waitUntil(lambda: results.visibleRegion().boundingRect().height() > 0)
    assert results.text().count("<tr>") == 6
    # All of the list shows, none of it scrolled away, and its card no taller than it.
    assert results.visibleRegion().boundingRect().height() == results.height()
    assert window.summary._results_card.height() <= results.height() + 4


def test_a_routine_skipped_through_is_not_called_complete_nor_counted(qtbot, make_window, clock):
    speech = FakeSpeech()
    window = make_window(speech=speech)
    start(qtbot, window, "big-three")
    while window.host.driver.running:  # Right, again and again, a moment apart
        clock.advance(0.4)
        key(qtbot, window, Qt.Key.Key_Right)
    assert window.pages.currentWidget() is window.summary
    assert window.summary.heading.text() == "Nothing held"
    assert window.summary.note.isVisibleTo(window.summary)
    assert "does not count toward your streak" in window.summary.note.text()
    assert speech.said[-1].text == "End of the routine. Nothing was held, so it is not counted."
    assert not any("Well done" in cue.text for cue in speech.said)
    [record] = window.host.history.keeper.store().records()
    assert record.info.status is SessionStatus.STOPPED  # one of the documented values
    assert record.info.steps_completed == 0 and not record.info.held_anything
    today = clock.wall().date()
    assert summarize_history([record.info], today).streak == 0


def test_a_routine_run_to_its_end_says_so_and_no_note(qtbot, window, clock):
    start(qtbot, window, "desk-break")
    run_to_end(window, clock)
    assert window.summary.heading.text() == "Session complete"
    assert not window.summary.note.isVisibleTo(window.summary)


@pytest.mark.parametrize("size", [(800, 600), (1280, 800)])
def test_a_self_checks_answers_are_equally_wide(qtbot, window, clock, size):
    window.resize(*size)
    start(qtbot, window, "thomas-self-test")
    engine = window.host.driver.engine
    while engine.current.phase is not Phase.CHECK:
        run_for(window, clock, 1)
    buttons = [b for b in window.session.answers.findChildren(QPushButton) if b.isVisible()]
    assert len(buttons) >= 3
    widths = [b.width() for b in buttons]
    assert max(widths) - min(widths) <= 1, widths  # an odd pixel left over goes to one
    assert len({b.height() for b in buttons}) == 1
    for button in buttons:  # each answer whole, on one line or two
        lines = button.text().split("\n")[1:]
        assert " ".join(lines) == button.accessibleName()
        widest = max(button.fontMetrics().horizontalAdvance(line) for line in lines)
        assert widest < button.width()
    window.host.driver.stop()
