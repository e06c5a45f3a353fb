"""`supple history`: the sessions newest first as text, JSON (the shape docs/user-guide.md
gives) or CSV, and a backup imported without duplicates; trouble is one line and an exit code."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
from contextlib import closing
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop_app.cli import main
from desktop_app.core.engine import SessionStatus
from desktop_app.core.records import SessionInfo, SessionRecord
from desktop_app.services.history import SCHEMA_VERSION, HistoryError, open_history
from tests.test_cli import call

V1 = Path(__file__).parent / "data" / "history" / "history-v1.sqlite3"
READ_ONLY = "the history is shown, but nothing new is saved"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder whose history holds the first schema's two sessions."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(V1, folder / "history.sqlite3")
    return folder


def test_an_empty_history(tmp_path):
    assert call("--data-dir", str(tmp_path), "history") == (0, "No sessions yet.\n", "")
    assert call("--data-dir", str(tmp_path), "history", "--json") == (0, "[]\n", "")


def test_text_lists_newest_first_with_the_totals(data):
    code, out, err = call("--data-dir", str(data), "history")
    assert code == 0 and err == ""
    first, newer, older = out.splitlines()
    assert first.startswith("Streak 0 days;")
    assert "in all 2 sessions, 2 min" in first
    assert newer.startswith("2026-03-29 18:05  Desk break")
    assert "stopped" in newer and "0 of 1 done" in newer
    assert older.startswith("2026-03-02 07:30  The big three")
    assert "completed" in older and "3 of 4 done" in older


def test_json_has_the_contracts_shape(data):
    code, out, _ = call("--data-dir", str(data), "history", "--json")
    assert code == 0
    sessions = json.loads(out)
    assert [s["id"] for s in sessions] == ["b2", "a1"]
    session = sessions[1]
    assert session["started_at"] == "2026-03-02T07:30:00+01:00"
    assert session["status"] == "completed"
    step = session["steps"][2]
    for key in (
        "stretch_id",
        "side",
        "kind",
        "planned_seconds",
        "held_seconds",
        "reps_planned",
        "reps_done",
        "completed",
        "skipped",
    ):
        assert key in step
    assert (step["kind"], step["side"], step["reps_done"]) == ("reps", None, 8)


def test_routine_filter(data):
    code, out, _ = call("--data-dir", str(data), "history", "--json", "--routine", "desk-break")
    assert code == 0
    assert [s["routine_id"] for s in json.loads(out)] == ["desk-break"]
    code, out, _ = call("--data-dir", str(data), "history", "--routine", "DESK-BREAK")
    assert (code, out) == (0, "No sessions of 'DESK-BREAK'.\n")  # not "yet": there are some


def test_csv_has_a_row_per_step(data):
    code, out, _ = call("--data-dir", str(data), "history", "--csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 5
    assert rows[0]["session_id"] == "b2"
    assert {r["side"] for r in rows} == {"left", "right", ""}


@pytest.fixture
def outcomes(data: Path) -> Path:
    """The same history with a check-in before and after the older session, and its third
    side ended because it hurt, as the running app writes them."""
    assert call("--data-dir", str(data), "history")[0] == 0  # migrates it to this schema
    with closing(sqlite3.connect(data / "history.sqlite3")) as db, db:
        db.execute(
            "INSERT INTO checkin (session_id, moment, pain, at) VALUES "
            "('a1', 'before', 6, '2026-03-02T07:29:00+01:00'), "
            "('a1', 'after', 3, '2026-03-02T07:41:00+01:00')"
        )
        db.execute("UPDATE step SET hurt = 1, completed = 0 WHERE session_id = 'a1' AND seq = 1")
        db.execute("UPDATE session SET steps_completed = 2 WHERE id = 'a1'")
    return data


def test_json_carries_the_check_ins_and_the_sides_that_hurt(outcomes):
    code, out, _ = call("--data-dir", str(outcomes), "history", "--json")
    assert code == 0
    newer, older = json.loads(out)
    assert newer["checkins"] == []
    assert older["checkins"] == [
        {"moment": "before", "pain": 6, "at": "2026-03-02T07:29:00+01:00"},
        {"moment": "after", "pain": 3, "at": "2026-03-02T07:41:00+01:00"},
    ]
    assert [step["hurt"] for step in older["steps"]] == [False, True, False, False]


def test_csv_carries_them_in_columns_after_the_older_ones(outcomes):
    code, out, _ = call("--data-dir", str(outcomes), "history", "--csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    older = [r for r in rows if r["session_id"] == "a1"]
    assert {(r["pain_before"], r["pain_after"]) for r in older} == {("6", "3")}
    assert [r["hurt"] for r in older] == ["false", "true", "false", "false"]
    assert {(r["pain_before"], r["pain_after"]) for r in rows if r["session_id"] == "b2"} == {
        ("", "")
    }
    assert out.splitlines()[0].endswith(",answer,ended_at,hurt,pain_before,pain_after")


def test_check_ins_survive_a_backup_and_its_import(outcomes, tmp_path):
    backup = tmp_path / "backup.json"
    backup.write_text(call("--data-dir", str(outcomes), "history", "--json")[1])
    fresh = tmp_path / "fresh"
    assert call("--data-dir", str(fresh), "history", "--import", str(backup))[0] == 0
    assert call("--data-dir", str(fresh), "history", "--json")[1] == backup.read_text()


def test_a_backup_is_imported_once(data, tmp_path):
    backup = tmp_path / "backup.json"
    backup.write_text(call("--data-dir", str(data), "history", "--json")[1])
    fresh = tmp_path / "fresh"
    code, out, err = call("--data-dir", str(fresh), "history", "--import", str(backup))
    assert (code, err) == (0, "")
    assert out == f"{backup}: 2 sessions, 2 added, 0 already in the history\n"
    again = call("--data-dir", str(fresh), "history", "--import", str(backup))
    assert again[1] == f"{backup}: 2 sessions, 0 added, 2 already in the history\n"
    assert call("--data-dir", str(fresh), "history", "--json")[1] == backup.read_text()
    one = tmp_path / "one.json"
    one.write_text(call("--data-dir", str(data), "history", "--json", "--routine", "desk-break")[1])
    done = call("--data-dir", str(fresh), "history", "--import", str(one))
    assert done[1] == f"{one}: 1 session, 0 added, 1 already in the history\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{}", "expected a list of sessions"),
        ("[1]", "session 1: expected an object"),
        ("[{]", "not a JSON file"),
    ],
)
def test_a_bad_backup_is_one_line_and_exit_2(tmp_path, content, message):
    backup = tmp_path / "backup.json"
    backup.write_text(content)
    code, out, err = call("--data-dir", str(tmp_path / "d"), "history", "--import", str(backup))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and str(backup) in err and message in err


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda path: path.mkdir(), "a folder, not a file"),
        (os.mkfifo, "a named pipe (FIFO), not a regular file"),  # no writer: it waited for ever
        (lambda path: path.symlink_to("/dev/zero"), "a device, not a regular file"),  # no end
    ],
)
def test_an_import_reads_only_a_file(tmp_path, make, message):
    backup = tmp_path / "backup.json"
    make(backup)
    code, out, err = call("--data-dir", str(tmp_path / "d"), "history", "--import", str(backup))
    assert (code, out, err) == (2, "", f"{backup}: {message}\n")


def test_a_damaged_history_is_moved_aside_and_said(tmp_path):
    (tmp_path / "history.sqlite3").write_bytes(b"not a database at all" * 50)
    code, out, err = call("--data-dir", str(tmp_path), "history")
    assert (code, out) == (0, "No sessions yet.\n")
    assert err.startswith("supple: The history file was damaged")
    assert len(list(tmp_path.glob("history.sqlite3.damaged-*"))) == 1


@pytest.mark.parametrize("version", [0, SCHEMA_VERSION + 70])
def test_another_programs_file_is_moved_aside_and_the_history_works(tmp_path, version):
    with closing(sqlite3.connect(tmp_path / "history.sqlite3")) as db:
        db.execute("CREATE TABLE session (token TEXT PRIMARY KEY)")  # of its own: not Supple's
        db.execute(f"PRAGMA user_version = {version}")
    code, out, err = call("--data-dir", str(tmp_path), "history")
    assert (code, out) == (0, "No sessions yet.\n")
    assert err.startswith("supple: The history file was not a Supple history (it ")
    assert err.count("\n") == 1
    [aside] = tmp_path.glob("history.sqlite3.foreign-*")
    with closing(sqlite3.connect(aside)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == version  # left as it was
    assert call("--data-dir", str(tmp_path), "history") == (0, "No sessions yet.\n", "")


def test_a_newer_history_is_refused(data):
    with closing(sqlite3.connect(data / "history.sqlite3")) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    code, out, err = call("--data-dir", str(data), "history")
    assert (code, out) == (1, "")
    assert "newer Supple" in err and err.count("\n") == 1


@pytest.mark.parametrize("name", ["T\ud800iny", "Two\nlines", "Nul\x00"])
def test_a_backup_with_text_supple_never_writes_is_refused_by_name(data, tmp_path, name):
    sessions = json.loads(call("--data-dir", str(data), "history", "--json")[1])
    sessions[1]["routine_name"] = name
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(sessions))  # the lone surrogate as JSON writes it: \ud800
    code, out, err = call("--data-dir", str(tmp_path / "d"), "history", "--import", str(backup))
    assert (code, out) == (2, "")
    assert err.startswith(f"{backup}: session 2: routine_name: not one line of text")
    assert err.count("\n") == 1


def test_a_backup_an_editor_saved_with_a_byte_order_mark_imports(data, tmp_path):
    backup = tmp_path / "backup.json"
    backup.write_text(call("--data-dir", str(data), "history", "--json")[1], encoding="utf-8-sig")
    code, out, _err = call("--data-dir", str(tmp_path / "d"), "history", "--import", str(backup))
    assert (code, out) == (0, f"{backup}: 2 sessions, 2 added, 0 already in the history\n")


def test_a_folder_that_cannot_be_written_is_still_read_and_exported(data, monkeypatch):
    def read_only(path, _now):
        raise HistoryError(f"cannot use the history file {path}: unable to open database file")

    assert call("--data-dir", str(data), "history")[0] == 0  # migrated while it could be
    monkeypatch.setattr("desktop_app.services.history.open_history", read_only)
    monkeypatch.setattr("desktop_app.services.history.os.access", lambda path, mode: False)
    code, out, err = call("--data-dir", str(data), "history", "--json")
    assert code == 0 and len(json.loads(out)) == 2
    assert err == f"supple: {data} cannot be written: {READ_ONLY}\n"
    code, _out, err = call("--data-dir", str(data), "history", "--import", str(data / "x.json"))
    assert code == 1 and "unable to open database file" in err  # an import has to write


def test_the_list_says_when_sessions_wait_to_be_stored(data):
    (data / "history.sqlite3.kept.json").write_text("[]")
    code, out, err = call("--data-dir", str(data), "history")
    assert code == 0 and "2 sessions" in out
    assert err == (
        f"supple: the latest sessions may wait in {data / 'history.sqlite3.kept.json'} and be "
        "missing here; Supple stores them when it next starts\n"
    )


# -- what an import refuses, what a backup keeps -------------------------------------------------

BEFORE_REMINDERS = Path(__file__).parent / "data" / "history" / "backup-before-reminders.json"


def backup_with(data: Path, tmp_path: Path, change) -> Path:
    """The fixture's backup, with `change` made to its sessions (newest first)."""
    sessions = json.loads(call("--data-dir", str(data), "history", "--json")[1])
    change(sessions)
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(sessions))
    return backup


