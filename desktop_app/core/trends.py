"""What the history's trends show, over the same weeks as its other charts: the pain or stiffness
felt before and after each session, a self-check's result on each side week by week (the Thomas
test's, in Supple), and the minutes each stretch was held on each side, week by week.

Pure: the store reads the rows, this arranges them. Days and weeks are the user's own, as in
history_stats: the date a session started at the offset it started in, weeks from Monday.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from desktop_app.core.history_stats import WEEKS, counted_day, first_day, sessions_text
from desktop_app.core.model import Side

SIDES = (Side.LEFT, Side.RIGHT)
THOMAS = "thomas-test"  # the self-check the trends follow side by side


class Tone(Enum):
    """What a self-check's answer says about that side."""

    TIGHT = "tight"
    CLEAR = "clear"
    UNKNOWN = "unknown"


# The Thomas test's answers (assets/stretches/thomas-test.toml): a straight leg that lifts or
# whose knee bends hints at a tight iliopsoas on its side. Any other answer is no evidence.
THOMAS_TONES = {"lifts": Tone.TIGHT, "bends": Tone.TIGHT, "neither": Tone.CLEAR}
TONE_WORDS = {
    Tone.TIGHT: "may point to a tight iliopsoas on this side",
    Tone.CLEAR: "no sign of tightness",
    Tone.UNKNOWN: "no clear result",
}


@dataclass(frozen=True)
class PainPoint:
    """A session with a check-in before it, after it, or both."""

    session_id: str
    started_at: datetime
    routine_name: str
    before: int | None
    after: int | None


@dataclass(frozen=True)
class SideAnswer:
    """A self-check's answer on one side, as the store reads it."""

    day: date
    side: Side
    answer: str


@dataclass(frozen=True)
class SideHeld:
    """Seconds one side of one stretch was held in one session, as the store reads them."""

    day: date
    stretch_id: str
    stretch_name: str
    side: Side | None
    seconds: float


@dataclass(frozen=True)
class CheckWeek:
    """A self-check's results in one week: the last answer on each side, None where it was
    not done that week."""

    start: date  # a Monday
    answers: dict[Side, str | None]


@dataclass(frozen=True)
class StretchWeeks:
    stretch_id: str
    stretch_name: str  # the name it last had
    side: Side | None
    minutes: tuple[float, ...]  # one per week, oldest first


@dataclass(frozen=True)
class PainAverages:
    sessions: int  # sessions with both check-ins
    before: float
    after: float


@dataclass(frozen=True)
class Trends:
    weeks: tuple[date, ...]  # the Mondays, oldest first, this week last
    pain: tuple[PainPoint, ...]  # oldest first
    checks: tuple[CheckWeek, ...]  # one per week
    stretches: tuple[StretchWeeks, ...]  # the stretch held longest first, its sides together

    def pain_averages(self) -> PainAverages | None:
        """The mean before and after, over the sessions that have both; None if none has."""
        # Plain sums: the statistics module loads decimal and fractions, about a megabyte.
        both = [
            (p.before, p.after) for p in self.pain if p.before is not None and p.after is not None
        ]
        if not both:
            return None
        count = len(both)
        return PainAverages(count, sum(b for b, _ in both) / count, sum(a for _, a in both) / count)


def thomas_tone(answer: str) -> Tone:
    return THOMAS_TONES.get(answer, Tone.UNKNOWN)


def row_name(row: StretchWeeks) -> str:
    """ "Lizard pose · left", or the name alone for a stretch without sides."""
    return f"{row.stretch_name} · {row.side.value}" if row.side else row.stretch_name


def pain_pair_text(point: PainPoint) -> str:
    """ "before 6, after 4", or the one of them there is."""
    parts = [
        f"{moment} {pain}"
        for moment, pain in (("before", point.before), ("after", point.after))
        if pain is not None
    ]
    return ", ".join(parts)


def pain_text(found: Trends) -> str:
    """ "Before 5.2, after 3.8 on average over 6 sessions" """
    averages = found.pain_averages()
    if averages is not None:
        return (
            f"Before {averages.before:.1f}, after {averages.after:.1f} on average "
            f"over {sessions_text(averages.sessions)}"
        )
    if found.pain:
        return (
            f"{sessions_text(len(found.pain))} with a check-in, none yet with both before and after"
        )
    return f"No check-ins in these {len(found.weeks)} weeks"


def trends(
    pain: Iterable[PainPoint],
    answers: Iterable[SideAnswer],
    held: Iterable[SideHeld],
    today: date,
    weeks: int = WEEKS,
) -> Trends:
    """`answers` in the order they were given; rows before the first week are left out, and
    rows dated after today count on the day history_stats.counted_day says."""
    start = first_day(today, weeks)
    mondays = tuple(start + timedelta(weeks=n) for n in range(weeks))

    def week_of(day: date) -> int | None:
        counted = counted_day(day, today)
        if counted is None:
            return None
        index = (counted - start).days // 7
        return index if 0 <= index < weeks else None

    points = sorted(
        (p for p in pain if week_of(p.started_at.date()) is not None),
        key=lambda p: (p.started_at.timestamp(), p.session_id),
    )

    last: dict[tuple[int, Side], str] = {}
    for answer in answers:
        index = week_of(answer.day)
        if index is not None:
            last[index, answer.side] = answer.answer
    checks = tuple(
        CheckWeek(monday_, {side: last.get((index, side)) for side in SIDES})
        for index, monday_ in enumerate(mondays)
    )

    minutes: dict[tuple[str, Side | None], list[float]] = defaultdict(lambda: [0.0] * weeks)
    names: dict[str, tuple[date, str]] = {}
    for row in held:
        index = week_of(row.day)
        if index is None:
            continue
        minutes[row.stretch_id, row.side][index] += row.seconds / 60
        if row.stretch_id not in names or names[row.stretch_id][0] <= row.day:
            names[row.stretch_id] = (row.day, row.stretch_name)
    per_stretch: dict[str, float] = defaultdict(float)
    for (stretch_id, _side), values in minutes.items():
        per_stretch[stretch_id] += sum(values)
    # The most practised stretch first, its sides together, left before right.
    stretches = sorted(
        (
            StretchWeeks(stretch_id, names[stretch_id][1], side, tuple(values))
            for (stretch_id, side), values in minutes.items()
        ),
        key=lambda s: (-per_stretch[s.stretch_id], s.stretch_name, _side_order(s.side)),
    )
    return Trends(mondays, tuple(points), checks, tuple(stretches))


def _side_order(side: Side | None) -> int:
    return -1 if side is None else SIDES.index(side)
