"""The history store: writes that are on disk when they return, file modes, sessions left open,
damaged files and files that are not Supple's, migrations from the first schema (copied once,
however often they are tried), newer files, and trouble while writing."""

from __future__ import annotations

import io
import itertools
import json
import os
import pwd
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.engine import SessionStatus
from desktop_app.core.kept_writes import HistoryWrite
from desktop_app.core.model import Kind, Side
from desktop_app.core.recorder import Began, Ended, StepEnded
from desktop_app.core.records import (
    CSV_COLUMNS,
    CheckIn,
    Moment,
    SessionInfo,
    SessionRecord,
    StepRecord,
    json_seconds,
    session_from_json,
    session_to_json,
    step_to_json,
)
from desktop_app.core.reminders import Reason, Reminded, ReminderOutcome
from desktop_app.services import history
from desktop_app.services.history import (
    SCHEMA_VERSION,
    HistoryError,
    HistoryStore,
    NewerHistoryError,
    UnknownSessionError,
    open_history,
    open_history_to_read,
    process_token,
)
from desktop_app.services.history_export import Exported, write_json
from desktop_app.services.history_json import seconds_json
from desktop_app.services.history_keeper import HistoryKeeper, apply_write

DATA = Path(__file__).parent.parent / "data" / "history"
ZONE = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 21, 9, 30, tzinfo=ZONE)


def now() -> datetime:
    return NOW


def info(session_id: str = "s1", minutes: int = 0, **changes: object) -> SessionInfo:
    values: dict[str, object] = {
        "id": session_id,
        "routine_id": "big-three",
        "routine_name": "The big three",
        "started_at": NOW + timedelta(minutes=minutes),
        "ended_at": None,
        "status": None,
        "planned_seconds": 600.0,
        "steps_planned": 3,
    }
    values.update(changes)
    return SessionInfo(**values)  # type: ignore[arg-type]


def step(seq: int, held: float = 30.0, *, completed: bool = True, **changes: object) -> StepRecord:
    values: dict[str, object] = {
        "seq": seq,
        "stretch_id": "lizard-pose",
        "stretch_name": "Lizard pose",
        "side": Side.LEFT if seq % 2 == 0 else Side.RIGHT,
        "kind": Kind.HOLD,
        "round": 1,
        "planned_seconds": 30.0,
        "held_seconds": held,
        "reps_planned": None,
        "reps_done": None,
        "completed": completed,
        "skipped": False,
        "ended_at": NOW + timedelta(seconds=40 * (seq + 1)),
    }
    values.update(changes)
    return StepRecord(**values)  # type: ignore[arg-type]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    return folder / "history.sqlite3"


@pytest.fixture
def store(db_path: Path) -> HistoryStore:
    opened = open_history(db_path, now)
    assert opened.notices == []
    yield opened.store
    opened.store.close()


def finished(store: HistoryStore, session_id: str = "s1", minutes: int = 0) -> None:
    store.begin(info(session_id, minutes))
    for seq in range(3):
        store.record_step(session_id, step(seq))
    store.end(session_id, SessionStatus.COMPLETED, NOW + timedelta(minutes=minutes + 3))


def test_a_session_and_its_steps_are_stored(store: HistoryStore) -> None:
    finished(store)
    [session] = store.sessions()
    assert session.status is SessionStatus.COMPLETED
    assert session.held_seconds == 90.0
    assert session.steps_completed == 3
    record = store.session("s1")
    assert record is not None
    assert [s.side for s in record.steps] == [Side.LEFT, Side.RIGHT, Side.LEFT]
    assert record.info.started_at == NOW
    assert record.info.started_at.utcoffset() == timedelta(hours=1)


def test_a_step_done_again_replaces_the_first(store: HistoryStore) -> None:
    store.begin(info())
    store.record_step("s1", step(0, 10.0, completed=False, skipped=True))
    store.record_step("s1", step(0, 30.0))
    record = store.session("s1")
    assert record is not None
    assert len(record.steps) == 1
    assert record.steps[0].completed
    assert record.info.held_seconds == 30.0
    assert record.info.steps_skipped == 0


def test_a_session_is_read_with_the_longest_any_side_was_held(store: HistoryStore) -> None:
    """Whether anything was held is read from the steps: no column kept, no migration."""
    store.begin(info())
    skipped = {"completed": False, "skipped": True}
    store.record_step("s1", step(0, 0.4, **skipped))
    store.record_step("s1", step(1, 0.7, **skipped))
    store.end("s1", SessionStatus.STOPPED, NOW)
    finished(store, "s2", minutes=10)
    skipped_through, done = sorted(store.sessions(), key=lambda s: s.id)
    assert (skipped_through.longest_held, skipped_through.held_anything) == (0.7, False)
    assert (done.longest_held, done.held_anything) == (30.0, True)
    record = store.session("s1")
    assert record is not None and record.info == skipped_through
    # The JSON keeps its documented fields and adds none; read back, the sums are worked out.
    data = session_to_json(record)
    assert "longest_held" not in data and data["status"] == "stopped"
    assert session_from_json(data, "test").info == skipped_through


def test_a_running_session_is_not_history_yet(store: HistoryStore) -> None:
    store.begin(info())
    assert store.sessions() == []
    assert store.close_abandoned() == []  # its process (this one, still running) owns it


def test_sessions_come_newest_first_whatever_their_offset(store: HistoryStore) -> None:
    # 09:30+01:00 is 08:30 UTC; 09:00+00:00 is later in time although its text sorts first.
    store.add([SessionRecord(info("early", status=SessionStatus.COMPLETED))])
    later = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    store.add([SessionRecord(info("later", started_at=later, status=SessionStatus.STOPPED))])
    assert [s.id for s in store.sessions()] == ["later", "early"]


