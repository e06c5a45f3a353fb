"""About Supple: the name and version, the project's page and the licence (its text a click
away), where the stretches come from, the general-guidance notice, what Supple is made with,
and the folders where it keeps your things, each one a click from the file manager."""

from __future__ import annotations

import html
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont, QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME, HOMEPAGE, __version__
from desktop_app.core.catalogue import Notice
from desktop_app.core.model import Stretch
from desktop_app.paths import AppPaths
from desktop_app.resources import licence_file
from desktop_app.ui.kit.fonts import scaled_font
from desktop_app.ui.kit.scroll import keyboard_scroller

ICON_SIZE = 64
LICENCE = "MIT licence"
LICENCE_COLUMNS = 80  # the width its text is written to
MADE_WITH = (
    "Made with Qt for Python (PySide6), pyttsx3 and eSpeak NG for the voice, platformdirs "
    "and jeepney."
)
SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse


def sources(stretches: Iterable[Stretch]) -> dict[str, list[str]]:
    """Each source article, with the names of the stretches taken from it, in order."""
    found: dict[str, list[str]] = {}
    for stretch in stretches:
        if stretch.source:
            found.setdefault(stretch.source, []).append(stretch.name)
    return found


def about_html(notice: Notice, stretches: Iterable[Stretch]) -> str:
    credits = "".join(
        f"<li><i>{html.escape(title)}</i>: {html.escape(', '.join(names))}</li>"
        for title, names in sources(stretches).items()
    )
    paragraphs = "".join(f"<p>{html.escape(text)}</p>" for text in notice.paragraphs)
    return (
        f"<h3>Where the stretches come from</h3><ul>{credits}</ul>"
        "<p>The facts are the articles', apart from what is marked as common practice; every "
        "instruction and cue is written in Supple's own words.</p>"
        f"<h3>{html.escape(notice.title)}</h3>{paragraphs}"
        f"<p>{html.escape(MADE_WITH)}</p>"
    )


def folders(paths: AppPaths) -> list[tuple[str, Path]]:
    """What Supple keeps where, one line a folder: under --data-dir one folder holds several."""
    kept: dict[Path, list[str]] = {}
    for what, folder in (
        ("settings and your routines", paths.config_dir),
        ("history", paths.data_dir),
        ("log", paths.log_dir),
        ("cache (the spoken cues)", paths.cache_dir),
    ):
        kept.setdefault(folder, []).append(what)
    return [(", ".join(whats).capitalize(), folder) for folder, whats in kept.items()]


def open_folder(folder: Path) -> bool:
    """Show `folder` in the desktop's file manager."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


class LicenceDialog(QDialog):
    """The licence's text, to read and copy."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME}: {LICENCE}")
        self.text = QPlainTextEdit(text, self)
        self.text.setReadOnly(True)  # still selectable, and scrolled with the keys
        self.text.setAccessibleName("Licence text")
        # Its lines are broken already: as written, in a fixed font, scrolled if need be.
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        width = self.text.fontMetrics().horizontalAdvance("M" * LICENCE_COLUMNS)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(width + 60, 420)


class AboutDialog(QDialog):
    def __init__(
        self,
        notice: Notice,
        stretches: Iterable[Stretch],
        paths: AppPaths,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        icon = QLabel(self)
        icon.setPixmap(QApplication.windowIcon().pixmap(ICON_SIZE, ICON_SIZE))
        icon.setAccessibleName(APP_NAME)
        self.title = QLabel(f"{APP_NAME} {__version__}", self)
        self.title.setFont(scaled_font(self.title, 1.6, QFont.Weight.Bold))
        self.title.setTextInteractionFlags(SELECTABLE)
        tagline = QLabel(
            "Guided stretch sessions for a stiff lower back, with spoken cues, a history of "
            "every side you stretched, and reminders to stand up.",
            self,
        )
        tagline.setWordWrap(True)
        tagline.setTextInteractionFlags(SELECTABLE)
        shown = HOMEPAGE.removeprefix("https://")
        self.project = QLabel(f'<a href="{HOMEPAGE}">{html.escape(shown)}</a>', self)
        self.project.setTextFormat(Qt.TextFormat.RichText)
        self.project.setOpenExternalLinks(True)  # through QDesktopServices, to the browser
        self.project.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.project.setAccessibleName(f"The project's page: {HOMEPAGE}")
        self.project.setToolTip(HOMEPAGE)
        self.licence_button = QPushButton(f"{LICENCE}…", self)
        self.licence_button.setAccessibleName(f"Show the {LICENCE}")
        self._licence = licence_file()
        if self._licence is None:
            self.licence_button.setEnabled(False)
            self.licence_button.setToolTip("The licence's file is missing from this copy")
        self.licence_button.clicked.connect(self.show_licence)
        links = QHBoxLayout()
        links.addWidget(self.project)
        links.addWidget(self.licence_button)
        links.addStretch(1)
        heading = QVBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(tagline)
        heading.addLayout(links)
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(heading, 1)

        self.body = QLabel(about_html(notice, stretches), self)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(SELECTABLE)
        self.body.setAccessibleName(f"About {APP_NAME}")
        content = QWidget(self)
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.body)
        column.addSpacing(8)
        column.addWidget(self._folders(content, paths))
        column.addStretch(1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        self.scroller = keyboard_scroller(content, self, f"About {APP_NAME}")
        layout.addWidget(self.scroller, 1)
        layout.addWidget(buttons)
        # Tab as they are read: the links, the text to scroll, its folders, Close.
        chain = [self.project, self.licence_button, self.scroller, *self.folder_buttons.values()]
        for before, after in zip(chain, [*chain[1:], *buttons.buttons()], strict=False):
            QWidget.setTabOrder(before, after)
        self.resize(600, 600)

    def _folders(self, parent: QWidget, paths: AppPaths) -> QWidget:
        box = QWidget(parent)
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("Where Supple keeps your things", box)
        heading.setFont(scaled_font(heading, 1.17, QFont.Weight.Bold))
        grid.addWidget(heading, 0, 0, 1, 2)
        self.folder_buttons: dict[Path, QPushButton] = {}
        for row, (what, folder) in enumerate(folders(paths), start=1):
            label = QLabel(f"<b>{html.escape(what)}</b><br>{html.escape(str(folder))}", box)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(SELECTABLE)
            button = QPushButton("Open", box)
            button.setAccessibleName(f"Open the folder of the {what.lower()}")
            if folder.is_dir():
                button.setToolTip(f"Show {folder} in the file manager")
            else:
                button.setEnabled(False)
                button.setToolTip("Not made yet: Supple makes it when it first needs it")
            button.clicked.connect(lambda _=False, f=folder: open_folder(f))
            grid.addWidget(label, row, 0)
            grid.addWidget(button, row, 1, Qt.AlignmentFlag.AlignTop)
            self.folder_buttons[folder] = button
        grid.setColumnStretch(0, 1)
        return box

    def show_licence(self) -> None:
        if self._licence is None:
            return
        dialog = LicenceDialog(self._licence.read_text(encoding="utf-8"), self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
