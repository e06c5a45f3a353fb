"""Turns a session's engine events into the history's writes, as they happen: the session when
it starts, each side of each stretch when it ends, the session's end. Written step by step, a
crash loses at most the step under way. What a side did is the summary's fold (core/summary.py),
so the history and the summary screen never disagree. The user's check-ins are written beside
them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from desktop_app.core.clock import Clock
from desktop_app.core.engine import Event, EventKind, SessionStatus
from desktop_app.core.model import Kind
from desktop_app.core.plan import Plan
from desktop_app.core.records import CheckIn, SessionInfo, StepRecord
from desktop_app.core.summary import SessionFold, WorkOutcome, WorkResult


@dataclass(frozen=True)
class Began:
    session: SessionInfo


@dataclass(frozen=True)
class StepEnded:
    session_id: str
    step: StepRecord  # replaces any earlier record at its place (a side done again after Back)


@dataclass(frozen=True)
class Ended:
    session_id: str
    status: SessionStatus
    ended_at: datetime


@dataclass(frozen=True)
class CheckedIn:
    session_id: str
    checkin: CheckIn  # replaces an earlier one of the same moment (an answer changed)


# What a session writes to the history (core/kept_writes.py's HistoryWrite adds the reminders').
SessionWrite = Began | StepEnded | Ended | CheckedIn


class SessionRecorder:
    def __init__(self, plan: Plan, clock: Clock, session_id: str) -> None:
        self.plan = plan
        self.session_id = session_id
        self._clock = clock
        self._fold = SessionFold(plan)
        # Each clock time is made wall-clock time once: a self-check's answer, written later,
        # keeps the time its hold ended.
        self._walls: dict[float, datetime] = {}

    def _wall(self, due: float) -> datetime:
        """The wall-clock time of the clock time `due`, which a late tick may have delivered
        later."""
        if due not in self._walls:
            late = max(0.0, self._clock.now() - due)
            self._walls[due] = self._clock.wall() - timedelta(seconds=late)
        return self._walls[due]

    def feed(self, event: Event) -> list[SessionWrite]:
        places = self._fold.feed(event)
        if event.kind is EventKind.SESSION_STARTED:
            return [Began(self._session(self._wall(event.due)))]
        writes: list[SessionWrite] = [
            StepEnded(self.session_id, self._step(place, self._fold.results[place]))
            for place in places
        ]
        if event.kind is EventKind.SESSION_FINISHED and self._fold.status is not None:
            writes.append(Ended(self.session_id, self._fold.status, self._wall(event.due)))
        return writes

    def _session(self, started_at: datetime) -> SessionInfo:
        routine = self.plan.routine
        return SessionInfo(
            id=self.session_id,
            routine_id=routine.id,
            routine_name=routine.name,
            started_at=started_at,
            ended_at=None,
            status=None,
            planned_seconds=self.plan.total_seconds,
            steps_planned=len(self._fold.results),
        )

    def _step(self, seq: int, result: WorkResult) -> StepRecord:
        return StepRecord(
            seq=seq,
            stretch_id=result.stretch.id,
            stretch_name=result.stretch.name,
            side=result.side,
            kind=result.kind,
            round=result.round,
            planned_seconds=result.planned,
            held_seconds=round(result.held, 3),
            reps_planned=result.reps_planned,
            reps_done=result.reps_done if result.kind is Kind.REPS else None,
            completed=result.outcome is WorkOutcome.DONE,
            skipped=result.outcome is WorkOutcome.SKIPPED,
            answer=result.answer,
            ended_at=None if result.ended is None else self._wall(result.ended),
            hurt=result.outcome is WorkOutcome.HURT,
        )
