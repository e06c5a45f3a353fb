"""The question before a session: how much pain or stiffness the user feels now, 0 to 10. One tap
or one key answers and starts the session; Enter starts it without an answer; Esc goes back."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.ui.kit.enter_key import press_focused_button
from desktop_app.ui.kit.fonts import scaled_font
from desktop_app.ui.session.pain_scale import PainScale, key_hint

QUESTION = "How much pain or stiffness do you feel in your lower back right now?"


class CheckInPage(QWidget):
    answered = Signal(object)  # the value on the scale, or None: started without an answer
    back_requested = Signal()

    def __init__(self, now: Callable[[], float], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel("BEFORE YOU START", self)
        heading.setObjectName("phase")
        heading.setFont(scaled_font(self, 1.1, QFont.Weight.DemiBold))
        self.routine = QLabel(self)
        self.routine.setObjectName("muted")
        self.routine.setFont(scaled_font(self, 1.2))
        question = QLabel(QUESTION, self)
        question.setWordWrap(True)
        question.setFont(scaled_font(self, 2.0, QFont.Weight.DemiBold))
        self.scale = PainScale(now, self)
        self.scale.setAccessibleDescription(QUESTION)
        self.scale.chosen.connect(self.answered.emit)
        hint = QLabel(f"{key_hint()} You can turn this question off in the settings.", self)
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        self.back_button = QPushButton("Back  (Esc)", self)
        self.back_button.setAccessibleName("Back")
        self.back_button.setMinimumHeight(48)
        self.back_button.clicked.connect(self.back_requested)
        self.skip_button = QPushButton("Start without answering  (Enter)", self)
        self.skip_button.setObjectName("primary")
        self.skip_button.setAccessibleName("Start without answering")
        self.skip_button.setMinimumHeight(48)
        self.skip_button.clicked.connect(lambda: self.answered.emit(None))
        for key, slot in (
            ("Return", self._enter),
            ("Enter", self._enter),
            ("Esc", self.back_requested.emit),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setAutoRepeat(False)
            shortcut.activated.connect(slot)

        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.skip_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 48, 64, 40)
        layout.setSpacing(16)
        layout.addWidget(heading)
        layout.addWidget(self.routine)
        layout.addStretch(1)
        layout.addWidget(question)
        layout.addSpacing(12)
        layout.addWidget(self.scale)
        layout.addWidget(hint)
        layout.addStretch(2)
        layout.addLayout(buttons)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def _enter(self) -> None:
        if not press_focused_button():
            self.answered.emit(None)

    def ask(self, routine_name: str) -> None:
        self.routine.setText(routine_name)
        self.scale.ask()
