"""The content's vocabulary: stretches, routines and their parts, as immutable values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum

from desktop_app.core.figure import FigureSpec


class Side(Enum):
    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Side:
        return Side.RIGHT if self is Side.LEFT else Side.LEFT


class Position(Enum):
    """Where the body is; the order is the way down to the floor."""

    STANDING = "standing"
    SEATED = "seated"
    KNEELING = "kneeling"
    FLOOR = "floor"

    @property
    def level(self) -> int:
        return list(Position).index(self)


class Kind(Enum):
    """How a stretch is done: held for a time, counted in repetitions, or a self-check that
    ends with a question."""

    HOLD = "hold"
    REPS = "reps"
    CHECK = "check"


class Sides(Enum):
    """Which sides a routine step works on a sided stretch."""

    BOTH = "both"
    LEFT = "left"
    RIGHT = "right"

    def order(self) -> tuple[Side, ...]:
        if self is Sides.BOTH:
            return (Side.LEFT, Side.RIGHT)
        return (Side(self.value),)


class StepKind(Enum):
    """What doing an instruction asks of the body, which says how long it takes when its file
    gives no seconds: the lead-in waits that long after saying it."""

    MOVE = "move"  # the body changes position: kneel, lie down, step a foot forward
    ADJUST = "adjust"  # a change in place: tuck the pelvis, turn a foot, lift the chest
    SETTLE = "settle"  # ease into the stretch and breathe

    @property
    def seconds(self) -> float:
        return STEP_SECONDS[self]


# Seconds after the words end: a person begins to move while still hearing them.
STEP_SECONDS = {StepKind.MOVE: 5.0, StepKind.ADJUST: 2.0, StepKind.SETTLE: 3.0}


@dataclass(frozen=True)
class Answer:
    id: str
    label: str


@dataclass(frozen=True)
class Stretch:
    id: str
    name: str
    sided: bool
    position: Position
    instructions: tuple[str, ...]
    kind: Kind = Kind.HOLD
    # Seconds to do each instruction, in order; one missing is an adjustment's.
    step_seconds: tuple[float, ...] = ()
    # The instructions said again when switching sides (0-based): the form to keep.
    again: tuple[int, ...] = ()
    summary: str = ""
    targets: tuple[str, ...] = ()
    setup: str = ""
    side_words: Mapping[Side, str] = field(default_factory=dict, hash=False)
    change_sides: str = ""  # how to get from the first side's pose to the second's
    deepen: str = ""
    feel: tuple[str, ...] = ()
    mistakes: tuple[str, ...] = ()
    safety: tuple[str, ...] = ()
    hold: float | None = None
    reps: int | None = None
    tempo: float | None = None
    alternate: bool = False
    rep_return: str = ""  # said halfway through each repetition: the way back
    question: str = ""
    answers: tuple[Answer, ...] = ()
    source: str = ""
    figure: FigureSpec | None = field(default=None, hash=False)

    def seconds_to_do(self, instruction: int) -> float:
        """How long a person takes to do instruction `instruction` (0-based)."""
        given = self.step_seconds
        return given[instruction] if instruction < len(given) else StepKind.ADJUST.seconds

    @property
    def said_again(self) -> tuple[int, ...]:
        """The instructions said again when switching sides: those marked `again`. A stretch
        that marks none and has no `change_sides` (one of the user's, text only) has all of
        them said again: the switch would otherwise say only the new side."""
        if self.again or self.change_sides:
            return self.again
        return tuple(range(len(self.instructions)))

    def words_for(self, side: Side | None) -> str:
        """What to say about a side ("left knee down"); empty for an unsided stretch."""
        return self.side_words.get(side, "") if side is not None else ""


DEFAULT_REPS = 10
DEFAULT_TEMPO = 6.0


@dataclass(frozen=True)
class RoutineStep:
    stretch: Stretch
    hold: float | None = None
    reps: int | None = None
    sides: Sides = Sides.BOTH
    repeat: int = 1

    @property
    def kind(self) -> Kind:
        if self.stretch.kind is not Kind.HOLD:
            return self.stretch.kind
        return Kind.REPS if self.reps is not None else Kind.HOLD


@dataclass(frozen=True)
class Timing:
    """Seconds for holds and the pauses between them; None where a routine leaves it to the
    user's settings. Prepare, switch and rest may be zero."""

    hold: float | None = None
    prepare: float | None = None
    switch: float | None = None
    rest: float | None = None


DEFAULT_TIMING = Timing(hold=30.0, prepare=5.0, switch=5.0, rest=10.0)
UNSET_TIMING = Timing()


@dataclass(frozen=True)
class Routine:
    id: str
    name: str
    steps: tuple[RoutineStep, ...]
    timing: Timing = Timing()
    description: str = ""
    source: str = "built-in"  # "built-in" or the path of the user's file
