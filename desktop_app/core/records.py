"""The history's records: a session as it was run and each side of each stretch in it, their
JSON shape (the documented contract of `supple history --json`, which is also the backup file)
and the CSV's columns. A step's fields are one table, STEP_FIELDS, which the JSON, the CSV and
the store's columns all follow. Pure: the store in services/history.py keeps them."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timedelta
from enum import Enum
from operator import attrgetter
from typing import Any, overload

from desktop_app.core import fields as content_fields
from desktop_app.core.engine import SessionStatus
from desktop_app.core.model import Kind, Side
from desktop_app.core.reminders import Reason, Reminded, ReminderOutcome
from desktop_app.core.summary import held_anything

# The scale of a check-in: 0, none at all, to 10, the worst imaginable.
PAIN_SCALE = range(11)
# Far above any real session, far below what SQLite or a sum of them could not hold.
MAX_SECONDS = 1_000_000
MAX_COUNT = 1_000_000
# Real UTC offsets run from -12:00 to +14:00, and SQLite's date functions read none beyond
# ±14:00: such a session would sort as the oldest of all and never reach the charts.
MAX_OFFSET = timedelta(hours=14)
# Seconds in the JSON are to the millisecond: 141.331, not a sum's 141.33100000000002.
PER_SECOND = 1000


class RecordError(ValueError):
    """A record that does not have the shape it must have; says which field and why."""


def time_text(value: datetime | None) -> str | None:
    """A moment as the history's JSON and database write it."""
    return None if value is None else value.isoformat(timespec="seconds")