def test_the_file_is_private(db_path: Path, store: HistoryStore) -> None:
    finished(store)
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    wal = db_path.with_name(db_path.name + "-wal")
    assert wal.exists()  # WAL mode, and its file is as private as the database
    assert stat.S_IMODE(wal.stat().st_mode) == 0o600
    mode = store._db.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_a_session_whose_process_is_gone_becomes_interrupted(db_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    opened = open_history(db_path, now)
    opened.store.begin(info())
    opened.store.record_step("s1", step(0))
    opened.store.record_step("s1", step(1))
    opened.store._db.execute("UPDATE session SET pid = ?", (dead.pid,))
    opened.store.close()

    again = open_history(db_path, now).store
    [session] = again.sessions()
    assert session.status is SessionStatus.INTERRUPTED
    assert session.ended_at == step(1).ended_at  # when its last finished step ended
    assert session.steps_completed == 2
    again.close()


def test_a_session_of_a_live_process_is_left_open(db_path: Path) -> None:
    with subprocess.Popen([sys.executable, "-c", "input()"], stdin=subprocess.PIPE) as alive:
        store = open_history(db_path, now).store
        store.begin(info())
        store._db.execute(
            "UPDATE session SET pid = ?, process = ?", (alive.pid, process_token(alive.pid))
        )
        store.close()
        store = open_history(db_path, now).store
        assert store.sessions() == []
        store.close()
        alive.communicate(b"\n")


@pytest.mark.skipif(process_token(os.getpid()) is None, reason="no /proc: numbers alone")
def test_a_process_number_taken_by_another_process_since_is_not_the_owner(
    db_path: Path,
) -> None:
    # After a crash and a restart, the number may be a live process's, but not Supple's.
    store = open_history(db_path, now).store
    store.begin(info())
    store._db.execute("UPDATE session SET pid = 1, process = 'another-boot:42'")
    store.close()
    store = open_history(db_path, now).store
    [session] = store.sessions()
    assert session.status is SessionStatus.INTERRUPTED
    store.close()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.write_bytes(b"this is not a database" * 100), id="not-sqlite"),
        pytest.param(lambda p: p.write_bytes(p.read_bytes()[:5000]), id="truncated"),
        pytest.param(
            lambda p: p.write_bytes(p.read_bytes()[:4096] + b"\xff" * (p.stat().st_size - 4096)),
            id="pages-overwritten",
        ),
    ],
)
def test_a_damaged_file_is_moved_aside_and_a_new_one_started(db_path: Path, damage) -> None:
    store = open_history(db_path, now).store
    for n in range(40):
        finished(store, f"s{n}", minutes=n * 10)
    store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    damage(db_path)
    broken = db_path.read_bytes()

    opened = open_history(db_path, now)
    [notice] = opened.notices
    aside = db_path.with_name("history.sqlite3.damaged-20261121-093000")
    assert str(aside) in notice
    assert aside.read_bytes() == broken  # kept exactly as it was, never deleted
    assert opened.store.sessions() == []
    finished(opened.store)  # and the new one works
    assert len(opened.store.sessions()) == 1
    opened.store.close()


def test_a_second_damaged_file_the_same_second_gets_its_own_name(db_path: Path) -> None:
    for _ in range(2):
        db_path.write_bytes(b"garbage" * 1000)
        open_history(db_path, now).store.close()
    names = sorted(p.name for p in db_path.parent.iterdir() if "damaged" in p.name)
    assert names == [
        "history.sqlite3.damaged-20261121-093000",
        "history.sqlite3.damaged-20261121-093000-2",
    ]


def test_the_first_schema_is_migrated_after_a_backup(db_path: Path) -> None:
    shutil.copy(DATA / "history-v1.sqlite3", db_path)
    original = db_path.read_bytes()
    store = open_history(db_path, now).store
    assert store._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    backup = db_path.with_name("history.sqlite3.v1-backup-20261121-093000")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    with closing(sqlite3.connect(backup)) as copy:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
        assert copy.execute("SELECT count(*) FROM step").fetchone()[0] == 5
    assert len(original) == backup.stat().st_size

    first, second = sorted(store.sessions(), key=lambda s: s.started_at)
    assert first.routine_name == "The big three"
    assert first.held_seconds == 120.5  # the sums are worked out from the old steps
    assert (first.steps_completed, first.steps_skipped, first.steps_planned) == (3, 1, 4)
    assert second.status is SessionStatus.STOPPED
    record = store.session(first.id)
    assert record is not None
    assert record.steps[2].reps_done == 8
    assert record.steps[0].stretch_name == "half-kneeling-hip-flexor"  # v1 kept no names
    assert record.steps[0].round == 1
    finished(store, "new")  # the migrated file takes new sessions
    store.close()


def made_by_version(db_path: Path, monkeypatch, version: int) -> None:
    """An empty history file as Supple at schema `version` made it."""
    with monkeypatch.context() as patched:
        patched.setattr(history, "MIGRATIONS", history.MIGRATIONS[:version])
        patched.setattr(history, "SCHEMA_VERSION", version)
        open_history(db_path, now).store.close()


@pytest.mark.parametrize("version", [2, 3, 4, 5])
def test_a_later_file_is_migrated_after_a_backup(db_path: Path, monkeypatch, version) -> None:
    made_by_version(db_path, monkeypatch, version)
    # Written as that version wrote it: the first schema's columns are in every version.
    with closing(sqlite3.connect(db_path)) as old, old:
        old.execute(
            "INSERT INTO session (id, routine_id, routine_name, started_at, ended_at, status, "
            "planned_seconds) VALUES ('kept', 'r', 'R', ?, ?, 'completed', 60)",
            (NOW.isoformat(), NOW.isoformat()),
        )
        old.execute(
            "INSERT INTO step (session_id, seq, stretch_id, kind, planned_seconds, "
            "held_seconds, completed, skipped) VALUES ('kept', 0, 's', 'hold', 30, 30, 1, 0)"
        )
    store = open_history(db_path, now).store
    assert db_path.with_name(f"history.sqlite3.v{version}-backup-20261121-093000").exists()
    assert [s.id for s in store.sessions()] == ["kept"]
    record = store.session("kept")
    assert record is not None and not record.steps[0].hurt
    store.record_reminder(Reminded(NOW, ReminderOutcome.SKIPPED, "desk-break"))
    assert store.reminder_counts(NOW)[ReminderOutcome.SKIPPED] == 1
    store.record_checkin("kept", CheckIn(Moment.AFTER, 2, NOW))
    assert store.pain_points(NOW)[0].after == 2
    store.close()


