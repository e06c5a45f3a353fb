from __future__ import annotations

import dataclasses

import pytest

from desktop_app.core.clock import FakeClock
from desktop_app.core.engine import (
    EndReason,
    Event,
    EventKind,
    PauseReason,
    SessionEngine,
    SessionStatus,
    State,
)
from desktop_app.core.model import Kind, Position, Side
from desktop_app.core.plan import Beat, Phase, build_plan
from tests.core.builders import routine, step, stretch

K = EventKind


def engine_for(clock, *steps, **timing):
    plan = build_plan(routine(*steps, **timing), start=Position.STANDING)
    return SessionEngine(plan, clock)


def run(engine, clock, seconds, every=0.1):
    """Tick like the window does, for `seconds`."""
    events: list[Event] = []
    for _ in range(round(seconds / every)):
        clock.advance(every)
        events += engine.tick()
    return events


def brief(events):
    out = []
    for e in events:
        phase = e.step.phase.value if e.step else None
        out.append((e.kind, round(e.due - 1000, 6), phase, e.number))
    return out


def test_a_sided_hold_from_start_to_end(clock):
    engine = engine_for(clock, step(stretch()))  # prepare 4, hold 10, switch 2, hold 10
    events = engine.start() + run(engine, clock, 27)
    assert brief(events) == [
        (K.SESSION_STARTED, 0, None, None),
        (K.STEP_STARTED, 0, "prepare", None),
        (K.COUNTDOWN, 1, "prepare", 3),
        (K.COUNTDOWN, 2, "prepare", 2),
        (K.COUNTDOWN, 3, "prepare", 1),
        (K.STEP_FINISHED, 4, "prepare", None),
        (K.STEP_STARTED, 4, "hold", None),
        (K.HALFWAY, 9, "hold", None),
        (K.COUNTDOWN, 11, "hold", 3),
        (K.COUNTDOWN, 12, "hold", 2),
        (K.COUNTDOWN, 13, "hold", 1),
        (K.STEP_FINISHED, 14, "hold", None),
        (K.STEP_STARTED, 14, "switch", None),
        (K.SWITCH_SIDES, 14, "switch", None),
        (K.COUNTDOWN, 15, "switch", 1),
        (K.STEP_FINISHED, 16, "switch", None),
        (K.STEP_STARTED, 16, "hold", None),
        (K.HALFWAY, 21, "hold", None),
        (K.COUNTDOWN, 23, "hold", 3),
        (K.COUNTDOWN, 24, "hold", 2),
        (K.COUNTDOWN, 25, "hold", 1),
        (K.STEP_FINISHED, 26, "hold", None),
        (K.SESSION_FINISHED, 26, None, None),
    ]
    assert events[13].side is Side.RIGHT
    finished = [e for e in events if e.kind is K.STEP_FINISHED]
    assert [e.held for e in finished] == pytest.approx([4, 10, 2, 10])
    assert {e.reason for e in finished} == {EndReason.COMPLETED}
    assert events[-1].status is SessionStatus.COMPLETED
    assert engine.state is State.FINISHED
    assert engine.tick() == []


def test_a_late_tick_catches_up_in_order_with_the_true_times(clock):
    engine = engine_for(clock, step(stretch()))
    fine_clock = FakeClock()  # the same plan, ticked finely
    fine = SessionEngine(engine.plan, fine_clock)
    expected = fine.start() + run(fine, fine_clock, 6)
    events = engine.start()
    clock.advance(4.9)  # under the sleep gap: a slow tick, not a sleep
    events += engine.tick()
    clock.advance(1.1)
    events += engine.tick()
    assert brief(events) == brief(expected)
    assert engine.remaining() == pytest.approx(8)


def test_remaining_is_deadline_minus_now_whatever_the_ticks(clock):
    engine = engine_for(clock, step(stretch(sided=False)), prepare=0)
    engine.start()
    clock.advance(3.3333)
    assert engine.remaining() == pytest.approx(6.6667)
    assert engine.elapsed() == pytest.approx(3.3333)
    assert engine.remaining_total() == pytest.approx(6.6667)


