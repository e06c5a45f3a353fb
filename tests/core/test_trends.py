"""The history's trends: pain before and after over the twelve weeks, the Thomas test's result on
each side week by week, minutes per stretch and side per week, and the words that go with them."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from desktop_app.core.history_stats import WEEKS, first_day
from desktop_app.core.model import Side
from desktop_app.core.trends import (
    PainAverages,
    PainPoint,
    SideAnswer,
    SideHeld,
    StretchWeeks,
    Tone,
    pain_pair_text,
    pain_text,
    row_name,
    thomas_tone,
    trends,
)

TODAY = date(2026, 11, 21)  # a Saturday; this week began on Monday 16 Nov
FIRST = date(2026, 8, 31)  # the Monday eleven weeks before
HERE = timezone(timedelta(hours=1))
WEST = timezone(timedelta(hours=-5))
LEFT, RIGHT = Side.LEFT, Side.RIGHT


def point(session_id: str, at: datetime, before: int | None, after: int | None) -> PainPoint:
    return PainPoint(session_id, at, "The Big 3", before, after)


def held(day: date, stretch_id: str, side: Side | None, seconds: float, name: str = "") -> SideHeld:
    return SideHeld(day, stretch_id, name or stretch_id.title(), side, seconds)


def test_the_trends_begin_on_the_monday_eleven_weeks_back():
    assert first_day(TODAY) == FIRST
    found = trends((), (), (), TODAY)
    assert found.weeks == tuple(FIRST + timedelta(weeks=n) for n in range(WEEKS))
    assert found.weeks[-1] == date(2026, 11, 16)


def test_pain_points_in_time_order_and_only_those_of_the_twelve_weeks():
    pain = [
        point("nov-2-west", datetime(2026, 11, 2, 7, 30, tzinfo=WEST), 5, None),  # 12:30 UTC
        point("nov-2-here", datetime(2026, 11, 2, 8, 0, tzinfo=HERE), 6, 3),  # 07:00 UTC
        point("too-old", datetime(2026, 8, 30, 9, 0, tzinfo=HERE), 9, 9),
        point("sep-10", datetime(2026, 9, 10, 7, 0, tzinfo=HERE), 7, 5),
        point("next-week", datetime(2026, 11, 23, 7, 0, tzinfo=HERE), 1, 1),
        point("oct-5", datetime(2026, 10, 5, 7, 0, tzinfo=HERE), None, 2),
    ]
    found = trends(pain, (), (), TODAY)
    assert [p.session_id for p in found.pain] == [
        "sep-10",
        "oct-5",
        "nov-2-here",
        "nov-2-west",
        "next-week",  # two days after today: done further east, it counts in this week
    ]


def test_pain_is_kept_by_the_day_where_the_session_started():
    # 23:30 on a Sunday at -05:00 is already Monday in UTC, and here: it is still Sunday's.
    sunday_before = point("before", datetime(2026, 8, 30, 23, 30, tzinfo=WEST), 4, 2)
    last_sunday = point("last", datetime(2026, 11, 22, 23, 30, tzinfo=WEST), 4, 2)
    found = trends([sunday_before, last_sunday], (), (), TODAY)
    assert [p.session_id for p in found.pain] == ["last"]


def test_the_averages_count_only_sessions_with_both_check_ins():
    pain = [
        point("a", datetime(2026, 9, 10, 7, tzinfo=HERE), 7, 5),
        point("b", datetime(2026, 10, 5, 7, tzinfo=HERE), None, 2),
        point("c", datetime(2026, 11, 2, 8, tzinfo=HERE), 6, 3),
        point("d", datetime(2026, 11, 3, 8, tzinfo=HERE), 5, None),
    ]
    found = trends(pain, (), (), TODAY)
    assert found.pain_averages() == PainAverages(2, 6.5, 4.0)
    assert pain_text(found) == "Before 6.5, after 4.0 on average over 2 sessions"


def test_the_pain_words_without_averages():
    only_before = trends(
        [point("a", datetime(2026, 9, 10, 7, tzinfo=HERE), 7, None)], (), (), TODAY
    )
    assert only_before.pain_averages() is None
    assert (
        pain_text(only_before) == "1 session with a check-in, none yet with both before and after"
    )
    none = trends((), (), (), TODAY)
    assert none.pain_averages() is None
    assert pain_text(none) == "No check-ins in these 12 weeks"


def test_the_last_answer_on_each_side_of_a_week_is_its_result():
    answers = [
        SideAnswer(date(2026, 8, 30), LEFT, "lifts"),  # before the twelve weeks
        SideAnswer(date(2026, 9, 1), LEFT, "lifts"),
        SideAnswer(date(2026, 9, 1), RIGHT, "neither"),
        SideAnswer(date(2026, 9, 3), LEFT, "bends"),  # the same week, later: this one counts
        SideAnswer(date(2026, 11, 17), RIGHT, "unsure"),
    ]
    found = trends((), answers, (), TODAY)
    assert len(found.checks) == WEEKS
    assert [c.start for c in found.checks] == list(found.weeks)
    assert found.checks[0].answers == {LEFT: "bends", RIGHT: "neither"}
    assert found.checks[-1].answers == {LEFT: None, RIGHT: "unsure"}
    assert all(c.answers == {LEFT: None, RIGHT: None} for c in found.checks[1:-1])


def test_minutes_per_stretch_and_side_per_week():
    rows = [
        held(date(2026, 9, 1), "lizard-pose", LEFT, 60),
        held(date(2026, 9, 2), "lizard-pose", LEFT, 30),  # the same week: added
        held(date(2026, 9, 1), "lizard-pose", RIGHT, 90),
        held(date(2026, 11, 15), "lizard-pose", RIGHT, 30),  # a Sunday: the week before this
        held(date(2026, 11, 16), "dead-bug", None, 120),
        held(date(2026, 9, 5), "hip-flexor", RIGHT, 300),
        held(date(2026, 11, 16), "hip-flexor", LEFT, 330),
        held(date(2026, 8, 30), "lizard-pose", LEFT, 600),  # before the twelve weeks
    ]
    found = trends((), (), rows, TODAY)
    # The stretch held longest first, its sides together, left before right.
    assert [(s.stretch_id, s.side) for s in found.stretches] == [
        ("hip-flexor", LEFT),
        ("hip-flexor", RIGHT),
        ("lizard-pose", LEFT),
        ("lizard-pose", RIGHT),
        ("dead-bug", None),
    ]
    by_row = {(s.stretch_id, s.side): s.minutes for s in found.stretches}
    assert all(len(minutes) == WEEKS for minutes in by_row.values())
    assert by_row["lizard-pose", LEFT] == (1.5,) + (0.0,) * 11
    assert by_row["lizard-pose", RIGHT] == (1.5,) + (0.0,) * 9 + (0.5, 0.0)
    assert by_row["hip-flexor", LEFT][-1] == 5.5
    assert by_row["hip-flexor", RIGHT][0] == 5.0
    assert by_row["dead-bug", None][-1] == 2.0


def test_rows_dated_after_today_count_in_this_week():
    monday = TODAY + timedelta(days=2)  # done further east, where it is Monday already
    rows = [held(monday, "lizard-pose", LEFT, 60), held(date(2030, 1, 1), "lizard-pose", LEFT, 600)]
    pain = [point("east", datetime(2026, 11, 23, 8, tzinfo=timezone(timedelta(hours=9))), 5, 3)]
    found = trends(pain, [SideAnswer(monday, LEFT, "lifts")], rows, TODAY)
    assert found.stretches[0].minutes[-1] == 1.0
    assert [p.session_id for p in found.pain] == ["east"]
    assert found.checks[-1].answers[LEFT] == "lifts"


def test_a_stretch_goes_by_the_newest_name_it_had():
    rows = [
        held(date(2026, 11, 16), "hip-flexor", LEFT, 60, "Half-kneeling hip flexor stretch"),
        held(date(2026, 9, 1), "hip-flexor", RIGHT, 60, "Hip flexor"),
        held(date(2026, 11, 18), "hip-flexor", RIGHT, 60, "Half-kneeling hip flexor stretch"),
        held(date(2026, 9, 2), "hip-flexor", LEFT, 60, "Hip flexor"),
    ]
    found = trends((), (), rows, TODAY)
    assert {s.stretch_name for s in found.stretches} == {"Half-kneeling hip flexor stretch"}


@pytest.mark.parametrize(
    ("answer", "tone"),
    [
        ("lifts", Tone.TIGHT),
        ("bends", Tone.TIGHT),
        ("neither", Tone.CLEAR),
        ("unsure", Tone.UNKNOWN),
        ("an answer from a newer Supple", Tone.UNKNOWN),
    ],
)
def test_each_thomas_answer_has_a_tone(answer, tone):
    assert thomas_tone(answer) is tone


def test_the_words_for_a_row_and_a_session():
    sided = StretchWeeks("lizard-pose", "Lizard pose", LEFT, (0.0,) * WEEKS)
    assert row_name(sided) == "Lizard pose · left"
    assert row_name(StretchWeeks("dead-bug", "Dead bug", None, (0.0,) * WEEKS)) == "Dead bug"
    at = datetime(2026, 11, 2, 8, tzinfo=HERE)
    assert pain_pair_text(point("a", at, 6, 4)) == "before 6, after 4"
    assert pain_pair_text(point("a", at, None, 4)) == "after 4"
    assert pain_pair_text(point("a", at, 0, None)) == "before 0"