def test_reminders_are_counted_by_outcome_since_a_time(store: HistoryStore) -> None:
    outcomes = [
        ReminderOutcome.STARTED,
        ReminderOutcome.SKIPPED,
        ReminderOutcome.SNOOZED,
        ReminderOutcome.STARTED,
    ]
    for days, outcome in enumerate(outcomes):
        store.record_reminder(Reminded(NOW - timedelta(days=days), outcome, "desk-break"))
    # At another UTC offset, the same moment: compared as times, not as text.
    elsewhere = (NOW - timedelta(days=2)).astimezone(UTC)
    assert store.reminder_counts(elsewhere) == {
        ReminderOutcome.STARTED: 1,
        ReminderOutcome.SKIPPED: 1,
        ReminderOutcome.SNOOZED: 1,
        ReminderOutcome.MISSED: 0,
        ReminderOutcome.NATURAL_BREAK: 0,
    }
    assert sum(store.reminder_counts(NOW - timedelta(days=30)).values()) == 4


def test_natural_breaks_and_delayed_offers_are_kept(store: HistoryStore) -> None:
    delayed = Reminded(NOW, ReminderOutcome.STARTED, "desk-break", Reason.MICROPHONE)
    store.record_reminder(delayed)
    store.record_reminder(Reminded(NOW, ReminderOutcome.NATURAL_BREAK, "desk-break"))
    assert store.reminder_counts(NOW)[ReminderOutcome.NATURAL_BREAK] == 1
    assert set(store.reminders()) == {
        delayed,
        Reminded(NOW, ReminderOutcome.NATURAL_BREAK, "desk-break", None),
    }


@pytest.mark.parametrize("version", [3, 4, 5])
def test_the_reminders_of_an_older_file_are_kept_through_the_migration(
    db_path: Path, monkeypatch, version
) -> None:
    made_by_version(db_path, monkeypatch, version)
    with closing(sqlite3.connect(db_path)) as old, old:  # as that version wrote it
        old.execute(
            "INSERT INTO reminder (at, outcome, routine_id) VALUES (?, 'missed', 'desk-break')",
            (NOW.isoformat(),),
        )
    store = open_history(db_path, now).store
    assert db_path.with_name(f"history.sqlite3.v{version}-backup-20261121-093000").exists()
    assert store.reminders() == [Reminded(NOW, ReminderOutcome.MISSED, "desk-break")]
    store.record_reminder(Reminded(NOW, ReminderOutcome.SKIPPED, "desk-break", Reason.CAMERA))
    assert {r.delayed_by for r in store.reminders()} == {None, Reason.CAMERA}
    store.close()


def test_a_reminder_waits_with_the_other_writes_while_the_disk_is_full(db_path: Path) -> None:
    keeper = HistoryKeeper(db_path, now)
    store = keeper.store()
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")  # no room to grow: SQLITE_FULL
    routine = "r" * 20_000  # a row too big for the pages there are
    assert not keeper.write(Reminded(NOW, ReminderOutcome.MISSED, routine))
    assert keeper.pending == 1
    store._db.execute("PRAGMA max_page_count = 1000000")
    assert keeper.flush()
    assert store.reminder_counts(NOW)[ReminderOutcome.MISSED] == 1
    keeper.close()


