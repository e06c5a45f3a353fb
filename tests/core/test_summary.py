"""The summary read from the engine's events: every side, done, skipped, stopped or never
reached, counted once even when Back made it run twice."""

from __future__ import annotations

import pytest

from desktop_app.core.engine import SessionEngine, SessionStatus
from desktop_app.core.model import Kind, Position, Side
from desktop_app.core.plan import Phase, build_plan
from desktop_app.core.summary import (
    HELD_AT_LEAST,
    WorkOutcome,
    ending_note,
    heading_text,
    held_anything,
    summarize,
)
from tests.core.builders import routine, run, step, stretch, two_stretches


def test_a_whole_session(clock):
    plan = two_stretches()
    engine = SessionEngine(plan, clock)
    events = engine.start() + run(engine, clock, plan.total_seconds)
    summary = summarize(plan, events)
    assert summary.status is SessionStatus.COMPLETED
    assert [(r.stretch.id, r.side, r.outcome) for r in summary.results] == [
        ("a", Side.LEFT, WorkOutcome.DONE),
        ("a", Side.RIGHT, WorkOutcome.DONE),
        ("b", None, WorkOutcome.DONE),
    ]
    assert summary.held_seconds == pytest.approx(30)
    assert summary.seconds == pytest.approx(plan.total_seconds)


def test_skipped_stopped_and_not_reached(clock):
    plan = two_stretches()
    engine = SessionEngine(plan, clock)
    events = engine.start() + run(engine, clock, 2 + 4)  # 4 s into the left hold
    events += engine.skip()  # the left side
    events += engine.skip()  # the switch
    events += run(engine, clock, 6)
    events += engine.stop()
    summary = summarize(plan, events)
    assert summary.status is SessionStatus.STOPPED
    assert [(r.outcome, round(r.held, 3)) for r in summary.results] == [
        (WorkOutcome.SKIPPED, 4.0),
        (WorkOutcome.STOPPED, 6.0),
        (WorkOutcome.NOT_REACHED, 0.0),
    ]
    assert summary.count(WorkOutcome.DONE) == 0


def test_a_side_done_again_after_back_counts_once_with_all_its_time(clock):
    plan = two_stretches()
    engine = SessionEngine(plan, clock)
    events = engine.start() + run(engine, clock, 2 + 8)
    events += engine.back()  # 8 s into the left hold: its start again
    events += run(engine, clock, plan.total_seconds)
    summary = summarize(plan, events)
    assert len(summary.results) == 3
    assert summary.results[0].outcome is WorkOutcome.DONE
    assert summary.results[0].held == pytest.approx(8 + 10)  # held, then held again
    assert summary.held_seconds == pytest.approx(8 + 30)


def test_a_side_left_by_back_and_stopped_before_it_came_round_again_keeps_its_time(clock):
    reps = stretch("r", sided=False, kind=Kind.REPS, reps=4, tempo=2, position=Position.SEATED)
    plan = build_plan(routine(step(reps), prepare=4))
    engine = SessionEngine(plan, clock)
    events = engine.start() + run(engine, clock, 4 + 5)  # two reps done, the third under way
    events += engine.back()  # the set's lead-in again
    assert summarize(plan, events).results[0].outcome is WorkOutcome.NOT_REACHED  # not yet
    events += run(engine, clock, 1) + engine.stop()
    (result,) = summarize(plan, events).results
    assert (result.outcome, result.held, result.reps_done) == (WorkOutcome.STOPPED, 5, 2)
    assert result.ended == pytest.approx(1000 + 9)  # when Back left it


def test_a_side_left_for_the_one_before_keeps_its_time_when_it_ends_again(clock):
    plan = build_plan(routine(step(stretch("a", position=Position.SEATED)), prepare=2, switch=0))
    engine = SessionEngine(plan, clock)
    events = engine.start() + run(engine, clock, 2 + 10 + 1)  # 1 s into the right hold
    events += engine.back()  # within 3 s of the right side's start: the left side again
    assert engine.current.side is Side.LEFT
    events += run(engine, clock, plan.total_seconds)
    left, right = summarize(plan, events).results
    assert (left.outcome, left.held) == (WorkOutcome.DONE, pytest.approx(20))
    assert (right.outcome, right.held) == (WorkOutcome.DONE, pytest.approx(11))


def test_repetitions_are_counted(clock):
    plan = build_plan(
        routine(
            step(
                stretch("r", sided=False, kind=Kind.REPS, reps=4, tempo=2, position=Position.SEATED)
            ),
            prepare=0,
        )
    )
    engine = SessionEngine(plan, clock)
    events = engine.start() + run(engine, clock, 5)
    events += engine.stop()
    (result,) = summarize(plan, events).results
    assert (result.kind, result.reps_planned, result.reps_done) == (Kind.REPS, 4, 2)


