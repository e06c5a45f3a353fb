"""The history in the window: a session run here is stored with every side and shows up in the
history page; trouble writing never stops a session; a damaged file is said; export, import
and the routine filter work from the page."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from desktop_app.app import build_window
from desktop_app.core.engine import SessionStatus
from desktop_app.core.records import time_text
from desktop_app.core.reminders import Reminded, ReminderOutcome
from desktop_app.services.history import HistoryError
from desktop_app.services.history_keeper import HistoryKeeper, apply_write, kept_path
from desktop_app.ui.history.session_table import SESSION_ID
from desktop_app.ui.shell.window import LossChoice
from tests.test_cli_history import BEFORE_REMINDERS
from tests.ui.conftest import run_for, run_to_end


def stored_sessions(window):
    return window.host.history.keeper.store().records()


class Disk:
    """The history's disk as the keeper sees it: while `trouble` says why, nothing is stored."""

    def __init__(self):
        self.trouble = None

    def apply(self, store, write):
        if self.trouble is not None:
            raise HistoryError(self.trouble)
        apply_write(store, write)


@pytest.fixture
def disk():
    return Disk()


@pytest.fixture
def window_on_disk(make_window, paths, clock, disk):
    return make_window(history=HistoryKeeper(paths.history_db, clock.wall, apply=disk.apply))


def test_a_session_run_here_is_stored_with_every_side(window, clock):
    window.start_routine_id("big-three")
    run_to_end(window, clock)
    [record] = stored_sessions(window)
    assert record.info.status is SessionStatus.COMPLETED
    assert record.info.routine_id == "big-three"
    sides = [(s.stretch_id, s.side.value if s.side else None) for s in record.steps]
    assert len(sides) == record.info.steps_planned
    assert ("half-kneeling-hip-flexor", "left") in sides
    assert ("half-kneeling-hip-flexor", "right") in sides
    assert all(s.completed for s in record.steps)


def test_the_history_page_shows_it_and_refreshes_when_a_session_ends(qtbot, window, clock):
    window.show_history()
    page = window.history_page
    assert page.model.rowCount() == 0
    assert "No sessions yet" in page.detail.text()
    window.show_home()
    window.start_routine_id("desk-break")
    run_for(window, clock, 20)
    window.host.driver.stop()
    window.show_history()
    assert page.model.rowCount() == 1
    assert "stopped" in page.model.data(page.model.index(0, 3))
    assert "Desk break" in page.detail.text()
    assert "1 day" in page.tiles[0].text()  # the streak

    # Another session ending while the page is built refreshes it.
    window.show_home()
    window.start_routine_id("desk-break")
    run_to_end(window, clock)
    window.show_history()
    assert page.model.rowCount() == 2
    assert page.model.data(page.model.index(0, 3)) == "completed"  # the newest first


def test_a_page_left_open_overnight_moves_on_when_the_window_is_active_again(qtbot, window, clock):
    window.start_routine_id("desk-break")
    run_to_end(window, clock)
    window.show()
    window.show_history()
    page = window.history_page
    assert "1 session" in page.tiles[1].text()  # this week
    clock.advance(8 * 24 * 3600)  # the page stays open into the next week
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QApplication.sendEvent(window, QEvent(QEvent.Type.ActivationChange))
    assert "0 sessions" in page.tiles[1].text()
    assert page.model.rowCount() == 1


def test_the_detail_names_each_stretch_and_side(window, clock):
    window.start_routine_id("big-three")
    run_to_end(window, clock)
    window.show_history()
    text = window.history_page.detail.text()
    assert "Half-kneeling hip flexor" in text or "hip flexor" in text.lower()
    assert text.count("Left") >= 2 and text.count("Right") >= 2
    assert "done, 0:30 of 0:30" in text or "done," in text