def test_a_failed_migration_leaves_the_file_as_it_was(db_path: Path, monkeypatch) -> None:
    shutil.copy(DATA / "history-v1.sqlite3", db_path)
    broken = [*history.MIGRATIONS[1][:3], "ALTER TABLE no_such_table ADD COLUMN x"]
    monkeypatch.setattr(history, "MIGRATIONS", (history.MIGRATIONS[0], broken))
    with pytest.raises(HistoryError, match="no_such_table"):
        open_history(db_path, now)
    with closing(sqlite3.connect(db_path)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
        columns = [row[1] for row in db.execute("PRAGMA table_info(step)")]
        assert "stretch_name" not in columns  # the first statements were rolled back too


def test_a_backup_that_cannot_be_written_leaves_no_empty_file(db_path: Path, monkeypatch) -> None:
    shutil.copy(DATA / "history-v1.sqlite3", db_path)
    real_connect = sqlite3.connect

    def no_room_for_the_backup(target, *args, **kwargs):
        if "backup" in Path(target).name:  # as on a full disk, the copy cannot be written
            return real_connect(f"{Path(target).as_uri()}?mode=ro", uri=True)
        return real_connect(target, *args, **kwargs)

    monkeypatch.setattr(history.sqlite3, "connect", no_room_for_the_backup)
    with pytest.raises(HistoryError, match="readonly"):
        open_history(db_path, now)
    assert [p.name for p in db_path.parent.iterdir() if "backup" in p.name] == []
    with closing(real_connect(db_path)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1


def test_a_file_from_a_newer_supple_is_refused_and_left_alone(db_path: Path) -> None:
    open_history(db_path, now).store.close()
    with closing(sqlite3.connect(db_path)) as db:
        db.execute("PRAGMA journal_mode=DELETE")  # a newer Supple's choice, kept as it is
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = db_path.read_bytes()
    with pytest.raises(NewerHistoryError, match="newer Supple"):
        open_history(db_path, now)
    assert db_path.read_bytes() == before
    assert not [p for p in db_path.parent.iterdir() if "damaged" in p.name or "backup" in p.name]


def test_import_adds_only_what_is_not_there(store: HistoryStore) -> None:
    finished(store, "a")
    finished(store, "b", minutes=10)
    exported = store.records()
    store.end("b", SessionStatus.STOPPED, NOW)
    extra = SessionRecord(info("c", -5, status=SessionStatus.COMPLETED), (step(0),))
    assert store.add([*exported, extra]) == 1
    assert store.add([*exported, extra]) == 0
    assert [s.id for s in store.sessions()] == ["b", "a", "c"]
    assert store.sessions()[0].status is SessionStatus.STOPPED  # what was here is kept
    record = store.session("c")
    assert record is not None and record.steps == (step(0),)


def test_routines_are_named_as_they_were_last(store: HistoryStore) -> None:
    store.add([SessionRecord(info("a", status=SessionStatus.COMPLETED, routine_name="Old"))])
    store.add(
        [SessionRecord(info("b", 60, status=SessionStatus.COMPLETED, routine_name="New name"))]
    )
    assert store.routines() == [("big-three", "New name")]


# -- trouble while writing: the keeper keeps what could not be written -----------------------


def test_a_full_disk_keeps_the_writes_and_they_are_stored_later(db_path: Path) -> None:
    keeper = HistoryKeeper(db_path, now)
    store = keeper.store()
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")  # no room to grow: SQLITE_FULL
    assert keeper.write(Began(info()))
    long_name = "x" * 20_000
    assert not keeper.write(StepEnded("s1", step(0, stretch_name=long_name)))
    assert not keeper.write(Ended("s1", SessionStatus.COMPLETED, NOW))
    assert keeper.pending == 2
    assert keeper.trouble is not None and "full" in keeper.trouble

    store._db.execute("PRAGMA max_page_count = 1000000")
    assert keeper.flush()
    assert keeper.pending == 0
    assert keeper.trouble is None
    [session] = store.sessions()
    assert session.status is SessionStatus.COMPLETED
    assert session.steps_completed == 1
    keeper.close()


# As root every folder is writable, so these checks drop to an ordinary user once the code is
# imported; the folder lies where that user may look.
AS_USER = """
import os, pwd, sys
from datetime import datetime
from pathlib import Path
from desktop_app.core.engine import SessionStatus
from desktop_app.core.recorder import Ended
from desktop_app.services.history_keeper import HistoryKeeper
if os.geteuid() == 0:
    nobody = pwd.getpwnam("nobody")
    os.setgid(nobody.pw_gid)
    os.setuid(nobody.pw_uid)
keeper = HistoryKeeper(Path(sys.argv[1]), lambda: datetime.now().astimezone())
print(keeper.write(Ended("s1", SessionStatus.STOPPED, datetime.now().astimezone())))
print(keeper.pending)
print(keeper.trouble)
"""


@pytest.fixture
def shared_folder() -> Path:
    where = Path(tempfile.mkdtemp(prefix="supple-ro-"))
    where.chmod(0o755)
    yield where
    for folder, _dirs, _files in os.walk(where):
        os.chmod(folder, 0o755)
    shutil.rmtree(where)


@pytest.mark.parametrize("file_there", [False, True], ids=["no-file-yet", "file-there"])
def test_a_folder_that_cannot_be_written_keeps_the_writes(
    shared_folder: Path, file_there: bool
) -> None:
    folder = shared_folder / "data"
    folder.mkdir()
    db = folder / "history.sqlite3"
    if file_there:
        open_history(db, now).store.close()
        for leftover in folder.glob("history.sqlite3-*"):
            leftover.unlink()
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.chown(db, nobody.pw_uid, nobody.pw_gid)
    before = db.read_bytes() if file_there else None
    folder.chmod(0o555)
    done = subprocess.run(
        [sys.executable, "-c", AS_USER, str(db)],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).parent.parent.parent,
    )
    assert done.returncode == 0, done.stderr
    wrote, pending, trouble = done.stdout.splitlines()
    assert (wrote, pending) == ("False", "1")
    assert trouble == f"the folder {folder} is read-only"  # the true cause, not SQLite's
    assert (db.read_bytes() if file_there else db.exists()) == (before if file_there else False)


def test_csv_rows_left_early_close_quietly_after_the_store(db_path) -> None:
    # `supple history --csv | head`: the store closes while the rows are still being read.
    store = open_history(db_path, now).store
    finished(store, "a")
    finished(store, "b")
    rows = store.csv_rows()
    next(rows)
    store.close()
    rows.close()  # it raised "Cannot operate on a closed database", shown as ignored


def test_csv_rows_are_the_json_fields_of_each_step(store: HistoryStore) -> None:
    finished(store, "a")
    store.begin(info("b", 10))
    store.record_step("b", step(0, 4.5, completed=False, skipped=True, side=None, answer="no"))
    store.record_step(
        "b", step(1, 20.0, kind=Kind.REPS, reps_planned=8, reps_done=3, ended_at=None)
    )
    store.record_step("b", step(2, 3.0, completed=False, hurt=True))
    store.end("b", SessionStatus.STOPPED, NOW)
    store.record_checkin("b", CheckIn(Moment.BEFORE, 7, NOW))
    store.record_checkin("b", CheckIn(Moment.AFTER, 4, NOW))
    store.record_checkin("a", CheckIn(Moment.AFTER, 0, NOW))
    store.begin(info("c", -10))  # stopped before any step ended: one row, no step
    store.end("c", SessionStatus.STOPPED, NOW)
    rows = list(store.csv_rows())
    expected = []
    for record in store.records():  # newest first, steps in order, as the CSV has them
        data = session_to_json(record)
        head = [data[key] for key in ("id", "routine_id", "routine_name", "started_at", "status")]
        pain = [cell(record.pain(moment)) for moment in (Moment.BEFORE, Moment.AFTER)]
        expected += [
            head + [cell(v) for v in step_to_json(s).values()] + pain for s in record.steps
        ]
        if not record.steps:
            expected.append(head + [""] * (len(CSV_COLUMNS) - 7) + pain)
    # csv.writer writes None as an empty cell.
    assert [["" if c is None else c for c in row] for row in rows] == expected
    assert [row[-3:] for row in rows if row[0] == "b"][-1] == ("true", 7, 4)
    assert list(CSV_COLUMNS[5:-2]) == list(step_to_json(step(0)))
    assert CSV_COLUMNS[-2:] == ("pain_before", "pain_after")
    assert [row[0] for row in store.csv_rows("other-routine")] == []


def cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def test_a_damaged_file_that_cannot_be_moved_aside_is_said(db_path: Path) -> None:
    db_path.write_bytes(b"garbage" * 1000)

    def cannot(*_args: object) -> Path:
        raise PermissionError(13, "Permission denied")

    with pytest.raises(HistoryError, match=r"is damaged .* cannot be moved aside: Permission"):
        open_history(db_path, now, set_aside=cannot)
    assert db_path.read_bytes() == b"garbage" * 1000


def test_a_migration_another_supple_already_did_is_not_done_twice(db_path: Path) -> None:
    store = open_history(db_path, now).store
    # As if this one read version 0 just before the other migrated the file.
    history._migrate(store._db, db_path, 0, NOW)
    assert store._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    store.close()


# -- files that are not Supple's, and migrations tried again ---------------------------------


def supples(path: Path, version: int, *more: str) -> None:
    """Write Supple's history at `version` (its tables as that version made them, no rows),
    then run `more` in it (a table of the user's own, a row, ...)."""
    with closing(sqlite3.connect(path)) as db:
        for migration in history.MIGRATIONS[:version]:
            for statement in migration:
                db.execute(statement)
        for statement in more:
            db.execute(statement)
        db.execute(f"PRAGMA user_version = {version}")
        db.commit()


def content(path: Path) -> tuple[int, list[str]]:
    """What a SQLite file holds: its version and every table and row, as SQL."""
    with closing(sqlite3.connect(path)) as db:
        return db.execute("PRAGMA user_version").fetchone()[0], list(db.iterdump())


def foreign(*statements: str, version: int = 0) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        with closing(sqlite3.connect(path)) as db:
            for statement in statements:
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {version}")
            db.commit()

    return write


PLACES = "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)"
A_PLACE = "INSERT INTO moz_places (url) VALUES ('https://example.org')"
OLD_SESSION = (
    "INSERT INTO session (id, routine_id, routine_name, started_at, ended_at, status, "
    "planned_seconds) VALUES ('kept', 'r', 'R', '2026-11-20T09:00:00+01:00', "
    "'2026-11-20T09:10:00+01:00', 'completed', 600)"
)


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        pytest.param(
            foreign(PLACES, A_PLACE), "it has tables but no version: moz_places", id="places"
        ),
        pytest.param(  # it used to fail at every open: "table session already exists"
            foreign(
                "CREATE TABLE session (token TEXT PRIMARY KEY)", "INSERT INTO session VALUES ('t')"
            ),
            "it has tables but no version: session",
            id="its-own-session-table",
        ),
        pytest.param(  # not taken for a newer Supple's, and refused for ever
            foreign(PLACES, A_PLACE, version=77),
            "it has no table session",
            id="places-at-version-77",
        ),
        pytest.param(
            foreign(PLACES, A_PLACE, version=2), "it has no table session", id="places-at-version-2"
        ),
        pytest.param(  # its version set to 0 by hand: migrating it would fail at every open
            lambda p: (supples(p, SCHEMA_VERSION, OLD_SESSION), foreign()(p)),
            "it has tables but no version: checkin, reminder, reminder_at, ...",
            id="supples-tables-at-version-0",
        ),
        pytest.param(
            lambda p: supples(p, 3, OLD_SESSION, "DROP TABLE reminder"),
            "it has no table reminder",
            id="supples-missing-a-table",
        ),
        pytest.param(  # version 4 in name, version 3 in fact: every write of a side would fail
            lambda p: (supples(p, 3, OLD_SESSION), foreign(version=4)(p)),
            "its table step has no column hurt",
            id="supples-missing-a-column",
        ),
    ],
)
def test_a_file_that_is_not_supples_history_is_moved_aside_untouched(db_path, make, reason):
    make(db_path)
    original = db_path.read_bytes()

    opened = open_history(db_path, now)
    [notice] = opened.notices
    aside = db_path.with_name("history.sqlite3.foreign-20261121-093000")
    assert notice == (
        f"The history file was not a Supple history ({reason}). It was moved to {aside} and a "
        "new history was started."
    )
    assert aside.read_bytes() == original  # not changed, not even migrated
    assert not [p for p in db_path.parent.iterdir() if "backup" in p.name]
    assert opened.store.sessions() == []
    finished(opened.store)  # and the new one takes sessions
    assert [s.id for s in opened.store.sessions()] == ["s1"]
    opened.store.close()
    assert open_history(db_path, now).notices == []  # the new one is Supple's


