"""Writes the store cannot take yet are kept on disk too: closing Supple, or a crash, while the
disk is full loses none of them, and the next start stores them first."""

from __future__ import annotations

import errno
import json
import logging
import sqlite3
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from desktop_app.core.engine import SessionStatus
from desktop_app.core.kept_writes import write_from_json, write_to_json
from desktop_app.core.recorder import Began, CheckedIn, Ended, StepEnded
from desktop_app.core.records import CheckIn, Moment, RecordError
from desktop_app.core.reminders import Reminded, ReminderOutcome
from desktop_app.services import history_keeper
from desktop_app.services.history_keeper import HistoryKeeper
from tests.services.test_history import NOW, info, now, step

BIG = "r" * 20_000  # a row too big for a store allowed no more pages


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    return folder / "history.sqlite3"


def session_writes(session_id: str = "s1", name: str = "The big three") -> list:
    return [
        Began(info(session_id, routine_name=name)),
        CheckedIn(session_id, CheckIn(Moment.BEFORE, 6, NOW)),
        StepEnded(session_id, step(0, hurt=True, completed=False)),
        Ended(session_id, SessionStatus.STOPPED, NOW + timedelta(minutes=2)),
        CheckedIn(session_id, CheckIn(Moment.AFTER, 4, NOW + timedelta(minutes=3))),
    ]


def full(keeper: HistoryKeeper) -> None:
    """The disk is full for this keeper's store: no page more."""
    store = keeper.store()
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")


@pytest.mark.parametrize(
    "write", [*session_writes(), Reminded(NOW, ReminderOutcome.SNOOZED, "desk-break")]
)
def test_every_kind_of_write_reads_back_as_it_was(write):
    data = json.loads(json.dumps(write_to_json(write)))
    assert write_from_json(data, "x") == write


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"write": "lunch"}, "x: write: 'lunch' is not a kind of write"),
        (
            {
                "write": "ended",
                "session_id": "s",
                "status": "done",
                "ended_at": "2026-11-21T09:30:00+01:00",
            },
            "status: 'done'",
        ),
        ([], "x: expected an object"),
    ],
)
def test_a_bad_write_says_what_is_wrong(data, message):
    with pytest.raises(RecordError, match=message):
        write_from_json(data, "x")


def test_writes_that_wait_are_kept_on_disk_and_stored_first_at_the_next_start(db_path: Path):
    keeper = HistoryKeeper(db_path, now)
    full(keeper)
    for write in session_writes("s1", BIG):
        assert not keeper.write(write)
    kept = keeper.kept_path
    assert kept.exists() and stat.S_IMODE(kept.stat().st_mode) == 0o600  # health data
    assert len(json.loads(kept.read_text())) == 5
    keeper.close()  # Supple closed while the disk was still full: nothing lost

    later = HistoryKeeper(db_path, now)  # the next start, with room again
    assert later.write(Began(info("s2", minutes=10)))
    assert not kept.exists()
    [record] = later.store().records()  # s2 is still under way
    assert record.info.id == "s1" and record.info.status is SessionStatus.STOPPED
    assert record.steps[0].hurt
    assert [(c.moment, c.pain) for c in record.checkins] == [(Moment.BEFORE, 6), (Moment.AFTER, 4)]
    later.close()


def test_writes_the_file_had_no_room_for_are_kept_once_the_store_is_closed(db_path, monkeypatch):
    # A disk full to its last page: the store's own -wal and -shm files take the room the
    # kept file needs, until the store is closed at the end and gives them back.
    real_write = history_keeper.write_atomic
    keeper = HistoryKeeper(db_path, now)

    def no_room_while_open(path: Path, text: str) -> None:
        if keeper._store is not None:
            raise OSError(28, "No space left on device", str(path))
        real_write(path, text)

    monkeypatch.setattr(history_keeper, "write_atomic", no_room_while_open)
    full(keeper)
    for write in session_writes("s1", BIG):
        assert not keeper.write(write)
    assert not keeper.kept_path.exists()
    keeper.close()
    assert len(json.loads(keeper.kept_path.read_text())) == 5

    later = HistoryKeeper(db_path, now)
    assert later.flush()
    [record] = later.store().records()
    assert record.info.status is SessionStatus.STOPPED
    later.close()


def test_a_crash_while_writes_wait_loses_none(db_path: Path):
    keeper = HistoryKeeper(db_path, now)
    full(keeper)
    assert not keeper.write(Reminded(NOW, ReminderOutcome.MISSED, BIG))
    # No close: the process is gone. What the file holds is what the next start stores.
    later = HistoryKeeper(db_path, now)
    assert later.flush()
    assert later.store().reminder_counts(NOW)[ReminderOutcome.MISSED] == 1
    assert not later.kept_path.exists()
    later.close()


