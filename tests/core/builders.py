"""Small routines built in code, so that engine tests state their own timings."""

from __future__ import annotations

from desktop_app.core.model import (
    Answer,
    Kind,
    Position,
    Routine,
    RoutineStep,
    Side,
    Sides,
    Stretch,
    Timing,
)


def stretch(
    stretch_id: str = "s",
    *,
    sided: bool = True,
    position: Position = Position.STANDING,
    kind: Kind = Kind.HOLD,
    reps: int | None = None,
    tempo: float | None = None,
    alternate: bool = False,
) -> Stretch:
    return Stretch(
        id=stretch_id,
        name=stretch_id.title(),
        sided=sided,
        position=position,
        instructions=("Do it.",),
        kind=kind,
        side_words={Side.LEFT: "Left.", Side.RIGHT: "Right."} if sided or alternate else {},
        reps=reps,
        tempo=tempo,
        alternate=alternate,
        question="Well?" if kind is Kind.CHECK else "",
        answers=(Answer("yes", "Yes"), Answer("no", "No")) if kind is Kind.CHECK else (),
    )


def routine(
    *steps: RoutineStep,
    hold: float = 10,
    prepare: float = 4,
    switch: float = 2,
    rest: float = 3,
) -> Routine:
    return Routine(
        id="test",
        name="Test",
        steps=steps,
        timing=Timing(hold=hold, prepare=prepare, switch=switch, rest=rest),
    )


def step(
    s: Stretch,
    *,
    hold: float | None = None,
    reps: int | None = None,
    sides: Sides = Sides.BOTH,
    repeat: int = 1,
) -> RoutineStep:
    return RoutineStep(stretch=s, hold=hold, reps=reps, sides=sides, repeat=repeat)