def test_a_file_not_supples_that_cannot_be_moved_aside_is_refused_untouched(db_path):
    foreign(PLACES, A_PLACE)(db_path)
    original = db_path.read_bytes()

    def cannot(*_args: object) -> Path:
        raise PermissionError(13, "Permission denied")

    with pytest.raises(HistoryError) as refused:
        open_history(db_path, now, set_aside=cannot)
    assert str(refused.value) == (
        f"{db_path} is not a Supple history (it has tables but no version: moz_places) "
        "and cannot be moved aside: Permission denied"
    )
    assert db_path.read_bytes() == original
    assert [p.name for p in db_path.parent.iterdir()] == ["history.sqlite3"]


def test_a_file_not_supples_in_a_folder_that_cannot_be_written_is_left_as_it_is(db_path):
    foreign(PLACES, A_PLACE)(db_path)
    original = db_path.read_bytes()
    with pytest.raises(
        HistoryError, match=r"is not a Supple history \(.*moz_places\); it was left"
    ):
        open_history_to_read(db_path)
    assert db_path.read_bytes() == original


def test_a_file_not_supples_is_moved_aside_and_the_keeper_stores_the_session(db_path):
    foreign("CREATE TABLE session (token TEXT)")(db_path)
    keeper = HistoryKeeper(db_path, now)
    assert keeper.write(Began(info("s1")))
    assert keeper.write(Ended("s1", SessionStatus.COMPLETED, NOW + timedelta(minutes=3)))
    [notice] = keeper.take_notices()
    assert "not a Supple history" in notice
    assert [s.id for s in keeper.store().sessions()] == ["s1"]
    keeper.close()


