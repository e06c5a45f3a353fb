"""The floor view: only the figure, the side, the countdown and the step under way, large enough
to read from two metres; by key, by button or from the settings, and never over a question or a
problem. Also how the session page's text grows with the window."""

from __future__ import annotations

import itertools
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from desktop_app.core.engine import State
from desktop_app.core.plan import Phase
from desktop_app.services.settings import Settings, save_settings
from desktop_app.ui.dialogs.settings_dialog import SettingsDialog
from desktop_app.ui.session.countdown_ring import CountdownRing
from desktop_app.ui.session.figure_view import FigureView
from tests.ui.conftest import run_for

READABLE = (QLabel, QPushButton, CountdownRing, FigureView)


def start(window, routine_id="big-three"):
    window.start_routine_id(routine_id)
    assert window.pages.currentWidget() is window.session


def shown(window) -> set[QWidget]:
    """Everything on the session page a user can read or press."""
    page = window.session
    return {w for w in page.findChildren(QWidget) if isinstance(w, READABLE) and w.isVisible()}


def test_the_floor_view_shows_the_figure_the_side_the_countdown_and_the_step(qtbot, window, clock):
    start(window)
    page, floor = window.session, window.session.floor
    run_for(window, clock, 20)  # holding the left side
    qtbot.keyClick(window, Qt.Key.Key_F)
    assert page.floor_view_shown
    assert shown(window) == {
        floor.figure,
        floor.side,
        floor.ring,
        floor.step_line,
        page.controls.floor_button,  # the way back for the mouse
    }
    step = window.host.driver.engine.current
    assert step.phase is Phase.HOLD
    assert floor.side.text() == "LEFT"
    assert floor.ring.text == page.ring.text
    assert floor.step_line.text() == step.stretch.instructions[-1]  # the one being done
    assert not page.figure.animating  # the hidden figure works out no frames
    window.host.driver.stop()


def test_the_floor_view_follows_the_session_in_the_sides_colour(qtbot, window, clock):
    start(window)
    floor = window.session.floor
    window.session.set_floor_view(True)
    engine = window.host.driver.engine
    while engine.current.phase is not Phase.SWITCH:
        run_for(window, clock, 1)
    run_for(window, clock, engine.current.duration)
    assert floor.side.text() == "RIGHT"
    colour = floor.side.palette().color(floor.side.foregroundRole())
    assert colour == window.session.side.palette().color(window.session.side.foregroundRole())
    assert floor.ring.text == window.session.ring.text
    window.host.driver.stop()


def test_F_and_the_button_toggle_the_floor_view(qtbot, window, clock):
    start(window)
    page = window.session
    button = page.controls.floor_button
    assert not page.floor_view_shown and not button.isChecked()
    assert button.accessibleName() == "Floor view" and "(F)" in button.toolTip()
    assert button.focusPolicy() is Qt.FocusPolicy.NoFocus
    qtbot.keyClick(window, Qt.Key.Key_F)
    assert page.floor_view_shown and button.isChecked() and button.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F)
    assert not page.floor_view_shown and not button.isChecked()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert page.floor_view_shown and button.isChecked()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not page.floor_view_shown and page.controls.pause_button.isVisible()
    window.host.driver.stop()


def test_the_session_keys_work_in_the_floor_view(qtbot, window, clock):
    start(window)
    engine = window.host.driver.engine
    qtbot.keyClick(window, Qt.Key.Key_F)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert engine.state is State.PAUSED
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.keyClick(window, Qt.Key.Key_Right)  # ready: the hold starts
    assert engine.current.phase is Phase.HOLD
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert engine.current.phase is Phase.PREPARE
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.host.driver.running


def test_the_setting_starts_sessions_in_the_floor_view(qtbot, make_window, paths, clock):
    save_settings(paths.settings_file, Settings(checkins=False, floor_view=True))
    window = make_window()
    start(window, "desk-break")
    assert window.session.floor_view_shown
    qtbot.keyClick(window, Qt.Key.Key_F)  # this session only
    window.host.driver.stop()
    window.show_home()
    start(window, "desk-break")
    assert window.session.floor_view_shown
    window.host.driver.stop()


def test_the_setting_is_chosen_in_the_session_tab_and_kept(qtbot, window, paths, make_window):
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(SettingsDialog)
    switch = dialog.session_tab.floor_view
    assert switch.text() == "Start sessions in the floor view" and not switch.isChecked()
    switch.setChecked(True)
    dialog.save()
    assert json.loads(paths.settings_file.read_text())["floor_view"] is True
    start(window, "desk-break")
    assert window.session.floor_view_shown
    window.close()
    again = make_window()
    assert again.settings.floor_view
    start(again, "desk-break")
    assert again.session.floor_view_shown
    again.host.driver.stop()


