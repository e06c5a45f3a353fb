"""Random plans driven by random pause, resume, skip, back, answer and stop at random times."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.clock import FakeClock
from desktop_app.core.engine import (
    SLEEP_GAP,
    EndReason,
    EventKind,
    SessionEngine,
    State,
)
from desktop_app.core.model import Kind, Position, Sides
from desktop_app.core.plan import Phase, build_plan
from tests.core.builders import routine, step, stretch

K = EventKind
seconds = st.integers(min_value=0, max_value=40).map(lambda tenths: tenths / 4)
positive = st.integers(min_value=4, max_value=120).map(lambda tenths: tenths / 4)


@st.composite
def plans(draw, *, checks=True):
    kinds = [Kind.HOLD, Kind.REPS, Kind.CHECK] if checks else [Kind.HOLD, Kind.REPS]
    steps = []
    for number in range(draw(st.integers(min_value=1, max_value=4))):
        kind = draw(st.sampled_from(kinds))
        if kind is Kind.REPS:
            s = stretch(
                f"r{number}",
                sided=False,
                kind=kind,
                alternate=draw(st.booleans()),
                reps=draw(st.integers(1, 5)),
                tempo=draw(positive),
            )
            steps.append(step(s, repeat=draw(st.integers(1, 2))))
        else:
            s = stretch(
                f"h{number}",
                sided=draw(st.booleans()),
                kind=kind,
                position=draw(st.sampled_from(list(Position))),
            )
            sides = draw(st.sampled_from(list(Sides))) if s.sided else Sides.BOTH
            steps.append(step(s, sides=sides, repeat=draw(st.integers(1, 2))))
    r = routine(
        *steps, hold=draw(positive), prepare=draw(seconds), switch=draw(seconds), rest=draw(seconds)
    )
    return build_plan(r)


# Waits between commands: often none at all (two commands at once), sometimes long enough to
# look like the machine slept.
waits = st.integers(min_value=0, max_value=int(SLEEP_GAP * 10) - 1).map(lambda t: t / 10) | st.just(
    SLEEP_GAP * 6
)
actions = st.lists(
    st.tuples(
        waits,
        st.sampled_from(
            ["tick", "tick", "tick", "pause", "resume", "skip", "back", "answer", "hurt"]
        ),
    ),
    max_size=60,
)


def drive(plan, script):
    """Run the script, then stop; return the engine, the events and the running time as the
    driver saw it (it knows when it paused and resumed; the engine says when it ended)."""
    clock = FakeClock()
    engine = SessionEngine(plan, clock)
    events = engine.start()
    running_since, running_time = clock.now(), 0.0
    for wait, action in [*script, (0.1, "stop")]:
        clock.advance(wait)
        was_running = engine.state is State.RUNNING
        if action == "answer":
            new = engine.tick()
            current = engine.current
            if current is not None and current.phase is Phase.CHECK:
                new += engine.answer(current.stretch.answers[0].id)
        else:
            new = getattr(engine, action)()
        events += new
        if was_running and engine.state is not State.RUNNING:
            # A sleep pauses the session as of the last tick: the engine says when that was.
            end = next(e.due for e in new if e.kind in (K.PAUSED, K.SESSION_FINISHED))
            running_time += end - running_since
        elif not was_running and engine.state is State.RUNNING:
            running_since = clock.now()
        if engine.state is State.FINISHED:
            break
    return engine, events, running_time


@settings(max_examples=300, deadline=None)
@given(plans(), actions)
def test_random_sessions_stay_consistent(plan, script):
    engine, events, running_time = drive(plan, script)

    # Events come in time order and the session ends exactly once, last.
    dues = [e.due for e in events]
    assert dues == sorted(dues)
    assert events[0].kind is K.SESSION_STARTED
    assert [e.kind for e in events].count(K.SESSION_FINISHED) == 1
    assert events[-1].kind is K.SESSION_FINISHED
    assert engine.state is State.FINISHED

    # Every started step finishes exactly once before the next one starts.
    open_step = None
    for e in events:
        if e.kind is K.STEP_STARTED:
            assert open_step is None
            open_step = e.step
        elif e.kind is K.STEP_FINISHED:
            if open_step is None:  # "this hurts" ends the rest of its side, never begun
                assert e.reason is EndReason.HURT and e.held == 0
            else:
                assert e.step == open_step
            open_step = None
        elif e.kind in (K.HALFWAY, K.COUNTDOWN, K.REP_STARTED, K.REP_COUNTED):
            assert e.step == open_step
    assert open_step is None

    # Time held equals the time the clock ran while a step was current and not paused.
    finished = [e for e in events if e.kind is K.STEP_FINISHED]
    assert sum(e.held for e in finished) == _approx(running_time)
    for e in finished:
        assert e.held >= -1e-9
        if e.reason is EndReason.COMPLETED and e.step.duration is not None:
            assert e.held == _approx(e.step.duration)


@settings(max_examples=200, deadline=None)
@given(plans(checks=False), st.lists(st.integers(1, int(SLEEP_GAP * 10) - 1), max_size=400))
def test_the_events_do_not_depend_on_when_the_ticks_come(plan, gaps):
    """However unevenly the window ticks, the same events fall due at the same times."""

    def events_with(ticks):
        clock = FakeClock()
        engine = SessionEngine(plan, clock)
        events = engine.start()
        for tick in ticks:
            clock.advance(tick)
            events += engine.tick()
        while engine.state is not State.FINISHED:
            clock.advance(0.5)
            events += engine.tick()
        return [(e.kind, round(e.due, 6), e.step and e.step.index, e.number) for e in events]

    assert events_with([g / 10 for g in gaps]) == events_with([0.1] * 10)


@settings(max_examples=200, deadline=None)
@given(plans(checks=False), st.lists(st.tuples(seconds, positive), max_size=8))
def test_pauses_shift_the_end_by_exactly_the_paused_time(plan, pauses):
    clock = FakeClock()
    engine = SessionEngine(plan, clock)
    events = engine.start()
    paused_total = 0.0
    for run_for, pause_for in pauses:
        clock.advance(min(run_for, 4.9))
        events += engine.pause()
        if engine.state is not State.PAUSED:
            break
        clock.advance(pause_for)
        paused_total += pause_for
        events += engine.resume()
    while engine.state is not State.FINISHED:
        clock.advance(0.25)
        events += engine.tick()
    end = next(e for e in events if e.kind is K.SESSION_FINISHED)
    assert end.due - 1000 == _approx(plan.total_seconds + paused_total)


def _approx(value):
    return pytest.approx(value, abs=1e-6)