def test_an_empty_file_is_a_new_history(db_path):
    db_path.touch(mode=0o600)  # as a crash just after it was created leaves it
    opened = open_history(db_path, now)
    assert opened.notices == []
    finished(opened.store)
    assert [s.id for s in opened.store.sessions()] == ["s1"]
    opened.store.close()
    assert not [p for p in db_path.parent.iterdir() if "-20261121-" in p.name]


@pytest.mark.parametrize("version", [2, SCHEMA_VERSION])
def test_tables_of_the_users_own_beside_supples_are_kept_as_they_are(db_path, version):
    notes = "CREATE TABLE my_notes (day TEXT, note TEXT)"
    a_note = "INSERT INTO my_notes VALUES ('2026-11-20', 'knee better')"
    supples(db_path, version, OLD_SESSION, notes, a_note)
    opened = open_history(db_path, now)
    assert opened.notices == []
    finished(opened.store)
    assert [s.id for s in opened.store.sessions()] == ["s1", "kept"]
    rows = opened.store._db.execute("SELECT * FROM my_notes").fetchall()
    assert rows == [("2026-11-20", "knee better")]
    opened.store.close()
    assert not [p for p in db_path.parent.iterdir() if "foreign" in p.name]


def clock_from(start: datetime) -> Callable[[], datetime]:
    """A clock 20 s on at each reading, as the keeper's retries are: each backup made would
    get a name of its own."""
    times = (start + timedelta(seconds=20 * n) for n in itertools.count())
    return lambda: next(times)


@pytest.mark.parametrize("held", [False, True], ids=["closed", "held-by-an-older-supple"])
def test_a_failing_migration_is_copied_once_however_often_it_is_tried(db_path, held):
    # Supple's version 2, with a table of the user's own that version 3's has the name of.
    supples(db_path, 2, OLD_SESSION, "CREATE TABLE reminder (what TEXT)")
    older = sqlite3.connect(db_path, isolation_level=None)
    if held:  # its last session is still in the -wal, which stays while it runs
        older.execute("PRAGMA journal_mode=WAL")
        older.execute(OLD_SESSION.replace("'kept'", "'in-the-wal'"))
        assert db_path.with_name("history.sqlite3-wal").stat().st_size > 0
    else:
        older.close()
    before = content(db_path)
    clock = clock_from(NOW)
    for _ in range(3):  # Supple started again, or `supple history`
        with pytest.raises(HistoryError) as failed:
            open_history(db_path, clock)
        assert str(failed.value) == (
            f"cannot use the history file {db_path}: table reminder already exists"
        )
    keeper = HistoryKeeper(db_path, clock)
    for n in range(3):  # the keeper's retries while a session goes on
        assert not keeper.write(Began(info(f"s{n}")))
    keeper.close()

    [backup] = [p for p in db_path.parent.iterdir() if "backup" in p.name]
    assert backup.name == "history.sqlite3.v2-backup-20261121-093000"  # the first try's
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert content(backup) == before
    assert content(db_path) == before  # the history as it was
    older.close()


@pytest.mark.parametrize(
    "earlier",
    [
        pytest.param(lambda p, copy: copy.write_bytes(p.read_bytes()[:5000]), id="cut-short"),
        pytest.param(shutil.copy, id="of-the-file-before"),
    ],
)
def test_a_backup_that_is_not_a_copy_of_the_file_as_it_is_now_is_not_reused(db_path, earlier):
    shutil.copy(DATA / "history-v1.sqlite3", db_path)
    older = db_path.with_name("history.sqlite3.v1-backup-20261120-080000")
    earlier(db_path, older)
    kept = older.read_bytes()
    with closing(sqlite3.connect(db_path)) as db, db:
        db.execute("UPDATE session SET routine_name = 'Renamed' WHERE id = 'a1'")
    before = content(db_path)

    open_history(db_path, now).store.close()
    made = db_path.with_name("history.sqlite3.v1-backup-20261121-093000")
    assert content(made) == before
    assert older.read_bytes() == kept  # an earlier backup is never touched


def test_an_interrupted_session_ends_with_its_last_step_in_time(db_path: Path) -> None:
    # The clocks went back an hour between the two steps: 02:50+02:00 is before 02:10+01:00.
    summer, winter = timezone(timedelta(hours=2)), timezone(timedelta(hours=1))
    store = open_history(db_path, now).store
    store.begin(info())
    store.record_step("s1", step(0, ended_at=datetime(2026, 10, 25, 2, 50, tzinfo=summer)))
    last = datetime(2026, 10, 25, 2, 10, tzinfo=winter)
    store.record_step("s1", step(1, ended_at=last))
    store._db.execute("UPDATE session SET pid = NULL")
    store.close()
    store = open_history(db_path, now).store
    assert store.sessions()[0].ended_at == last
    store.close()


def test_unexpected_trouble_keeps_the_writes_too(db_path: Path) -> None:
    bugs = ["a bug"]

    def apply(store: HistoryStore, write: HistoryWrite) -> None:
        if bugs:
            raise RuntimeError(bugs[0])
        apply_write(store, write)

    keeper = HistoryKeeper(db_path, now, apply=apply)
    assert not keeper.write(Began(info()))
    assert (keeper.pending, keeper.trouble) == (1, "a bug")
    bugs.clear()  # fixed
    assert keeper.flush()
    keeper.close()


@pytest.mark.parametrize(
    "write",
    [
        lambda s: s.record_step("gone", step(0)),
        lambda s: s.end("gone", SessionStatus.COMPLETED, NOW),
        lambda s: s.record_checkin("gone", CheckIn(Moment.BEFORE, 3, NOW)),
    ],
)
def test_a_write_for_a_session_the_history_does_not_hold_is_refused_by_name(store, write):
    with pytest.raises(UnknownSessionError, match="holds no session gone"):
        write(store)
    assert store.sessions() == []