def test_pause_keeps_the_remaining_time_and_resume_sets_a_new_deadline(clock):
    engine = engine_for(clock, step(stretch(sided=False)), prepare=0)
    engine.start()
    clock.advance(3)
    paused = engine.pause()
    assert [e.kind for e in paused] == [K.PAUSED]
    assert paused[0].pause is PauseReason.USER
    clock.advance(100)
    assert engine.tick() == []
    assert engine.remaining() == 7
    assert engine.state is State.PAUSED
    resumed = engine.resume()
    assert [e.kind for e in resumed] == [K.RESUMED]
    events = run(engine, clock, 7)
    end = next(e for e in events if e.kind is K.STEP_FINISHED)
    assert end.due == pytest.approx(1110)
    assert end.held == pytest.approx(10)
    assert engine.pause() == [] and engine.resume() == []


def test_toggle_pause(clock):
    engine = engine_for(clock, step(stretch(sided=False)))
    engine.start()
    assert [e.kind for e in engine.toggle_pause()] == [K.PAUSED]
    assert [e.kind for e in engine.toggle_pause()] == [K.RESUMED]


def test_a_long_gap_pauses_at_the_last_tick_instead_of_a_burst(clock):
    engine = engine_for(clock, step(stretch()))
    engine.start()
    run(engine, clock, 2)
    clock.advance(600)  # the laptop slept for ten minutes
    events = engine.tick()
    assert [(e.kind, e.pause) for e in events] == [(K.PAUSED, PauseReason.SLEEP)]
    assert events[0].due == pytest.approx(1002)
    assert engine.remaining() == pytest.approx(2)
    engine.resume()
    after = run(engine, clock, 2.05)
    finished = [e for e in after if e.kind is K.STEP_FINISHED]
    assert finished[0].held == pytest.approx(4)  # the sleep is not counted as holding


def test_skip_in_a_lead_in_means_ready_and_starts_the_hold(clock):
    engine = engine_for(clock, step(stretch()))
    engine.start()
    clock.advance(0.5)
    events = engine.skip()
    assert [(e.kind, e.step.phase, e.reason) for e in events] == [
        (K.STEP_FINISHED, Phase.PREPARE, EndReason.SKIPPED),
        (K.STEP_STARTED, Phase.HOLD, None),
    ]
    assert events[0].held == pytest.approx(0.5)
    assert engine.remaining() == 10


def test_skip_in_a_hold_records_what_was_held_and_moves_on(clock):
    engine = engine_for(clock, step(stretch()))
    engine.start()
    run(engine, clock, 7)
    events = engine.skip()
    assert (events[0].kind, events[0].step.phase, events[0].reason) == (
        K.STEP_FINISHED,
        Phase.HOLD,
        EndReason.SKIPPED,
    )
    assert events[0].held == pytest.approx(3)
    assert [e.kind for e in events[1:]] == [K.STEP_STARTED, K.SWITCH_SIDES]


def test_skip_on_the_last_step_ends_the_session_completed(clock):
    engine = engine_for(clock, step(stretch(sided=False)), prepare=0)
    engine.start()
    events = engine.skip()
    assert events[-1].kind is K.SESSION_FINISHED
    assert events[-1].status is SessionStatus.COMPLETED
    assert engine.skip() == [] and engine.back() == []


def test_skip_while_paused_stays_paused(clock):
    engine = engine_for(clock, step(stretch()))
    engine.start()
    engine.pause()
    engine.skip()
    assert engine.state is State.PAUSED
    assert engine.current.phase is Phase.HOLD
    clock.advance(100)
    assert engine.tick() == []
    assert engine.remaining() == 10


