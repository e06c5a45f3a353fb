"""Small routines built in code, so that engine tests state their own timings."""

from __future__ import annotations

from desktop_app.core.clock import FakeClock
from desktop_app.core.engine import Event, SessionEngine
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
from desktop_app.core.plan import Plan, build_plan
from desktop_app.core.records import CheckIn, Moment, SessionRecord


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


def two_stretches() -> Plan:
    """A sided stretch then a stretch for both sides at once, all seated: hold 10 s, prepare
    2 s, switch 2 s, rest 3 s."""
    return build_plan(
        routine(
            step(stretch("a", position=Position.SEATED)),
            step(stretch("b", sided=False, position=Position.SEATED)),
            hold=10,
            prepare=2,
            switch=2,
            rest=3,
        )
    )


def with_pain(record: SessionRecord, before: int | None, after: int | None) -> SessionRecord:
    """The record with the check-ins given (None: not answered), at its start."""
    at = record.info.started_at
    for moment, pain in ((Moment.BEFORE, before), (Moment.AFTER, after)):
        if pain is not None:
            record = record.with_checkin(CheckIn(moment, pain, at))
    return record


def run(engine: SessionEngine, clock: FakeClock, seconds: float) -> list[Event]:
    """Tick every half second, as the window does, for `seconds`: the events that came."""
    events = []
    end = clock.now() + seconds
    while clock.now() < end:
        clock.advance(min(0.5, end - clock.now()))
        events += engine.tick()
    return events