@pytest.mark.parametrize(
    ("change", "where", "value"),
    [
        (
            lambda s: s[0].update(started_at="2026-03-29T18:05:00+18:00"),
            "session 1: started_at",
            "2026-03-29T18:05:00+18:00",
        ),
        (
            lambda s: s[1].update(ended_at="2026-03-02T07:42:10-14:01"),
            "session 2: ended_at",
            "2026-03-02T07:42:10-14:01",
        ),
        (
            lambda s: s[1]["steps"][2].update(ended_at="2026-03-02T20:34:00+14:30"),
            "session 2: step 3: ended_at",
            "2026-03-02T20:34:00+14:30",
        ),
    ],
)
def test_an_import_refuses_a_utc_offset_beyond_14_hours(data, tmp_path, change, where, value):
    # Before: imported, with a time SQLite reads as none: the session sorted as the oldest.
    backup = backup_with(data, tmp_path, change)
    fresh = tmp_path / "fresh"
    code, out, err = call("--data-dir", str(fresh), "history", "--import", str(backup))
    assert (code, out) == (2, "")
    assert err == f"{backup}: {where}: has a UTC offset beyond ±14:00: '{value}'\n"
    assert call("--data-dir", str(fresh), "history", "--json")[1] == "[]\n"


def test_the_farthest_offsets_there_are_import_and_sort_in_time(data, tmp_path):
    def far(sessions):  # 06:05 UTC on the 29th, and 06:30 UTC on the 2nd
        sessions[0].update(started_at="2026-03-29T20:05:00+14:00", ended_at=None)
        sessions[1].update(started_at="2026-03-01T18:30:00-12:00", ended_at=None)

    backup = backup_with(data, tmp_path, far)
    fresh = tmp_path / "fresh"
    assert call("--data-dir", str(fresh), "history", "--import", str(backup))[0] == 0
    with closing(sqlite3.connect(fresh / "history.sqlite3")) as db:
        days = db.execute("SELECT julianday(started_at) FROM session").fetchall()
    assert None not in {day for (day,) in days}
    exported = json.loads(call("--data-dir", str(fresh), "history", "--json")[1])
    assert [s["id"] for s in exported] == ["b2", "a1"]


