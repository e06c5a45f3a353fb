"""The history's writes read from the engine's events: the session at its start, every side of
every stretch when it ends (once, even when Back made it run twice), the session's end."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.core.engine import SessionEngine, SessionStatus
from desktop_app.core.model import Kind, Position, Side, Sides
from desktop_app.core.plan import build_plan
from desktop_app.core.recorder import Began, Ended, SessionRecorder, StepEnded
from desktop_app.core.records import SessionRecord
from tests.core.builders import routine, step, stretch, two_stretches


def record_of(writes) -> SessionRecord:
    """What a store would hold after these writes."""
    [began] = [w for w in writes if isinstance(w, Began)]
    record = SessionRecord(began.session)
    for write in writes:
        if isinstance(write, StepEnded):
            record = record.with_step(write.step)
    return record


class Session:
    def __init__(self, plan, clock):
        self.clock = clock
        self.engine = SessionEngine(plan, clock)
        self.recorder = SessionRecorder(plan, clock, "id-1")
        self.writes = []
        self._take(self.engine.start())

    def _take(self, events):
        for event in events:
            self.writes += self.recorder.feed(event)

    def run(self, seconds, tick=0.5):
        end = self.clock.now() + seconds
        while self.clock.now() < end - 1e-9:
            self.clock.advance(min(tick, end - self.clock.now()))
            self._take(self.engine.tick())

    def do(self, command, *args):
        self._take(getattr(self.engine, command)(*args))


def plan_of(*steps, **timing):
    return build_plan(routine(*steps, **timing))


def test_every_side_is_written_when_it_ends(clock):
    plan = plan_of(
        step(stretch("a", position=Position.SEATED)),
        step(stretch("bug", sided=False, kind=Kind.REPS, reps=4, tempo=3)),
        hold=10,
        prepare=2,
        switch=2,
        rest=3,
    )
    session = Session(plan, clock)
    started = clock.wall()
    assert isinstance(session.writes[0], Began)
    assert session.writes[0].session.started_at == started
    assert session.writes[0].session.steps_planned == 3
    session.run(2 + 10)  # the left side's hold ends
    assert [type(w) for w in session.writes] == [Began, StepEnded]
    left = session.writes[1].step
    assert (left.stretch_id, left.side, left.held_seconds, left.completed) == (
        "a",
        Side.LEFT,
        10.0,
        True,
    )
    assert left.ended_at == started + timedelta(seconds=12)
    session.run(plan.total_seconds)
    ended = session.writes[-1]
    assert isinstance(ended, Ended) and ended.status is SessionStatus.COMPLETED
    record = record_of(session.writes)
    assert [(s.seq, s.side, s.kind) for s in record.steps] == [
        (0, Side.LEFT, Kind.HOLD),
        (1, Side.RIGHT, Kind.HOLD),
        (2, None, Kind.REPS),
    ]
    assert (record.steps[2].reps_planned, record.steps[2].reps_done) == (4, 4)
    assert record.steps[0].reps_done is None
    assert record.info.held_seconds == pytest.approx(32)


def test_a_late_tick_stamps_the_time_the_step_was_due(clock):
    plan = plan_of(step(stretch("a", sided=False, position=Position.SEATED)), hold=10, prepare=0)
    session = Session(plan, clock)
    started = clock.wall()
    session.run(9.5)
    session.run(3, tick=3)  # one tick, 2.5 s after the hold ended
    [ended_step] = [w for w in session.writes if isinstance(w, StepEnded)]
    assert ended_step.step.ended_at == started + timedelta(seconds=10)


def test_skipped_stopped_and_not_reached(clock):
    plan = two_stretches()
    session = Session(plan, clock)
    session.run(2 + 4)
    session.do("skip")  # the left side, after 4 s
    session.run(2 + 3)
    session.do("stop")  # the right side, after 3 s
    record = record_of(session.writes)
    assert [(s.side, s.completed, s.skipped, s.held_seconds) for s in record.steps] == [
        (Side.LEFT, False, True, 4.0),
        (Side.RIGHT, False, False, 3.0),
    ]
    assert isinstance(session.writes[-1], Ended)
    assert session.writes[-1].status is SessionStatus.STOPPED


def test_a_side_left_by_back_is_written_once_as_it_ended_last(clock):
    plan = plan_of(
        step(stretch("a", sided=False, position=Position.SEATED)),
        step(stretch("b", sided=False, position=Position.SEATED)),
        hold=10,
        prepare=2,
        rest=3,
    )
    session = Session(plan, clock)
    session.run(2 + 5)
    session.do("skip")  # "a" skipped
    session.run(1)
    session.do("back")  # back into the rest after "a" goes to "a" again
    session.run(plan.total_seconds + 10)
    record = record_of(session.writes)
    assert [(s.stretch_id, s.completed, s.skipped) for s in record.steps] == [
        ("a", True, False),
        ("b", True, False),
    ]
    # "a" was written twice, the second replacing the first at the same place.
    assert [w.step.seq for w in session.writes if isinstance(w, StepEnded)] == [0, 0, 1]


def test_a_self_check_keeps_its_answer_with_its_hold(clock):
    check = stretch("t", kind=Kind.CHECK, position=Position.SEATED)
    plan = plan_of(step(check, sides=Sides.LEFT), hold=10, prepare=2)
    session = Session(plan, clock)
    session.run(12)
    session.do("answer", "yes")
    record = record_of(session.writes)
    [done] = record.steps
    assert (done.kind, done.answer, done.completed) == (Kind.CHECK, "yes", True)
    assert isinstance(session.writes[-1], Ended)


def test_a_side_that_hurt_is_recorded_as_hurt_neither_done_nor_skipped(clock):
    plan = plan_of(step(stretch("a", position=Position.SEATED)), hold=10, prepare=2, switch=2)
    session = Session(plan, clock)
    session.run(5)  # 3 s into the left hold
    session.do("hurt")
    session.do("resume")
    session.run(20)
    left, right = record_of(session.writes).steps
    assert (left.hurt, left.completed, left.skipped, left.held_seconds) == (True, False, False, 3)
    assert (right.hurt, right.completed) == (False, True)


def test_a_self_check_that_hurt_has_no_answer(clock):
    check = stretch("t", kind=Kind.CHECK, position=Position.SEATED)
    plan = plan_of(step(check, sides=Sides.LEFT), hold=10, prepare=2)
    session = Session(plan, clock)
    session.run(8)
    session.do("hurt")
    [hurt] = record_of(session.writes).steps
    assert (hurt.kind, hurt.hurt, hurt.answer, hurt.held_seconds) == (Kind.CHECK, True, None, 6)
    assert session.writes[-1] == Ended("id-1", SessionStatus.COMPLETED, clock.wall())
