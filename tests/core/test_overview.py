"""A routine at a glance, as the home screen and `supple routines` show it."""

from __future__ import annotations

import pytest

from desktop_app.core.model import UNSET_TIMING, Position, Timing
from desktop_app.core.overview import duration_text, overview, stretch_count
from desktop_app.core.plan import build_plan


def test_the_overview_of_a_builtin_routine(catalogue):
    routine = catalogue.routines["full-lower-back"]
    seen = overview(routine, UNSET_TIMING)
    assert seen.seconds == build_plan(routine).total_seconds
    assert seen.stretches == 6
    assert seen.positions == (
        Position.SEATED,
        Position.STANDING,
        Position.KNEELING,
        Position.FLOOR,
    )
    assert seen.steps[0] == "Seated figure-four: 30 s each side"
    assert seen.steps[-1] == "Dead bug variation: 10 reps"


def test_the_users_hold_changes_the_length(catalogue):
    routine = catalogue.routines["iliopsoas"]
    longer = overview(routine, Timing(hold=60))
    assert longer.seconds > overview(routine, UNSET_TIMING).seconds
    assert "60 s each side" in longer.steps[0]


def test_a_self_check_says_a_question_follows(catalogue):
    (text,) = overview(catalogue.routines["thomas-self-test"], UNSET_TIMING).steps
    assert text.endswith("each side, then a question")


@pytest.mark.parametrize(("seconds", "text"), [(0, "0:00"), (59.6, "1:00"), (131, "2:11")])
def test_durations(seconds, text):
    assert duration_text(seconds) == text


def test_counts():
    assert (stretch_count(1), stretch_count(3)) == ("1 stretch", "3 stretches")
