"""One fold of the engine's events: the summary screen and the history's writes read the same
sessions the same way, side by side, whatever the user pressed and when."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings

from desktop_app.core.clock import FakeClock
from desktop_app.core.engine import SessionEngine
from desktop_app.core.model import Kind, Position, Side
from desktop_app.core.plan import Phase, build_plan
from desktop_app.core.recorder import Began, Ended, SessionRecorder, StepEnded
from desktop_app.core.summary import WorkOutcome, summarize
from tests.core.builders import routine, run, step, stretch
from tests.core.test_engine_properties import actions, drive, plans

FLAGS = {  # (completed, skipped, hurt) of a step record, by the summary's outcome
    WorkOutcome.DONE: (True, False, False),
    WorkOutcome.SKIPPED: (False, True, False),
    WorkOutcome.HURT: (False, False, True),
    WorkOutcome.STOPPED: (False, False, False),
}


def writes_of(plan, events, clock):
    recorder = SessionRecorder(plan, clock, "s1")
    return [write for event in events for write in recorder.feed(event)]


def assert_they_agree(plan, events, clock):
    summary = summarize(plan, events)
    writes = writes_of(plan, events, clock)
    [began] = [w for w in writes if isinstance(w, Began)]
    assert began.session.steps_planned == len(summary.results)
    last = {w.step.seq: w.step for w in writes if isinstance(w, StepEnded)}  # the later replace
    for seq, result in enumerate(summary.results):
        record = last.get(seq)
        if result.outcome is WorkOutcome.NOT_REACHED:
            assert record is None
            continue
        assert record is not None
        assert (record.stretch_id, record.side, record.kind, record.round) == (
            result.stretch.id,
            result.side,
            result.kind,
            result.round,
        )
        assert (record.completed, record.skipped, record.hurt) == FLAGS[result.outcome]
        assert record.held_seconds == round(result.held, 3)
        assert record.planned_seconds == result.planned
        assert record.answer == result.answer
        assert record.reps_planned == result.reps_planned
        assert record.reps_done == (result.reps_done if result.kind is Kind.REPS else None)
    ended = [w for w in writes if isinstance(w, Ended)]
    assert [e.status for e in ended] == ([summary.status] if summary.status else [])


@settings(max_examples=300, deadline=None)
@given(plans(), actions)
def test_the_summary_and_the_history_agree_on_any_session(plan, script):
    _engine, events, _running = drive(plan, script)
    assert_they_agree(plan, events, FakeClock())


@settings(max_examples=200, deadline=None)
@given(plans(), actions)
def test_no_time_held_is_lost_from_the_record(plan, script):
    """Whatever Back did, a side's record keeps every second held in it: at the end, the
    record's time is all the time the clock ran in holds and repetitions."""
    _engine, events, _running = drive(plan, script)
    work = (Phase.HOLD, Phase.REPS)
    ran = sum(e.held for e in events if e.step is not None and e.step.phase in work and e.held)
    assert summarize(plan, events).held_seconds == pytest.approx(ran, abs=1e-6)


@settings(max_examples=100, deadline=None)
@given(plans(), actions)
def test_they_agree_at_every_moment_of_a_session(plan, script):
    """The driver asks for the summary while the session runs; the recorder writes as it goes."""
    _engine, events, _running = drive(plan, script)
    for end in range(1, len(events), max(1, len(events) // 8)):
        assert_they_agree(plan, events[:end], FakeClock())


def test_a_side_done_again_after_its_answer_forgets_the_answer(clock):
    check = stretch("t", kind=Kind.CHECK, position=Position.SEATED)
    plan = build_plan(routine(step(check), hold=10, prepare=2, switch=4))
    engine = SessionEngine(plan, clock)
    events = engine.start() + run(engine, clock, 12)
    assert engine.current.phase is Phase.CHECK
    events += engine.answer("yes")  # on to the right side's switch
    events += engine.back()  # back to the left side, to do it again
    events += run(engine, clock, 3) + engine.stop()
    left = summarize(plan, events).results[0]
    assert (left.side, left.outcome, left.answer) == (Side.LEFT, WorkOutcome.STOPPED, None)
    assert_they_agree(plan, events, clock)


class SetRightClock(FakeClock):
    """A clock whose wall time can be set right (NTP, say) while a session runs."""

    correction = timedelta()

    def wall(self):
        return super().wall() + self.correction


def test_an_answer_written_later_keeps_the_time_its_hold_ended():
    clock = SetRightClock()
    check = stretch("t", sided=False, kind=Kind.CHECK, position=Position.SEATED)
    plan = build_plan(routine(step(check), hold=10, prepare=0))
    engine = SessionEngine(plan, clock)
    recorder = SessionRecorder(plan, clock, "s1")
    started = clock.wall()
    writes = [w for e in engine.start() + run(engine, clock, 10) for w in recorder.feed(e)]
    clock.correction = timedelta(minutes=3)
    events = run(engine, clock, 7) + engine.answer("no")  # the user thinks it over
    writes += [w for e in events for w in recorder.feed(e)]
    held, answered = [w.step for w in writes if isinstance(w, StepEnded)]
    assert (held.answer, answered.answer) == (None, "no")
    assert held.ended_at == answered.ended_at == started + timedelta(seconds=10)
