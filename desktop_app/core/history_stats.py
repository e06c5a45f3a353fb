"""What the history view's header and charts show, computed from the sessions: the streak,
this week, the totals, a 12-week calendar and the minutes stretched per week.

A session counts when something was held in it (core/summary.py's rule: a side done, or one
held for a few seconds before it was cut short); one in which nothing was (every side skipped,
or stopped before any hold) is in no day, week or total, and extends no streak. A day counts
when a session that counts was done on it, whatever its status. Days are the user's own: the
date a session started at the UTC offset it started in; one dated a day or two after today
(done further east, before a flight west) counts on today, and a later one (a clock that was
wrong) only in the totals. Weeks begin on Monday.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from desktop_app.core.records import SessionInfo

WEEKS = 12


@dataclass(frozen=True)
class DayTotal:
    day: date
    minutes: float
    sessions: int


@dataclass(frozen=True)
class WeekTotal:
    start: date  # a Monday
    minutes: float
    sessions: int


@dataclass(frozen=True)
class HistoryOverview:
    today: date
    streak: int  # days in a row with stretching, up to today (or yesterday, if not yet today)
    week_sessions: int
    week_minutes: float
    total_sessions: int
    total_minutes: float
    days: tuple[DayTotal, ...]  # WEEKS whole weeks, Monday first, oldest first; ends this Sunday
    weeks: tuple[WeekTotal, ...]  # WEEKS weeks, oldest first, this week last


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def streak(active: set[date], today: date) -> int:
    """Days in a row ending today; a streak that ended yesterday is still alive today."""
    day = today if today in active else today - timedelta(days=1)
    count = 0
    while day in active:
        count += 1
        day -= timedelta(days=1)
    return count


AHEAD_DAYS = 2  # the most one place's date runs ahead of another's (UTC+14 against UTC-12)


def counted_day(day: date, today: date) -> date | None:
    """The day a session dated `day` counts on: its own, today for one dated up to two days
    ahead (done further east), None for a later one (a clock that was wrong)."""
    if day <= today:
        return day
    return today if (day - today).days <= AHEAD_DAYS else None


def first_day(today: date, weeks: int = WEEKS) -> date:
    """The Monday the charts and trends begin on: what the store reads from."""
    return monday(today) - timedelta(weeks=weeks - 1)


def summarize_history(sessions: Iterable[SessionInfo], today: date) -> HistoryOverview:
    minutes: dict[date, float] = defaultdict(float)
    counts: dict[date, int] = defaultdict(int)
    total_sessions = 0
    for session in sessions:
        if not session.held_anything:
            continue  # the sessions table lists it, with what was done
        day = session.started_at.date()
        day = counted_day(day, today) or day  # a later one counts in the totals alone
        minutes[day] += session.held_seconds / 60
        counts[day] += 1
        total_sessions += 1
    first = first_day(today)
    days = tuple(
        DayTotal(day, minutes.get(day, 0.0), counts.get(day, 0))
        for day in (first + timedelta(days=n) for n in range(WEEKS * 7))
    )
    weeks = tuple(
        WeekTotal(
            week[0].day,
            sum(d.minutes for d in week),
            sum(d.sessions for d in week),
        )
        for week in (days[n : n + 7] for n in range(0, len(days), 7))
    )
    return HistoryOverview(
        today=today,
        streak=streak(set(counts), today),
        week_sessions=weeks[-1].sessions,
        week_minutes=weeks[-1].minutes,
        total_sessions=total_sessions,
        total_minutes=sum(minutes.values()),
        days=days,
        weeks=weeks,
    )


def minutes_text(minutes: float) -> str:
    """ "45 s" under a minute, "12 min", or "3 h 05 min" from an hour up."""
    if minutes > 0 and round(minutes * 60) < 60:
        return f"{round(minutes * 60)} s"
    whole = whole_minutes(minutes)
    if whole < 60:
        return f"{whole} min"
    return f"{whole // 60} h {whole % 60:02d} min"


def whole_minutes(minutes: float) -> int:
    return math.floor(minutes + 0.5)  # half a minute rounds up, as people round


def chart_minutes_text(minutes: float) -> str:
    """Whole minutes for a chart's cell or bar; "<1" for a few seconds, nothing for none."""
    if minutes <= 0:
        return ""
    return str(whole_minutes(minutes)) if minutes >= 0.5 else "<1"


def days_text(days: int) -> str:
    return "1 day" if days == 1 else f"{days} days"


def sessions_text(sessions: int) -> str:
    return "1 session" if sessions == 1 else f"{sessions:,} sessions"  # 7,300: read at a glance
