"""The history's records: a session as it was run and each side of each stretch in it, their
JSON shape (DESIGN.md's contract for `supple history --json`, which is also the backup file)
and the CSV's columns. Pure: the store in services/history.py keeps them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import Enum
from typing import Any, overload

from desktop_app.core import fields
from desktop_app.core.engine import SessionStatus
from desktop_app.core.model import Kind, Side

# The scale of a check-in: 0, none at all, to 10, the worst imaginable.
PAIN_SCALE = range(11)
# Far above any real session, far below what SQLite or a sum of them could not hold.
MAX_SECONDS = 1_000_000
MAX_COUNT = 1_000_000


class RecordError(ValueError):
    """A record that does not have the shape it must have; says which field and why."""


@dataclass(frozen=True)
class StepRecord:
    """One side of one stretch (or a stretch without sides) in one round, as it ended."""

    seq: int  # its place among the session's work steps, from 0
    stretch_id: str
    stretch_name: str
    side: Side | None
    kind: Kind
    round: int
    planned_seconds: float
    held_seconds: float
    reps_planned: int | None
    reps_done: int | None
    completed: bool
    skipped: bool
    answer: str | None = None  # a self-check's answer
    ended_at: datetime | None = None
    hurt: bool = False  # ended by "this hurts"


@dataclass(frozen=True)
class SessionInfo:
    """A session without its steps: what the list of sessions shows."""

    id: str
    routine_id: str
    routine_name: str
    started_at: datetime
    ended_at: datetime | None
    status: SessionStatus | None  # None: still under way, or its process died (see the store)
    planned_seconds: float
    steps_planned: int
    held_seconds: float = 0.0
    steps_completed: int = 0
    steps_skipped: int = 0


class Moment(Enum):
    BEFORE = "before"
    AFTER = "after"


MOMENTS = tuple(Moment)


@dataclass(frozen=True)
class CheckIn:
    """How much pain or stiffness the user felt, before or after a session."""

    moment: Moment
    pain: int  # on PAIN_SCALE
    at: datetime


@dataclass(frozen=True)
class SessionRecord:
    info: SessionInfo
    steps: tuple[StepRecord, ...] = field(default=())
    checkins: tuple[CheckIn, ...] = field(default=())  # before first, at most one of each

    def with_step(self, step: StepRecord) -> SessionRecord:
        """The record with `step` added, or replacing the one at its place (a side redone)."""
        steps = {s.seq: s for s in self.steps}
        steps[step.seq] = step
        ordered = tuple(steps[seq] for seq in sorted(steps))
        return SessionRecord(replace(self.info, **totals(ordered)), ordered, self.checkins)

    def with_checkin(self, checkin: CheckIn) -> SessionRecord:
        """The record with `checkin` added, or replacing the one of its moment."""
        kept = {c.moment: c for c in self.checkins} | {checkin.moment: checkin}
        return replace(self, checkins=tuple(kept[m] for m in Moment if m in kept))

    def pain(self, moment: Moment) -> int | None:
        return next((c.pain for c in self.checkins if c.moment is moment), None)


def totals(steps: Sequence[StepRecord]) -> dict[str, Any]:
    """The session's sums, kept beside its steps so that the list needs no steps."""
    return {
        "held_seconds": sum(s.held_seconds for s in steps),
        "steps_completed": sum(1 for s in steps if s.completed),
        "steps_skipped": sum(1 for s in steps if s.skipped),
    }


# -- JSON ------------------------------------------------------------------------------------


def time_text(value: datetime | None) -> str | None:
    """A moment as the history's JSON and database write it."""
    return None if value is None else value.isoformat(timespec="seconds")


