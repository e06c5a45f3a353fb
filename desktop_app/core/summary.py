"""What a session did, read from the engine's events: for every side of every stretch in the
plan, whether it was done, skipped, cut short, ended because it hurt or never reached, how long
it was held, its reps and a self-check's answer; and how the session ended. One fold of the
events, SessionFold, makes it: the summary screen shows it (`summarize`) and the history writes
it as it comes (core/recorder.py).

Whether anything was held in a session is one rule, `held_anything`: the closing words, the
summary's heading, the status the history keeps, the streak and the reminders all follow it.
"""

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


# A side cut short (skipped, stopped, or ended because it hurt) counts as held from this many
# seconds on. Less is the moment between two presses of Skip ("ready", then "next"), or a stop
# just after the hold began: with a real clock such a side's time is never quite 0.
HELD_AT_LEAST = 5.0


def held_anything(sides_done: int, longest_held: float) -> bool:
    """Whether anything was held in a session (or in a part of it): a side or a set of
    repetitions done to its end, or one held for HELD_AT_LEAST seconds before it was cut
    short. `longest_held`: the most seconds any one side was held. A session in which nothing
    was (every side skipped, or stopped before any hold) is not complete, not praised, not a
    day of the streak and not a break taken."""
    return sides_done > 0 or longest_held >= HELD_AT_LEAST


@dataclass(frozen=True)
class Summary:
    routine_name: str
    status: SessionStatus | None  # None while the session is still going
    results: tuple[WorkResult, ...]
    seconds: float  # the clock time the session ran, pauses excluded
    ran_to_end: bool = False  # the routine ran out (not stopped), whatever was held in it

    def count(self, outcome: WorkOutcome) -> int:
        return sum(1 for result in self.results if result.outcome is outcome)

    @property
    def held_seconds(self) -> float:
        return sum(result.held for result in self.results)

    @property
    def held_anything(self) -> bool:
        """Whether anything was held: see `held_anything`."""
        return _held_in(self.results)

    @property
    def stretched(self) -> bool:
        """Whether a stretch was held, by the same rule; a self-check is a test, not a
        stretch."""
        return _held_in([r for r in self.results if r.kind is not Kind.CHECK])


def _held_in(results: Iterable[WorkResult]) -> bool:
    results = list(results)
    done = sum(1 for r in results if r.outcome is WorkOutcome.DONE)
    return held_anything(done, max((r.held for r in results), default=0.0))


def heading_text(summary: Summary) -> str:
    """The summary page's heading: how the session ended."""
    if summary.status is SessionStatus.COMPLETED:
        return "Session complete"
    if summary.ran_to_end and not summary.held_anything:
        return "Nothing held"
    return "Session stopped"


def ending_note(summary: Summary) -> str:
    """A line under the heading when nothing was held, saying so and what follows from it."""
    if summary.held_anything or summary.status is None:
        return ""
    seconds = f"{HELD_AT_LEAST:g} seconds"
    if summary.ran_to_end:
        return (
            f"You reached the end, but no side was held for {seconds} or more, so this session "
            "does not count toward your streak or your totals."
        )
    return (
        f"Stopped before any side was held for {seconds}, so this session does not count "
        "toward your streak or your totals."
    )


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
        # None while the session is still going; stopped when nothing was held, even if the
        # routine ran to its end: what the history keeps, with the documented values alone.
        self.status: SessionStatus | None = None
        self.ran_to_end = False
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
            changed = self._never_back()
            self.ran_to_end = event.status is SessionStatus.COMPLETED
            held = _held_in(self.results)
            self.status = event.status if held or not self.ran_to_end else SessionStatus.STOPPED
            return changed
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
        return Summary(
            self.plan.routine.name, self.status, tuple(self.results), self.seconds, self.ran_to_end
        )


def summarize(plan: Plan, events: Iterable[Event]) -> Summary:
    fold = SessionFold(plan)
    for event in events:
        fold.feed(event)
    return fold.summary()
