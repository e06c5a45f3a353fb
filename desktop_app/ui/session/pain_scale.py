"""The 0 to 10 scale of a check-in: eleven big buttons, one tap each, or one key each (0 to 9,
and T for ten). The keys belong to the scale and work only while it is on the screen, so the
session's own number keys never meet them; and not in the first second of a new question, so
that a key pressed twice for what came before (a self-check's last answer, Enter on a routine)
does not answer it."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.records import PAIN_SCALE
from desktop_app.ui.kit.fonts import scaled_font

TEN_KEY = "T"
KEYS = {value: str(value) for value in range(10)} | {10: TEN_KEY}
ENDS = ("0: none", "10: the worst you can imagine")
KEY_GRACE = 1.0  # seconds a new question ignores keys


def key_hint() -> str:
    return f"Keys 0 to 9, and {TEN_KEY} for 10."


class PainScale(QWidget):
    chosen = Signal(int)

    def __init__(self, now: Callable[[], float], parent: QWidget | None = None) -> None:
        """`now`: the session's clock, in seconds."""
        super().__init__(parent)
        self._now = now
        self._keys_from = -math.inf
        self.setAccessibleName("Pain or stiffness, 0 to 10")
        self.group = QButtonGroup(self)
        row = QHBoxLayout()
        row.setSpacing(6)
        for value in PAIN_SCALE:
            button = QPushButton(str(value), self)
            button.setObjectName("scale")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys do what Tab would
            button.setAccessibleName(f"{value} out of 10")
            button.setToolTip(f"{value} (key {KEYS[value]})")
            button.setFont(scaled_font(self, 1.6, QFont.Weight.DemiBold))
            button.setMinimumSize(46, 64)  # eleven fit an 800 pixel window, with its margins
            button.clicked.connect(lambda _=False, v=value: self.choose(v))
            self.group.addButton(button, value)
            row.addWidget(button, 1)
            shortcut = QShortcut(QKeySequence(KEYS[value]), self)
            shortcut.setAutoRepeat(False)
            shortcut.activated.connect(lambda v=value: self._key(v))
        ends = QHBoxLayout()
        for text in ENDS:
            label = QLabel(text, self)
            label.setObjectName("muted")
            ends.addWidget(label)
        ends.insertStretch(1, 1)  # the two ends under the two ends of the scale
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addLayout(ends)

    @property
    def value(self) -> int | None:
        checked = self.group.checkedId()
        return None if checked < 0 else checked

    def choose(self, value: int) -> None:
        """Mark `value` as the answer and say so."""
        button = self.group.button(value)
        button.setChecked(True)
        self.chosen.emit(value)

    def _key(self, value: int) -> None:
        if self._now() >= self._keys_from:
            self.choose(value)

    def ask(self) -> None:
        """A new question: no answer marked, and keys heard once the grace is over."""
        self.group.setExclusive(False)  # an exclusive group never lets its last button go
        for button in self.group.buttons():
            button.setChecked(False)
        self.group.setExclusive(True)
        self._keys_from = self._now() + KEY_GRACE