def step_to_json(step: StepRecord) -> dict[str, Any]:
    return {
        "seq": step.seq,
        "stretch_id": step.stretch_id,
        "stretch_name": step.stretch_name,
        "side": step.side.value if step.side else None,
        "kind": step.kind.value,
        "round": step.round,
        "planned_seconds": step.planned_seconds,
        "held_seconds": step.held_seconds,
        "reps_planned": step.reps_planned,
        "reps_done": step.reps_done,
        "completed": step.completed,
        "skipped": step.skipped,
        "answer": step.answer,
        "ended_at": time_text(step.ended_at),
        "hurt": step.hurt,
    }


def checkin_to_json(checkin: CheckIn) -> dict[str, Any]:
    return {"moment": checkin.moment.value, "pain": checkin.pain, "at": time_text(checkin.at)}


def session_to_json(record: SessionRecord) -> dict[str, Any]:
    info = record.info
    return {
        "id": info.id,
        "routine_id": info.routine_id,
        "routine_name": info.routine_name,
        "started_at": time_text(info.started_at),
        "ended_at": time_text(info.ended_at),
        "status": info.status.value if info.status else None,
        "planned_seconds": info.planned_seconds,
        "held_seconds": info.held_seconds,
        "steps_planned": info.steps_planned,
        "steps_completed": info.steps_completed,
        "steps_skipped": info.steps_skipped,
        "steps": [step_to_json(step) for step in record.steps],
        "checkins": [checkin_to_json(checkin) for checkin in record.checkins],
    }


class FieldReader:
    """Reads one JSON object's fields, naming the field in any error."""

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, Mapping):
            raise RecordError(f"{where}: expected an object")
        self.data, self.where = data, where

    def _fail(self, key: str, why: str) -> RecordError:
        return RecordError(f"{self.where}: {key}: {why}")

    def get(self, key: str, kind: type | tuple[type, ...], *, optional: bool = False) -> Any:
        if key not in self.data:
            if optional:
                return None
            raise self._fail(key, "missing")
        value = self.data[key]
        if value is None and optional:
            return None
        wrong_bool = isinstance(value, bool) and kind is not bool  # JSON true is no number
        if wrong_bool or not isinstance(value, kind):
            raise self._fail(key, f"expected {_name(kind)}, got {value!r}")
        return value

    def text(self, key: str, *, optional: bool = False) -> Any:
        value = self.get(key, str, optional=optional)
        # Names come from content files, which hold one line each: a backup whose text
        # breaks a line was not written by Supple (and a lone surrogate cannot be stored).
        if value is not None and fields.NOT_ONE_LINE.search(value):
            raise self._fail(key, f"not one line of text: {fields.show(value)}")
        return value

    def seconds(self, key: str, *, default: float | None = None) -> float:
        if default is not None and self.data.get(key) is None:
            return default
        value = self.get(key, (int, float))
        if not fields.is_number(value) or not 0 <= value <= MAX_SECONDS:
            shown = fields.show(value)
            raise self._fail(key, f"expected seconds from 0 to {MAX_SECONDS}, got {shown}")
        return float(value)

    def count(self, key: str, *, optional: bool = False) -> int | None:
        value = self.get(key, int, optional=optional)
        if value is not None and not 0 <= value <= MAX_COUNT:
            raise self._fail(key, f"expected a count from 0 to {MAX_COUNT}, got {value!r}")
        return value  # type: ignore[no-any-return]

    @overload
    def time(self, key: str) -> datetime: ...
    @overload
    def time(self, key: str, *, optional: bool) -> datetime | None: ...
    def time(self, key: str, *, optional: bool = False) -> datetime | None:
        value = self.text(key, optional=optional)
        if value is None:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise self._fail(key, f"not a date and time: {value!r}") from None
        offset = moment.utcoffset()
        if offset is None:
            raise self._fail(key, f"has no UTC offset: {value!r}")
        if offset % timedelta(minutes=1):  # SQLite's date functions would read it as no time
            raise self._fail(key, f"has a UTC offset in seconds, not whole minutes: {value!r}")
        return moment

    def choice(self, key: str, enum: Any, *, optional: bool = False) -> Any:
        value = self.text(key, optional=optional)
        if value is None:
            return None
        try:
            return enum(value)
        except ValueError:
            known = ", ".join(member.value for member in enum)
            raise self._fail(key, f"{value!r} is not one of {known}") from None


