"""A routine turned into the flat list of timed steps the engine runs through.

For each routine step (and each repeat of it): get into position (longer when the body has to
change position, e.g. down to the floor), then per side the work (a hold, counted repetitions,
or a self-check's hold and question) with a switch between sides, and a rest before the next.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import Enum
from functools import cached_property

from desktop_app.core.model import (
    DEFAULT_REPS,
    DEFAULT_TEMPO,
    DEFAULT_TIMING,
    UNSET_TIMING,
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
        """Work steps are the ones where the user does the stretch: holds, repetitions,
        self-checks."""
        return self in (Phase.HOLD, Phase.REPS, Phase.CHECK)

    @property
    def is_lead_in(self) -> bool:
        """Getting into position, or switching sides: the steps before a side's work."""
        return self in (Phase.PREPARE, Phase.SWITCH)


@dataclass(frozen=True)
class Beat:
    """A part of a paced lead-in after its first words: said `at` seconds into the step."""

    at: float
    instruction: int | None = None  # the stretch's instruction it says; None: the step's words


@dataclass(frozen=True)
class PlanStep:
    index: int
    phase: Phase
    stretch: Stretch
    side: Side | None
    duration: float | None  # None: waits for an answer (the question of a self-check)
    # A segment is one side of one stretch with its lead-in (get into position or switch) and
    # any rest after it; back moves between segments. A rest belongs to the segment before it
    # (Back in a rest redoes the side just done) but names the stretch that comes next, which
    # is what the screen shows during it.
    segment: int
    item: int  # 1-based number of the routine step, for "stretch 2 of 5"
    item_count: int
    round: int  # 1-based repeat of the routine step
    rounds: int
    reps: int | None = None
    tempo: float | None = None
    position_change: int = 0  # prepare only: levels up (<0) or down (>0) to reach the position
    side_number: int = 0  # 0 for the first (or only) side, 1 for the second
    # A paced lead-in's parts after the words it begins with, each after the time to do the
    # one before (`cues.lead_in_parts` says which). Empty: said all at once (no voice, or the
    # minimal level).
    beats: tuple[Beat, ...] = ()

    @property
    def kind(self) -> Kind | None:
        """The history's kind for a work step; None for prepare, switch and rest."""
        return {Phase.HOLD: Kind.HOLD, Phase.REPS: Kind.REPS, Phase.CHECK: Kind.CHECK}.get(
            self.phase
        )

    @property
    def recorded_kind(self) -> Kind:
        """What the history and the summary call a work step: a self-check's hold is recorded
        as the check it is part of."""
        return Kind.CHECK if self.stretch.kind is Kind.CHECK else self.kind or Kind.HOLD

    def leg(self, rep: int) -> Side | None:
        """The leg of repetition `rep` (1-based): alternating legs start with the left."""
        if not self.stretch.alternate:
            return self.side
        return Side.LEFT if rep % 2 == 1 else Side.RIGHT


@dataclass(frozen=True)
class Plan:
    routine: Routine
    steps: tuple[PlanStep, ...]

    @property
    def recorded_steps(self) -> tuple[PlanStep, ...]:
        """The steps the history and the summary keep a result for, in order: each hold or set
        of repetitions. A self-check's answer is kept with the hold before it."""
        return tuple(step for step in self.steps if step.phase in (Phase.HOLD, Phase.REPS))

    @property
    def total_seconds(self) -> float:
        """The planned length; a self-check's question adds whatever the answer takes."""
        return sum(step.duration or 0.0 for step in self.steps)

    def following(self, step: PlanStep) -> PlanStep | None:
        """The step after `step`, if any."""
        return self.steps[step.index + 1] if step.index + 1 < len(self.steps) else None

    def side_begins_with(self, step: PlanStep) -> bool:
        """Does `step`, a side's work, begin its side with no switch step (switch = 0)?"""
        return (
            step.phase.is_work
            and step.side_number > 0
            and self.segment_start(step.segment) == step.index
        )

    def segment_start(self, segment: int) -> int:
        return self._segment_starts[segment]

    @cached_property
    def _segment_starts(self) -> dict[int, int]:
        starts: dict[int, int] = {}
        for step in self.steps:
            starts.setdefault(step.segment, step.index)
        return starts


def moving_seconds(change: int) -> float:
    """Seconds to get from one position to another `change` levels up or down."""
    return SECONDS_PER_LEVEL * abs(change)


def _first(*choices: float | None) -> float:
    return next(seconds for seconds in choices if seconds is not None)


def _lead_ins(routine: Routine, user: Timing) -> tuple[float, float, float]:
    """Prepare, switch and rest: the routine's own, else the user's, else the app's."""
    own, app = routine.timing, DEFAULT_TIMING
    return (
        _first(own.prepare, user.prepare, app.prepare),
        _first(own.switch, user.switch, app.switch),
        _first(own.rest, user.rest, app.rest),
    )


