"""A message across the top of the window that waits, without blocking anything, until the
user dismisses it: the first-run notice, or a warning such as a damaged settings file."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QResizeEvent
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
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
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
        # A long notice scrolls rather than pushing the page below out of a small window; Tab
        # reaches it, so that the arrow keys scroll it too.
        self.scroller = text_scroller(self.body, self)
        self.scroller.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.body.installEventFilter(self)  # its width decides how tall it is
        text.addWidget(self.scroller)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(text, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignBottom)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.body and event.type() is QEvent.Type.Resize:
            self._fit()
        return False

    def _fit(self) -> None:
        """All of the text where it fits in two fifths of the window; else as many whole lines
        as fit there, never a line cut through."""
        line = self.body.fontMetrics().lineSpacing()
        room = max(4, int(self.window().height() * 0.4) // line) * line
        need = self.body.heightForWidth(self.body.width())
        height = min(need, room) if need > 0 else room
        if self.scroller.maximumHeight() != height:
            self.scroller.setMaximumHeight(height)

    def _dismiss(self) -> None:
        self.dismissed = True
        self.hide()
        self.closed.emit()