def test_the_file_follows_the_writes_still_waiting(db_path: Path):
    keeper = HistoryKeeper(db_path, now)
    full(keeper)
    assert not keeper.write(Began(info("s1", routine_name=BIG)))
    keeper.store()._db.execute("PRAGMA max_page_count = 1000000")  # room again
    assert keeper.write(Began(info("s2")))
    assert not keeper.kept_path.exists()  # all stored: nothing left to keep
    keeper.close()


def test_a_damaged_file_of_kept_writes_is_moved_aside_and_said(db_path: Path):
    keeper = HistoryKeeper(db_path, now)
    keeper.kept_path.write_text('[{"write": "began"}]')
    assert keeper.write(Began(info("s1")))  # the new writes are stored all the same
    aside = db_path.with_name("history.sqlite3.kept.json.damaged-20261121-093000")
    assert aside.read_text() == '[{"write": "began"}]'
    [notice] = keeper.take_notices()
    assert "could not be read" in notice and str(aside) in notice
    keeper.close()


def test_where_the_file_cannot_be_written_the_log_says_so(db_path, monkeypatch, caplog):
    def no_room(path: Path, text: str) -> None:
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(history_keeper, "write_atomic", no_room)
    keeper = HistoryKeeper(db_path, now)
    full(keeper)
    with caplog.at_level(logging.ERROR):
        assert not keeper.write(Reminded(NOW, ReminderOutcome.MISSED, BIG))
        keeper.close()
    assert "cannot keep the waiting writes" in caplog.text
    assert "1 write(s) not stored, lost" in caplog.text


def test_a_session_a_crash_left_under_way_ends_as_interrupted_when_its_last_side_did(db_path):
    keeper = HistoryKeeper(db_path, now)
    full(keeper)
    side_ended = NOW + timedelta(minutes=1)
    for write in (
        Began(info("s1", routine_name=BIG)),
        StepEnded("s1", step(0, ended_at=side_ended)),
    ):
        assert not keeper.write(write)
    # Killed mid-session: no end was ever written. The next start stores what was kept.
    later = HistoryKeeper(db_path, now)
    assert later.flush()
    [session] = later.store().sessions()
    assert (session.status, session.ended_at) == (SessionStatus.INTERRUPTED, side_ended)
    assert session.held_seconds == 30.0
    later.close()


def test_kept_writes_of_a_session_the_history_lost_are_kept_aside_and_block_nothing(db_path):
    keeper = HistoryKeeper(db_path, now)
    assert keeper.write(Began(info("s1")))
    full(keeper)
    assert not keeper.write(StepEnded("s1", step(0, stretch_name=BIG)))
    assert not keeper.write(Ended("s1", SessionStatus.COMPLETED, NOW))
    keeper.close()
    # The history was then found damaged and moved aside, with the start of s1 in it.
    db_path.rename(db_path.with_name("history.sqlite3.damaged-20261121-093000"))

    later = HistoryKeeper(db_path, now)
    assert later.write(Began(info("s2", minutes=10)))
    assert later.write(Ended("s2", SessionStatus.COMPLETED, NOW + timedelta(minutes=20)))
    assert [s.id for s in later.store().sessions()] == ["s2"]
    assert not later.kept_path.exists()
    aside = db_path.with_name("history.sqlite3.kept.json.unstored-20261121-093000")
    kept = [write_from_json(item, "test") for item in json.loads(aside.read_text())]
    assert [type(w) for w in kept] == [StepEnded, Ended]
    assert stat.S_IMODE(aside.stat().st_mode) == 0o600
    [notice] = later.take_notices()
    assert "does not hold" in notice and str(aside) in notice
    later.close()


def test_writes_for_a_lost_session_wait_with_the_others_while_they_cannot_be_set_aside(
    db_path, monkeypatch
):
    keeper = HistoryKeeper(db_path, now)
    real_write = history_keeper.write_atomic

    def no_room_for_new_files(path: Path, text: str) -> None:
        if ".unstored-" in path.name:
            raise OSError(28, "No space left on device", str(path))
        real_write(path, text)

    monkeypatch.setattr(history_keeper, "write_atomic", no_room_for_new_files)
    assert not keeper.write(StepEnded("gone", step(0)))
    assert keeper.pending == 1 and "No space left on device" in keeper.trouble
    assert len(json.loads(keeper.kept_path.read_text())) == 1  # the only copy, kept
    keeper.close()

    monkeypatch.setattr(history_keeper, "write_atomic", real_write)
    later = HistoryKeeper(db_path, now)  # room again
    assert later.flush() and later.pending == 0
    [aside] = db_path.parent.glob("history.sqlite3.kept.json.unstored-*")
    assert len(json.loads(aside.read_text())) == 1
    assert not later.kept_path.exists()
    later.close()


