"""This hurts, back, pause/resume, skip and stop, and the floor view: buttons for the mouse, keys
for everyone else.
The keys are the window's shortcuts; the buttons never take the focus, so a click leaves it where
the keys work and no button shows a focus frame on the screen you watch from the floor."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSpacerItem, QWidget


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
    floor_view = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hurt_button = _button("This hurts", "This hurts", "H", self)
        self.hurt_button.setObjectName("hurt")
        self.back_button = _button("◀ Back", "Back", "Left", self)
        self.pause_button = _button("Pause", "Pause", "Space", self)
        self.skip_button = _button("Skip ▶", "Skip", "Right", self)
        self.stop_button = _button("Stop", "Stop", "Esc", self)
        self.pause_button.setObjectName("primary")
        # Pressed while the floor view is chosen: the one button the floor view keeps.
        self.floor_button = _button("Floor view", "Floor view", "F", self)
        self.floor_button.setObjectName("floorView")
        self.floor_button.setCheckable(True)
        self._base = 0  # the text's size in pixels
        # Gaps that grow with the text: This hurts apart from the others, pressed in pain,
        # never by mistake for them; the view apart from the session's buttons, at the end,
        # where it stays alone in the floor view.
        self._gaps = (QSpacerItem(24, 0), QSpacerItem(24, 0))
        layout = self._row = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.hurt_button.clicked.connect(self.hurt)
        layout.addWidget(self.hurt_button)
        layout.addSpacerItem(self._gaps[0])
        for button, signal in (
            (self.back_button, self.back),
            (self.pause_button, self.pause),
            (self.skip_button, self.skip),
            (self.stop_button, self.stop),
        ):
            button.clicked.connect(signal)
            layout.addWidget(button)
        layout.addSpacerItem(self._gaps[1])
        self.floor_button.clicked.connect(self.floor_view)
        layout.addWidget(self.floor_button)

    def scale(self, base: int) -> None:
        """Grow with the window: `base` is the session screen's text size in pixels. The
        sides are narrower in a small window, so that the row fits 800 pixels."""
        if base == self._base:
            return
        self._base = base
        padding = max(6, round(base * 0.5))
        self.setStyleSheet(
            f"QPushButton {{ font-size: {base}px; padding-left: {padding}px;"
            f" padding-right: {padding}px; }}"
        )
        for button in self.findChildren(QPushButton):
            button.setMinimumHeight(round(base * 2.6))
        for gap in self._gaps:
            gap.changeSize(base, 0)
        self._row.invalidate()

    def show_floor_view(self, chosen: bool, shown: bool) -> None:
        """The floor view's button pressed while it is `chosen`; the others hidden while it is
        `shown`, which keeps only what reads from the floor (the keys still work)."""
        self.floor_button.setChecked(chosen)
        for button in self.findChildren(QPushButton):
            if button is not self.floor_button:
                button.setVisible(not shown)

    def set_paused(self, paused: bool) -> None:
        name = "Resume" if paused else "Pause"
        if self.pause_button.accessibleName() == name:
            return
        self.pause_button.setText(f"{name}  (Space)")
        self.pause_button.setAccessibleName(name)
        self.pause_button.setToolTip(f"{name} (Space)")
