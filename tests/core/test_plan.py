from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

import pytest

from desktop_app.core.model import (
    DEFAULT_TIMING,
    Kind,
    Position,
    Routine,
    Sides,
    Stretch,
    Timing,
)
from desktop_app.core.plan import (
    SECONDS_PER_LEVEL,
    Beat,
    Phase,
    build_plan,
    instruction_at,
    next_up,
)
from tests.core.builders import routine, step, stretch


def shape(plan):
    return [(s.phase.value, s.side.value if s.side else None, s.duration) for s in plan.steps]


def test_sided_stretch_is_prepare_left_switch_right():
    plan = build_plan(routine(step(stretch())), start=Position.STANDING)
    assert shape(plan) == [
        ("prepare", "left", 4),
        ("hold", "left", 10),
        ("switch", "right", 2),
        ("hold", "right", 10),
    ]
    assert [s.segment for s in plan.steps] == [0, 0, 1, 1]
    assert plan.total_seconds == 26


def test_rest_between_stretches_and_repeats_but_not_at_the_end():
    plan = build_plan(
        routine(step(stretch("a", sided=False), repeat=2), step(stretch("b", sided=False))),
        start=Position.STANDING,
    )
    assert [s.phase for s in plan.steps] == [
        Phase.PREPARE,
        Phase.HOLD,
        Phase.REST,
        Phase.PREPARE,
        Phase.HOLD,
        Phase.REST,
        Phase.PREPARE,
        Phase.HOLD,
    ]
    assert [(s.item, s.item_count, s.round, s.rounds) for s in plan.steps if s.phase.is_work] == [
        (1, 2, 1, 2),
        (1, 2, 2, 2),
        (2, 2, 1, 1),
    ]
    # The rest belongs to the segment before it: skip and back treat it as that side's tail.
    assert [s.segment for s in plan.steps] == [0, 0, 0, 1, 1, 1, 2, 2]


def test_prepare_grows_with_each_change_of_position():
    plan = build_plan(
        routine(
            step(stretch("up", sided=False, position=Position.STANDING)),
            step(stretch("down", sided=False, position=Position.FLOOR)),
            step(stretch("chair", sided=False, position=Position.SEATED)),
        ),
        start=Position.SEATED,
    )
    prepares = [s for s in plan.steps if s.phase is Phase.PREPARE]
    assert [s.position_change for s in prepares] == [-1, 3, -2]
    assert [s.duration for s in prepares] == [
        4 + SECONDS_PER_LEVEL,
        4 + 3 * SECONDS_PER_LEVEL,
        4 + 2 * SECONDS_PER_LEVEL,
    ]


def test_zero_prepare_switch_and_rest_leave_no_steps():
    plan = build_plan(
        routine(step(stretch()), step(stretch("b")), prepare=0, switch=0, rest=0),
        start=Position.STANDING,
    )
    assert [s.phase for s in plan.steps] == [Phase.HOLD] * 4
    assert [s.segment for s in plan.steps] == [0, 1, 2, 3]


@pytest.mark.parametrize(("sides", "expected"), [(Sides.LEFT, ["left"]), (Sides.RIGHT, ["right"])])
def test_one_side_only(sides, expected):
    plan = build_plan(routine(step(stretch(), sides=sides)), start=Position.STANDING)
    assert [s.side.value for s in plan.steps if s.phase.is_work] == expected
    assert not [s for s in plan.steps if s.phase is Phase.SWITCH]


def test_repetitions_last_reps_times_tempo():
    bug = stretch("bug", sided=False, kind=Kind.REPS, reps=10, tempo=4.5, alternate=True)
    plan = build_plan(routine(step(bug)), start=Position.STANDING)
    work = plan.steps[-1]
    assert (work.phase, work.reps, work.tempo, work.duration) == (Phase.REPS, 10, 4.5, 45)
    assert work.kind is Kind.REPS
    override = build_plan(routine(step(bug, reps=4)), start=Position.STANDING)
    assert override.steps[-1].duration == 18


def test_a_repeated_sided_step_does_both_sides_each_time():
    plan = build_plan(routine(step(stretch(), repeat=2)), start=Position.STANDING)
    work = [(s.side.value, s.round, s.side_number) for s in plan.steps if s.phase.is_work]
    assert work == [("left", 1, 0), ("right", 1, 1), ("left", 2, 0), ("right", 2, 1)]