def test_ctrl_h_opens_the_history_but_not_during_a_session(qtbot, window, clock):
    window.start_routine_id("desk-break")
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert window._showing("session")
    window.host.driver.stop()
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert window._showing("history_page")


def test_trouble_writing_never_stops_a_session_and_nothing_is_lost(window_on_disk, clock, disk):
    window = window_on_disk
    disk.trouble = "cannot use the history file: disk I/O error"
    window.start_routine_id("desk-break")
    run_for(window, clock, 60)  # the first side is done
    assert window.host.driver.running
    assert window.session.notes.isVisible()
    assert "Not saved yet: cannot use the history file" in window.session.notes.text()
    assert window.host.history.keeper.pending >= 2

    disk.trouble = None  # the disk is back
    window.host.history.flush()
    assert window.host.history.keeper.pending == 0
    assert not window.session.notes.isVisible()
    run_to_end(window, clock)
    [record] = stored_sessions(window)
    assert record.info.status is SessionStatus.COMPLETED
    assert len(record.steps) == record.info.steps_planned


def test_a_damaged_file_is_said_in_a_banner_as_the_window_opens(make_window, paths, clock):
    paths.history_db.write_bytes(b"this is not a database" * 200)
    window = make_window()
    [banner] = [b for b in window.banners if b.accessibleName() == "History"]
    assert banner.isVisible()
    assert "history.sqlite3.damaged-" in banner.body.text()
    window.show_history()
    assert window.history_page.model.rowCount() == 0


def test_export_and_import_from_the_page(window, clock, tmp_path):
    for routine in ("desk-break", "big-three"):
        window.start_routine_id(routine)
        run_to_end(window, clock)
    window.show_history()
    page = window.history_page
    said = page.export_to(tmp_path / "all.json")
    assert said == f"Exported 2 sessions to {tmp_path / 'all.json'}."
    exported = json.loads((tmp_path / "all.json").read_text())
    assert [s["routine_id"] for s in exported] == ["big-three", "desk-break"]

    page.routine.setCurrentIndex(page.routine.findData("desk-break"))
    assert page.model.rowCount() == 1
    page.export_to(tmp_path / "desk.csv")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "desk.csv").read_text())))
    assert rows and {r["routine_id"] for r in rows} == {"desk-break"}

    said = page.import_from(tmp_path / "all.json")
    assert said.startswith("Imported 0 sessions") and "2 were already here" in said
    page.export_to(tmp_path / "one.json")  # the routine chosen: desk-break's one session
    assert page.import_from(tmp_path / "one.json").endswith("; 1 was already here.")
    (tmp_path / "bad.json").write_text("{}")
    assert "Nothing imported" in page.import_from(tmp_path / "bad.json")
    assert "Nothing exported" in page.export_to(tmp_path / "all.json" / "x.json")


def test_an_export_says_when_reminders_answers_have_no_session_to_go_with(window, tmp_path):
    window.host.history.keeper.store().record_reminder(
        Reminded(datetime(2026, 3, 20, 10, tzinfo=UTC), ReminderOutcome.SNOOZED, "desk-break")
    )
    window.show_history()
    said = window.history_page.export_to(tmp_path / "all.json")
    assert said == (
        f"Exported 0 sessions to {tmp_path / 'all.json'}. The answer to sit-break reminders "
        "could not be included: a backup keeps them with its sessions, and there are none."
    )


def test_a_session_is_selected_by_its_id(window, clock):
    window.start_routine_id("desk-break")
    run_to_end(window, clock)
    window.show_history()
    page = window.history_page
    session_id = page.model.data(page.model.index(0, 0), SESSION_ID)
    assert session_id == stored_sessions(window)[0].info.id


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_page_paints_in_both_schemes(qtbot, window, clock, monkeypatch, scheme):
    monkeypatch.setenv("SUPPLE_COLOR_SCHEME", scheme)
    window.start_routine_id("desk-break")
    run_to_end(window, clock)
    window.show_history()
    assert not window.history_page.grab().isNull()


