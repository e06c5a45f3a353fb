"""A routine turned into the flat list of timed steps the engine runs through.

For each routine step (and each repeat of it): get into position (longer when the body has to
change position, e.g. down to the floor), then per side the work (a hold, counted repetitions,
or a self-check's hold and question) with a switch between sides, and a rest before the next.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from desktop_app.core.model import (
    DEFAULT_REPS,
    DEFAULT_TEMPO,
    DEFAULT_TIMING,
    Kind,
    Position,
    Routine,
    RoutineStep,
    Side,
    Stretch,
    Timing,
)

# Extra seconds to get into position for each level between standing, seated, kneeling and
# lying on the floor: getting from the chair down to the floor takes longer than a side switch.
SECONDS_PER_LEVEL = 4.0
# Where a session is assumed to begin: at the desk.
START_POSITION = Position.SEATED


class Phase(Enum):
    PREPARE = "prepare"
    HOLD = "hold"
    REPS = "reps"
    CHECK = "check"
    SWITCH = "switch"
    REST = "rest"

    @property
    def is_work(self) -> bool:
        """Work steps are the ones the history records: holds, repetitions, self-checks."""
        return self in (Phase.HOLD, Phase.REPS, Phase.CHECK)


@dataclass(frozen=True)
class PlanStep:
    index: int
    phase: Phase
    stretch: Stretch
    side: Side | None
    duration: float | None  # None: waits for an answer (the question of a self-check)
    # A segment is one side of one stretch with its lead-in (get into position or switch) and
    # any rest after it; skip and back move between segments.
    segment: int
    item: int  # 1-based number of the routine step, for "stretch 2 of 5"
    item_count: int
    round: int  # 1-based repeat of the routine step
    rounds: int
    reps: int | None = None
    tempo: float | None = None
    position_change: int = 0  # prepare only: levels up (<0) or down (>0) to reach the position

    @property
    def kind(self) -> Kind | None:
        """The history's kind for a work step; None for prepare, switch and rest."""
        return {Phase.HOLD: Kind.HOLD, Phase.REPS: Kind.REPS, Phase.CHECK: Kind.CHECK}.get(
            self.phase
        )


@dataclass(frozen=True)
class Plan:
    routine: Routine
    steps: tuple[PlanStep, ...]

    @property
    def total_seconds(self) -> float:
        """The planned length; a self-check's question adds whatever the answer takes."""
        return sum(step.duration or 0.0 for step in self.steps)

    def segment_start(self, segment: int) -> int:
        return next(step.index for step in self.steps if step.segment == segment)


def resolve_timing(routine: Routine, defaults: Timing = DEFAULT_TIMING) -> Timing:
    """The routine's own seconds where it gives them, the user's defaults elsewhere."""
    own = routine.timing
    return Timing(
        hold=own.hold if own.hold is not None else defaults.hold,
        prepare=own.prepare if own.prepare is not None else defaults.prepare,
        switch=own.switch if own.switch is not None else defaults.switch,
        rest=own.rest if own.rest is not None else defaults.rest,
    )


def _hold_seconds(step: RoutineStep, routine: Routine, timing: Timing) -> float:
    for seconds in (step.hold, routine.timing.hold, step.stretch.hold, timing.hold):
        if seconds is not None:
            return seconds
    return 0.0  # unreachable: resolved timing always has a hold


def build_plan(
    routine: Routine,
    defaults: Timing = DEFAULT_TIMING,
    start: Position = START_POSITION,
) -> Plan:
    timing = resolve_timing(routine, defaults)
    prepare, switch, rest = timing.prepare or 0.0, timing.switch or 0.0, timing.rest or 0.0
    steps: list[PlanStep] = []
    segment = -1
    position = start
    items = len(routine.steps)

    def add(phase: Phase, stretch: Stretch, side: Side | None, duration: float | None,
            **extra: object) -> None:  # fmt: skip
        steps.append(PlanStep(len(steps), phase, stretch, side, duration, segment, **extra))  # type: ignore[arg-type]

    for item, routine_step in enumerate(routine.steps, start=1):
        stretch = routine_step.stretch
        sides: tuple[Side | None, ...] = (
            routine_step.sides.order() if stretch.sided else (None,)
        )
        for round_ in range(1, routine_step.repeat + 1):
            where = {"item": item, "item_count": items, "round": round_,
                     "rounds": routine_step.repeat}  # fmt: skip
            if steps and rest > 0:
                add(Phase.REST, stretch, sides[0], rest, **where)
            segment += 1
            change = stretch.position.level - position.level
            lead_in = prepare + SECONDS_PER_LEVEL * abs(change)
            if lead_in > 0:
                add(Phase.PREPARE, stretch, sides[0], lead_in, position_change=change, **where)
            position = stretch.position
            for number, side in enumerate(sides):
                if number > 0:
                    segment += 1
                    if switch > 0:
                        add(Phase.SWITCH, stretch, side, switch, **where)
                _add_work(add, routine_step, routine, timing, side, where)
    return Plan(routine, tuple(steps))


def _add_work(add, routine_step: RoutineStep, routine: Routine, timing: Timing,  # type: ignore[no-untyped-def]
              side: Side | None, where: dict[str, int]) -> None:  # fmt: skip
    stretch = routine_step.stretch
    kind = routine_step.kind
    if kind is Kind.REPS:
        reps = routine_step.reps or stretch.reps or DEFAULT_REPS
        tempo = stretch.tempo or DEFAULT_TEMPO
        add(Phase.REPS, stretch, side, reps * tempo, reps=reps, tempo=tempo, **where)
        return
    add(Phase.HOLD, stretch, side, _hold_seconds(routine_step, routine, timing), **where)
    if kind is Kind.CHECK:
        add(Phase.CHECK, stretch, side, None, **where)
