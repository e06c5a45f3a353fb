"""The reminders' timer. It ticks the scheduler when something may be due and passes on what
happened as Qt signals; the scheduler decides everything.

One precise single shot, aimed at the next moment the scheduler named, but never more than a
minute away: the minute's tick keeps the tray's "in 23 min" current and lets the scheduler see
that the machine slept. Reminders off, or a session running: no timer.

At each tick the desktop is asked how long the user has been idle, only while a count runs
(not while paused, quiet or off), and the reasons not to interrupt only when the scheduler
asks for them: when a reminder is due, or the user idle for the break length. Whatever the
desktop raises is "cannot tell" for that tick (said once in the log), and the timer is armed
again after every tick, so one bad answer never stops the reminders.
"""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from desktop_app.core.engine import Event, EventKind
from desktop_app.core.reminders import (
    HEARTBEAT,
    Change,
    Reason,
    Reminded,
    ReminderOutcome,
    ReminderRules,
    ReminderScheduler,
    Status,
    break_ended,
)
from desktop_app.core.summary import Summary
from desktop_app.ui.kit.armed_timer import ArmedTimer
from desktop_app.ui.session.host import SessionHost

log = logging.getLogger(__name__)


class Desktop(Protocol):
    """What the desktop tells the reminders (services/desktop_state.py's DesktopState)."""

    @property
    def idle_time_from(self) -> str | None:
        """Where idle time comes from, in words; None where the desktop cannot tell."""
        ...

    @property
    def reasons_checked(self) -> frozenset[Reason]:
        """The reasons not to interrupt that this desktop can tell."""
        ...

    def idle_seconds(self) -> float | None: ...

    def reasons(self, wanted: frozenset[Reason]) -> frozenset[Reason]: ...

    def close(self) -> None: ...


class PlainDesktop:
    """A desktop that tells nothing: the plain count, every reminder on time."""

    idle_time_from = None
    reasons_checked: frozenset[Reason] = frozenset()

    def idle_seconds(self) -> float | None:
        return None

    def reasons(self, wanted: frozenset[Reason]) -> frozenset[Reason]:
        return frozenset()

    def close(self) -> None:
        pass


