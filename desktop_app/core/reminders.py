"""When to remind the user to stand up and stretch: pure, on the injected clock.

The count runs on the clock's monotonic seconds; quiet hours, weekends and pauses are wall-clock
ideas, so they are compared with `clock.wall()` at every tick (a daylight-saving change or a
clock set by hand is then taken as it comes). The count starts again whenever the user had a
break from the desk anyway: a session ended, a reminder was answered, quiet hours or a pause
ended, or the user was away from the machine for the break length: idle that long, or the
machine asleep that long (both a *natural break*, kept in the history). A backlog is never fired.

What the desktop says is fed in at each tick, never asked for here: how long the user has been
idle (None where the desktop cannot tell: then the plain count), and, only when a reminder is
due or the user idle for the break length, the reasons not to interrupt now (a call, a film,
do-not-disturb). A due reminder waits while one the user switched on holds and is offered
once, as soon as none does (or after MAX_WAIT anyway), marked as delayed by the first. Idle
while any reason that shows the user is there holds (PRESENCE) is sitting, switched on or not.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from desktop_app.core.clock import Clock

INTERVALS = (10, 120)  # minutes
SNOOZES = (1, 60)  # minutes
DEFAULT_ROUTINE = "desk-break"
# An offer nobody answers is taken back after this long (the user is away): a missed reminder.
MISSED_AFTER = 10 * 60.0
PAUSES = {"30 minutes": 30 * 60.0, "1 hour": 60 * 60.0}
BREAKS = (1, 30)  # minutes away from the machine that count as a break
# How often a due reminder that waits asks again whether it may come: within a minute of a
# call's end. All the checks together cost 15 to 20 ms of CPU (two of them run a command;
# measured by benchmarks/reminder_checks.py), so every 30 s came to 0.04 to 0.06% of a core,
# over the 0.05% budget; once a minute is half that.
HELD_POLL = 60.0
# How often the user's return is looked for while they are away (the count starts from the
# moment they came back whenever it is seen, so this only sets how soon the tray says so).
AWAY_POLL = 60.0
# The driver ticks at least this often while a count runs (the tray's "in 23 min" stays
# current). A gap between ticks of more than two of these is no late timer: the machine slept.
HEARTBEAT = 60.0
SLEPT_AFTER = 2 * HEARTBEAT
# A reason can hold for good (do-not-disturb left on, a program that keeps the microphone
# open): after waiting this long a due reminder comes anyway, still marked as delayed.
MAX_WAIT = 60 * 60.0
# When the user has been idle for nearly the break length, the next tick is aimed at the moment
# it is reached (so an absence just over the break length is seen), but never sooner than this.
AIM_AT_LEAST = 5.0


class Reason(enum.Enum):
    """Why a due reminder waits, in the order the tray names them."""

    DO_NOT_DISTURB = "do-not-disturb"
    FULL_SCREEN = "full-screen"
    INHIBITOR = "idle-inhibitor"
    MICROPHONE = "microphone"
    CAMERA = "camera"


REASON_TEXTS = {
    Reason.DO_NOT_DISTURB: "do-not-disturb is on",
    Reason.FULL_SCREEN: "a window is full screen",
    Reason.INHIBITOR: "a program keeps the screen awake",
    Reason.MICROPHONE: "the microphone is in use",
    Reason.CAMERA: "the camera is in use",
}
# The reasons that show the user is there even without touching a key: a film, a call, a
# presentation. Idle while one holds is sitting, not a break. Do-not-disturb shows nothing.
PRESENCE = frozenset(Reason) - {Reason.DO_NOT_DISTURB}


@dataclass(frozen=True)
class ReminderRules:
    enabled: bool = True
    interval_minutes: int = 35
    snooze_minutes: int = 10
    hours_only: bool = True  # remind only between active_from and active_until
    active_from: time = time(9, 0)
    active_until: time = time(18, 0)
    weekends: bool = False  # remind on Saturdays and Sundays too
    routine: str = DEFAULT_ROUTINE
    break_minutes: float = 5  # idle this long is a break (whole minutes in the settings)
    wait_for: frozenset[Reason] = field(default=frozenset(Reason))  # the reasons that hold one
    chime: bool = True  # a soft sound with each reminder

    @property
    def break_length(self) -> float:
        return self.break_minutes * 60.0

    @property
    def interval(self) -> float:
        return self.interval_minutes * 60.0

    @property
    def snooze(self) -> float:
        return self.snooze_minutes * 60.0

    # Times of day are the user's local wall time, without an offset: "9:00" is 9:00 on the
    # clock on the wall, before and after a change to or from daylight saving time.

    @property
    def _limited(self) -> bool:
        """Whether the reminder hours limit anything (from 9:00 to 9:00 is all day)."""
        return self.hours_only and self.active_from != self.active_until

    @property
    def _start(self) -> time:
        return self.active_from if self._limited else time(0)

    def _day_of(self, when: datetime) -> date:
        """The day whose reminder hours `when` falls in: the small hours of hours across
        midnight belong to the evening before (a Friday night shift is no weekend)."""
        across_midnight = self._limited and self.active_from > self.active_until
        if across_midnight and when.time() < self.active_until:
            return when.date() - timedelta(1)
        return when.date()

    def quiet(self, when: datetime) -> bool:
        """Whether local time `when` falls outside the hours (or days) of reminders."""
        if self._limited:
            now, start, end = when.time(), self.active_from, self.active_until
            inside = start <= now < end if start < end else now >= start or now < end
            if not inside:
                return True
        return not self.weekends and self._day_of(when).weekday() >= 5

    def quiet_until(self, when: datetime) -> datetime:
        """The next moment after local time `when` at which reminders may come again."""
        for days in range(9):
            candidate = datetime.combine(when.date() + timedelta(days), self._start)
            if candidate > when and not self.quiet(candidate):
                return candidate
        raise AssertionError("a week always has a day with reminders")  # pragma: no cover

    def tomorrow(self, when: datetime) -> datetime:
        """When "until tomorrow" ends: at the start of the next day's reminder hours (for hours
        across midnight, the next evening's)."""
        return datetime.combine(self._day_of(when) + timedelta(1), self._start)