def test_an_import_refuses_a_session_that_ends_before_it_starts(data, tmp_path):
    # Before: imported, lasting minus a day.
    backup = backup_with(
        data, tmp_path, lambda s: s[1].update(ended_at="2026-03-01T07:42:10+01:00")
    )
    fresh = tmp_path / "fresh"
    code, out, err = call("--data-dir", str(fresh), "history", "--import", str(backup))
    assert (code, out) == (2, "")
    assert err == (
        f"{backup}: session 2: ended_at: 2026-03-01T07:42:10+01:00 is before started_at "
        "2026-03-02T07:30:00+01:00\n"
    )
    assert call("--data-dir", str(fresh), "history", "--json")[1] == "[]\n"


def test_a_session_that_ends_as_it_starts_imports(data, tmp_path):
    backup = backup_with(data, tmp_path, lambda s: s[0].update(ended_at=s[0]["started_at"]))
    assert call("--data-dir", str(tmp_path / "fresh"), "history", "--import", str(backup))[0] == 0


@pytest.fixture
def reminded(data: Path) -> Path:
    """The fixture's history with a sit-break reminder's answer of each kind, as the tray keeps
    them: a break taken just before the newer session, and three before that."""
    assert call("--data-dir", str(data), "history")[0] == 0  # migrates it to this schema
    with closing(sqlite3.connect(data / "history.sqlite3")) as db, db:
        db.executemany(
            "INSERT INTO reminder (at, outcome, routine_id) VALUES (?, ?, 'desk-break')",
            [
                ("2026-03-29T18:04:30+02:00", "started"),
                ("2026-03-20T10:00:00+01:00", "snoozed"),
                ("2026-03-20T10:05:00+01:00", "skipped"),
                ("2026-03-01T10:00:00+01:00", "missed"),
            ],
        )
    return data


