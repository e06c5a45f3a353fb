"""Enter on the pages other than the session's: it presses the button Tab chose, once."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QPushButton


class EnterOnce(QObject):
    """Watches buttons that Enter presses: a held Enter presses once. Its repeats would go on
    to whatever has the focus on the next page (Back to home, then the routine list's Enter,
    which starts the routine)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() is QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            return enter and event.isAutoRepeat()
        return False


def press_focused_button() -> bool:
    """For a page's own Enter key, which Qt gives it before the focused button: press the
    button that has the focus, if one has (Tab to "Back", Enter goes back). True if pressed."""
    focused = QApplication.focusWidget()
    if isinstance(focused, QPushButton) and focused.isVisible() and focused.isEnabled():
        focused.click()
        return True
    return False