@pytest.mark.parametrize("crashed", [False, True])
def test_a_history_opened_only_to_read_shows_every_session(db_path, crashed):
    writer = open_history(db_path, now).store
    finished(writer, "s1")
    left = db_path.parent / "left"
    if crashed:  # killed: its -wal file alone holds the last session
        writer._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        writer._db.execute("PRAGMA wal_autocheckpoint = 0")
        finished(writer, "s2", minutes=10)
        left.mkdir()
        for name in ("history.sqlite3", "history.sqlite3-wal"):
            shutil.copy(db_path.with_name(name), left / name)
    writer.close()
    if crashed:
        for name in ("history.sqlite3", "history.sqlite3-wal"):
            shutil.copy(left / name, db_path.with_name(name))
        with closing(sqlite3.connect(f"{db_path.as_uri()}?immutable=1", uri=True)) as main:
            assert main.execute("SELECT COUNT(*) FROM session").fetchone() == (1,)
    before = db_path.read_bytes()
    reader = open_history_to_read(db_path)
    assert [s.id for s in reader.sessions()] == (["s2", "s1"] if crashed else ["s1"])
    with pytest.raises(HistoryError):
        reader.begin(info("s3"))
    reader.close()
    assert db_path.read_bytes() == before


def test_an_older_history_is_not_read_without_migrating(db_path):
    shutil.copy(DATA / "history-v1.sqlite3", db_path)
    with pytest.raises(HistoryError, match="version 1 and cannot be read until"):
        open_history_to_read(db_path)


def test_a_folder_gone_read_only_still_shows_the_history(db_path, monkeypatch):
    writer = open_history(db_path, now).store
    finished(writer, "s1")
    writer.close()

    def cannot_write(path, _now):
        raise HistoryError(f"cannot use the history file {path}: unable to open database file")

    monkeypatch.setattr(history, "open_history", cannot_write)
    monkeypatch.setattr(history.os, "access", lambda _path, _mode: False)
    keeper = HistoryKeeper(db_path, now)
    assert [s.id for s in keeper.store().sessions()] == ["s1"]
    [notice] = keeper.take_notices()
    assert "cannot be written" in notice
    assert not keeper.write(Began(info("s2")))  # and a new session's writes wait
    keeper.close()


def test_a_read_only_folder_with_no_history_yet_shows_none(db_path, monkeypatch):
    def cannot_write(path, _now):
        raise HistoryError(f"cannot create {path}: Read-only file system")

    monkeypatch.setattr(history, "open_history", cannot_write)
    monkeypatch.setattr(history.os, "access", lambda _path, _mode: False)
    opened = history.open_history_anyhow(db_path, now)
    assert opened.read_only and opened.store.sessions() == []
    with pytest.raises(HistoryError):
        opened.store.begin(info("s1"))
    opened.store.close()
    assert not db_path.exists()


def test_a_full_disk_still_shows_the_history(db_path, monkeypatch):
    writer = open_history(db_path, now).store
    finished(writer, "s1")
    writer.close()
    db_path.with_name("history.sqlite3-wal").write_bytes(b"")  # left by a try that failed

    def no_room(path, _now):
        error = sqlite3.OperationalError("disk I/O error")
        error.sqlite_errorcode = 4874  # SQLITE_IOERR_SHMSIZE: the -shm file could not grow
        raise history._trouble(path, error)

    monkeypatch.setattr(history, "open_history", no_room)
    monkeypatch.setattr(
        history.shutil, "disk_usage", lambda _path: shutil._ntuple_diskusage(9, 9, 0)
    )
    opened = history.open_history_anyhow(db_path, now)
    assert opened.read_only and [s.id for s in opened.store.sessions()] == ["s1"]
    assert opened.notices == [
        f"{db_path.parent} is on a full disk: the history is shown, but nothing new is saved"
    ]
    opened.store.close()


def test_a_first_open_on_a_full_disk_shows_no_sessions_and_says_the_disk_is_full(
    db_path, monkeypatch
):
    # Before: the empty file a failed first open leaves was read as version 0, and the
    # command line ended with SQLite's "database or disk is full", exit 1.
    db_path.write_bytes(b"")

    def no_room(path, _now):
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorcode = sqlite3.SQLITE_FULL
        raise history._trouble(path, error)

    monkeypatch.setattr(history, "open_history", no_room)
    monkeypatch.setattr(
        history.shutil, "disk_usage", lambda _path: shutil._ntuple_diskusage(9, 9, 0)
    )
    opened = history.open_history_anyhow(db_path, now)
    assert opened.read_only and opened.store.sessions() == []
    assert opened.notices == [
        f"{db_path.parent} is on a full disk: the history is shown, but nothing new is saved"
    ]
    opened.store.close()
    assert db_path.read_bytes() == b""


def test_a_full_disk_with_an_older_history_says_the_disk_is_full(db_path, monkeypatch):
    shutil.copy(DATA / "history-v1.sqlite3", db_path)  # its migration's backup found no room

    def no_room(path, _now):
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorcode = sqlite3.SQLITE_FULL
        raise history._trouble(path, error)

    monkeypatch.setattr(history, "open_history", no_room)
    with pytest.raises(HistoryError, match="database or disk is full"):
        history.open_history_anyhow(db_path, now)


def test_a_newer_history_in_a_folder_gone_read_only_is_said_to_be_newer(db_path, monkeypatch):
    open_history(db_path, now).store.close()
    with closing(sqlite3.connect(db_path)) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    monkeypatch.setattr(history.os, "access", lambda _path, _mode: False)
    with pytest.raises(NewerHistoryError, match="newer Supple"):
        history.open_history_anyhow(db_path, now)
    with pytest.raises(NewerHistoryError, match="newer Supple"):
        open_history_to_read(db_path)


