"""'This hurts': the side under way ends at once, with whatever was left of it, and the session
waits, paused, for the user to go on."""

from __future__ import annotations

import pytest

from desktop_app.core.engine import EndReason, EventKind, PauseReason, SessionEngine, State
from desktop_app.core.model import Kind, Position, Side
from desktop_app.core.plan import Phase, build_plan
from tests.core.builders import routine, step, stretch

K = EventKind


def engine_for(clock, *steps, **timing):
    return SessionEngine(build_plan(routine(*steps, **timing), start=Position.STANDING), clock)


def run_to(engine, clock, phase, side=None, seconds_in=0.0):
    """Tick until the step of `phase` (and `side`) has run `seconds_in` seconds."""
    for _ in range(10_000):
        step = engine.current
        there = step.phase is phase and (side is None or step.side is side)
        if there and engine.elapsed() >= seconds_in - 1e-9:
            return
        clock.advance(0.1)
        engine.tick()
    raise AssertionError("never got there")


def ended(events):
    return [
        (e.step.phase, e.step.side, e.reason, round(e.held, 6))
        for e in events
        if e.kind is K.STEP_FINISHED
    ]


def test_in_a_hold_the_side_ends_and_the_next_waits_paused(clock):
    engine = engine_for(clock, step(stretch()))  # prepare 4, hold 10, switch 2, hold 10
    engine.start()
    run_to(engine, clock, Phase.HOLD, Side.LEFT, 3)
    events = engine.hurt()
    assert ended(events) == [(Phase.HOLD, Side.LEFT, EndReason.HURT, 3.0)]
    assert [e.kind for e in events] == [K.STEP_FINISHED, K.STEP_STARTED, K.SWITCH_SIDES, K.PAUSED]
    assert events[-1].pause is PauseReason.HURT
    assert engine.state is State.PAUSED and engine.current.phase is Phase.SWITCH
    clock.advance(120)  # the user lies still for two minutes: nothing runs meanwhile
    assert engine.tick() == []
    assert engine.remaining() == pytest.approx(2)
    resumed = engine.resume()
    assert resumed[0].kind is K.RESUMED
    clock.advance(2)
    assert engine.tick()[-1].step.phase is Phase.HOLD  # the right side, in full


def test_in_a_lead_in_the_side_it_leads_to_ends_too(clock):
    engine = engine_for(clock, step(stretch()))
    engine.start()
    clock.advance(1)
    engine.tick()
    events = engine.hurt()
    assert ended(events) == [
        (Phase.PREPARE, Side.LEFT, EndReason.HURT, 1.0),
        (Phase.HOLD, Side.LEFT, EndReason.HURT, 0.0),
    ]
    # The hold never began: no STEP_STARTED for it.
    assert [e.step.phase for e in events if e.kind is K.STEP_STARTED] == [Phase.SWITCH]


def test_a_self_checks_question_ends_with_its_hold(clock):
    check = stretch("check", kind=Kind.CHECK)
    engine = engine_for(clock, step(check), prepare=0, switch=0)
    engine.start()
    run_to(engine, clock, Phase.HOLD, Side.LEFT, 2)
    events = engine.hurt()
    assert ended(events) == [
        (Phase.HOLD, Side.LEFT, EndReason.HURT, 2.0),
        (Phase.CHECK, Side.LEFT, EndReason.HURT, 0.0),
    ]
    assert engine.current.phase is Phase.HOLD and engine.current.side is Side.RIGHT
    assert engine.state is State.PAUSED


@pytest.mark.parametrize("kind", [Kind.HOLD, Kind.CHECK])
def test_nothing_happens_where_no_stretch_is_under_way(clock, kind):
    """In a rest after a hold, or at a self-check's question."""
    first = stretch("first", kind=kind, sided=False)
    engine = engine_for(clock, step(first), step(stretch("b", sided=False)), prepare=0)
    engine.start()
    phase = Phase.CHECK if kind is Kind.CHECK else Phase.REST
    run_to(engine, clock, phase)
    assert engine.hurt() == []
    assert engine.state is State.RUNNING and engine.current.phase is phase


def test_the_last_side_hurting_ends_the_session(clock):
    engine = engine_for(clock, step(stretch(sided=False)), prepare=0)
    engine.start()
    clock.advance(4)
    events = engine.hurt()
    assert [e.kind for e in events] == [K.STEP_FINISHED, K.SESSION_FINISHED]
    assert engine.state is State.FINISHED


def test_while_paused_it_ends_the_side_and_stays_paused(clock):
    engine = engine_for(clock, step(stretch()))
    engine.start()
    run_to(engine, clock, Phase.HOLD, Side.LEFT, 5)
    engine.pause()
    clock.advance(30)
    events = engine.hurt()
    assert ended(events) == [(Phase.HOLD, Side.LEFT, EndReason.HURT, 5.0)]
    assert events[-1].kind is K.PAUSED and events[-1].pause is PauseReason.HURT
    assert engine.state is State.PAUSED and engine.elapsed() == 0


def test_before_start_and_after_the_end_it_does_nothing(clock):
    engine = engine_for(clock, step(stretch(sided=False)), prepare=0)
    assert engine.hurt() == []
    engine.start()
    engine.stop()
    assert engine.hurt() == []


def test_pressed_again_in_its_pause_it_ends_nothing_more(clock):
    """Someone in pain may press twice: the side after is left for them to decide on."""
    engine = engine_for(clock, step(stretch()))
    engine.start()
    run_to(engine, clock, Phase.HOLD, Side.LEFT, 3)
    engine.hurt()
    assert engine.paused_for is PauseReason.HURT
    assert engine.hurt() == []
    assert engine.current.phase is Phase.SWITCH and engine.current.side is Side.RIGHT
    engine.resume()
    assert engine.paused_for is None
    clock.advance(1)
    assert ended(engine.hurt()) == [
        (Phase.SWITCH, Side.RIGHT, EndReason.HURT, 1.0),
        (Phase.HOLD, Side.RIGHT, EndReason.HURT, 0.0),
    ]


def test_a_users_pause_says_why_too(clock):
    engine = engine_for(clock, step(stretch()))
    engine.start()
    engine.pause()
    assert engine.paused_for is PauseReason.USER