def _time(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


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
        if value is not None and content_fields.NOT_ONE_LINE.search(value):
            raise self._fail(key, f"not one line of text: {content_fields.show(value)}")
        return value

    def seconds(self, key: str, *, default: float | None = None) -> float:
        if default is not None and self.data.get(key) is None:
            return default
        value = self.get(key, (int, float))
        if not content_fields.is_number(value) or not 0 <= value <= MAX_SECONDS:
            shown = content_fields.show(value)
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
        if abs(offset) > MAX_OFFSET:
            raise self._fail(key, f"has a UTC offset beyond ±14:00: {value!r}")
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


# -- a step's fields, one table ---------------------------------------------------------------
#
# Each field of a step has one name: its attribute, its key in the JSON, its column in the
# database and in the CSV. Its codec says how its value is written and read; its `missing`, what
# a step from JSON that leaves it out has. Adding a field to a step is its line in StepRecord and
# a migration in services/history.py.


@dataclass(frozen=True)
class Codec:
    """How one type of value is read from JSON, written to JSON and SQL (the same cell for
    both, but for `in_json`) and read back from SQL."""

    read: Callable[[FieldReader, str, bool], Any]  # the reader, the key, whether it may be left out
    to_cell: Callable[[Any], object] | None = None  # None: the value as it is
    from_cell: Callable[[Any], Any] | None = None  # None: the cell as it is
    in_json: Callable[[Any], object] | None = None  # None: the cell as it is


def by_value(enum: type[Enum]) -> Callable[[Any], Any]:
    """The member of `enum` with a value (None for None), as a plain lookup: calling an Enum
    by value is slow across a history's hundred thousand steps."""
    return ({None: None} | {member.value: member for member in enum}).__getitem__


def _enum(enum: type[Enum]) -> Codec:
    return Codec(
        read=lambda read, key, optional: read.choice(key, enum, optional=optional),
        to_cell=lambda value: None if value is None else value.value,
        from_cell=by_value(enum),
    )


COUNT = Codec(lambda read, key, optional: read.count(key, optional=optional))
TEXT = Codec(lambda read, key, optional: read.text(key, optional=optional))
# A name left empty is none, as one left out.
NAME = Codec(lambda read, key, optional: read.text(key, optional=optional) or None)


def json_seconds(value: float) -> float:
    """`value` to the millisecond, halves up. Plain float sums, which SQLite does alike for
    the export (services/history.py's seconds_json), so both give the same number."""
    return int(value * PER_SECOND + 0.5) / PER_SECOND


# A step's are never left out.
SECONDS = Codec(lambda read, key, _optional: read.seconds(key), in_json=json_seconds)
FLAG = Codec(lambda read, key, optional: read.get(key, bool, optional=optional), from_cell=bool)
TIME = Codec(
    lambda read, key, optional: read.time(key, optional=optional),
    to_cell=time_text,
    from_cell=_time,
)
SIDE = _enum(Side)
KIND = _enum(Kind)

# What a step from JSON that leaves a field out has, from the fields read before it and the
# step's place in the list: backups from before the field existed, or written by hand.
Missing = Callable[[Mapping[str, Any], int], object]


def _always(value: object) -> Missing:
    return lambda _read, _place: value


NOTHING = _always(None)


def _stored(codec: Codec, missing: Missing | None = None) -> dict[str, object]:
    """A StepRecord field's metadata; `missing` None: JSON must have it."""
    return {"codec": codec, "missing": missing}


@dataclass(frozen=True)
class StepRecord:
    """One side of one stretch (or a stretch without sides) in one round, as it ended."""

    # Its place among the session's work steps, from 0.
    seq: int = field(metadata=_stored(COUNT, lambda _read, place: place))
    stretch_id: str = field(metadata=_stored(TEXT))
    stretch_name: str = field(metadata=_stored(NAME, lambda read, _place: read["stretch_id"]))
    side: Side | None = field(metadata=_stored(SIDE, NOTHING))
    kind: Kind = field(metadata=_stored(KIND))
    round: int = field(metadata=_stored(COUNT, _always(1)))
    planned_seconds: float = field(metadata=_stored(SECONDS))
    held_seconds: float = field(metadata=_stored(SECONDS))
    reps_planned: int | None = field(metadata=_stored(COUNT, NOTHING))
    reps_done: int | None = field(metadata=_stored(COUNT, NOTHING))
    completed: bool = field(metadata=_stored(FLAG))
    skipped: bool = field(metadata=_stored(FLAG))
    # A self-check's answer.
    answer: str | None = field(default=None, metadata=_stored(TEXT, NOTHING))
    ended_at: datetime | None = field(default=None, metadata=_stored(TIME, NOTHING))
    # Ended by "this hurts".
    hurt: bool = field(default=False, metadata=_stored(FLAG, _always(False)))


@dataclass(frozen=True)
class StepField:
    """One row of the table: a field of StepRecord and how it is stored."""

    name: str
    codec: Codec
    missing: Missing | None


STEP_FIELDS = tuple(StepField(f.name, **f.metadata) for f in fields(StepRecord))
STEP_NAMES = tuple(f.name for f in STEP_FIELDS)
_STEP_VALUES = attrgetter(*STEP_NAMES)
# Only the cells that change on the way in or out are touched: a history has a hundred
# thousand steps to read or write.
_TO_CELL = [(n, f.codec.to_cell) for n, f in enumerate(STEP_FIELDS) if f.codec.to_cell]
_FROM_CELL = [(n, f.codec.from_cell) for n, f in enumerate(STEP_FIELDS) if f.codec.from_cell]
_IN_JSON = [(n, f.codec.in_json) for n, f in enumerate(STEP_FIELDS) if f.codec.in_json]


def step_cells(step: StepRecord) -> list[object]:
    """A step's values in STEP_FIELDS' order, as its JSON and its row in the database have them."""
    cells = list(_STEP_VALUES(step))
    for n, to_cell in _TO_CELL:
        cells[n] = to_cell(cells[n])
    return cells


def step_from_cells(cells: Sequence[Any]) -> StepRecord:
    """A step from its row in the database, in STEP_FIELDS' order."""
    values = list(cells)
    for n, from_cell in _FROM_CELL:
        values[n] = from_cell(values[n])
    return StepRecord(*values)


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
    # The most seconds any one side was held. Read from the steps, not kept beside them: with
    # steps_completed, it says whether anything was held.
    longest_held: float = 0.0

    @property
    def held_anything(self) -> bool:
        """Whether anything was held in it (core/summary.py's rule): if not, it is no day of
        the streak and counts in no total."""
        return held_anything(self.steps_completed, self.longest_held)


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


# The sums the store keeps beside a session's steps; the others it reads from the steps.
KEPT_TOTALS = ("held_seconds", "steps_completed", "steps_skipped")


def totals(steps: Sequence[StepRecord]) -> dict[str, Any]:
    """The session's sums, so that the list needs no steps. Worked out here alone: the store
    sets those it keeps (KEPT_TOTALS) from this too, and reads the longest hold the same way."""
    return {
        "held_seconds": sum(s.held_seconds for s in steps),
        "steps_completed": sum(1 for s in steps if s.completed),
        "steps_skipped": sum(1 for s in steps if s.skipped),
        "longest_held": max((s.held_seconds for s in steps), default=0.0),
    }


# -- JSON ------------------------------------------------------------------------------------


def step_to_json(step: StepRecord) -> dict[str, Any]:
    cells = step_cells(step)
    for n, in_json in _IN_JSON:
        cells[n] = in_json(cells[n])
    return dict(zip(STEP_NAMES, cells, strict=True))


def checkin_to_json(checkin: CheckIn) -> dict[str, Any]:
    return {"moment": checkin.moment.value, "pain": checkin.pain, "at": time_text(checkin.at)}


def reminder_to_json(reminded: Reminded) -> dict[str, Any]:
    """`delayed_by` only where the offer waited: older Supples read the rest as before."""
    data = {
        "at": time_text(reminded.at),
        "outcome": reminded.outcome.value,
        "routine_id": reminded.routine_id,
    }
    if reminded.delayed_by is not None:
        data["delayed_by"] = reminded.delayed_by.value
    return data


def reminder_from_json(read: FieldReader) -> Reminded:
    return Reminded(
        read.time("at"),
        read.choice("outcome", ReminderOutcome),
        read.text("routine_id"),
        read.choice("delayed_by", Reason, optional=True),
    )


def session_to_json(record: SessionRecord, reminders: Sequence[Reminded] = ()) -> dict[str, Any]:
    """A session's JSON, as the backup has it. `reminders`: the sit-break reminders the backup
    keeps with it, those answered since the session before it began. The export has SQLite
    write the same (services/history.py's _HEAD_JSON and _STEPS_JSON); the tests hold the two
    to each other."""
    info = record.info
    return {
        "id": info.id,
        "routine_id": info.routine_id,
        "routine_name": info.routine_name,
        "started_at": time_text(info.started_at),
        "ended_at": time_text(info.ended_at),
        "status": info.status.value if info.status else None,
        "planned_seconds": json_seconds(info.planned_seconds),
        "held_seconds": json_seconds(info.held_seconds),
        "steps_planned": info.steps_planned,
        "steps_completed": info.steps_completed,
        "steps_skipped": info.steps_skipped,
        "checkins": [checkin_to_json(checkin) for checkin in record.checkins],
        "reminders": [reminder_to_json(reminded) for reminded in reminders],
        "steps": [step_to_json(step) for step in record.steps],
    }


def _first(value: int | None, default: int) -> int:
    return default if value is None else value


def step_from_json(data: object, where: str, place: int) -> StepRecord:
    """A step from JSON; `place`: its place in the list, its seq if it has none."""
    read = FieldReader(data, where)
    values: dict[str, Any] = {}
    for f in STEP_FIELDS:
        value = f.codec.read(read, f.name, f.missing is not None)
        if value is None and f.missing is not None:
            value = f.missing(values, place)
        values[f.name] = value
    return StepRecord(**values)


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
    ended_at = read.time("ended_at", optional=True)
    if ended_at is not None and ended_at < started_at:
        raise RecordError(
            f"{where}: ended_at: {time_text(ended_at)} is before started_at {time_text(started_at)}"
        )
    info = SessionInfo(
        id=read.text("id"),
        routine_id=read.text("routine_id"),
        routine_name=read.text("routine_name"),
        started_at=started_at,
        ended_at=ended_at,
        status=read.choice("status", SessionStatus),
        planned_seconds=read.seconds("planned_seconds", default=0.0),
        steps_planned=_first(read.count("steps_planned", optional=True), len(steps)),
        **totals(steps),
    )
    if not info.id:
        raise RecordError(f"{where}: id: empty")
    return SessionRecord(info, tuple(sorted(steps, key=lambda s: s.seq)), tuple(checkins))


def reminders_from_json(data: object, where: str) -> list[Reminded]:
    """The reminders' answers a session of a backup keeps; none in a backup from before
    they were kept."""
    raw_reminders = FieldReader(data, where).get("reminders", list, optional=True) or []
    reminders = []
    for n, raw in enumerate(raw_reminders):
        reminders.append(reminder_from_json(FieldReader(raw, f"{where}: reminder {n + 1}")))
    return reminders


# -- CSV -------------------------------------------------------------------------------------

# A row per step: the session's fields, then the step's as in its JSON, then the check-ins' pain
# (the store makes the rows, services/history.py's csv_rows). A field added to a step comes
# before the pain: a spreadsheet finds its columns by their names.
CSV_COLUMNS = (
    "session_id",
    "routine_id",
    "routine_name",
    "session_started_at",
    "session_status",
    *STEP_NAMES,
    "pain_before",
    "pain_after",
)


def is_csv_export(head: bytes) -> bool:
    """Whether a file that begins with `head` is the CSV export: its first line is the CSV's
    header, or the first columns of it (older exports had fewer), with or without a BOM."""
    line = head.removeprefix(b"\xef\xbb\xbf").split(b"\n", 1)[0].rstrip(b"\r")
    cells = line.decode("utf-8", "replace").split(",")
    return len(cells) >= 5 and tuple(cells) == CSV_COLUMNS[: len(cells)]
