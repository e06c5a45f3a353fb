"""The session page's words, from snapshots alone: no QApplication."""

from __future__ import annotations

import dataclasses

from desktop_app.core.clock import FakeClock
from desktop_app.core.engine import PauseReason, SessionEngine, State
from desktop_app.core.model import Kind, Position
from desktop_app.core.plan import Phase, build_plan
from desktop_app.core.snapshot import (
    PAUSED,
    PAUSED_HURT,
    Tint,
    caption_text,
    care_list,
    clock_text,
    floor_line,
    next_text,
    phase_title,
    ring_face,
    seconds_shown,
    side_label,
    take,
    total_left_text,
    where_text,
    words_text,
)
from tests.core.builders import routine, step, stretch, two_stretches


def started(plan):
    clock = FakeClock()
    engine = SessionEngine(plan, clock)
    engine.start()
    return engine, clock


def run_into(engine, clock, phase):
    """Tick the engine on, as the driver does, until its step is of `phase` (a long gap
    between ticks would read as the machine asleep)."""
    while engine.current is not None and engine.current.phase is not phase:
        clock.advance(min(0.1, engine.remaining() or 0.1))
        engine.tick()


def test_getting_into_position_names_the_stretch_its_place_and_what_comes_next():
    engine, clock = started(two_stretches())
    shot = take(engine, clock.now())
    assert shot.step.phase is Phase.PREPARE
    assert where_text(shot.routine_name, shot.step) == "Test  ·  stretch 1 of 2"
    assert phase_title(shot.step) == "GET INTO POSITION"
    # The left side is on the screen already: what follows it is the right side.
    assert next_text(shot) == "After that: A, right side"
    assert total_left_text(shot) == "0:39 left"
    assert side_label(shot) == "LEFT"
    assert ring_face(shot).tint is Tint.ACCENT  # not yet a side's work


def test_a_hold_counts_down_in_the_sides_colour_and_goes_still_when_paused():
    engine, clock = started(two_stretches())
    run_into(engine, clock, Phase.HOLD)
    clock.advance(2.5)
    shot = take(engine, clock.now())
    face = ring_face(shot)
    assert (face.big, face.small, face.tint, face.dimmed) == ("8", "seconds", Tint.SIDE, False)
    assert face.fraction == 0.75
    assert caption_text(shot) == ""
    engine.pause()
    paused = take(engine, clock.now() + 30)
    assert paused.state is State.PAUSED and ring_face(paused).dimmed
    assert caption_text(paused) == PAUSED
    assert paused.elapsed_at(clock.now() + 30) == paused.elapsed  # a still figure


def test_the_figure_moves_between_snapshots_while_running():
    engine, clock = started(two_stretches())
    shot = take(engine, clock.now())
    assert shot.elapsed_at(clock.now() + 1.5) == shot.elapsed + 1.5


def test_this_hurts_says_how_to_go_on():
    engine, clock = started(two_stretches())
    run_into(engine, clock, Phase.HOLD)
    engine.hurt()
    shot = take(engine, clock.now())
    assert shot.paused_for is PauseReason.HURT
    assert caption_text(shot) == PAUSED_HURT


def test_repetitions_show_the_rep_its_leg_and_the_tempo():
    dead_bug = stretch("bug", sided=False, kind=Kind.REPS, reps=4, tempo=5, alternate=True)
    plan = build_plan(routine(step(dead_bug, reps=4), prepare=2))
    engine, clock = started(plan)
    run_into(engine, clock, Phase.REPS)
    clock.advance(6)  # into the second rep
    shot = take(engine, clock.now())
    assert shot.rep is not None and shot.rep[0] == 2
    face = ring_face(shot)
    assert (face.big, face.small) == ("2", "of 4")
    assert face.fraction == 0.8
    assert caption_text(shot) == "Rep 2 of 4  ·  5 seconds each"
    assert side_label(shot) == shot.rep[1].value.upper()  # the leg of this rep
    assert words_text(shot) == dead_bug.words_for(shot.rep[1])


def test_a_question_waits_with_its_keys_and_no_countdown():
    check = stretch("check", kind=Kind.CHECK, position=Position.FLOOR)
    engine, clock = started(build_plan(routine(step(check))))
    run_into(engine, clock, Phase.CHECK)
    shot = take(engine, clock.now())
    assert shot.remaining is None
    assert ring_face(shot).big == "?"
    assert caption_text(shot) == "Press 1 to 2, or click an answer."


def test_the_last_stretch_says_the_end_comes_next_and_care_follows_the_phase():
    engine, clock = started(two_stretches())
    run_into(engine, clock, Phase.REST)
    shot = take(engine, clock.now())
    assert phase_title(shot.step) == "REST. NEXT UP:"
    assert side_label(shot) == ""
    assert next_text(shot) == "After that: the end"  # B is on the screen, the last stretch
    assert care_list(shot.step) == ("", ())


def test_the_countdown_digits():
    assert [seconds_shown(r) for r in (30.0, 29.99, 1.0, 0.2, 0.0)] == [30, 30, 1, 1, 0]
    assert [clock_text(s) for s in (59, 60, 125)] == ["59", "1:00", "2:05"]


def test_the_floor_line_is_the_instruction_under_way_or_what_the_step_is():
    engine, clock = started(two_stretches())
    assert floor_line(take(engine, clock.now())) == "Do it."  # its one instruction
    run_into(engine, clock, Phase.REST)
    assert floor_line(take(engine, clock.now())) == "Rest. Next up: B"
    wordless = dataclasses.replace(stretch("own", sided=False), instructions=())
    engine, clock = started(build_plan(routine(step(wordless))))
    assert floor_line(take(engine, clock.now())) == "Get into position: Own"
    run_into(engine, clock, Phase.HOLD)
    assert floor_line(take(engine, clock.now())) == "Hold: Own"