def reminder_rows(folder: Path) -> list[tuple[str, str, str]]:
    with closing(sqlite3.connect(folder / "history.sqlite3")) as db:
        return db.execute("SELECT at, outcome, routine_id FROM reminder ORDER BY at").fetchall()


def test_the_reminders_answers_come_back_from_a_backup_once(reminded, tmp_path):
    # Before: the backup left them out, and a restore lost "1 taken, 1 snoozed, ...".
    backup = tmp_path / "backup.json"
    backup.write_text(call("--data-dir", str(reminded), "history", "--json")[1])
    fresh = tmp_path / "fresh"
    for added in (4, 0):  # the same backup twice adds nothing
        code, out, err = call("--data-dir", str(fresh), "history", "--import", str(backup))
        assert (code, err) == (0, "")
        assert out == (
            f"{backup}: 2 sessions, {2 if added else 0} added, {0 if added else 2} already in "
            f"the history; 4 reminders' answers, {added} added\n"
        )
    assert reminder_rows(fresh) == reminder_rows(reminded)
    assert call("--data-dir", str(fresh), "history", "--json")[1] == backup.read_text()


def test_each_session_keeps_the_reminders_answered_since_the_one_before(reminded):
    newer, older = json.loads(call("--data-dir", str(reminded), "history", "--json")[1])
    # The break's offer sits with the break; the oldest session keeps all before it.
    assert newer["reminders"] == [
        {"at": "2026-03-29T18:04:30+02:00", "outcome": "started", "routine_id": "desk-break"},
        {"at": "2026-03-20T10:05:00+01:00", "outcome": "skipped", "routine_id": "desk-break"},
        {"at": "2026-03-20T10:00:00+01:00", "outcome": "snoozed", "routine_id": "desk-break"},
    ]
    assert older["reminders"] == [
        {"at": "2026-03-01T10:00:00+01:00", "outcome": "missed", "routine_id": "desk-break"}
    ]
    one = json.loads(
        call("--data-dir", str(reminded), "history", "--json", "--routine", "big-three")[1]
    )
    assert [len(s["reminders"]) for s in one] == [0]  # they offered the desk break


