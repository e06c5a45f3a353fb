"""What a session did, read from the engine's events: for every side of every stretch in the
plan, whether it was done, skipped, cut short, ended because it hurt or never reached, and for
how long it was held. The summary screen shows it; the history stores the same facts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from desktop_app.core.engine import EndReason, Event, EventKind, SessionStatus
from desktop_app.core.model import Kind, Side, Stretch
from desktop_app.core.plan import Phase, Plan, PlanStep


class Outcome(Enum):
    DONE = "done"
    SKIPPED = "skipped"
    STOPPED = "stopped"  # under way when the session was stopped
    HURT = "hurt"  # ended by "this hurts"
    NOT_REACHED = "not reached"


@dataclass(frozen=True)
class WorkResult:
    """One side of one stretch (or a stretch without sides), in one round."""

    stretch: Stretch
    side: Side | None
    kind: Kind
    item: int
    round: int
    planned: float  # seconds
    held: float
    outcome: Outcome
    reps_planned: int | None = None
    reps_done: int = 0
    answer: str | None = None


@dataclass(frozen=True)
class Summary:
    routine_name: str
    status: SessionStatus | None  # None while the session is still going
    results: tuple[WorkResult, ...]
    seconds: float  # the clock time the session ran, pauses excluded

    def count(self, outcome: Outcome) -> int:
        return sum(1 for result in self.results if result.outcome is outcome)

    @property
    def held_seconds(self) -> float:
        return sum(result.held for result in self.results)

    @property
    def stretched(self) -> bool:
        """Whether any stretch was held for a while; a self-check is a test, not a stretch."""
        return any(r.held > 0 and r.kind is not Kind.CHECK for r in self.results)


def _key(step: PlanStep) -> tuple[int, int, Side | None]:
    return step.item, step.round, step.side


@dataclass
class _Tally:
    held: float = 0.0
    outcome: Outcome = Outcome.NOT_REACHED
    reps_done: int = 0
    answer: str | None = None


OUTCOMES = {
    EndReason.COMPLETED: Outcome.DONE,
    EndReason.SKIPPED: Outcome.SKIPPED,
    EndReason.HURT: Outcome.HURT,
}


def summarize(plan: Plan, events: Iterable[Event]) -> Summary:
    """A side left by Back and done again counts once, as it ended the last time. A
    self-check's question adds its answer to the hold before it."""
    tallies: dict[tuple[int, int, Side | None], _Tally] = {}
    status: SessionStatus | None = None
    seconds = 0.0
    reps_done = 0
    for event in events:
        if event.kind is EventKind.STEP_STARTED:
            reps_done = 0
        elif event.kind is EventKind.REP_COUNTED:
            reps_done += 1
        elif event.kind is EventKind.SESSION_FINISHED:
            status = event.status
        elif event.kind is EventKind.STEP_FINISHED and event.step is not None:
            seconds += event.held
            step = event.step
            if step.kind is None or event.reason is EndReason.BACK:
                continue
            tally = tallies.setdefault(_key(step), _Tally())
            if step.phase is Phase.CHECK:
                tally.answer = event.answer
            else:
                tally.held, tally.reps_done = event.held, reps_done
                tally.outcome = OUTCOMES.get(event.reason or EndReason.STOPPED, Outcome.STOPPED)
    results = tuple(
        _result(step, tallies.get(_key(step), _Tally())) for step in plan.recorded_steps
    )
    return Summary(plan.routine.name, status, results, seconds)


def _result(step: PlanStep, tally: _Tally) -> WorkResult:
    return WorkResult(
        stretch=step.stretch,
        side=step.side,
        kind=step.recorded_kind,
        item=step.item,
        round=step.round,
        planned=step.duration or 0.0,
        held=tally.held,
        outcome=tally.outcome,
        reps_planned=step.reps,
        reps_done=tally.reps_done,
        answer=tally.answer,
    )
