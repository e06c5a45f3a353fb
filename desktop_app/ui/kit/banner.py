"""A message across the top of the window that waits, without blocking anything, until the
user dismisses it: the first-run notice, or a warning such as a damaged settings file."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.ui.kit.scroll import keyboard_scroller

SHARE = 0.4  # of the window's height, at most, for a banner's text
# Pixels the page under a banner keeps: on an 800x600 screen the home page still shows four
# routines under the first-run notice.
PAGE_ROOM = 440


class Banner(QFrame):
    closed = Signal()

    def __init__(
        self, title: str, paragraphs: Sequence[str], button: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.dismissed = False
        self.home_only = False  # shown on the home page alone (the first-run notice)
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
        self.button.clicked.connect(self._dismiss)
        text = QVBoxLayout()
        text.addWidget(heading)
        # A long notice scrolls rather than pushing the page below out of a small window; then
        # Tab reaches it, before the button, so that the arrow keys scroll it too.
        self.scroller = keyboard_scroller(self.body, self, title)
        QWidget.setTabOrder(self.scroller, self.button)
        # Fitted as its width changes here, and as the window's height does (MainWindow).
        self.body.installEventFilter(self)
        text.addWidget(self.scroller)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(text, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignBottom)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.body and event.type() is QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        """All of the text where it fits in two fifths of the window, and leaves the page
        under it its room; else as many whole lines as fit there, scrolled with the mouse
        or, once Tab reaches it, the keys."""
        line = self.body.fontMetrics().lineSpacing()
        height = self.window().height()
        room = max(4, int(min(height * SHARE, height - PAGE_ROOM)) // line) * line
        need = self.body.heightForWidth(self.body.width())
        shown = min(need, room) if need > 0 else room
        height = shown + 2 * self.scroller.frameWidth()  # the frame its focus shows in
        if self.scroller.maximumHeight() != height:
            self.scroller.setMaximumHeight(height)
        scrolls = need > shown
        self.scroller.setFocusPolicy(Qt.FocusPolicy.TabFocus if scrolls else Qt.FocusPolicy.NoFocus)

    def _dismiss(self) -> None:
        self.dismissed = True
        self.hide()
        self.closed.emit()
