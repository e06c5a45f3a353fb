"""About: the name and version, the project's page and the licence's text, the sources, and the
folders where Supple keeps things, each opened in the file manager; no internal id."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, QPoint, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel

from desktop_app import APP_ID, APP_NAME, HOMEPAGE, __version__
from desktop_app.ui.dialogs.about_dialog import AboutDialog, LicenceDialog
from tests.test_cli import ROOT


class Opened(QObject):
    """What the desktop was asked to open, through Qt's own hook for a scheme."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def opened() -> Iterator[Opened]:
    seen = Opened()
    for scheme in ("file", "https"):
        QDesktopServices.setUrlHandler(scheme, seen, "open")
    yield seen
    for scheme in ("file", "https"):
        QDesktopServices.unsetUrlHandler(scheme)


@pytest.fixture
def about(qtbot, window) -> AboutDialog:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    [shown] = [w for w in window.findChildren(AboutDialog) if w.isVisible()]
    qtbot.waitUntil(shown.isActiveWindow)
    return shown


def test_it_names_supple_and_its_version_and_not_its_internal_id(about):
    assert about.title.text() == f"{APP_NAME} {__version__}"
    texts = [label.text() for label in about.findChildren(QLabel)]
    assert not any(APP_ID in text for text in texts)


def test_the_project_page_opens_in_the_browser(qtbot, about, opened):
    assert HOMEPAGE in about.project.text()
    on_the_link = QPoint(4, about.project.height() // 2)  # the label holds the link alone
    qtbot.mouseClick(about.project, Qt.MouseButton.LeftButton, pos=on_the_link)
    assert opened.urls == [QUrl(HOMEPAGE)]


def test_the_licence_text_is_there_to_read_and_copy(qtbot, about):
    qtbot.mouseClick(about.licence_button, Qt.MouseButton.LeftButton)
    [licence] = [w for w in about.findChildren(LicenceDialog) if w.isVisible()]
    assert licence.text.toPlainText() == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.text.toPlainText().startswith("MIT License")
    assert licence.text.isReadOnly()
    assert licence.text.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    licence.reject()


def test_each_folder_is_named_and_opens_in_the_file_manager(qtbot, about, paths, opened):
    # --data-dir: one folder for the settings, routines and history; logs and cache in it.
    assert list(about.folder_buttons) == [paths.root, paths.log_dir, paths.cache_dir]
    shown = " ".join(label.text() for label in about.findChildren(QLabel))
    for folder in about.folder_buttons:
        assert str(folder) in shown
    assert "Settings and your routines, history" in shown
    qtbot.mouseClick(about.folder_buttons[paths.cache_dir], Qt.MouseButton.LeftButton)
    assert opened.urls == [QUrl.fromLocalFile(str(paths.cache_dir))]
    for folder, button in about.folder_buttons.items():
        assert button.isEnabled() == folder.is_dir()
        assert button.accessibleName().startswith("Open the folder of the ")


def test_its_text_can_be_selected(about):
    selectable = Qt.TextInteractionFlag.TextSelectableByMouse
    assert about.body.textInteractionFlags() & selectable
    assert about.title.textInteractionFlags() & selectable
    folder_labels = [
        label
        for label in about.findChildren(QLabel)
        if any(str(folder) in label.text() for folder in about.folder_buttons)
    ]
    assert len(folder_labels) == len(about.folder_buttons)
    assert all(label.textInteractionFlags() & selectable for label in folder_labels)