def test_writes_are_stored_once_a_folder_gone_read_only_can_be_written_again(db_path, monkeypatch):
    open_history(db_path, now).store.close()
    real_open = history.open_history

    def cannot_write(path, _now):
        raise HistoryError(f"cannot use the history file {path}: unable to open database file")

    monkeypatch.setattr(history, "open_history", cannot_write)
    monkeypatch.setattr(history.os, "access", lambda _path, _mode: False)
    keeper = HistoryKeeper(db_path, now)
    assert not keeper.write(Began(info("s1")))
    assert len(keeper.take_notices()) == 1
    assert not keeper.write(Ended("s1", SessionStatus.COMPLETED, NOW + timedelta(minutes=3)))
    assert keeper.take_notices() == []  # tried again, still read-only, and not said again
    monkeypatch.setattr(history, "open_history", real_open)  # writable again
    assert keeper.flush()
    assert [s.id for s in keeper.store().sessions()] == ["s1"]
    keeper.close()


def varied(store: HistoryStore) -> list[Reminded]:
    """Sessions of every shape, out of order, and reminders' answers between them; returns
    the answers."""
    finished(store, "a")
    store.begin(info("b", 10, routine_name="Étirements du soir"))
    store.record_step("b", step(0, 4.5, completed=False, skipped=True, side=None, answer="no"))
    store.record_step("b", step(2, 3.0, completed=False, hurt=True))
    store.record_step(
        "b", step(1, 0.1 + 0.2, kind=Kind.REPS, reps_planned=8, reps_done=3, ended_at=None)
    )
    store.end("b", SessionStatus.STOPPED, NOW + timedelta(minutes=12))
    store.record_checkin("b", CheckIn(Moment.BEFORE, 7, NOW))
    store.record_checkin("a", CheckIn(Moment.AFTER, 0, NOW))
    store.record_checkin("a", CheckIn(Moment.BEFORE, 3, NOW - timedelta(hours=1)))  # after "after"
    # Stopped before any step ended; a name with what JSON must escape.
    store.begin(info("c", -10, planned_seconds=1 / 3, routine_name='Mine: "back"\\ \n\x01'))
    store.end("c", SessionStatus.STOPPED, NOW)
    store.begin(info("open", 20))  # still under way: not history yet
    answers = [
        Reminded(NOW + timedelta(minutes=minutes), outcome, "desk-break", delayed_by)
        for minutes, outcome, delayed_by in [
            (-60, ReminderOutcome.MISSED, None),
            (-5, ReminderOutcome.SNOOZED, None),
            (9, ReminderOutcome.STARTED, Reason.MICROPHONE),  # it waited for a call to end
            (10, ReminderOutcome.SKIPPED, None),  # as the newest began: its own
            (90, ReminderOutcome.SKIPPED, None),
        ]
    ]
    for reminded in answers:
        store.record_reminder(reminded)
    return answers


def test_the_streamed_json_is_each_records_json(store: HistoryStore) -> None:
    answers = varied(store)
    out = io.StringIO()
    assert write_json(store, None, out).sessions == 3
    expected = [
        session_to_json(record, reminders)
        for record, reminders in zip(
            store.records(),  # b, a, c
            [answers[:1:-1], answers[1:2], answers[:1]],
            strict=True,
        )
    ]
    assert json.loads(out.getvalue()) == expected
    assert len(out.getvalue().splitlines()) == 5  # "[", a session a line, "]"
    assert "Étirements du soir" in out.getvalue()


def test_the_json_of_one_routine(store: HistoryStore) -> None:
    varied(store)
    store.add([SessionRecord(info("d", 30, routine_id="desk-break", status=SessionStatus.STOPPED))])
    out = io.StringIO()
    assert write_json(store, "desk-break", out).sessions == 1
    [only] = json.loads(out.getvalue())
    assert only["id"] == "d"
    assert [r["outcome"] for r in only["reminders"]] == [
        "skipped",
        "skipped",
        "started",
        "snoozed",
        "missed",
    ]


@given(st.floats(min_value=0, max_value=1e9) | st.integers(0, 10**6).map(lambda n: n / 2000))
def test_sqlite_rounds_seconds_as_python_does(seconds: float) -> None:
    # The export's seconds come from SQLite, the records' JSON from Python: one number.
    with closing(sqlite3.connect(":memory:")) as db:
        [(rounded,)] = db.execute(f"SELECT {seconds_json('?')}", (seconds,)).fetchall()
    assert rounded == json_seconds(seconds)
    assert repr(rounded) == repr(json_seconds(seconds))


class Watched:
    """The store, with what had been written each time the JSON asked for a session."""

    def __init__(self, store: HistoryStore, out: io.StringIO) -> None:
        self.store, self.out, self.written = store, out, []

    def reminders(self, routine_id: str | None) -> list[Reminded]:
        return self.store.reminders(routine_id)

    def json_rows(self, routine_id: str | None):  # type: ignore[no-untyped-def]
        for row in self.store.json_rows(routine_id):
            self.written.append(self.out.getvalue().count("\n"))
            yield row


def test_the_json_is_written_as_the_sessions_are_read(store: HistoryStore) -> None:
    for n in range(1, 1200):  # more than one batch
        store.add([SessionRecord(info(f"s{n:04}", -n, status=SessionStatus.COMPLETED))])
    out = io.StringIO()
    watched = Watched(store, out)
    assert write_json(watched, None, out).sessions == 1199  # type: ignore[arg-type]
    # A session is written once the next one's start is known: the one before it.
    assert watched.written == [0, *range(1198)]
    assert [s["id"] for s in json.loads(out.getvalue())] == [f"s{n:04}" for n in range(1, 1200)]


def test_an_empty_history_is_an_empty_list(store: HistoryStore) -> None:
    out = io.StringIO()
    assert write_json(store, None, out) == Exported(0)
    assert out.getvalue() == "[]\n"


def test_reminders_answers_are_added_once(store: HistoryStore) -> None:
    answers = varied(store)
    elsewhere = Reminded(answers[0].at.astimezone(UTC), answers[0].outcome, "desk-break")
    assert store.add_reminders([elsewhere, *answers]) == 0  # the same moments, as written here
    new = Reminded(NOW, ReminderOutcome.SNOOZED, "desk-break")
    assert store.add_reminders([new, new]) == 1
    assert len(store.reminders()) == len(answers) + 1