def test_back_in_a_hold_returns_to_the_start_of_that_hold(clock):
    engine = engine_for(clock, step(stretch()))  # prepare 4, hold 10, switch 2, hold 10
    engine.start()
    run(engine, clock, 8)  # 4 s into the left hold: the user is in position
    events = engine.back()
    assert [(e.kind, e.step.phase, e.step.side, e.reason) for e in events] == [
        (K.STEP_FINISHED, Phase.HOLD, Side.LEFT, EndReason.BACK),
        (K.STEP_STARTED, Phase.HOLD, Side.LEFT, None),
    ]
    assert events[0].held == pytest.approx(4)
    assert events[1].step is events[0].step
    assert engine.remaining() == 10  # the whole hold again, and its halfway and count with it
    later = run(engine, clock, 10)
    assert [e.kind for e in later][:5] == [
        K.HALFWAY,
        K.COUNTDOWN,
        K.COUNTDOWN,
        K.COUNTDOWN,
        K.STEP_FINISHED,
    ]
    assert later[4].held == pytest.approx(10)


def test_back_again_in_the_first_seconds_of_a_hold_goes_to_its_lead_in(clock):
    """Back twice in a row: the hold's start, then its lead-in, then the side before: the way
    to any earlier point stays open."""
    engine = engine_for(clock, step(stretch()))
    engine.start()
    run(engine, clock, 14 + 2 + 5)  # 5 s into the right hold
    engine.back()
    assert (engine.current.phase, engine.current.side) == (Phase.HOLD, Side.RIGHT)
    run(engine, clock, 1)
    engine.back()
    assert (engine.current.phase, engine.current.side) == (Phase.SWITCH, Side.RIGHT)
    run(engine, clock, 1)
    engine.back()
    assert (engine.current.phase, engine.current.side) == (Phase.PREPARE, Side.LEFT)


def test_back_just_after_ready_goes_to_the_lead_in(clock):
    """A hold begun a moment ago (the lead-in ran out, or Right was pressed too soon): the user
    is not in position yet, and hears the set-up again."""
    engine = engine_for(clock, step(stretch()))
    engine.start()
    engine.skip()  # "I'm ready"
    run(engine, clock, 2.5)
    events = engine.back()
    assert events[-1].kind is K.STEP_STARTED
    assert (events[-1].step.phase, events[-1].step.side) == (Phase.PREPARE, Side.LEFT)
    assert engine.remaining() == 4


def test_back_in_a_lead_in_restarts_it(clock):
    engine = engine_for(clock, step(stretch()), prepare=10)
    engine.start()
    run(engine, clock, 6)
    events = engine.back()
    assert [(e.kind, e.step.phase) for e in events] == [
        (K.STEP_FINISHED, Phase.PREPARE),
        (K.STEP_STARTED, Phase.PREPARE),
    ]
    assert engine.remaining() == 10


def test_back_in_a_hold_without_a_lead_in_restarts_the_hold(clock):
    engine = engine_for(clock, step(stretch(sided=False)), prepare=0)
    engine.start()
    run(engine, clock, 1)
    events = engine.back()
    assert [(e.kind, e.step.phase) for e in events] == [
        (K.STEP_FINISHED, Phase.HOLD),
        (K.STEP_STARTED, Phase.HOLD),
    ]


def test_back_in_repetitions_restarts_their_side_with_its_lead_in(clock):
    """A set of repetitions starts again from its count-in, which a hold does without."""
    reps = stretch("r", sided=False, kind=Kind.REPS, reps=4, tempo=2)
    engine = engine_for(clock, step(reps), prepare=4)
    engine.start()
    run(engine, clock, 4 + 5)
    events = engine.back()
    assert events[-1].kind is K.STEP_STARTED and events[-1].step.phase is Phase.PREPARE


def test_back_while_paused_in_a_hold_stays_paused_at_its_start(clock):
    engine = engine_for(clock, step(stretch()))
    engine.start()
    run(engine, clock, 8)
    engine.pause()
    clock.advance(30)
    engine.back()
    assert engine.state is State.PAUSED
    assert (engine.current.phase, engine.remaining()) == (Phase.HOLD, 10)


@pytest.mark.parametrize("into_the_side", [1.0, 2.5])
def test_back_near_the_start_of_a_side_goes_to_the_previous_side(clock, into_the_side):
    engine = engine_for(clock, step(stretch()))
    engine.start()
    run(engine, clock, 14 + into_the_side)  # the switch (2 s) to the right side began at 14 s
    events = engine.back()
    assert events[-1].kind is K.STEP_STARTED
    assert (events[-1].step.phase, events[-1].step.side) == (Phase.PREPARE, Side.LEFT)


