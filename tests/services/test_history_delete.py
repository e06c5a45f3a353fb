"""Deleting a session: marked first, so that Undo restores it exactly; left out of every read
while marked; removed for good with all that is its own, and nothing else; what a crash left
marked goes when the app next opens the history; a CSV export offered as a backup is named."""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from desktop_app.core.engine import SessionStatus
from desktop_app.core.records import CSV_COLUMNS, CheckIn, Moment, RecordError
from desktop_app.services.history import HistoryStore, UnknownSessionError, open_history
from desktop_app.services.history_export import (
    CSV_NOT_BACKUP,
    export_file,
    read_backup,
    write_csv,
    write_json,
)
from desktop_app.services.history_keeper import HistoryKeeper
from tests.services.test_history import NOW, finished, info, now

SINCE = NOW - timedelta(days=30)


def everything(store: HistoryStore) -> tuple[object, ...]:
    """What every read of the history gives."""
    out_json, out_csv = io.StringIO(), io.StringIO()
    write_json(store, None, out_json)
    write_csv(store.csv_rows(), out_csv)
    return (
        store.sessions(),
        store.records(),
        store.routines(),
        store.pain_points(SINCE),
        store.held_by_stretch(SINCE),
        out_json.getvalue(),
        out_csv.getvalue(),
    )


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "history.sqlite3"


@pytest.fixture
def three(db_path: Path) -> Iterator[HistoryStore]:
    """A history of three finished sessions, each with a check-in."""
    store = open_history(db_path, now).store
    for number in range(3):
        finished(store, f"s{number}", minutes=number * 10)
        store.record_checkin(f"s{number}", CheckIn(Moment.BEFORE, 4, NOW))
    yield store
    store.close()


def count(path: Path, sql: str, *parameters: object) -> list[tuple[object, ...]]:
    """What a connection of the test's own reads of the file: what is on disk."""
    with closing(sqlite3.connect(path)) as db:
        return db.execute(sql, parameters).fetchall()


def rows(store: HistoryStore, table: str, session_id: str) -> int:
    [(number,)] = count(
        store.path, f"SELECT count(*) FROM {table} WHERE session_id = ?", session_id
    )
    return int(number)


def test_a_marked_session_is_left_out_of_every_read_and_undo_restores_it_exactly(three):
    before = everything(three)
    deleted = three.mark_deleted("s1", NOW)
    assert deleted.id == "s1" and deleted.status is SessionStatus.COMPLETED
    sessions, records, _, pains, held, as_json, as_csv = everything(three)
    assert [s.id for s in sessions] == ["s2", "s0"]
    assert [r.info.id for r in records] == ["s2", "s0"]
    assert [p.session_id for p in pains] == ["s0", "s2"]
    assert len(held) == 2 * 2  # two sessions, a row for each side
    assert '"s1"' not in as_json and "\ns1," not in as_csv
    assert three.session("s1") is None
    assert three.unmark_deleted("s1") is True
    assert everything(three) == before


def test_purging_removes_the_session_with_its_steps_and_check_ins_and_nothing_else(three):
    three.mark_deleted("s1", NOW)
    assert three.purge_deleted() == 1
    assert (rows(three, "step", "s1"), rows(three, "checkin", "s1")) == (0, 0)
    assert (rows(three, "step", "s0"), rows(three, "checkin", "s0")) == (3, 1)
    assert three.unmark_deleted("s1") is False  # gone for good: nothing to undo
    assert [s.id for s in three.sessions()] == ["s2", "s0"]


def test_a_backup_restored_while_a_deletion_waits_brings_the_session_back(three):
    # Before: the marked session counted as "already here", and the purge then took it.
    backup = three.records()
    three.mark_deleted("s1", NOW)
    assert three.add(backup) == 1
    assert three.purge_deleted() == 0
    assert three.records() == backup
    assert three.unmark_deleted("s1") is False  # nothing is marked any more


def test_the_command_lines_delete_removes_at_once(three):
    assert three.delete("s0").routine_name == "The big three"
    assert rows(three, "step", "s0") == 0
    assert [s.id for s in three.sessions()] == ["s2", "s1"]


@pytest.mark.parametrize("session_id", ["nope", "running", "s0"])
def test_only_a_finished_session_still_shown_can_be_deleted(three, session_id):
    three.begin(info("running", 50))
    three.mark_deleted("s0", NOW)  # deleted already
    with pytest.raises(UnknownSessionError, match=session_id):
        three.mark_deleted(session_id, NOW)
    with pytest.raises(UnknownSessionError):
        three.delete(session_id)
    assert rows(three, "step", "s1") == 3


def test_sessions_a_crash_left_marked_go_when_the_app_next_opens_the_history(db_path):
    first = HistoryKeeper(db_path, now)
    finished(first.store(), "s0")
    finished(first.store(), "s1", 10)
    first.mark_deleted("s1")
    # Killed here: never left the page nor closed, so nothing was purged (the first keeper's
    # connection stays open, as a killed process's file would be, until the test's end).
    try:
        # The command line reads without purging: the app's Undo may still want it.
        open_history(db_path, now).store.close()
        assert count(db_path, "SELECT count(*) FROM session") == [(2,)]
        again = HistoryKeeper(db_path, now)
        try:
            again.store()
            assert count(db_path, "SELECT id FROM session") == [("s0",)]
        finally:
            again.close()
    finally:
        first.close()


def test_a_history_from_before_deleting_gains_the_mark_and_keeps_its_sessions(tmp_path):
    data = Path(__file__).parent.parent / "data" / "history" / "history-v1.sqlite3"
    path = tmp_path / "history.sqlite3"
    path.write_bytes(data.read_bytes())
    opened = open_history(path, now).store
    try:
        assert [s.id for s in opened.sessions()] == ["b2", "a1"]
        opened.mark_deleted("a1", NOW)
        assert [s.id for s in opened.sessions()] == ["b2"]
    finally:
        opened.close()


def test_a_csv_export_offered_as_a_backup_is_named_as_such(three, tmp_path):
    exported = tmp_path / "history.csv"
    export_file(exported, three, "csv", None)
    with pytest.raises(RecordError) as caught:
        read_backup(exported)
    assert str(caught.value) == f"{exported}: {CSV_NOT_BACKUP}"
    # An older export, with fewer columns, and one saved with a BOM and CRLF by a spreadsheet.
    older = tmp_path / "older.csv"
    older.write_bytes(b"\xef\xbb\xbf" + ",".join(CSV_COLUMNS[:12]).encode() + b"\r\na,b\r\n")
    with pytest.raises(RecordError, match="looks like the CSV export"):
        read_backup(older)
    # Any other text that is not JSON is still just that.
    other = tmp_path / "notes.csv"
    other.write_text("session_id,when\n1,2\n")
    with pytest.raises(RecordError, match="not a JSON file: Expecting value"):
        read_backup(other)
