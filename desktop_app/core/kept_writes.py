"""The history's writes as JSON: the form in which writes the store could not take yet (a full
disk, a folder made read-only, a lock held too long) are kept on disk, so that closing Supple,
or a crash, before the store can take them loses none of them. Pure: the keeper keeps the file.
"""

from __future__ import annotations

from typing import Any

from desktop_app.core.engine import SessionStatus
from desktop_app.core.recorder import Began, CheckedIn, Ended, SessionWrite, StepEnded
from desktop_app.core.records import (
    FieldReader,
    RecordError,
    SessionInfo,
    checkin_from_json,
    checkin_to_json,
    reminder_from_json,
    reminder_to_json,
    step_from_json,
    step_to_json,
    time_text,
)
from desktop_app.core.reminders import Reminded

# Anything the history stores: a session's writes and the answers to reminders.
HistoryWrite = SessionWrite | Reminded
KINDS = ("began", "step", "ended", "checkin", "reminder")


def write_to_json(write: HistoryWrite) -> dict[str, Any]:
    if isinstance(write, Began):
        info = write.session  # under way: no end, no status, no sums yet
        return {
            "write": "began",
            "id": info.id,
            "routine_id": info.routine_id,
            "routine_name": info.routine_name,
            "started_at": time_text(info.started_at),
            "planned_seconds": info.planned_seconds,
            "steps_planned": info.steps_planned,
        }
    if isinstance(write, StepEnded):
        return {"write": "step", "session_id": write.session_id, "step": step_to_json(write.step)}
    if isinstance(write, Ended):
        return {
            "write": "ended",
            "session_id": write.session_id,
            "status": write.status.value,
            "ended_at": time_text(write.ended_at),
        }
    if isinstance(write, CheckedIn):
        return {
            "write": "checkin",
            "session_id": write.session_id,
            "checkin": checkin_to_json(write.checkin),
        }
    return {"write": "reminder", **reminder_to_json(write)}


def write_from_json(data: object, where: str) -> HistoryWrite:
    """Raises RecordError naming `where` and what is wrong."""
    read = FieldReader(data, where)
    kind = read.text("write")
    if kind not in KINDS:
        raise RecordError(f"{where}: write: {kind!r} is not a kind of write")
    if kind == "began":
        return Began(_began(read))
    if kind == "reminder":
        return reminder_from_json(read)
    session_id = read.text("session_id")
    if kind == "step":
        step = read.get("step", dict)
        return StepEnded(session_id, step_from_json(step, f"{where}: step", 0))
    if kind == "ended":
        ended_at = read.time("ended_at")
        return Ended(session_id, read.choice("status", SessionStatus), ended_at)
    return CheckedIn(session_id, checkin_from_json(read.get("checkin", dict), where))


def _began(read: FieldReader) -> SessionInfo:
    started_at = read.time("started_at")
    return SessionInfo(
        id=read.text("id"),
        routine_id=read.text("routine_id"),
        routine_name=read.text("routine_name"),
        started_at=started_at,
        ended_at=None,
        status=None,
        planned_seconds=read.seconds("planned_seconds"),
        steps_planned=read.count("steps_planned") or 0,
    )