def _name(kind: type | tuple[type, ...]) -> str:
    names = {str: "text", int: "a whole number", float: "a number", bool: "true or false"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _first(value: int | None, default: int) -> int:
    return default if value is None else value


def step_from_json(data: object, where: str, seq: int) -> StepRecord:
    read = FieldReader(data, where)
    return StepRecord(
        seq=_first(read.count("seq", optional=True), seq),
        stretch_id=read.text("stretch_id"),
        stretch_name=read.text("stretch_name", optional=True) or read.text("stretch_id"),
        side=read.choice("side", Side, optional=True),
        kind=read.choice("kind", Kind),
        round=_first(read.count("round", optional=True), 1),
        planned_seconds=read.seconds("planned_seconds"),
        held_seconds=read.seconds("held_seconds"),
        reps_planned=read.count("reps_planned", optional=True),
        reps_done=read.count("reps_done", optional=True),
        completed=read.get("completed", bool),
        skipped=read.get("skipped", bool),
        answer=read.text("answer", optional=True),
        ended_at=read.time("ended_at", optional=True),
        hurt=bool(read.get("hurt", bool, optional=True)),
    )


def checkin_from_json(data: object, where: str) -> CheckIn:
    read = FieldReader(data, where)
    pain = read.get("pain", int)
    if pain not in PAIN_SCALE:
        raise RecordError(f"{where}: pain: expected 0 to 10, got {pain!r}")
    at = read.time("at")
    return CheckIn(read.choice("moment", Moment), pain, at)


def session_from_json(data: object, where: str) -> SessionRecord:
    """A session from its JSON shape; the sums are worked out again from the steps."""
    read = FieldReader(data, where)
    raw_steps = read.get("steps", list)
    steps = tuple(
        step_from_json(raw, f"{where}: step {n + 1}", n) for n, raw in enumerate(raw_steps)
    )
    if len({s.seq for s in steps}) != len(steps):
        raise RecordError(f"{where}: steps: the same seq twice")
    raw_checkins = read.get("checkins", list, optional=True) or []
    checkins = sorted(
        (
            checkin_from_json(raw, f"{where}: check-in {n + 1}")
            for n, raw in enumerate(raw_checkins)
        ),
        key=lambda checkin: MOMENTS.index(checkin.moment),
    )
    if len({c.moment for c in checkins}) != len(checkins):
        raise RecordError(f"{where}: checkins: the same moment twice")
    started_at = read.time("started_at")
    info = SessionInfo(
        id=read.text("id"),
        routine_id=read.text("routine_id"),
        routine_name=read.text("routine_name"),
        started_at=started_at,
        ended_at=read.time("ended_at", optional=True),
        status=read.choice("status", SessionStatus),
        planned_seconds=read.seconds("planned_seconds", default=0.0),
        steps_planned=_first(read.count("steps_planned", optional=True), len(steps)),
        **totals(steps),
    )
    if not info.id:
        raise RecordError(f"{where}: id: empty")
    return SessionRecord(info, tuple(sorted(steps, key=lambda s: s.seq)), tuple(checkins))


# -- CSV -------------------------------------------------------------------------------------

# A row per step: the session's fields, then the step's as in its JSON (the store makes the
# rows, services/history.py's csv_rows). Later columns come last, so that a spreadsheet made
# for the older columns still finds them where they were.
CSV_COLUMNS = (
    "session_id",
    "routine_id",
    "routine_name",
    "session_started_at",
    "session_status",
    "seq",
    "stretch_id",
    "stretch_name",
    "side",
    "kind",
    "round",
    "planned_seconds",
    "held_seconds",
    "reps_planned",
    "reps_done",
    "completed",
    "skipped",
    "answer",
    "ended_at",
    "hurt",
    "pain_before",
    "pain_after",
)
