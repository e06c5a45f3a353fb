"""Turns a session's engine events into the history's writes, as they happen: the session when
it starts, each side of each stretch when it ends, the session's end. Written step by step, a
crash loses at most the step under way. The user's check-ins are written beside them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from desktop_app.core.clock import Clock
from desktop_app.core.engine import EndReason, Event, EventKind, SessionStatus
from desktop_app.core.model import Kind
from desktop_app.core.plan import Phase, Plan, PlanStep
from desktop_app.core.records import CheckIn, SessionInfo, StepRecord


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


Write = Began | StepEnded | Ended | CheckedIn


class SessionRecorder:
    def __init__(self, plan: Plan, clock: Clock, session_id: str) -> None:
        self.plan = plan
        self.session_id = session_id
        self._clock = clock
        self._seq = {step.index: seq for seq, step in enumerate(plan.recorded_steps)}
        self._last: StepRecord | None = None  # the hold a self-check's question belongs to
        self._reps_done = 0

    def _when(self, event: Event) -> datetime:
        """The wall-clock time an event was due, which a late tick may have delivered later."""
        late = max(0.0, self._clock.now() - event.due)
        return self._clock.wall() - timedelta(seconds=late)

    def feed(self, event: Event) -> list[Write]:
        kind = event.kind
        if kind is EventKind.SESSION_STARTED:
            return [Began(self._session(self._when(event)))]
        if kind is EventKind.STEP_STARTED:
            self._reps_done = 0
        elif kind is EventKind.REP_COUNTED:
            self._reps_done += 1
        elif kind is EventKind.STEP_FINISHED and event.step is not None:
            return self._step_finished(event, event.step)
        elif kind is EventKind.SESSION_FINISHED and event.status is not None:
            return [Ended(self.session_id, event.status, self._when(event))]
        return []

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
            steps_planned=len(self._seq),
        )

    def _step_finished(self, event: Event, step: PlanStep) -> list[Write]:
        if event.reason is EndReason.BACK:
            return []  # left to be done again; it is written when it ends for good
        if step.phase is Phase.CHECK:
            if self._last is None or event.answer is None:
                return []
            answered = replace(self._last, answer=event.answer)
            self._last = None
            return [StepEnded(self.session_id, answered)]
        seq = self._seq.get(step.index)
        if seq is None:
            return []  # a lead-in or a rest
        record = StepRecord(
            seq=seq,
            stretch_id=step.stretch.id,
            stretch_name=step.stretch.name,
            side=step.side,
            kind=step.recorded_kind,
            round=step.round,
            planned_seconds=step.duration or 0.0,
            held_seconds=round(event.held, 3),
            reps_planned=step.reps,
            reps_done=self._reps_done if step.phase is Phase.REPS else None,
            completed=event.reason is EndReason.COMPLETED,
            skipped=event.reason is EndReason.SKIPPED,
            ended_at=self._when(event),
            hurt=event.reason is EndReason.HURT,
        )
        self._last = record if record.kind is Kind.CHECK else None
        return [StepEnded(self.session_id, record)]