class ReminderOutcome(enum.Enum):
    """How an offered reminder ended; each is kept in the history."""

    STARTED = "started"
    SNOOZED = "snoozed"
    SKIPPED = "skipped"
    MISSED = "missed"
    # No offer: the user was away from the machine for the break length anyway.
    NATURAL_BREAK = "natural-break"


@dataclass(frozen=True)
class Reminded:
    """An offer and how it ended, for the history: how often a break was taken or skipped;
    or a natural break. `delayed_by`: the reason an offer waited before it came."""

    at: datetime
    outcome: ReminderOutcome
    routine_id: str
    delayed_by: Reason | None = None


def break_ended(started: Reminded, held_anything: bool) -> Reminded:
    """The offer whose break (`started`) has now ended, as the history keeps it: taken when
    something was held in the break; skipped when nothing was (every side skipped, or stopped
    before any hold), as if the offer had been. Kept once the break ends, when that is known."""
    if held_anything:
        return started
    return replace(started, outcome=ReminderOutcome.SKIPPED)


class Mode(enum.Enum):
    OFF = "off"
    WAITING = "waiting"
    OFFERED = "offered"
    IN_SESSION = "in-session"
    PAUSED = "paused"
    QUIET = "quiet"
    AWAY = "away"  # idle for the break length: the count starts when the user is back
    HELD = "held"  # due, and waiting for a reason not to interrupt to end


class Change(enum.Enum):
    """What a tick did that the user sees."""

    OFFERED = "offered"
    MISSED = "missed"  # an offer nobody answered was taken back
    NATURAL_BREAK = "natural-break"  # the user was away for the break length


@dataclass(frozen=True)
class Status:
    mode: Mode
    # local: the next reminder (waiting), when a held one comes anyway (held), the pause's
    # end, or quiet's end
    at: datetime | None
    seconds: float | None  # from now to `at`
    reason: Reason | None = None  # held: why it waits