def test_a_self_check_is_a_hold_then_a_question_per_side():
    check = stretch("check", kind=Kind.CHECK)
    plan = build_plan(routine(step(check)), start=Position.STANDING)
    assert shape(plan) == [
        ("prepare", "left", 4),
        ("hold", "left", 10),
        ("check", "left", None),
        ("switch", "right", 2),
        ("hold", "right", 10),
        ("check", "right", None),
    ]
    assert plan.total_seconds == 26


def test_hold_precedence_step_routine_user_stretch_app():
    plain = stretch(sided=False)
    advised = replace(stretch("own", sided=False), hold=15.0)
    check = replace(stretch("check", sided=False, kind=Kind.CHECK), hold=12.0)
    user = Timing(hold=40, prepare=1, switch=1, rest=1)

    def hold_of(r, chosen=user):
        return build_plan(r, chosen, start=Position.STANDING).steps[1].duration

    def bare(s):
        return Routine(id="b", name="B", steps=(step(s),))

    assert hold_of(routine(step(advised, hold=20))) == 20  # the step
    assert hold_of(routine(step(advised))) == 10  # the routine
    assert hold_of(bare(advised)) == 40  # the user's choice
    assert hold_of(bare(advised), Timing()) == 15  # the stretch's advice
    assert hold_of(bare(plain), Timing()) == DEFAULT_TIMING.hold  # the app's default
    assert hold_of(bare(check)) == 12  # a self-check keeps its own hold
    assert build_plan(bare(plain), user, start=Position.STANDING).steps[0].duration == 1


def test_builtin_routines_plan(catalogue):
    desk = build_plan(catalogue.routines["desk-break"])
    # Three stretches at 25 s a side: 3:15 without speech, a short break from sitting.
    assert 180 <= desk.total_seconds <= 210
    assert {s.stretch.position for s in desk.steps} <= {Position.STANDING, Position.SEATED}
    full = build_plan(catalogue.routines["full-lower-back"])
    levels = [s.stretch.position.level for s in full.steps if s.phase is Phase.PREPARE]
    # Ordered to get up and down as little as possible: one trip up, then only ever down.
    changes = sum(abs(b - a) for a, b in pairwise(levels))
    assert changes == 4


FOUR = Stretch(
    id="four",
    name="Four",
    sided=False,
    position=Position.SEATED,
    instructions=("One.", "Two.", "Three.", "Four."),
)


def test_the_lead_in_walks_through_the_instructions_and_the_hold_marks_the_last():
    plan = build_plan(routine(step(FOUR), hold=10, prepare=6, rest=0))
    prepare, hold = plan.steps
    assert [instruction_at(prepare, t) for t in (0, 1.9, 2, 4, 5.99)] == [0, 0, 1, 2, 2]
    assert instruction_at(hold, 0) == 3


def test_a_paced_lead_in_marks_the_instruction_the_voice_is_at():
    plan = build_plan(routine(step(FOUR), hold=10, prepare=30, rest=0))
    beats = (Beat(4, None), Beat(8, 0), Beat(12, 1), Beat(16, 2), Beat(20, 3))
    prepare = replace(plan.steps[0], beats=beats)
    # None while the stretch's own words are said, then each from its beat to the next.
    times = (0, 7.9, 8, 12, 16, 19.9, 20, 29)
    assert [instruction_at(prepare, t) for t in times] == [None, None, 0, 1, 2, 2, 3, 3]


def test_a_rest_marks_no_instruction(catalogue):
    plan = build_plan(catalogue.routines["big-three"])
    rest = next(s for s in plan.steps if s.phase is Phase.REST)
    assert instruction_at(rest, 1) is None


def test_next_up_names_what_follows_the_stretch_on_screen(catalogue):
    plan = build_plan(catalogue.routines["big-three"])
    prepare, left, switch, right = plan.steps[:4]
    assert [prepare.phase, left.phase, switch.phase, right.phase] == [
        Phase.PREPARE,
        Phase.HOLD,
        Phase.SWITCH,
        Phase.HOLD,
    ]

    def named(index):
        found = next_up(plan, index)
        return (found.stretch.id, found.side.value) if found else None

    # The lead-in is about the left hold, so "next" is the right side.
    assert named(prepare.index) == named(left.index) == ("half-kneeling-hip-flexor", "right")
    assert named(switch.index) == named(right.index) == ("seated-figure-four", "left")
    assert next_up(plan, plan.steps[-1].index) is None
