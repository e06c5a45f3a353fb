"""The history out of the store and back in: JSON (the shape `supple history --json` prints,
which is also the backup file) and CSV (a row per step, for a spreadsheet).

The sit-break reminders' answers belong to no session, but the JSON is a list of sessions:
each session keeps those answered since the session before it began (the newest also those
since it began, the oldest all before it), so that a break's offer sits with the break. With
no session to keep them, they are left out, and the export says so."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO

from desktop_app.core.records import (
    CSV_COLUMNS,
    RecordError,
    SessionRecord,
    is_csv_export,
    reminder_to_json,
    reminders_from_json,
    session_from_json,
)
from desktop_app.core.reminders import Reminded
from desktop_app.services.files import read_json_list, write_atomic_with
from desktop_app.services.history import HistoryStore

FORMATS = ("json", "csv")


@dataclass(frozen=True)
class Exported:
    sessions: int
    reminders_left_out: int = 0  # answers with no session to keep them

    def left_out(self) -> str | None:
        """What the user is told of the answers left out, if any."""
        n = self.reminders_left_out
        if not n:
            return None
        what = "the answer" if n == 1 else f"the {n} answers"
        return (
            f"{what} to sit-break reminders could not be included: a backup keeps them with "
            "its sessions, and there are none"
        )


def write_json(store: HistoryStore, routine_id: str | None, out: TextIO) -> Exported:
    """The finished sessions (of one routine, or all) as one JSON list, newest first, a
    session a line, streamed as the store reads them."""
    reminders = store.reminders(routine_id)  # newest first, as the sessions
    taken = count = 0
    out.write("[")
    # A session is written once the next older one's start says which reminders are its own.
    waiting: tuple[str, str] | None = None
    for start, head, steps in store.json_rows(routine_id):
        if waiting is not None:
            mine = taken
            if reminders:
                older_start = datetime.fromisoformat(start)
                while mine < len(reminders) and reminders[mine].at >= older_start:
                    mine += 1
            out.write(_session_line(*waiting, reminders[taken:mine], count))
            taken, count = mine, count + 1
        waiting = head, steps
    if waiting is not None:
        out.write(_session_line(*waiting, reminders[taken:], count))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return Exported(count, 0 if count else len(reminders))


def _session_line(head: str, steps: str, reminders: Sequence[Reminded], place: int) -> str:
    """A session of the list: the head the store made, then its reminders and its steps (as
    records.session_to_json orders them), in place of the head's closing brace."""
    mine = (
        json.dumps(
            [reminder_to_json(reminded) for reminded in reminders],
            ensure_ascii=False,
            separators=(",", ":"),
        )
        if reminders
        else "[]"  # most sessions: a tenth of the export's time saved
    )
    return f'{"," if place else ""}\n{head[:-1]},"reminders":{mine},"steps":{steps}}}'


def write_csv(rows: Iterable[Sequence[object]], out: TextIO) -> None:
    """`rows` as the store's csv_rows gives them, under a header."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(rows)


def export_file(path: Path, store: HistoryStore, form: str, routine_id: str | None) -> Exported:
    """Write the finished sessions (of one routine, or all) to `path` as `form` ("json" or
    "csv"), all at once or not at all. The CSV, a row per step, leaves reminders out."""
    if form == "json":
        written: list[Exported] = []
        write_atomic_with(path, lambda out: written.append(write_json(store, routine_id, out)))
        return written[0]
    sessions: set[object] = set()

    def counted(rows: Iterable[tuple[object, ...]]) -> Iterator[tuple[object, ...]]:
        for row in rows:
            sessions.add(row[0])
            yield row

    # Streamed into the file: fifteen megabytes need not be held twice.
    write_atomic_with(path, lambda out: write_csv(counted(store.csv_rows(routine_id)), out))
    return Exported(len(sessions))


@dataclass(frozen=True)
class Backup:
    sessions: list[SessionRecord]
    reminders: list[Reminded]  # the reminders' answers: none in a backup from before they were


def read_backup(path: Path) -> Backup:
    """The sessions and reminders' answers in a JSON export; raises RecordError naming the
    file, the session and what is wrong."""
    data = read_json_list(
        path, "a list of sessions, as `supple history --json` writes", other=_what_else
    )
    records = [session_from_json(item, f"{path}: session {n + 1}") for n, item in enumerate(data)]
    if len({r.info.id for r in records}) != len(records):
        raise RecordError(f"{path}: the same session id twice")
    reminders = [
        reminded
        for n, item in enumerate(data)
        for reminded in reminders_from_json(item, f"{path}: session {n + 1}")
    ]
    return Backup(records, reminders)


CSV_NOT_BACKUP = (
    "this looks like the CSV export, which cannot be imported: only the JSON backup can "
    "(Export, then choose JSON; or `supple history --json`)"
)


def _what_else(raw: bytes) -> str | None:
    """What a file that is not JSON is, if it is one Supple wrote."""
    return CSV_NOT_BACKUP if is_csv_export(raw[:4096]) else None
