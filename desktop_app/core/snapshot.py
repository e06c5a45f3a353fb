"""What a screen draws of a session at one moment, and the words it shows.

The session host takes a `Snapshot` of the engine after every tick and command; the screens draw
snapshots and never call the engine. Every text of the session page is a pure function here, so
it can be tested without Qt."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

from desktop_app.core.engine import PauseReason, SessionEngine, State
from desktop_app.core.model import Side
from desktop_app.core.overview import POSITION_WORDS, duration_text
from desktop_app.core.plan import Phase, PlanStep, instruction_at, next_up

PHASE_TITLES = {
    Phase.PREPARE: "Get into position",
    Phase.SWITCH: "Switch sides",
    Phase.HOLD: "Hold",
    Phase.REPS: "Repetitions",
    Phase.CHECK: "Your answer",
    Phase.REST: "Rest",
}
ANSWER_KEYS = "123456789"  # a question's answers, one key each
PAUSED = "Paused. Press Space to go on."
PAUSED_HURT = "Paused: it hurt. Space goes on when you are ready, Right skips, Esc ends."


@dataclass(frozen=True)
class Snapshot:
    """The session as the engine had it at `at` (the clock's monotonic seconds)."""

    routine_name: str
    state: State
    step: PlanStep | None
    at: float
    elapsed: float  # seconds run in the step, pauses left out
    remaining: float | None  # seconds left in the step; None while it waits for an answer
    total_left: float  # seconds left in the session, answers left out
    rep: tuple[int, Side | None] | None  # the repetition under way and its leg
    next_step: PlanStep | None  # what the screen names as coming next
    can_hurt: bool
    paused_for: PauseReason | None

    @property
    def paused(self) -> bool:
        return self.state is State.PAUSED

    def elapsed_at(self, now: float) -> float:
        """Seconds run in the step at `now`: the figure moves between snapshots."""
        if self.state is State.RUNNING:
            return self.elapsed + max(0.0, now - self.at)
        return self.elapsed


def take(engine: SessionEngine, now: float) -> Snapshot:
    step = engine.current
    return Snapshot(
        routine_name=engine.plan.routine.name,
        state=engine.state,
        step=step,
        at=now,
        elapsed=engine.elapsed(),
        remaining=engine.remaining(),
        total_left=engine.remaining_total(),
        rep=engine.current_rep(),
        next_step=next_up(engine.plan, step.index) if step is not None else None,
        can_hurt=engine.can_hurt,
        paused_for=engine.paused_for,
    )


# -- the texts ------------------------------------------------------------------------------


def seconds_shown(remaining: float) -> int:
    """The digit a countdown shows: 30 for the whole first second of a 30 s hold, 1 in the
    last, and 0 only at the end."""
    return max(0, math.ceil(remaining - 1e-6))


def clock_text(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}" if seconds >= 60 else str(seconds)


def side_text(side: Side | None) -> str:
    return side.value.upper() if side is not None else ""


def step_name(step: PlanStep) -> str:
    if step.side is not None and step.stretch.sided:
        return f"{step.stretch.name}, {step.side.value} side"
    return step.stretch.name


def where_text(routine_name: str, step: PlanStep) -> str:
    """ "Big three  ·  stretch 2 of 5" """
    round_text = f", round {step.round} of {step.rounds}" if step.rounds > 1 else ""
    return f"{routine_name}  ·  stretch {step.item} of {step.item_count}{round_text}"


def total_left_text(snapshot: Snapshot) -> str:
    return f"{duration_text(snapshot.total_left)} left"


def phase_title(step: PlanStep) -> str:
    title = PHASE_TITLES[step.phase]
    if step.phase is Phase.PREPARE and step.position_change:
        title = f"Get into position: {POSITION_WORDS[step.stretch.position].lower()}"
    if step.phase is Phase.REST:
        title = "Rest. Next up:"
    return title.upper()


def step_words(step: PlanStep) -> str:
    """The words under the stretch's name: its set-up before it, its side's words in it."""
    stretch = step.stretch
    side_words = stretch.words_for(step.side) if stretch.sided else ""
    if step.phase in (Phase.PREPARE, Phase.REST):
        return " ".join(part for part in (stretch.setup, side_words) if part)
    if step.phase is Phase.SWITCH:
        return " ".join(part for part in (stretch.change_sides, side_words) if part)
    if step.phase is Phase.HOLD and stretch.deepen:
        return " ".join(part for part in (side_words, stretch.deepen) if part)
    return side_words


def words_text(snapshot: Snapshot) -> str:
    """The step's words, or the leg's words for the repetition under way."""
    assert snapshot.step is not None
    if snapshot.rep is not None and snapshot.rep[1] is not None:
        return snapshot.step.stretch.words_for(snapshot.rep[1])
    return step_words(snapshot.step)


def feel_text(step: PlanStep) -> str:
    feel = step.stretch.feel
    if not feel or step.phase is Phase.REST:
        return ""
    return "You should feel: " + " ".join(feel)


def care_list(step: PlanStep) -> tuple[str, tuple[str, ...]]:
    """The stretch's safety notes while getting into position, its common mistakes while
    doing it, under their title; nothing in a rest."""
    stretch = step.stretch
    if step.phase in (Phase.PREPARE, Phase.SWITCH):
        return "Take care", stretch.safety
    if step.phase.is_work:
        return "Watch for", stretch.mistakes
    return "", ()


def next_text(snapshot: Snapshot) -> str:
    """What comes after the hold the screen is about: "Next:" while it runs; "After that:"
    while getting into position, switching or resting, when the coming hold is the one on the
    screen (a rest says "Rest. Next up:" over it)."""
    assert snapshot.step is not None
    label = "Next" if snapshot.step.phase.is_work else "After that"
    after = snapshot.next_step
    return f"{label}: {step_name(after) if after else 'the end'}"


def shown_side(snapshot: Snapshot) -> Side | None:
    """The side the step works: the leg of the repetition under way where legs alternate."""
    assert snapshot.step is not None
    if snapshot.rep is not None:
        return snapshot.rep[1]
    return snapshot.step.side


def side_label(snapshot: Snapshot) -> str:
    """ "LEFT" or "RIGHT" in large letters, where a side is worked and not in a rest."""
    step = snapshot.step
    assert step is not None
    sided = step.stretch.sided or (snapshot.rep is not None and snapshot.rep[1] is not None)
    if not sided or step.phase is Phase.REST:
        return ""
    return side_text(shown_side(snapshot))


class Tint(Enum):
    SIDE = "side"  # the side's colour: a hold or repetitions
    ACCENT = "accent"  # getting into position, switching, resting
    PLAIN = "plain"  # the ring's own colour: nothing to count


@dataclass(frozen=True)
class RingFace:
    """What the countdown ring shows: how full it is, the large and the small text, its
    colour, and whether it is dimmed (paused)."""

    fraction: float
    big: str
    small: str
    tint: Tint
    dimmed: bool


def ring_face(snapshot: Snapshot) -> RingFace:
    step = snapshot.step
    assert step is not None
    if snapshot.remaining is None:
        return RingFace(1.0, "?", "", Tint.PLAIN, dimmed=False)
    if snapshot.rep is not None and step.reps and step.tempo:
        number = snapshot.rep[0]
        into = snapshot.elapsed - (number - 1) * step.tempo
        return RingFace(
            1 - into / step.tempo, str(number), f"of {step.reps}", Tint.SIDE, snapshot.paused
        )
    shown = seconds_shown(snapshot.remaining)
    fraction = snapshot.remaining / step.duration if step.duration else 0.0
    small = "seconds" if shown < 60 else ""
    tint = Tint.SIDE if step.phase.is_work else Tint.ACCENT
    return RingFace(fraction, clock_text(shown), small, tint, snapshot.paused)


def caption_text(snapshot: Snapshot) -> str:
    """Under the ring: the repetitions and their tempo, the keys of a question, or "paused"."""
    step = snapshot.step
    assert step is not None
    if snapshot.paused:
        return PAUSED_HURT if snapshot.paused_for is PauseReason.HURT else PAUSED
    if step.phase is Phase.CHECK:
        return f"Press 1 to {len(step.stretch.answers)}, or click an answer."
    if snapshot.remaining is not None and snapshot.rep is not None and step.reps and step.tempo:
        return f"Rep {snapshot.rep[0]} of {step.reps}  ·  {step.tempo:g} seconds each"
    return ""


def current_instruction(snapshot: Snapshot) -> int | None:
    """Which of the stretch's instructions the user is at (None: none in particular)."""
    assert snapshot.step is not None
    return instruction_at(snapshot.step, snapshot.elapsed)


def floor_line(snapshot: Snapshot) -> str:
    """The floor view's one line: the instruction under way; where none is, what the step is
    ("Rest. Next up: Lizard pose", "Hold: Band pull-apart")."""
    step = snapshot.step
    assert step is not None
    current = current_instruction(snapshot)
    if current is not None:
        return step.stretch.instructions[current]
    title = "Rest. Next up" if step.phase is Phase.REST else PHASE_TITLES[step.phase]
    return f"{title}: {step.stretch.name}"