def test_a_history_that_cannot_be_opened_is_said_and_sessions_still_run(make_window, paths, clock):
    def cannot(*_args):
        raise HistoryError(f"{paths.history_db} was written by a newer Supple")

    window = make_window(history=HistoryKeeper(paths.history_db, clock.wall, open_store=cannot))
    [banner] = [b for b in window.banners if b.accessibleName() == "History"]
    assert "Your sessions cannot be saved" in banner.body.text()
    window.start_routine_id("desk-break")
    run_to_end(window, clock)
    assert window._showing("summary")
    # The start, six sides and the end: kept, and tried again while Supple runs.
    assert window.host.history.keeper.pending == 8
    window.show_history()
    assert "cannot be read" in window.history_page.message.text()


def test_writes_wait_for_the_store_to_open_after_the_first_paint(qtbot, paths, clock):
    window = build_window(paths, clock)
    qtbot.addWidget(window)
    window.open(window._load_catalogue().routines["desk-break"])  # as `supple start` does
    assert not paths.history_db.exists()  # not opened, not even created
    assert window.host.history.keeper.pending == 1  # the session's start, kept
    with qtbot.waitExposed(window):
        window.show()
    qtbot.waitUntil(lambda: window.host.history.keeper.pending == 0)
    assert paths.history_db.exists()
    window.close()
    window.host.history.close()


def test_the_note_goes_when_the_next_write_succeeds(window_on_disk, clock, disk):
    window = window_on_disk
    window.start_routine_id("desk-break")
    disk.trouble = "database or disk is full"
    run_for(window, clock, 60)
    assert window.session.notes.isVisible()
    disk.trouble = None  # room again, before the retry comes round
    run_for(window, clock, 40)  # the next side ends and its write takes the rest along
    assert window.host.history.keeper.pending == 0
    assert not window.session.notes.isVisible()


def test_the_thomas_test_taken_here_shows_in_words_in_the_history(window, clock):
    window.start_routine_id("thomas-self-test")
    engine = window.host.driver.engine
    for answer in ("lifts", "neither"):
        while engine.current.phase.value != "check":
            run_for(window, clock, 1)
        window.session.answered.emit(answer)
    run_to_end(window, clock)
    window.show_history()
    page = window.history_page
    model = page.checks.model
    assert model.rowCount() == 1
    row = [model.data(model.index(0, column)) for column in (1, 2)]
    assert row == ["It lifted off the floor", "It stayed flat and straight"]
    assert "answered “It lifted off the floor”" in page.detail.text()


def test_tab_reaches_the_tab_bar_before_what_its_tabs_show(qtbot, window, clock):
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.start_routine_id("desk-break")
    run_for(window, clock, 20)
    window.host.driver.stop()
    window.show_history()
    page = window.history_page
    page.tabs.setCurrentIndex(2)  # "Per stretch": a table of its own
    page.routine.setFocus()
    qtbot.waitUntil(page.routine.hasFocus)
    order = []
    for _ in range(6):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    in_tab = [n for n, w in enumerate(order) if page.stretch_weeks.isAncestorOf(w)]
    assert in_tab and order.index(page.tabs.tabBar()) < in_tab[0]


def test_the_keyboard_leaves_the_sessions_table_and_the_page(qtbot, window, clock):
    window.start_routine_id("desk-break")
    run_for(window, clock, 5)
    window.host.driver.stop()
    window.show_history()
    page = window.history_page
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    qtbot.keyClick(page.table, Qt.Key.Key_Tab)
    assert not page.table.hasFocus()  # on to the page's next control, not the next cell
    qtbot.keyClick(window.focusWidget(), Qt.Key.Key_Escape)
    assert window._showing("home")