def test_reminders_answers_with_no_session_to_keep_them_are_said_to_be_left_out(tmp_path):
    # The backup is a list of sessions: with none, it cannot hold the answers, and says so.
    assert call("--data-dir", str(tmp_path), "history")[0] == 0
    with closing(sqlite3.connect(tmp_path / "history.sqlite3")) as db, db:
        db.executemany(
            "INSERT INTO reminder (at, outcome, routine_id) VALUES (?, ?, 'desk-break')",
            [("2026-03-20T10:00:00+01:00", "snoozed"), ("2026-03-20T10:05:00+01:00", "skipped")],
        )
    assert call("--data-dir", str(tmp_path), "history", "--json") == (
        0,
        "[]\n",
        "supple: the 2 answers to sit-break reminders could not be included: a backup keeps "
        "them with its sessions, and there are none\n",
    )


def test_a_bad_reminder_in_a_backup_is_refused_by_name(reminded, tmp_path):
    def bad(sessions):
        sessions[1]["reminders"][0]["outcome"] = "ignored"

    backup = backup_with(reminded, tmp_path, bad)
    code, out, err = call("--data-dir", str(tmp_path / "d"), "history", "--import", str(backup))
    assert (code, out) == (2, "")
    assert err == (
        f"{backup}: session 2: reminder 1: outcome: 'ignored' is not one of started, snoozed, "
        "skipped, missed, natural-break\n"
    )


def test_a_backup_from_before_the_reminders_were_kept_still_imports(tmp_path):
    fresh = tmp_path / "fresh"
    code, out, err = call("--data-dir", str(fresh), "history", "--import", str(BEFORE_REMINDERS))
    assert (code, err) == (0, "")
    assert out == f"{BEFORE_REMINDERS}: 2 sessions, 2 added, 0 already in the history\n"
    exported = json.loads(call("--data-dir", str(fresh), "history", "--json")[1])
    assert [session.pop("reminders") for session in exported] == [[], []]
    assert exported == json.loads(BEFORE_REMINDERS.read_text())  # every field as it was


def test_seconds_in_the_json_are_to_the_millisecond(data, tmp_path):
    # Before: "held_seconds": 141.33100000000002, and the session's sum with the noise too.
    assert call("--data-dir", str(data), "history")[0] == 0
    with closing(sqlite3.connect(data / "history.sqlite3")) as db, db:
        db.execute("UPDATE step SET held_seconds = 141.33100000000002 WHERE seq = 0")
        db.execute("UPDATE step SET planned_seconds = 0.1 + 0.2 WHERE seq = 1")
        db.execute("UPDATE session SET held_seconds = 0.1 + 0.2, planned_seconds = 1 / 3.0")
    out = call("--data-dir", str(data), "history", "--json")[1]
    assert "0000000" not in out and "333333" not in out
    newer, older = json.loads(out)
    assert older["steps"][0]["held_seconds"] == 141.331
    assert older["steps"][1]["planned_seconds"] == 0.3
    assert (newer["held_seconds"], newer["planned_seconds"]) == (0.3, 0.333)