def test_back_later_in_a_side_restarts_it_from_its_switch(clock):
    engine = engine_for(clock, step(stretch()))
    engine.start()
    run(engine, clock, 17.5)
    events = engine.back()
    assert (events[-1].step.phase, events[-1].step.side) == (Phase.SWITCH, Side.RIGHT)


def test_back_at_the_very_beginning_restarts(clock):
    engine = engine_for(clock, step(stretch()))
    engine.start()
    clock.advance(1)
    events = engine.back()
    assert events[-1].step.index == 0
    assert engine.remaining() == 4


def test_stop_keeps_what_was_done(clock):
    engine = engine_for(clock, step(stretch()))
    engine.start()
    run(engine, clock, 6)
    events = engine.stop()
    assert [(e.kind, e.reason, e.status) for e in events] == [
        (K.STEP_FINISHED, EndReason.STOPPED, None),
        (K.SESSION_FINISHED, None, SessionStatus.STOPPED),
    ]
    assert events[0].held == pytest.approx(2)
    assert engine.state is State.FINISHED
    assert engine.stop() == [] and engine.resume() == [] and engine.tick() == []
    assert engine.current is None and engine.remaining() is None


def test_stop_before_start_does_nothing(clock):
    engine = engine_for(clock, step(stretch()))
    assert engine.stop() == []
    assert [e.kind for e in engine.start()][:1] == [K.SESSION_STARTED]


def test_repetitions_count_with_the_tempo_and_alternate_legs(clock):
    bug = stretch("bug", sided=False, kind=Kind.REPS, reps=4, tempo=6, alternate=True)
    engine = engine_for(clock, step(bug), prepare=0)
    events = engine.start() + run(engine, clock, 7)
    assert engine.current_rep() == (2, Side.RIGHT)
    events += run(engine, clock, 17)
    reps = [
        (e.kind, e.number, e.side, round(e.due - 1000, 6))
        for e in events
        if e.kind in (K.REP_STARTED, K.REP_COUNTED)
    ]
    assert reps == [
        (K.REP_STARTED, 1, Side.LEFT, 0),
        (K.REP_COUNTED, 1, Side.LEFT, 6),
        (K.REP_STARTED, 2, Side.RIGHT, 6),
        (K.REP_COUNTED, 2, Side.RIGHT, 12),
        (K.REP_STARTED, 3, Side.LEFT, 12),
        (K.REP_COUNTED, 3, Side.LEFT, 18),
        (K.REP_STARTED, 4, Side.RIGHT, 18),
        (K.REP_COUNTED, 4, Side.RIGHT, 24),
    ]
    assert [e.kind for e in events[-2:]] == [K.STEP_FINISHED, K.SESSION_FINISHED]
    assert not [e for e in events if e.kind in (K.COUNTDOWN, K.HALFWAY)]


def test_a_self_check_waits_for_its_answer_without_a_countdown(clock):
    check = stretch("check", kind=Kind.CHECK)
    engine = engine_for(clock, step(check), prepare=0, switch=0)
    engine.start()
    events = run(engine, clock, 10.5)
    assert events[-1].kind is K.STEP_STARTED and events[-1].step.phase is Phase.CHECK
    assert engine.remaining() is None
    clock.advance(3)
    assert engine.tick() == []
    with pytest.raises(ValueError, match="maybe"):
        engine.answer("maybe")
    answered = engine.answer("no")
    assert (answered[0].kind, answered[0].answer, answered[0].step.side) == (
        K.STEP_FINISHED,
        "no",
        Side.LEFT,
    )
    assert answered[0].held == pytest.approx(3.5)
    assert answered[1].step.phase is Phase.HOLD and answered[1].step.side is Side.RIGHT
    assert engine.answer("yes") == []  # not a question now