def test_a_bad_setting_is_said_in_one_line_and_the_page_stays_whole(make_window, paths):
    paths.settings_file.write_text('{"version": 1, "checkins": false, "floor_view": "yes"}')
    window = make_window()
    warning = window.banners[-1]
    assert 'floor_view = "yes" is not true or false; using false' in warning.body.text()
    assert not window.settings.floor_view
    start(window, "desk-break")
    assert not window.session.floor_view_shown
    window.host.driver.stop()


def test_a_question_comes_out_of_the_floor_view_until_it_is_answered(qtbot, window, clock):
    start(window, "thomas-self-test")
    page = window.session
    engine = window.host.driver.engine
    qtbot.keyClick(window, Qt.Key.Key_F)
    while engine.current.phase is not Phase.CHECK:
        run_for(window, clock, 1)
    assert not page.floor_view_shown
    assert page.question.isVisible() and page.question.text() == "What did your straight leg do?"
    answers = [b for b in page.answers.findChildren(QPushButton) if b.isVisible()]
    assert len(answers) == 4
    assert page.controls.floor_button.isChecked()  # still chosen: back after the answer
    qtbot.keyClick(window, Qt.Key.Key_3)
    assert engine.current.phase is Phase.SWITCH
    assert page.floor_view_shown
    window.host.driver.stop()
    [record] = window.host.history.keeper.store().records()
    assert record.steps[0].answer == "neither"


def test_a_note_stays_in_sight_in_the_floor_view(qtbot, window, clock):
    start(window)
    qtbot.keyClick(window, Qt.Key.Key_F)
    window.host.note.emit("voice", "No sound: aplay cannot play")
    notes = window.session.notes
    assert notes.isVisible() and "No sound" in notes.text()
    assert notes in shown(window)
    window.host.note.emit("voice", None)
    assert not notes.isVisible()
    window.host.driver.stop()


def test_only_the_figure_on_the_screen_moves(qtbot, window, clock):
    start(window)  # the figure moves into the pose while getting into position
    page = window.session
    run_for(window, clock, 0.5)
    assert page.figure.animating and not page.floor.figure.animating
    qtbot.keyClick(window, Qt.Key.Key_F)
    assert page.floor.figure.animating and not page.figure.animating
    qtbot.keyClick(window, Qt.Key.Key_F)
    assert page.figure.animating and not page.floor.figure.animating
    window.host.driver.stop()
    assert not page.figure.animating


def sizes_at(window, clock, width, height):
    window.resize(width, height)
    QApplication.processEvents()
    page = window.session
    return page.instructions.font().pixelSize(), page.floor.step_line.font().pixelSize()


def test_the_text_grows_with_the_window(qtbot, window, clock):
    start(window)
    run_for(window, clock, 20)
    small = sizes_at(window, clock, 800, 600)
    laptop = sizes_at(window, clock, 1280, 800)
    full_hd = sizes_at(window, clock, 1920, 1080)
    assert small < laptop < full_hd
    assert full_hd[0] >= 22  # body text, at the desk
    assert full_hd[1] >= 60  # the step, from the floor
    assert window.session.floor.side.font().pixelSize() >= 100
    window.host.driver.stop()


@pytest.mark.parametrize("floor", [False, True])
def test_nothing_is_cut_off_at_the_smallest_window(qtbot, window, clock, floor):
    start(window)
    run_for(window, clock, 20)
    window.session.set_floor_view(floor)
    window.resize(800, 600)
    QApplication.processEvents()
    page = window.session
    buttons = [b for b in page.controls.findChildren(QPushButton) if b.isVisible()]
    for button in buttons:  # every button whole, and inside the page
        assert button.width() >= button.sizeHint().width()
        place = button.mapTo(page, button.rect().bottomRight())
        assert page.rect().contains(place)
    if floor:
        parts = [page.floor.side, page.floor.ring, page.floor.step_line, page.controls]
        for above, below in itertools.pairwise(parts):
            bottom = above.mapTo(page, above.rect().bottomLeft()).y()
            assert bottom < below.mapTo(page, below.rect().topLeft()).y()
        line = page.floor.step_line
        assert line.height() >= line.heightForWidth(line.width())  # all its lines
    window.host.driver.stop()