def test_a_session_is_deleted_by_its_id_or_the_start_the_list_shows(data):
    code, out, err = call("--data-dir", str(data), "history", "--delete", "b2")
    assert (code, err) == (0, "")
    assert out == "Deleted session b2: Desk break, 2026-03-29 18:05\n"
    code, out, _ = call("--data-dir", str(data), "history", "--json")
    assert [s["id"] for s in json.loads(out)] == ["a1"]
    assert "\nb2," not in call("--data-dir", str(data), "history", "--csv")[1]
    listed = call("--data-dir", str(data), "history")[1]
    assert "in all 1 session," in listed  # the totals follow
    assert listed.splitlines()[1].endswith("3 of 4 done  a1")  # the id to delete by
    # A slip of a letter or two must not name another session, gone for good.
    assert call("--data-dir", str(data), "history", "--delete", "a") == (
        2,
        "",
        "supple: --delete: 'a' is too short: give the id, or its first 8 characters at least;"
        " `supple history` lists them\n",
    )
    assert call("--data-dir", str(data), "history", "--delete", "a1")[:2] == (
        0,
        "Deleted session a1: The big three, 2026-03-02 07:30\n",
    )


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            "zz",
            "supple: --delete: 'zz' is too short: give the id, or its first 8 characters at"
            " least; `supple history` lists them\n",
        ),
        ("", "supple: --delete needs a session id: `supple history` lists them\n"),
        ("b2\n", "supple: --delete: 'b2\\n' is not a session id\n"),
        ("x" * 201, f"supple: --delete: '{'x' * 40}...' is not a session id\n"),
        (
            "z" * 150,
            f"supple: --delete: '{'z' * 40}...' is no session's id; `supple history` lists them\n",
        ),
    ],
)
def test_an_unknown_or_invalid_id_is_one_line_and_exit_2(data, given, message):
    before = call("--data-dir", str(data), "history", "--json")[1]
    assert call("--data-dir", str(data), "history", "--delete", given) == (2, "", message)
    assert call("--data-dir", str(data), "history", "--json")[1] == before


NOW = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)


def finished_record(session_id: str) -> SessionRecord:
    return SessionRecord(
        SessionInfo(
            session_id, "desk-break", "Desk break", NOW, NOW, SessionStatus.COMPLETED, 60.0, 1
        )
    )


def test_an_id_start_that_fits_two_sessions_deletes_neither(tmp_path):
    opened = open_history(tmp_path / "history.sqlite3", lambda: NOW).store
    for session_id in ("abcdefgh-1", "abcdefgh-2", "12345678-9"):
        opened.add([finished_record(session_id)])
    try:
        code, out, err = call("--data-dir", str(tmp_path), "history", "--delete", "abcdefgh")
        assert (code, out) == (2, "")
        assert err == (
            "supple: --delete: 'abcdefgh' begins the ids of 2 sessions;"
            " `supple history` lists them\n"
        )
        # With the app's store open on the same file (WAL), the command line still deletes,
        # by the whole id or by the start the list shows.
        assert call("--data-dir", str(tmp_path), "history", "--delete", "abcdefgh-2")[0] == 0
        assert call("--data-dir", str(tmp_path), "history", "--delete", "12345678")[0] == 0
        assert [s.id for s in opened.sessions()] == ["abcdefgh-1"]
    finally:
        opened.close()


def test_a_session_under_way_is_not_deleted_and_the_line_says_why(tmp_path):
    opened = open_history(tmp_path / "history.sqlite3", lambda: NOW).store
    opened.begin(replace(finished_record("running-1").info, status=None))  # not history yet
    try:
        assert call("--data-dir", str(tmp_path), "history", "--delete", "running-1") == (
            2,
            "",
            "supple: --delete: 'running-1' is a session still under way; delete it once it has"
            " ended; `supple history` lists them\n",
        )
    finally:
        opened.close()


def test_a_restored_backup_brings_back_a_session_deleted_since(data, tmp_path):
    backup = tmp_path / "backup.json"
    backup.write_text(call("--data-dir", str(data), "history", "--json")[1])
    assert call("--data-dir", str(data), "history", "--delete", "a1")[0] == 0
    code, out, err = call("--data-dir", str(data), "history", "--import", str(backup))
    assert (code, err) == (0, "")
    assert out == f"{backup}: 2 sessions, 1 added, 1 already in the history\n"
    assert call("--data-dir", str(data), "history", "--json")[1] == backup.read_text()


def test_importing_the_csv_export_says_only_the_json_backup_imports(data, tmp_path):
    exported = tmp_path / "history.csv"
    exported.write_text(call("--data-dir", str(data), "history", "--csv")[1])
    code, out, err = call("--data-dir", str(data), "history", "--import", str(exported))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith(f"{exported}: this looks like the CSV export")
    assert "only the JSON backup can" in err


class CtrlC(io.StringIO):
    """An output during whose writing the user presses Ctrl+C."""

    def write(self, text: str) -> int:
        raise KeyboardInterrupt


def test_ctrl_c_during_an_export_is_one_line_and_exit_1(data):
    err = io.StringIO()
    assert main(["--data-dir", str(data), "history", "--json"], CtrlC(), err) == 1
    assert err.getvalue() == "supple: history stopped (Ctrl+C)\n"
