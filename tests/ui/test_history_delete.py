"""Deleting a session from the History page: asked first, undone while the page is open (the
streak and the charts follow both ways), gone for good once the page is left; and the export
and import dialogs open in the documents folder, then in the last one used."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton

from desktop_app.core.engine import SessionStatus
from desktop_app.core.model import Kind, Side
from desktop_app.core.records import SessionInfo, SessionRecord, StepRecord
from desktop_app.services.settings import load_settings


def a_session(session_id: str, start, minutes: int = 4) -> SessionRecord:
    info = SessionInfo(
        session_id,
        "desk-break",
        "Desk break",
        start,
        start + timedelta(minutes=minutes),
        SessionStatus.COMPLETED,
        60.0 * minutes,
        1,
    )
    step = StepRecord(
        0,
        "lizard-pose",
        "Lizard pose",
        Side.LEFT,
        Kind.HOLD,
        1,
        60.0 * minutes,
        60.0 * minutes,
        None,
        None,
        True,
        False,
    )
    return SessionRecord(info).with_step(step)


@pytest.fixture
def page(window, clock):
    """The History page over two days' sessions: a streak of two days."""
    now = clock.wall()
    window.host.history.keeper.store().add(
        [a_session("today", now - timedelta(hours=1)), a_session("yesterday", now - timedelta(1))]
    )
    window.show_history()
    return window.history_page


def shown_ids(page) -> list[str]:
    return [s.id for s in page.model.sessions]


def test_a_session_deleted_after_asking_can_be_undone_while_the_page_is_open(qtbot, window, page):
    store = window.host.history.keeper.store()
    before = store.records()
    assert ">2 days<" in page.tiles[0].text()
    assert ">4 min<" in page.tiles[1].text()  # this week: today's (yesterday was Sunday)
    asked = []
    page.confirm_delete = lambda session: asked.append(session.id) or True
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert asked == ["today"]
    assert shown_ids(page) == ["yesterday"]
    assert ">1 day<" in page.tiles[0].text()  # the streak follows
    assert ">0 min<" in page.tiles[1].text()  # and the week
    assert page.message.text().startswith("Deleted the session of ")
    assert page.undo_button.isVisible()
    assert page.chosen().id == "yesterday"  # the next one is chosen in its place

    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert shown_ids(page) == ["today", "yesterday"]
    assert store.records() == before  # exactly as it was
    assert ">2 days<" in page.tiles[0].text()
    assert page.chosen().id == "today"
    assert page.message.text().startswith("Brought back the session of ")
    assert not page.undo_button.isVisible()


def test_leaving_the_page_deletes_for_good(window, page):
    store = window.host.history.keeper.store()
    page.confirm_delete = lambda _session: True
    page.table.selectRow(1)
    page.delete_button.click()
    assert shown_ids(page) == ["today"]
    window.show_home()
    assert store.unmark_deleted("yesterday") is False  # purged: nothing left to bring back
    window.show_history()
    assert shown_ids(page) == ["today"]
    assert not page.undo_button.isVisible()


def test_nothing_is_deleted_unless_the_user_says_so(qtbot, window, page):
    """The real question, answered by its buttons."""
    answers = []

    def answer(label: str) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        answers.append(box.text())
        button = next(b for b in box.findChildren(QPushButton) if b.text() == label)
        assert box.defaultButton() is not button or label == "Keep it"
        button.click()

    page.table.selectRow(0)
    QTimer.singleShot(0, lambda: answer("Keep it"))
    page.delete_button.click()
    assert shown_ids(page) == ["today", "yesterday"]
    assert answers[0].startswith("Delete the session of ") and "(Desk break)?" in answers[0]
    QTimer.singleShot(0, lambda: answer("Delete"))
    page.delete_button.click()
    assert shown_ids(page) == ["yesterday"]


def test_the_delete_button_waits_for_a_session(window):
    window.show_history()
    assert not window.history_page.delete_button.isEnabled()


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    return folder


def opened_in(page, button: QPushButton) -> str:
    button.click()
    [dialog] = [d for d in page.findChildren(QFileDialog) if d.isVisible()]
    try:
        return dialog.directory().absolutePath()
    finally:
        dialog.reject()


def test_export_opens_in_the_documents_folder_then_in_the_last_one_used(
    window, page, home, paths, tmp_path
):
    documents = home / "Documents"
    assert opened_in(page, page.export_button) == str(home)  # no documents folder: home
    documents.mkdir()
    assert opened_in(page, page.export_button) == str(documents)
    assert opened_in(page, page.import_button) == str(documents)
    backups = tmp_path / "backups"
    backups.mkdir()
    assert page.export_to(backups / "all.json").startswith("Exported 2 sessions")
    assert load_settings(paths.settings_file).settings.history_folder == str(backups)
    assert opened_in(page, page.export_button) == str(backups)
    assert opened_in(page, page.import_button) == str(backups)
    shutil.rmtree(backups)
    assert opened_in(page, page.export_button) == str(documents)  # the last one is gone


def test_importing_the_csv_export_on_the_page_says_to_use_the_json_backup(page, tmp_path):
    exported = tmp_path / "history.csv"
    assert page.export_to(exported).startswith("Exported")
    (tmp_path / "all.json").unlink(missing_ok=True)
    said = page.import_from(exported)
    assert said.startswith(f"Nothing imported: {exported}: this looks like the CSV export")
    assert "only the JSON backup can" in said
