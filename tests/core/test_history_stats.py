"""The history's header and charts: streak, this week, totals, the calendar, weekly minutes."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from desktop_app.core.engine import SessionStatus
from desktop_app.core.history_stats import (
    WEEKS,
    DayTotal,
    chart_minutes_text,
    minutes_text,
    monday,
    sessions_text,
    streak,
    summarize_history,
)
from desktop_app.core.records import SessionInfo

TODAY = date(2026, 11, 21)  # a Saturday


def session(
    day: date,
    minutes: float = 10,
    hour: int = 8,
    offset: int = 0,
    *,
    done: int | None = None,
    longest: float | None = None,
    status: SessionStatus = SessionStatus.COMPLETED,
) -> SessionInfo:
    """A session of four sides, each done (unless `done` says how many), holding `minutes` in
    all; `longest`: the most seconds one side was held."""
    zone = timezone(timedelta(hours=offset))
    done = (4 if minutes > 0 else 0) if done is None else done
    return SessionInfo(
        id=f"{day}-{hour}",
        routine_id="r",
        routine_name="R",
        started_at=datetime(day.year, day.month, day.day, hour, tzinfo=zone),
        ended_at=None,
        status=status,
        planned_seconds=600,
        steps_planned=4,
        held_seconds=minutes * 60,
        steps_completed=done,
        longest_held=minutes * 60 / 4 if longest is None else longest,
    )


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


def test_a_streak_counts_days_in_a_row_up_to_today():
    assert streak({days_ago(0), days_ago(1), days_ago(2), days_ago(4)}, TODAY) == 3


def test_a_streak_is_still_alive_before_today_is_done():
    assert streak({days_ago(1), days_ago(2)}, TODAY) == 2
    assert streak({days_ago(2)}, TODAY) == 0


def test_the_overview():
    sessions = [
        session(days_ago(0), 12),
        session(days_ago(0), 3, hour=18),
        session(days_ago(1), 10),
        session(days_ago(5), 10),  # Monday of this week
        session(days_ago(6), 20),  # Sunday of last week
        session(days_ago(200), 30),  # before the calendar
        session(days_ago(3), 0),  # stopped before any stretch: no session of stretching
    ]
    seen = summarize_history(sessions, TODAY)
    assert seen.streak == 2
    assert (seen.week_sessions, seen.week_minutes) == (4, 35)
    assert (seen.total_sessions, seen.total_minutes) == (6, 85)
    assert len(seen.days) == WEEKS * 7
    assert seen.days[0].day == monday(TODAY) - timedelta(weeks=WEEKS - 1)
    assert seen.days[0].day.weekday() == 0
    assert seen.days[-1].day == date(2026, 11, 22)  # this Sunday
    today = next(d for d in seen.days if d.day == TODAY)
    assert (today.minutes, today.sessions) == (15, 2)
    assert [w.minutes for w in seen.weeks[-2:]] == [20, 35]
    assert seen.weeks[-1].start == date(2026, 11, 16)


def test_a_day_is_the_users_own_at_the_offset_it_started():
    # 23:30 at -05:00 is already the next day in UTC; the user lived it on the 20th.
    late = session(date(2026, 11, 20), hour=23, offset=-5)
    [day] = [d for d in summarize_history([late], TODAY).days if d.sessions]
    assert day.day == date(2026, 11, 20)


def test_no_sessions():
    seen = summarize_history([], TODAY)
    assert (seen.streak, seen.total_sessions, seen.total_minutes) == (0, 0, 0)
    assert all(w.minutes == 0 for w in seen.weeks)


def test_a_session_dated_after_today_counts_today():
    # Done on Monday morning in Tokyo, then a flight back to a Saturday evening further west:
    # it has happened, so it counts, on today, not in a week still to come.
    east = session(TODAY + timedelta(days=2), minutes=5, offset=9)
    overview = summarize_history([session(TODAY - timedelta(days=1)), east], TODAY)
    assert overview.streak == 2
    assert (overview.week_sessions, overview.week_minutes) == (2, 15)
    assert overview.days[-2] == DayTotal(TODAY, 5, 1)


def test_a_session_dated_years_ahead_counts_only_in_the_totals():
    wrong_clock = session(date(2030, 1, 1), minutes=5)
    overview = summarize_history([wrong_clock], TODAY)
    assert (overview.streak, overview.week_sessions) == (0, 0)
    assert (overview.total_sessions, overview.total_minutes) == (1, 5)


def test_chart_minutes_round_as_the_tiles_do():
    assert [chart_minutes_text(m) for m in (0, 0.2, 0.5, 2.5, 4.5, 12.4)] == [
        "",
        "<1",
        "1",
        "3",
        "5",
        "12",
    ]
    assert [minutes_text(m) for m in (2.5, 4.5)] == ["3 min", "5 min"]


def test_minutes_text():
    assert [minutes_text(m) for m in (0, 0.5, 2.5, 12.4, 59.6, 61, 600)] == [
        "0 min",
        "30 s",
        "3 min",
        "12 min",
        "1 h 00 min",
        "1 h 01 min",
        "10 h 00 min",
    ]


def test_a_session_with_nothing_held_counts_nowhere():
    """Every side skipped, a moment after each hold began: a few seconds held in all, no side
    for long, none done. Not a day of the streak, and in no total (the table lists it)."""
    skipped = session(TODAY, minutes=2.4 / 60, done=0, longest=0.6, status=SessionStatus.STOPPED)
    overview = summarize_history([session(days_ago(1)), skipped], TODAY)
    assert overview.streak == 1  # still alive from yesterday, not extended by today
    assert (overview.week_sessions, overview.week_minutes) == (1, 10)
    assert overview.days[-2] == DayTotal(TODAY, 0, 0)  # an empty square in the calendar


def test_a_session_stopped_after_one_side_held_a_while_counts():
    stopped = session(TODAY, minutes=0.2, done=0, longest=12, status=SessionStatus.STOPPED)
    overview = summarize_history([stopped], TODAY)
    assert (overview.streak, overview.total_sessions) == (1, 1)
    assert overview.total_minutes == pytest.approx(0.2)


def test_a_completed_session_from_before_the_rule_with_nothing_held_counts_nowhere():
    """Kept as completed by an older Supple: the rule reads what was held, not the status."""
    old = session(TODAY, minutes=1 / 60, done=0, longest=0.3)
    assert summarize_history([old], TODAY).streak == 0


@pytest.mark.parametrize(
    ("count", "text"),
    [(0, "0 sessions"), (1, "1 session"), (2, "2 sessions"), (7300, "7,300 sessions")],
)
def test_a_count_of_sessions_reads_at_a_glance(count: int, text: str) -> None:
    assert sessions_text(count) == text