def no_reasons(wanted: frozenset[Reason]) -> frozenset[Reason]:
    return frozenset()


class ReminderScheduler:
    def __init__(self, clock: Clock, rules: ReminderRules) -> None:
        self._clock = clock
        self.rules = rules
        now = clock.now()
        self._since = now  # when the current count began
        self._snoozed_until: float | None = None
        self._offered_at: float | None = None
        self._paused_until: datetime | None = None  # local time
        self._in_session = False
        self._quiet = rules.quiet(self._local())
        self._last_tick = now
        self._away = False  # idle for the break length, not back yet
        self._idle_seen: tuple[float, float] | None = None  # (when, idle) at the last tick
        self._holding: frozenset[Reason] = frozenset()  # why a due reminder waits now
        self._held_by: Reason | None = None  # the first reason the due reminder waited for
        self.delayed_by: Reason | None = None  # the open offer's: it waited for this first

    # -- what the user or the session does -----------------------------------------------------

    def configure(self, rules: ReminderRules) -> None:
        """New rules; a count under way keeps its start, so a shorter interval can be due now."""
        turned_on = rules.enabled and not self.rules.enabled
        self.rules = rules
        if turned_on:
            self._restart()
        if not rules.enabled:
            self._offered_at = None
            self._restart()  # nothing held or away from a count that no longer runs

    def answer(self, outcome: ReminderOutcome) -> None:
        """The user answered the offer (or nobody did: MISSED)."""
        self._offered_at = None
        if outcome is ReminderOutcome.SNOOZED:
            self._snoozed_until = self._clock.now() + self.rules.snooze
        else:
            self._restart()

    def session_started(self) -> None:
        self._in_session = True
        self._offered_at = None
        self._last_tick = self._clock.now()  # no ticks in a session: the gap is no sleep

    def session_ended(self) -> None:
        self._in_session = False
        self._restart()

    def pause_for(self, seconds: float) -> None:
        self.pause_until(self._local() + timedelta(seconds=seconds))

    def pause_until_tomorrow(self) -> None:
        self.pause_until(self.rules.tomorrow(self._local()))

    def pause_until(self, until: datetime) -> None:
        """Pause until local time `until`."""
        self._paused_until = until
        self._offered_at = None

    def resume(self) -> None:
        """End a pause now; the count starts again."""
        if self._paused_until is not None:
            self._paused_until = None
            self._restart()

    @property
    def offered(self) -> bool:
        return self._offered_at is not None

    @property
    def paused_until(self) -> datetime | None:
        return self._paused_until

    # -- the clock -----------------------------------------------------------------------------

    @property
    def counting(self) -> bool:
        """Whether the user's idle time matters now: a count runs, is held or waits for the
        user's return. (Off, paused, quiet, in a session or with an offer open, it does not:
        nothing need be asked of the desktop.)"""
        return self._mode(self._local()) in (Mode.WAITING, Mode.AWAY, Mode.HELD)

    def tick(
        self,
        idle: float | None = None,
        reasons: Callable[[frozenset[Reason]], frozenset[Reason]] = no_reasons,
    ) -> Change | None:
        """`idle`: seconds since the user last touched the machine, or None where that is not
        known. `reasons(wanted)`: which of the `wanted` reasons not to interrupt hold now (it
        may stop looking once one that shows the user is there holds). Asked only when its
        answer matters, a reminder due or the user idle for the break length, and seldom more
        than once a tick."""
        now, wall = self._clock.now(), self._local()
        gap = now - self._last_tick
        was = self._mode(wall - timedelta(seconds=gap))
        self._last_tick = now
        self._idle_seen = None if idle is None else (now, idle)
        change = None
        slept = gap >= max(self.rules.break_length, SLEPT_AFTER)
        if slept or gap > self.rules.interval:
            if self._offered_at is not None:
                change = Change.MISSED
            elif slept and was in (Mode.WAITING, Mode.HELD):
                change = Change.NATURAL_BREAK  # asleep for the break length: a break
            self._offered_at = None
            if was is not Mode.AWAY:  # away: the count starts when the user is back
                self._restart()
        quiet = self.rules.quiet(wall)
        if self._quiet and not quiet:  # the reminder hours began: so does the count
            self._restart()
        self._quiet = quiet
        if self._paused_until is not None and wall >= self._paused_until:
            self._paused_until = None
            self._restart()
        if self._offered_at is not None:
            if now - self._offered_at >= MISSED_AFTER:
                self.answer(ReminderOutcome.MISSED)
                return Change.MISSED
            return change
        if self._mode(wall) not in (Mode.WAITING, Mode.AWAY, Mode.HELD):
            return change
        asked = _Asked(reasons, self.rules.wait_for)
        if idle is None:
            if self._away:  # no longer known: the plain count, from now
                self._away = False
                self._since = now
        elif idle >= self.rules.break_length:
            if not self._away and not asked.present():
                self._restart()
                self._away = True
                return change or Change.NATURAL_BREAK  # a break at most once a tick
        elif self._away:  # back: the count began when the user came back
            self._away = False
            self._since = now - idle
        if self._away or now < self._due():
            return change
        self._holding = asked.holding() if now < self._due() + MAX_WAIT else frozenset()
        if self._holding:
            self._held_by = self._held_by or min(self._holding, key=_REASON_ORDER.index)
            return change
        self._offered_at = now
        self.delayed_by, self._held_by = self._held_by, None
        self._snoozed_until = None
        return Change.OFFERED

    def next_tick(self) -> float | None:
        """Seconds from now until a tick could change something; None: nothing to wait for
        (off, or in a session: the session's end says so)."""
        status = self.status()
        if status.mode is Mode.OFFERED:
            assert self._offered_at is not None
            return max(0.0, self._offered_at + MISSED_AFTER - self._clock.now())
        if status.mode is Mode.AWAY:
            return AWAY_POLL
        if status.seconds is None:
            return None
        wait = max(0.0, status.seconds)
        if status.mode is Mode.HELD:
            wait = min(HELD_POLL, wait)
        if status.mode in (Mode.WAITING, Mode.HELD) and self._idle_seen is not None:
            seen_at, idle = self._idle_seen
            to_break = self.rules.break_length - idle - (self._clock.now() - seen_at)
            if to_break > 0:  # idle now, not yet for the break length: look when it is
                wait = min(wait, max(AIM_AT_LEAST, to_break))
        return wait

    def status(self) -> Status:
        """Times in it are local, without an offset."""
        now, wall = self._clock.now(), self._local()
        mode = self._mode(wall)
        if mode is Mode.PAUSED:
            assert self._paused_until is not None
            return Status(mode, self._paused_until, (self._paused_until - wall).total_seconds())
        if mode is Mode.QUIET:
            until = self.rules.quiet_until(wall)
            return Status(mode, until, (until - wall).total_seconds())
        if mode is Mode.WAITING:
            seconds = max(0.0, self._due() - now)
            return Status(mode, wall + timedelta(seconds=seconds), seconds)
        if mode is Mode.HELD:
            shown = min(self._holding, key=_REASON_ORDER.index) if self._holding else None
            seconds = max(0.0, self._due() + MAX_WAIT - now)  # then it comes anyway
            return Status(mode, wall + timedelta(seconds=seconds), seconds, shown or self._held_by)
        return Status(mode, None, None)

    # -- inside --------------------------------------------------------------------------------

    def _mode(self, wall: datetime) -> Mode:
        if not self.rules.enabled:
            return Mode.OFF
        if self._in_session:
            return Mode.IN_SESSION
        if self._offered_at is not None:
            return Mode.OFFERED
        if self._paused_until is not None and wall < self._paused_until:
            return Mode.PAUSED
        if self.rules.quiet(wall):
            return Mode.QUIET
        if self._away:
            return Mode.AWAY
        if self._held_by is not None:
            return Mode.HELD
        return Mode.WAITING

    def _due(self) -> float:
        if self._snoozed_until is not None:
            return self._snoozed_until
        return self._since + self.rules.interval

    def _restart(self) -> None:
        self._since = self._last_tick = self._clock.now()
        self._snoozed_until = None
        self._away = False
        self._held_by = None
        self._holding = frozenset()

    def _local(self) -> datetime:
        return self._clock.wall().replace(tzinfo=None)