@pytest.fixture
def nowhere_to_keep(make_window, paths, clock, disk, tmp_path):
    """The history cannot be written and no place can keep what waits: the history's folder
    has a folder where the kept file would go, and the one other place is under a file."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    keeper = HistoryKeeper(paths.history_db, clock.wall, apply=disk.apply, places=[blocker / "x"])
    window = make_window(history=keeper)
    window.confirm_loss = lambda sides, cause: LossChoice.LOSE  # as the test ends, too
    keeper.flush()  # as the first paint does: nothing kept by an earlier run
    kept_path(paths.history_db).mkdir()
    return window


def test_the_note_promises_a_later_start_for_writes_kept_in_a_file(window_on_disk, clock, disk):
    disk.trouble = "cannot use the history file: disk I/O error"
    window_on_disk.start_routine_id("desk-break")
    run_for(window_on_disk, clock, 60)
    kept = window_on_disk.host.history.keeper.kept_in
    assert f"Your sessions wait in {kept}" in window_on_disk.session.notes.text()
    assert "later start" in window_on_disk.session.notes.text()
    disk.trouble = None


def test_the_note_promises_only_the_run_for_writes_kept_nowhere(nowhere_to_keep, clock, disk):
    disk.trouble = "cannot use the history file: disk I/O error"
    nowhere_to_keep.start_routine_id("desk-break")
    run_for(nowhere_to_keep, clock, 60)
    note = nowhere_to_keep.session.notes.text()
    assert "No other place could keep your sessions" in note
    assert "only while Supple runs" in note and "later start" not in note


def test_quitting_with_sides_kept_nowhere_asks_first(nowhere_to_keep, clock, disk):
    window = nowhere_to_keep
    disk.trouble = "database or disk is full"
    window.start_routine_id("desk-break")
    run_for(window, clock, 60)  # the first side is done, and kept nowhere
    window.host.driver.stop()
    asked = []

    def answer(choice):
        def confirm(sides, cause):
            asked.append((sides, cause))
            return choice

        return confirm

    sides = window.host.history.keeper.sides_unkept()
    assert sides >= 1
    quitting = []
    window.quitting.connect(lambda: quitting.append(True))
    window.confirm_loss = answer(LossChoice.STAY)
    window.quit_app()
    assert asked == [(sides, "database or disk is full")] and not quitting

    disk.trouble = None  # room again: Retry stores everything, and quitting goes on
    asked.clear()
    window.confirm_loss = answer(LossChoice.RETRY)
    kept_path(window.host.history.keeper.path).rmdir()
    assert window.host.unsaved_sides() == (0, 0)
    window.quit_app()
    assert asked == [] and quitting
    [record] = stored_sessions(window)
    assert len(record.steps) >= 1


def test_an_interrupt_quits_without_asking(nowhere_to_keep, clock, disk):
    window = nowhere_to_keep
    disk.trouble = "database or disk is full"
    window.start_routine_id("desk-break")
    run_for(window, clock, 60)
    window.confirm_loss = lambda sides, cause: pytest.fail("asked on an interrupt")
    window.quit_app(ask=False)
    assert window.host.unsaved_sides()[0] > 0  # lost, and said on stderr when the history closes


def test_an_import_from_the_page_brings_back_the_reminders_answers(window, tmp_path):
    sessions = json.loads(BEFORE_REMINDERS.read_text())
    sessions[0]["reminders"] = [
        {"at": "2026-03-29T18:04:30+02:00", "outcome": "started", "routine_id": "desk-break"},
        {"at": "2026-03-20T10:00:00+01:00", "outcome": "snoozed", "routine_id": "desk-break"},
    ]
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(sessions))
    window.show_history()
    for _ in range(2):  # none twice
        window.history_page.import_from(backup)
    store = window.host.history.keeper.store()
    assert [(r.outcome.value, time_text(r.at)) for r in store.reminders()] == [
        ("started", "2026-03-29T18:04:30+02:00"),
        ("snoozed", "2026-03-20T10:00:00+01:00"),
    ]