def test_remaining_total_counts_down_the_whole_session(clock):
    engine = engine_for(clock, step(stretch()))
    assert engine.remaining_total() == 26
    engine.start()
    run(engine, clock, 5)
    assert engine.remaining_total() == pytest.approx(21)
    engine.stop()
    assert engine.remaining_total() == 0


def test_with_no_switch_time_the_second_side_still_announces_the_switch(clock):
    engine = engine_for(clock, step(stretch()), prepare=0, switch=0)
    events = engine.start() + run(engine, clock, 10.05)
    assert [(e.kind, e.step.phase, e.side) for e in events[-3:]] == [
        (K.STEP_FINISHED, Phase.HOLD, None),
        (K.STEP_STARTED, Phase.HOLD, None),
        (K.SWITCH_SIDES, Phase.HOLD, Side.RIGHT),
    ]


def test_a_wrong_answer_loses_no_events(clock):
    check = stretch("check", kind=Kind.CHECK)
    engine = engine_for(clock, step(check), prepare=0, switch=0)
    engine.start()
    run(engine, clock, 9.95)
    clock.advance(0.5)  # the hold ends, then a wrong answer comes before the next tick
    with pytest.raises(ValueError, match="maybe"):
        engine.answer("maybe")
    events = engine.tick()
    assert [(e.kind, e.step.phase) for e in events] == [
        (K.STEP_FINISHED, Phase.HOLD),
        (K.STEP_STARTED, Phase.CHECK),
    ]


def test_a_long_wait_for_an_answer_is_not_taken_for_sleep(clock):
    check = stretch("check", kind=Kind.CHECK)
    engine = engine_for(clock, step(check), prepare=0, switch=0)
    engine.start()
    run(engine, clock, 10.05)
    clock.advance(60)  # the user thinks it over
    assert engine.tick() == []
    assert engine.state is State.RUNNING
    engine.answer("yes")
    assert engine.state is State.RUNNING


@pytest.mark.parametrize(("hold", "halfway"), [(6, False), (7, True)])
def test_halfway_only_when_it_comes_before_the_countdown(clock, hold, halfway):
    engine = engine_for(clock, step(stretch(sided=False)), prepare=0, hold=hold)
    events = engine.start() + run(engine, clock, hold)
    assert any(e.kind is K.HALFWAY for e in events) is halfway


def test_the_sleep_gap_boundary(clock):
    engine = engine_for(clock, step(stretch(sided=False)), prepare=0, hold=60)
    engine.start()
    clock.advance(5.0)
    assert engine.state is State.RUNNING and not engine.tick()  # exactly the gap: still a tick
    clock.advance(5.01)
    assert [e.pause for e in engine.tick()] == [PauseReason.SLEEP]


def paced(clock):
    """One sided stretch whose lead-in is paced: two more parts, at 5 s and 9 s of its 14."""
    plan = build_plan(routine(step(stretch()), prepare=14), start=Position.STANDING)
    lead_in = dataclasses.replace(plan.steps[0], beats=(Beat(5.0, None), Beat(9.0, 0)))
    plan = dataclasses.replace(plan, steps=(lead_in, *plan.steps[1:]))
    return SessionEngine(plan, clock)


def test_a_paced_lead_in_delivers_each_beat_at_its_time(clock):
    engine = paced(clock)
    events = engine.start() + run(engine, clock, 10)
    assert [(kind, due, number) for kind, due, _phase, number in brief(events)] == [
        (K.SESSION_STARTED, 0, None),
        (K.STEP_STARTED, 0, None),
        (K.BEAT, 5, 0),
        (K.BEAT, 9, 1),
    ]


@pytest.mark.parametrize(
    ("at", "back_to"),
    [
        (12.0, 1),  # 3 s into the second beat: that one again
        (10.5, 0),  # just after it began: the one before
    ],
)
def test_back_in_a_paced_lead_in_says_the_part_under_way_again(clock, at, back_to):
    engine = paced(clock)
    engine.start()
    run(engine, clock, at)
    events = engine.back()
    kinds = [(e.kind, e.number) for e in events]
    assert kinds == [(K.STEP_FINISHED, None), (K.STEP_STARTED, back_to), (K.BEAT, back_to)]
    assert events[0].reason is EndReason.BACK
    # The lead-in goes on from that beat: its count and the hold come when they did before.
    into = engine.plan.steps[0].beats[back_to].at
    assert engine.elapsed() == pytest.approx(into)
    assert engine.remaining() == pytest.approx(14 - into)