def _hold_seconds(step: RoutineStep, routine: Routine, user: Timing) -> float:
    """What the routine says, then the user's chosen hold, then the stretch's own advice. A
    self-check's hold is part of the test, so the user's general hold does not change it."""
    stretch = step.stretch
    if stretch.kind is Kind.CHECK:
        return _first(step.hold, stretch.hold, routine.timing.hold, DEFAULT_TIMING.hold)
    return _first(step.hold, routine.timing.hold, user.hold, stretch.hold, DEFAULT_TIMING.hold)


def held_for(routine: Routine, seconds: float) -> Routine:
    """The routine with every hold `seconds` long, as if its file said so on each step (a
    self-check's hold too): `supple script --hold`."""
    steps = tuple(dataclasses.replace(step, hold=seconds) for step in routine.steps)
    return dataclasses.replace(routine, steps=steps)


def build_plan(
    routine: Routine,
    user: Timing = UNSET_TIMING,
    start: Position = START_POSITION,
) -> Plan:
    """`user` holds the seconds the user chose in the settings (None where they did not)."""
    prepare, switch, rest = _lead_ins(routine, user)
    builder = _Builder(len(routine.steps))
    position = start
    for item, routine_step in enumerate(routine.steps, start=1):
        stretch = routine_step.stretch
        sides = routine_step.sides.order() if stretch.sided else (None,)
        for round_ in range(1, routine_step.repeat + 1):
            builder.at(item, round_, routine_step.repeat)
            if builder.steps and rest:
                builder.add(Phase.REST, stretch, sides[0], rest)
            builder.new_segment()
            change = stretch.position.level - position.level
            lead_in = prepare + moving_seconds(change)
            if lead_in > 0:
                builder.add(Phase.PREPARE, stretch, sides[0], lead_in, position_change=change)
            position = stretch.position
            for number, side in enumerate(sides):
                if number > 0:
                    builder.new_segment(side_number=number)
                    if switch:
                        builder.add(Phase.SWITCH, stretch, side, switch)
                _add_work(builder, routine_step, _hold_seconds(routine_step, routine, user), side)
    return Plan(routine, tuple(builder.steps))


def _add_work(builder: _Builder, routine_step: RoutineStep, hold: float, side: Side | None) -> None:
    stretch = routine_step.stretch
    kind = routine_step.kind
    if kind is Kind.REPS:
        reps = routine_step.reps or stretch.reps or DEFAULT_REPS
        tempo = stretch.tempo or DEFAULT_TEMPO
        builder.add(Phase.REPS, stretch, side, reps * tempo, reps=reps, tempo=tempo)
        return
    builder.add(Phase.HOLD, stretch, side, hold)
    if kind is Kind.CHECK:
        builder.add(Phase.CHECK, stretch, side, None)


class _Builder:
    """Numbers the steps and keeps track of the segment and the routine step being expanded."""

    def __init__(self, item_count: int) -> None:
        self.steps: list[PlanStep] = []
        self._item_count = item_count
        self._segment = -1
        self._side_number = 0
        self._item, self._round, self._rounds = 0, 0, 0

    def at(self, item: int, round_: int, rounds: int) -> None:
        self._item, self._round, self._rounds = item, round_, rounds

    def new_segment(self, side_number: int = 0) -> None:
        self._segment += 1
        self._side_number = side_number

    def add(
        self,
        phase: Phase,
        stretch: Stretch,
        side: Side | None,
        duration: float | None,
        *,
        reps: int | None = None,
        tempo: float | None = None,
        position_change: int = 0,
    ) -> None:
        self.steps.append(
            PlanStep(
                index=len(self.steps),
                phase=phase,
                stretch=stretch,
                side=side,
                duration=duration,
                segment=self._segment,
                item=self._item,
                item_count=self._item_count,
                round=self._round,
                rounds=self._rounds,
                reps=reps,
                tempo=tempo,
                position_change=position_change,
                side_number=self._side_number,
            )
        )


def instruction_at(step: PlanStep, elapsed: float) -> int | None:
    """Which of the stretch's instructions the screen marks as current, 0-based. A paced
    lead-in marks the one the voice is at (none before the first); another (its words come
    all at once) walks through all but the last evenly, the last being the work itself; a
    rest marks none, since it shows the stretch to come."""
    count = len(step.stretch.instructions)
    if step.phase is Phase.REST or count == 0:
        return None
    if step.phase in (Phase.PREPARE, Phase.SWITCH) and step.beats:
        said = [beat.instruction for beat in step.beats if beat.at <= elapsed]
        return next((number for number in reversed(said) if number is not None), None)
    if step.phase in (Phase.PREPARE, Phase.SWITCH) and count > 1 and step.duration:
        share = step.duration / (count - 1)
        return min(count - 2, int(elapsed // share))
    return count - 1


def next_up(plan: Plan, index: int) -> PlanStep | None:
    """What the screen names as "next" while step `index` runs: the hold or repetitions after
    the one the screen is about, which is the current one while working, or the coming one
    during a lead-in or a rest (that one is already on the screen)."""
    about = next((step for step in plan.steps[index:] if step.phase.is_work), None)
    if about is None:
        return None
    later = plan.steps[about.index + 1 :]
    return next((s for s in later if s.phase.is_work and s.segment != about.segment), None)
