"""A message across the top of the window that waits, without blocking anything, until the
user dismisses it: the first-run notice, or a warning such as a damaged settings file."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.ui.widgets.scroll import text_scroller


class Banner(QFrame):
    closed = Signal()

    def __init__(
        self, title: str, paragraphs: Sequence[str], button: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.dismissed = False
        self.setObjectName("banner")
        self.setAccessibleName(title)
        heading = QLabel(title, self)
        font = QFont(heading.font())
        font.setWeight(QFont.Weight.DemiBold)
        heading.setFont(font)
        self.body = QLabel("\n\n".join(paragraphs), self)
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button = QPushButton(button, self)
        self.button.setAccessibleName(f"{button}: {title}")
        # Reached with Tab, never by a click: it must not take Space from the page. Banners
        # hide during a session, so it never holds the focus there.
        self.button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.button.setAutoDefault(True)  # Enter presses it once Tab reached it
        self.button.clicked.connect(self._dismiss)
        text = QVBoxLayout()
        text.addWidget(heading)
        # A long notice scrolls rather than pushing the page below out of a small window.
        body = text_scroller(self.body, self)
        body.setMaximumHeight(self.body.fontMetrics().lineSpacing() * 7)
        text.addWidget(body)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(text, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignBottom)

    def _dismiss(self) -> None:
        self.dismissed = True
        self.hide()
        self.closed.emit()
