"""The figure in the session view: it shows the side the screen and the voice name, moves with
the session's clock, and its frame timer runs only while a session runs on screen."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.core.engine import State
from desktop_app.core.figure_motion import frame_at
from desktop_app.core.model import Side
from desktop_app.core.plan import Phase
from desktop_app.ui.session.figure_view import FRAME_MS, SLOW_FRAME_MS
from tests.ui.conftest import run_for, run_to_end


def start(qtbot, window, routine_id):
    window.home.select(routine_id)
    qtbot.mouseClick(window.home.start_button, Qt.MouseButton.LeftButton)


def expected_drawing(window):
    engine = window.host.driver.engine
    step = engine.current
    return frame_at(step, engine.elapsed()), step


def test_the_figure_follows_the_session_and_agrees_with_the_side_label(qtbot, window, clock):
    start(qtbot, window, "big-three")
    view = window.session
    seen = set()
    while window.host.driver.armed is not None and len(seen) < 4:
        run_for(window, clock, 0.5)
        frame, step = expected_drawing(window)
        if step is None or frame is None:
            continue
        assert view.figure.drawing == frame.drawing(step.stretch.figure)
        label = view.side.text()
        if label:
            assert frame.mirrored is (label == "LEFT")
            seen.add((step.stretch.id, label))
    assert ("half-kneeling-hip-flexor", "LEFT") in seen
    assert ("half-kneeling-hip-flexor", "RIGHT") in seen


def test_the_figure_moves_while_getting_into_position(qtbot, window, clock):
    start(qtbot, window, "big-three")
    figure = window.session.figure
    first = figure.drawing
    run_for(window, clock, 1.5)
    assert window.host.driver.engine.current.phase is Phase.PREPARE
    assert figure.drawing != first


def test_the_dead_bug_lowers_the_leg_the_screen_names(qtbot, window, clock):
    start(qtbot, window, "full-lower-back")
    engine = window.host.driver.engine
    while engine.current is not None and engine.current.phase is not Phase.REPS:
        window.host.driver.skip()
    tempo = engine.current.tempo
    for rep in range(1, 5):
        run_for(window, clock, tempo / 2 if rep == 1 else tempo)  # the middle of each rep
        frame, _step = expected_drawing(window)
        label = window.session.side.text()
        assert frame.swapped is (label == "LEFT")
        assert label == engine.current_rep()[1].value.upper()
        assert window.session.figure.drawing == frame.drawing(engine.current.stretch.figure)
    window.host.driver.stop()


def test_the_frame_timer_runs_only_while_a_session_runs_on_screen(qtbot, window, clock):
    figure = window.session.figure
    assert not figure.animating  # home page, no session
    start(qtbot, window, "desk-break")
    assert figure.animating
    window.host.driver.pause()
    assert window.host.driver.engine.state is State.PAUSED
    assert not figure.animating
    paused = figure.drawing
    clock.advance(5)
    window.session.show_snapshot(window.host.snapshot())
    assert figure.drawing == paused  # a paused session is a still figure
    window.host.driver.resume()
    assert figure.animating
    run_for(window, clock, window.host.driver.engine.current.duration)
    assert window.host.driver.engine.current.phase is Phase.HOLD
    assert not figure.animating  # a breath goes at the session's own fifths of a second
    window.host.driver.back()  # into position again: moving
    assert figure.animating
    window.hide()
    assert not figure.animating
    with qtbot.waitExposed(window):
        window.show()
    assert figure.animating
    run_to_end(window, clock)
    assert not figure.animating


def test_a_slow_ease_gets_fewer_frames_than_a_repetition(qtbot, window, clock):
    start(qtbot, window, "desk-break")  # a standing stretch, eased into slowly
    figure = window.session.figure
    run_for(window, clock, 2.0)
    assert window.host.driver.engine.current.phase is Phase.PREPARE and figure.animating
    assert figure.frame_ms == SLOW_FRAME_MS
    window.host.driver.stop()
    window.show_home()
    start(qtbot, window, "full-lower-back")
    engine = window.host.driver.engine
    while engine.current is not None and engine.current.phase is not Phase.REPS:
        window.host.driver.skip()
    run_for(window, clock, engine.current.tempo / 4)  # a leg on its way down
    assert figure.animating and figure.frame_ms == FRAME_MS
    window.host.driver.stop()


def test_a_stretch_without_a_figure_shows_the_placeholder(qtbot, window, clock, paths):
    (paths.routines_dir / "mine.toml").write_text(
        'name = "Mine"\n[[step]]\nstretch = "neck-roll"\n'
        '[[stretch]]\nid = "neck-roll"\nname = "Neck roll"\nposition = "seated"\n'
        'instructions = ["Roll the head slowly."]\n',
        encoding="utf-8",
    )
    window.reload()
    start(qtbot, window, "mine")
    figure = window.session.figure
    assert figure.drawing is None
    assert not figure.animating
    assert "Seated" in figure.accessibleName()
    image = figure.grab()
    assert not image.isNull()
    window.host.driver.stop()


def test_the_side_shown_matches_the_mirror_for_both_sides(qtbot, window, clock):
    start(qtbot, window, "big-three")
    engine = window.host.driver.engine
    sides = []
    while engine.current is not None and len(sides) < 2:
        step = engine.current
        if step.phase is Phase.HOLD:
            window.session.show_snapshot(window.host.snapshot())
            assert window.session.figure.drawing == frame_at(step, engine.elapsed()).drawing(
                step.stretch.figure
            )
            sides.append(step.side)
        window.host.driver.skip()
    assert sides == [Side.LEFT, Side.RIGHT]
    window.host.driver.stop()


def test_a_breath_repaints_only_round_the_limbs_that_move_and_is_kept(
    qtbot, window, clock, monkeypatch
):
    start(qtbot, window, "big-three")
    engine = window.host.driver.engine
    while engine.current.phase is not Phase.HOLD:
        run_for(window, clock, 0.5)
    figure = window.session.figure
    window.session.repaint()  # the whole frame on screen, as after any full paint
    regions = []
    monkeypatch.setattr(figure, "update", lambda *area: regions.append(area))
    run_for(window, clock, 1.5)  # a quarter of a breath: the chest and the arms rise
    painted = [area[0] for area in regions if area]
    assert painted, "the breath was repainted"
    assert not any(area == () for area in regions), "never the whole card for a breath"
    whole = figure.rect()
    legs = [c for c in figure.drawing.chains if c.name.endswith("_leg")]
    for area in painted:
        assert whole.contains(area) and area != whole
    first = figure.drawing
    run_for(window, clock, 6.0)  # one breath later: the same moment, kept, not worked out
    assert figure.drawing is first
    assert legs and all(c in figure.drawing.chains for c in legs)
