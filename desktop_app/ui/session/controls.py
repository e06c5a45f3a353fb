"""This hurts, back, pause/resume, skip and stop: buttons for the mouse, keys for everyone else.
The keys are the window's shortcuts; the buttons never take the focus, so a click leaves it where
the keys work and no button shows a focus frame on the screen you watch from the floor."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget


def _button(text: str, name: str, key: str, parent: QWidget) -> QPushButton:
    button = QPushButton(f"{text}  ({key})", parent)
    button.setAccessibleName(name)
    button.setToolTip(f"{name} ({key})")
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setMinimumHeight(40)
    return button


class SessionControls(QWidget):
    hurt = Signal()
    back = Signal()
    pause = Signal()
    skip = Signal()
    stop = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hurt_button = _button("This hurts", "This hurts", "H", self)
        self.hurt_button.setObjectName("hurt")
        self.back_button = _button("◀ Back", "Back", "Left", self)
        self.pause_button = _button("Pause", "Pause", "Space", self)
        self.skip_button = _button("Skip ▶", "Skip", "Right", self)
        self.stop_button = _button("Stop", "Stop", "Esc", self)
        self.pause_button.setObjectName("primary")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.hurt_button.clicked.connect(self.hurt)
        layout.addWidget(self.hurt_button)
        layout.addSpacing(24)  # apart from the others: pressed in pain, never by mistake for them
        for button, signal in (
            (self.back_button, self.back),
            (self.pause_button, self.pause),
            (self.skip_button, self.skip),
            (self.stop_button, self.stop),
        ):
            button.clicked.connect(signal)
            layout.addWidget(button)

    def scale(self, base: int) -> None:
        """Grow with the window: `base` is the session screen's text size in pixels."""
        for button in self.findChildren(QPushButton):
            font = QFont(button.font())
            font.setPixelSize(base)
            button.setFont(font)
            button.setMinimumHeight(round(base * 2.6))

    def set_paused(self, paused: bool) -> None:
        name = "Resume" if paused else "Pause"
        if self.pause_button.accessibleName() == name:
            return
        self.pause_button.setText(f"{name}  (Space)")
        self.pause_button.setAccessibleName(name)
        self.pause_button.setToolTip(f"{name} (Space)")
