"""A routine at a glance, as the home screen and `supple routines` show it: its length, how
many stretches, the positions it takes you through, and each step in words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desktop_app.core.model import Kind, Position, Routine, RoutineStep, Timing
from desktop_app.core.plan import Plan, build_plan

POSITION_WORDS = {
    Position.STANDING: "Standing",
    Position.SEATED: "Seated",
    Position.KNEELING: "Kneeling",
    Position.FLOOR: "On the floor",
}


@dataclass(frozen=True)
class Overview:
    routine: Routine
    seconds: float
    positions: tuple[Position, ...]  # in the order they come
    steps: tuple[str, ...]  # "Lizard pose: 30 s each side"
    estimated: bool = False  # some of the words its length counts were never rendered

    @property
    def length(self) -> str:
        return length_text(self.seconds, estimated=self.estimated)

    @property
    def stretches(self) -> int:
        return len(self.routine.steps)


def duration_text(seconds: float) -> str:
    total = round(seconds)
    return f"{total // 60}:{total % 60:02d}"


def length_text(seconds: float, *, estimated: bool) -> str:
    """A routine's length as a session takes it: "about 5:26" where it is an estimate."""
    return f"about {duration_text(seconds)}" if estimated else duration_text(seconds)


def count_text(number: int, one: str, many: str | None = None) -> str:
    """ "1 step", "3 steps"; `many` where the plural is not `one` and an "s"."""
    return f"1 {one}" if number == 1 else f"{number} {many or one + 's'}"


def stretch_count(number: int) -> str:
    return count_text(number, "stretch", "stretches")


def _step_text(step: RoutineStep, seconds: float, reps: int | None) -> str:
    stretch = step.stretch
    amount = f"{reps} reps" if step.kind is Kind.REPS else f"{seconds:g} s"
    if stretch.sided:
        amount += {"both": " each side", "left": ", left side", "right": ", right side"}[
            step.sides.value
        ]
    if step.kind is Kind.CHECK:
        amount += ", then a question"
    repeat = f", {step.repeat} times" if step.repeat > 1 else ""
    return f"{stretch.name}: {amount}{repeat}"


# The plan as a session will run it (with spoken lead-ins, longer), and whether its length is
# an estimate (`services.speech.timed`).
Fitted = Callable[[Plan], tuple[Plan, bool]]


def overview(routine: Routine, user: Timing, fitted: Fitted | None = None) -> Overview:
    """A routine at a glance; its length with the user's timing, and `fitted`'s words."""
    plan = build_plan(routine, user)
    positions: list[Position] = []
    for step in routine.steps:
        if step.stretch.position not in positions:
            positions.append(step.stretch.position)
    # The first hold or set of reps of each routine step says how long it lasts.
    work: dict[int, tuple[float, int | None]] = {}
    for plan_step in plan.recorded_steps:
        work.setdefault(plan_step.item, (plan_step.duration or 0.0, plan_step.reps))
    texts = tuple(
        _step_text(step, *work[number]) for number, step in enumerate(routine.steps, start=1)
    )
    run, estimated = fitted(plan) if fitted is not None else (plan, False)
    return Overview(routine, run.total_seconds, tuple(positions), texts, estimated)
