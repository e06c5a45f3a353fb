"""What a session did, read from the engine's events: for every side of every stretch in the
plan, whether it was done, skipped, cut short, ended because it hurt or never reached, how long
it was held, its reps and a self-check's answer; and how the session ended. One fold of the
events, SessionFold, makes it: the summary screen shows it (`summarize`) and the history writes
it as it comes (core/recorder.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import Enum

from desktop_app.core.engine import EndReason, Event, EventKind, SessionStatus
from desktop_app.core.model import Kind, Side, Stretch
from desktop_app.core.plan import Phase, Plan, PlanStep


class WorkOutcome(Enum):
    """How one side of one stretch (or a set of repetitions) ended."""

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
    outcome: WorkOutcome
    reps_planned: int | None = None
    reps_done: int = 0
    answer: str | None = None
    ended: float | None = None  # the clock time it ended; None: not reached


@dataclass(frozen=True)
class Summary:
    routine_name: str
    status: SessionStatus | None  # None while the session is still going
    results: tuple[WorkResult, ...]
    seconds: float  # the clock time the session ran, pauses excluded

    def count(self, outcome: WorkOutcome) -> int:
        return sum(1 for result in self.results if result.outcome is outcome)

    @property
    def held_seconds(self) -> float:
        return sum(result.held for result in self.results)

    @property
    def stretched(self) -> bool:
        """Whether any stretch was held for a while; a self-check is a test, not a stretch."""
        return any(r.held > 0 and r.kind is not Kind.CHECK for r in self.results)


OUTCOMES = {
    EndReason.COMPLETED: WorkOutcome.DONE,
    EndReason.SKIPPED: WorkOutcome.SKIPPED,
    EndReason.HURT: WorkOutcome.HURT,
}


def _side(step: PlanStep) -> tuple[int, int, Side | None]:
    return step.item, step.round, step.side


class SessionFold:
    """The session's record, one event at a time. A side left by Back and done again counts
    once, as it ended the last time, with all the time it was held: what was held before Back
    was held too. A side left by Back that the session never came back to ends with the
    session, as stopped. A self-check's question adds its answer to the hold before it."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        steps = plan.recorded_steps
        # A result for each of the plan's recorded steps, at its place (a step record's seq).
        self.results = [
            WorkResult(
                stretch=step.stretch,
                side=step.side,
                kind=step.recorded_kind,
                item=step.item,
                round=step.round,
                planned=step.duration or 0.0,
                held=0.0,
                outcome=WorkOutcome.NOT_REACHED,
                reps_planned=step.reps,
            )
            for step in steps
        ]
        self.status: SessionStatus | None = None  # None while the session is still going
        self.seconds = 0.0  # the clock time the session ran, pauses excluded
        self._places = {step.index: place for place, step in enumerate(steps)}
        self._sides = {_side(step): place for place, step in enumerate(steps)}
        self._reps_done = 0
        self._held = [0.0] * len(steps)  # at each place, the seconds held in every pass so far
        # The places left by Back and not ended since: each with its reps and when it was left.
        self._left: dict[int, tuple[int, float]] = {}

    def feed(self, event: Event) -> list[int]:
        """Fold in one event; returns the places of the results it changed, in order."""
        if event.kind is EventKind.STEP_STARTED:
            self._reps_done = 0
        elif event.kind is EventKind.REP_COUNTED:
            self._reps_done += 1
        elif event.kind is EventKind.SESSION_FINISHED:
            self.status = event.status
            return self._never_back()
        elif event.kind is EventKind.STEP_FINISHED and event.step is not None:
            self.seconds += event.held
            return self._ended(event, event.step)
        return []

    def _ended(self, event: Event, step: PlanStep) -> list[int]:
        if step.phase is Phase.CHECK:
            place = self._sides.get(_side(step))
            if place is None or event.answer is None:
                return []
            self.results[place] = replace(self.results[place], answer=event.answer)
            return [place]
        place = self._places.get(step.index)
        if place is None:
            return []  # a lead-in or a rest
        self._held[place] += event.held
        if event.reason is EndReason.BACK:  # it counts when it ends for good
            self._left[place] = (self._reps_done, event.due)
            return []
        self._left.pop(place, None)
        self.results[place] = replace(
            self.results[place],
            held=self._held[place],
            outcome=OUTCOMES.get(event.reason or EndReason.STOPPED, WorkOutcome.STOPPED),
            reps_done=self._reps_done,
            answer=None,  # a hold done again waits for its question again
            ended=event.due,
        )
        return [place]

    def _never_back(self) -> list[int]:
        """The session is over: the sides left by Back (to a side before them) and never
        come back to keep what was held in them."""
        changed = []
        for place, (reps_done, left_at) in sorted(self._left.items()):
            result = self.results[place]
            if self._held[place] <= result.held:
                continue  # nothing held since it last ended
            if result.outcome is WorkOutcome.NOT_REACHED:
                result = replace(
                    result, outcome=WorkOutcome.STOPPED, reps_done=reps_done, ended=left_at
                )
            self.results[place] = replace(result, held=self._held[place])
            changed.append(place)
        self._left.clear()
        return changed

    def summary(self) -> Summary:
        return Summary(self.plan.routine.name, self.status, tuple(self.results), self.seconds)


def summarize(plan: Plan, events: Iterable[Event]) -> Summary:
    fold = SessionFold(plan)
    for event in events:
        fold.feed(event)
    return fold.summary()