def _unwritable(path: Path) -> None:
    """A file Supple cannot write whoever runs the tests (root too): a folder in its place."""
    path.mkdir()


def test_writes_the_history_folder_cannot_keep_wait_in_the_next_place(db_path, tmp_path):
    """A full or read-only history folder: the writes go to the first other place that takes
    them, and the next start finds them there and stores them first."""
    cannot, room = tmp_path / "not-a-folder", tmp_path / "runtime"
    cannot.write_text("a file, not a folder")
    places = [cannot / "inside", room]
    keeper = HistoryKeeper(db_path, now, places=places)
    assert keeper.flush()  # found nothing kept by an earlier run
    full(keeper)
    _unwritable(history_keeper.kept_path(db_path))
    for write in session_writes():
        keeper.write(write if not isinstance(write, Began) else Began(info("s1", routine_name=BIG)))
    assert keeper.pending > 0 and keeper.unkept == 0
    assert keeper.kept_in == history_keeper.kept_elsewhere(db_path, room)
    assert stat.S_IMODE(keeper.kept_in.stat().st_mode) == 0o600  # health data
    keeper.close()
    history_keeper.kept_path(db_path).rmdir()  # the history's folder can be written again
    assert history_keeper.waiting_files(db_path, places) == [keeper.kept_in]

    later = HistoryKeeper(db_path, now, places=places)  # the next start, with room again
    assert later.flush()
    [record] = later.store().records()
    assert record.info.id == "s1" and len(record.steps) == 1
    assert history_keeper.waiting_files(db_path, places) == []
    later.close()


def test_writes_no_place_can_keep_are_counted_and_their_loss_is_said(db_path, tmp_path, capsys):
    cannot = tmp_path / "not-a-folder"
    cannot.write_text("a file, not a folder")
    keeper = HistoryKeeper(db_path, now, places=[cannot / "runtime"])
    assert keeper.flush()
    full(keeper)
    _unwritable(history_keeper.kept_path(db_path))
    keeper.write(Began(info("s1", routine_name=BIG)))
    keeper.write(StepEnded("s1", step(0)))
    keeper.write(CheckedIn("s1", CheckIn(Moment.BEFORE, 6, NOW)))
    assert keeper.kept_in is None
    assert keeper.unkept == 3 and keeper.sides_unkept() == 1
    keeper.close()
    said = capsys.readouterr().err
    assert said.startswith("supple: history: 3 write(s) not stored, lost: the start of session s1")
    assert "6" not in said.split(":", 3)[3]  # what they are, never the pain they hold


def test_a_full_disk_is_called_full_whatever_sqlite_says(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    full_disk = OSError(errno.ENOSPC, "No space left on device")
    assert (
        history_keeper.why_not_written(folder, full_disk) == f"the disk that holds {folder} is full"
    )
    said = sqlite3.OperationalError("database or disk is full")
    assert history_keeper.why_not_written(folder, said) == f"the disk that holds {folder} is full"
    other = sqlite3.DatabaseError("file is not a database")
    assert history_keeper.why_not_written(folder, other) == "file is not a database"


def test_writes_that_wait_are_logged_by_id_and_count_never_by_what_they_hold(db_path, caplog):
    keeper = HistoryKeeper(db_path, now)
    full(keeper)
    with caplog.at_level(logging.DEBUG):
        for write in session_writes("s1", BIG):
            keeper.write(write)
        keeper.close()
    assert "5 write(s) not stored, kept in" in caplog.text
    assert "step 0 of session s1" in caplog.text
    for word in ("pain", "hurt", '"checkin"'):  # nor the writes as JSON
        assert word not in caplog.text


def test_a_damaged_file_of_kept_writes_is_logged_without_what_it_holds(db_path, caplog):
    keeper = HistoryKeeper(db_path, now)
    bad = {"moment": "before", "pain": 17, "at": "2026-11-21T09:30:00+00:00"}
    keeper.kept_path.write_text(
        json.dumps([{"write": "checkin", "session_id": "s", "checkin": bad}])
    )
    with caplog.at_level(logging.DEBUG):
        assert keeper.flush()
        keeper.close()
    assert f"{keeper.kept_path} is damaged; moved to" in caplog.text
    logged = " ".join(r.getMessage() for r in caplog.records).replace(str(db_path.parent), "")
    assert "pain" not in logged and "17" not in logged  # the messages, not the source lines
    [notice] = keeper.take_notices()
    assert "pain: expected 0 to 10, got 17" in notice  # the user is told why, on the screen
