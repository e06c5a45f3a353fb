"""The history out of the store and back in: JSON (the shape `supple history --json` prints,
which is also the backup file) and CSV (a row per step, for a spreadsheet)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

from desktop_app.core.records import (
    CSV_COLUMNS,
    RecordError,
    SessionRecord,
    session_from_json,
    session_to_json,
)
from desktop_app.services.files import read_json_list, write_atomic_with
from desktop_app.services.history import HistoryStore

FORMATS = ("json", "csv")


def write_json(records: Sequence[SessionRecord], out: TextIO) -> None:
    json.dump([session_to_json(r) for r in records], out, indent=2, ensure_ascii=False)
    out.write("\n")


def write_csv(rows: Iterable[Sequence[object]], out: TextIO) -> None:
    """`rows` as the store's csv_rows gives them, under a header."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(rows)


def export_file(path: Path, store: HistoryStore, form: str, routine_id: str | None) -> int:
    """Write the finished sessions (of one routine, or all) to `path` as `form` ("json" or
    "csv"), all at once or not at all. Returns how many sessions were written."""
    if form == "json":
        records = store.records(routine_id)
        write_atomic_with(path, lambda out: write_json(records, out))
        return len(records)
    sessions: set[object] = set()

    def counted(rows: Iterable[tuple[object, ...]]) -> Iterator[tuple[object, ...]]:
        for row in rows:
            sessions.add(row[0])
            yield row

    # Streamed into the file: fifteen megabytes need not be held twice.
    write_atomic_with(path, lambda out: write_csv(counted(store.csv_rows(routine_id)), out))
    return len(sessions)


def read_backup(path: Path) -> list[SessionRecord]:
    """The sessions in a JSON export; raises RecordError naming the file and what is wrong."""
    data = read_json_list(path, "a list of sessions, as `supple history --json` writes")
    records = [session_from_json(item, f"{path}: session {n + 1}") for n, item in enumerate(data)]
    if len({r.info.id for r in records}) != len(records):
        raise RecordError(f"{path}: the same session id twice")
    return records