def test_back_just_after_the_first_beat_restarts_the_lead_in(clock):
    engine = paced(clock)
    engine.start()
    run(engine, clock, 6)
    events = engine.back()
    assert brief(events)[-1] == (K.STEP_STARTED, 6, "prepare", None)
    assert engine.elapsed() == 0


def test_a_repetition_turns_back_halfway(clock):
    bug = stretch("bug", sided=False, kind=Kind.REPS, reps=2, tempo=4, alternate=True)
    engine = engine_for(clock, step(bug), prepare=0)
    events = engine.start() + run(engine, clock, 8)
    reps = [(e.kind, round(e.due - 1000, 6), e.number, e.side) for e in events]
    assert [r for r in reps if r[0] in (K.REP_STARTED, K.REP_RETURN, K.REP_COUNTED)] == [
        (K.REP_STARTED, 0, 1, Side.LEFT),
        (K.REP_RETURN, 2, 1, Side.LEFT),
        (K.REP_COUNTED, 4, 1, Side.LEFT),
        (K.REP_STARTED, 4, 2, Side.RIGHT),
        (K.REP_RETURN, 6, 2, Side.RIGHT),
        (K.REP_COUNTED, 8, 2, Side.RIGHT),
    ]


# -- say that again -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "again"),
    [
        (10.5, 1),  # just after the second beat began: that one, never the one before
        (12.0, 1),
        (6.0, 0),
    ],
)
def test_say_again_in_a_paced_lead_in_says_the_part_under_way(clock, at, again):
    engine = paced(clock)
    engine.start()
    run(engine, clock, at)
    events = engine.say_again()
    kinds = [(e.kind, e.number) for e in events]
    assert kinds == [(K.STEP_FINISHED, None), (K.STEP_STARTED, again), (K.BEAT, again)]
    into = engine.plan.steps[0].beats[again].at
    assert engine.elapsed() == pytest.approx(into)  # its time to be done starts again


def test_say_again_before_the_first_beat_restarts_the_lead_in(clock):
    engine = paced(clock)
    engine.start()
    run(engine, clock, 3)
    events = engine.say_again()
    assert brief(events)[-1] == (K.STEP_STARTED, 3, "prepare", None)
    assert engine.elapsed() == 0 and engine.current.index == 0


def test_say_again_in_a_switch_says_the_switch_again(clock):
    engine = engine_for(clock, step(stretch()), prepare=2, hold=5, switch=4)
    engine.start()
    run(engine, clock, 8)  # 2 s prepare, 5 s hold, 1 s into the switch
    assert engine.current.phase is Phase.SWITCH
    events = engine.say_again()
    assert [e.kind for e in events] == [K.STEP_FINISHED, K.STEP_STARTED, K.SWITCH_SIDES]
    assert engine.current.phase is Phase.SWITCH and engine.elapsed() == 0


def test_say_again_in_a_hold_moves_nothing(clock):
    engine = engine_for(clock, step(stretch()), prepare=2, hold=10)
    engine.start()
    run(engine, clock, 6)
    index, remaining = engine.current.index, engine.remaining()
    [event] = engine.say_again()
    assert (event.kind, event.step.index, event.due) == (K.AGAIN, index, clock.now())
    assert engine.current.index == index and engine.remaining() == remaining


def test_say_again_in_repetitions_names_the_leg_under_way(clock):
    bug = stretch("bug", sided=False, kind=Kind.REPS, reps=4, tempo=4, alternate=True)
    engine = engine_for(clock, step(bug), prepare=1)
    engine.start()
    run(engine, clock, 1 + 5)  # into the second repetition: the right leg
    [event] = engine.say_again()
    assert (event.kind, event.side) == (K.AGAIN, Side.RIGHT)