_REASON_ORDER = list(Reason)


class _Asked:
    """The reasons that hold, asked of the desktop when first needed in a tick, then kept.

    Whether the user is there (idle, but in a call or a film) is asked of every reason that
    shows it, whatever the switches: a call with the microphone's switch off is still sitting.
    The switches (`wait_for`) only say which reasons hold a due reminder."""

    def __init__(
        self, ask: Callable[[frozenset[Reason]], frozenset[Reason]], wait_for: frozenset[Reason]
    ) -> None:
        self._ask = ask
        self._wait_for = wait_for
        self._answer: frozenset[Reason] | None = None  # to `wait_for | PRESENCE`
        self._holding: frozenset[Reason] | None = None

    def present(self) -> bool:
        """Whether a reason holds that shows the user is at the machine."""
        if self._answer is None:
            self._answer = self._ask(self._wait_for | PRESENCE)
        return bool(self._answer & PRESENCE)

    def holding(self) -> frozenset[Reason]:
        """The reasons switched on that hold now."""
        if self._holding is None:
            if not self._wait_for:
                self._holding = frozenset()
            elif self._answer is not None and (
                self._answer & self._wait_for or self._answer <= self._wait_for
            ):
                self._holding = self._answer & self._wait_for
            else:  # only one switched off was seen: the desktop may have stopped looking there
                self._holding = self._ask(self._wait_for)
        return self._holding