class ReminderDriver(QObject):
    offered = Signal()  # time to stand up: ask the user
    withdrawn = Signal()  # the question is no longer open (missed, or a session began)
    changed = Signal()  # the status may read differently now
    reminded = Signal(object)  # a Reminded, for the history

    def __init__(
        self,
        scheduler: ReminderScheduler,
        session: SessionHost,
        parent: QObject | None = None,
        desktop: Desktop | None = None,
    ) -> None:
        super().__init__(parent)
        self.scheduler = scheduler
        self.desktop: Desktop = desktop or PlainDesktop()
        self._session = session
        self._clock = session.clock
        self._timer = ArmedTimer(self.tick, self)
        self._stopped = True  # until start(): and after stop(), a session's end re-arms nothing
        # The offer answered with a break, kept once the break ends: taken, or skipped if
        # nothing was held in it.
        self._break: Reminded | None = None
        self._failing: set[str] = set()  # what the desktop raised for, until it answers again
        session.happened.connect(self._session_event)
        session.finished.connect(self._session_ended)

    @property
    def rules(self) -> ReminderRules:
        return self.scheduler.rules

    @property
    def armed(self) -> float | None:
        """Seconds the timer was last set to wait, or None when it is stopped."""
        return self._timer.armed

    def status(self) -> Status:
        return self.scheduler.status()

    # -- commands ------------------------------------------------------------------------------

    def start(self) -> None:
        """Start ticking; a session already under way (`supple start`) holds reminders."""
        self._stopped = False
        if self._session.running:
            self.scheduler.session_started()
        self._update()

    def stop(self) -> None:
        self._stopped = True
        self._timer.arm(None)

    def tick(self) -> None:
        try:
            self._tick()
        finally:
            self._update()

    def _tick(self) -> None:
        idle = self._idle() if self.scheduler.counting else None
        change = self.scheduler.tick(idle, self._reasons)
        # Where the user was and what they did is kept in the history: the log says it only
        # when asked for details.
        if change is Change.OFFERED:
            if self.scheduler.delayed_by is not None:
                log.debug("reminders: offered after waiting (%s)", self.scheduler.delayed_by.value)
            self.offered.emit()
        elif change is Change.MISSED:
            self._record(ReminderOutcome.MISSED)
            self.withdrawn.emit()
        elif change is Change.NATURAL_BREAK:
            log.debug("reminders: away from the machine: a natural break")
            self.reminded.emit(
                Reminded(self._clock.wall(), ReminderOutcome.NATURAL_BREAK, self.rules.routine)
            )

    def answer(self, outcome: ReminderOutcome) -> None:
        if not self.scheduler.offered:
            return  # answered twice (a notification and a click), or too late
        self.scheduler.answer(outcome)
        if outcome is ReminderOutcome.STARTED:
            self._break = Reminded(
                self._clock.wall(), outcome, self.rules.routine, self.scheduler.delayed_by
            )
        else:
            self._record(outcome)
        self._update()

    def pause_for(self, seconds: float) -> None:
        self._withdraw()
        self.scheduler.pause_for(seconds)
        self._update()

    def pause_until_tomorrow(self) -> None:
        self._withdraw()
        self.scheduler.pause_until_tomorrow()
        self._update()

    def resume(self) -> None:
        self.scheduler.resume()
        self._update()

    def configure(self, rules: ReminderRules) -> None:
        if not rules.enabled and self.scheduler.offered:
            self.withdrawn.emit()  # switched off: taken back, neither skipped nor missed
        self.scheduler.configure(rules)
        self._update()

    # -- inside --------------------------------------------------------------------------------

    def _session_event(self, event: Event) -> None:
        if event.kind is EventKind.SESSION_STARTED:
            if self.scheduler.offered:  # a break taken another way answers the offer
                self.answer(ReminderOutcome.STARTED)
                self.withdrawn.emit()
            self.scheduler.session_started()
            self._update()

    def _session_ended(self, summary: Summary) -> None:
        if self._break is not None:
            self.reminded.emit(break_ended(self._break, summary.held_anything))
            self._break = None
        self.scheduler.session_ended()
        self._update()

    def _withdraw(self) -> None:
        """Pausing while a reminder is open skips it."""
        if self.scheduler.offered:
            self.answer(ReminderOutcome.SKIPPED)
            self.withdrawn.emit()

    def _idle(self) -> float | None:
        try:
            idle = self.desktop.idle_seconds()
        except Exception as exc:  # any failure of a probe: "cannot tell"
            self._cannot_tell("idle time", exc)
            return None
        self._failing.discard("idle time")
        return idle

    def _reasons(self, wanted: frozenset[Reason]) -> frozenset[Reason]:
        try:
            holding = self.desktop.reasons(wanted)
        except Exception as exc:  # any failure of a probe: "cannot tell"
            self._cannot_tell("the reasons not to interrupt", exc)
            return frozenset()
        self._failing.discard("the reasons not to interrupt")
        return holding

    def _cannot_tell(self, what: str, exc: Exception) -> None:
        """Once in the log, until the desktop answers again; a line, not a traceback."""
        if what not in self._failing:
            self._failing.add(what)
            log.warning(
                "reminders: the desktop cannot tell %s now (%s: %s)", what, type(exc).__name__, exc
            )

    def _record(self, outcome: ReminderOutcome) -> None:
        """An offer's end, with the reason it waited, if it did."""
        delayed_by = self.scheduler.delayed_by
        self.reminded.emit(Reminded(self._clock.wall(), outcome, self.rules.routine, delayed_by))

    def _update(self) -> None:
        wait = None if self._stopped else self.scheduler.next_tick()
        self._timer.arm(None if wait is None else min(wait, HEARTBEAT))
        self.changed.emit()
