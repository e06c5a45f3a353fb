"""About Supple: the version, where the stretches come from, the general-guidance notice, and
what Supple is made with."""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_ID, APP_NAME, __version__
from desktop_app.core.catalogue import Notice
from desktop_app.core.model import Stretch
from desktop_app.ui.kit.fonts import scaled_font
from desktop_app.ui.kit.scroll import keyboard_scroller

ICON_SIZE = 64
MADE_WITH = (
    "Made with Qt for Python (PySide6), pyttsx3 and eSpeak NG for the voice, platformdirs "
    "and jeepney. MIT licence."
)


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
        "<p>Guided stretch sessions for a stiff lower back, with spoken cues, a history of "
        "every side you stretched, and reminders to stand up.</p>"
        f"<h3>Where the stretches come from</h3><ul>{credits}</ul>"
        "<p>The facts are the articles', apart from what is marked as common practice; every "
        "instruction and cue is written in Supple's own words.</p>"
        f"<h3>{html.escape(notice.title)}</h3>{paragraphs}"
        f"<p>{html.escape(MADE_WITH)}</p>"
    )


class AboutDialog(QDialog):
    def __init__(
        self, notice: Notice, stretches: Iterable[Stretch], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        icon = QLabel(self)
        icon.setPixmap(QApplication.windowIcon().pixmap(ICON_SIZE, ICON_SIZE))
        icon.setAccessibleName(APP_NAME)
        self.title = QLabel(f"{APP_NAME} {__version__}", self)
        self.title.setFont(scaled_font(self.title, 1.6, QFont.Weight.Bold))
        app_id = QLabel(APP_ID, self)
        app_id.setObjectName("muted")
        app_id.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        heading = QVBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(app_id)
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(heading, 1)

        self.body = QLabel(about_html(notice, stretches), self)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.setAccessibleName(f"About {APP_NAME}")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        self.scroller = keyboard_scroller(self.body, self, f"About {APP_NAME}")
        layout.addWidget(self.scroller, 1)
        layout.addWidget(buttons)
        self.resize(560, 560)