def status_text(status: Status, now: datetime) -> str:
    """The status in a few words, for the tray's tooltip."""
    mode, at = status.mode, status.at
    if mode is Mode.OFF:
        return "Reminders are off"
    if mode is Mode.IN_SESSION:
        return "No reminders during a session"
    if mode is Mode.OFFERED:
        return "Time to stand up and stretch"
    if mode is Mode.AWAY:
        return "You are away: a break; the count starts again when you are back"
    if mode is Mode.HELD:
        why = REASON_TEXTS[status.reason] if status.reason else "not now"
        return f"Time for a break, waiting: {why}"
    assert at is not None and status.seconds is not None
    when = _when_text(at, now)
    if mode is Mode.PAUSED:
        return f"Reminders paused until {when}"
    if mode is Mode.QUIET:
        return f"No reminders until {when}"
    minutes = max(1, round(status.seconds / 60))
    return f"Next reminder at {when} (in {minutes} min)"


def answers_text(counts: dict[ReminderOutcome, int], days: int, delayed: int = 0) -> str:
    """How the reminders of the last `days` days ended, in a line; empty if there were none.
    `delayed`: how many of them waited for a reason not to interrupt."""
    if not any(counts.values()):
        return ""
    parts = [
        f"{counts[ReminderOutcome.STARTED]} taken",
        f"{counts[ReminderOutcome.SNOOZED]} snoozed",
        f"{counts[ReminderOutcome.SKIPPED]} skipped",
        f"{counts[ReminderOutcome.MISSED]} missed",
    ]
    if delayed:
        parts.append(f"{delayed} waited for a call, a film or do-not-disturb to end")
    natural = counts.get(ReminderOutcome.NATURAL_BREAK, 0)
    breaks = f"; {natural} natural break{'' if natural == 1 else 's'} away from the desk"
    breaks = breaks if natural else ""
    return f"Sit-break reminders in the last {days} days: {', '.join(parts)}{breaks}."


def _when_text(at: datetime, now: datetime) -> str:
    clock = f"{at.hour}:{at.minute:02d}"
    days = (at.date() - now.date()).days
    if days == 0:
        return clock
    if days == 1:
        return f"tomorrow {clock}"
    return f"{at:%A} {clock}"