def test_a_self_check_keeps_its_answer_with_its_hold(clock):
    plan = build_plan(
        routine(
            step(stretch("t", kind=Kind.CHECK, position=Position.SEATED)),
            hold=5,
            prepare=0,
            switch=0,
        )
    )
    engine = SessionEngine(plan, clock)
    events = engine.start() + run(engine, clock, 5)
    assert engine.current.phase is Phase.CHECK
    events += engine.answer("yes")
    events += run(engine, clock, 5)
    events += engine.answer("no")
    results = summarize(plan, events).results
    assert [(r.kind, r.side, r.answer, r.outcome) for r in results] == [
        (Kind.CHECK, Side.LEFT, "yes", WorkOutcome.DONE),
        (Kind.CHECK, Side.RIGHT, "no", WorkOutcome.DONE),
    ]


def test_a_side_that_hurt_and_one_it_ended_in_its_lead_in(clock):
    plan = two_stretches()
    engine = SessionEngine(plan, clock)
    events = engine.start() + run(engine, clock, 2 + 4)  # 4 s into the left hold
    events += engine.hurt()  # the left side; paused at the switch
    events += engine.resume() + run(engine, clock, 1)
    events += engine.hurt()  # the right side, in its switch, before its hold began
    events += engine.stop()
    summary = summarize(plan, events)
    assert [(r.outcome, round(r.held, 3)) for r in summary.results] == [
        (WorkOutcome.HURT, 4.0),
        (WorkOutcome.HURT, 0.0),
        (WorkOutcome.NOT_REACHED, 0.0),
    ]


def skipped_through(plan, clock, *, pressed_after=0.4):
    """Right, again and again, a moment apart: every lead-in and every hold skipped."""
    engine = SessionEngine(plan, clock)
    events = engine.start()
    while engine.current is not None:
        clock.advance(pressed_after)
        events += engine.skip()
    return summarize(plan, events)


def test_a_routine_skipped_through_is_stopped_with_nothing_held(clock):
    summary = skipped_through(two_stretches(), clock)
    assert summary.ran_to_end
    assert summary.status is SessionStatus.STOPPED  # not complete: the history says so too
    assert [r.outcome for r in summary.results] == [WorkOutcome.SKIPPED] * 3
    assert 0 < summary.held_seconds < HELD_AT_LEAST  # a moment in each hold, all the same
    assert not summary.held_anything and not summary.stretched
    assert heading_text(summary) == "Nothing held"
    assert ending_note(summary) == (
        "You reached the end, but no side was held for 5 seconds or more, so this session "
        "does not count toward your streak or your totals."
    )


def test_one_side_held_a_while_makes_a_session_complete(clock):
    plan = two_stretches()
    engine = SessionEngine(plan, clock)
    events = engine.start() + engine.skip() + run(engine, clock, 5)  # 5 s into the left hold
    while engine.current is not None:
        events += engine.skip()
    summary = summarize(plan, events)
    assert summary.count(WorkOutcome.DONE) == 0
    assert summary.held_anything and summary.stretched
    assert summary.status is SessionStatus.COMPLETED
    assert (heading_text(summary), ending_note(summary)) == ("Session complete", "")


def test_a_session_stopped_before_any_hold_says_so(clock):
    plan = two_stretches()
    engine = SessionEngine(plan, clock)
    events = engine.start() + run(engine, clock, 1) + engine.stop()
    summary = summarize(plan, events)
    assert (summary.status, summary.ran_to_end) == (SessionStatus.STOPPED, False)
    assert heading_text(summary) == "Session stopped"
    assert ending_note(summary).startswith("Stopped before any side was held for 5 seconds")


def test_a_session_stopped_after_something_was_held_has_no_note(clock):
    plan = two_stretches()
    engine = SessionEngine(plan, clock)
    events = engine.start() + run(engine, clock, 2 + 6) + engine.stop()
    summary = summarize(plan, events)
    assert (heading_text(summary), ending_note(summary)) == ("Session stopped", "")


@pytest.mark.parametrize(
    ("done", "longest", "held"),
    [(0, 0.0, False), (0, 4.9, False), (0, HELD_AT_LEAST, True), (1, 0.0, True)],
)
def test_the_rule(done, longest, held):
    assert held_anything(done, longest) is held


def test_a_self_check_taken_is_something_held_but_no_stretch(clock):
    plan = build_plan(
        routine(step(stretch("t", kind=Kind.CHECK, position=Position.SEATED)), hold=5, prepare=0)
    )
    engine = SessionEngine(plan, clock)
    events = engine.start() + run(engine, clock, 5) + engine.answer("yes")
    events += run(engine, clock, 2 + 5) + engine.answer("no")
    summary = summarize(plan, events)
    assert summary.status is SessionStatus.COMPLETED
    assert summary.held_anything and not summary.stretched  # no "how does your back feel now"
