"""The reminder as a small window of Supple's own, for desktops whose notifications cannot show
buttons: the same question and the same three answers as the notification. It also holds the
question's words, which the notification shares.

It stays on top in the bottom-right corner but never takes the keyboard by itself: someone
typing in another window when it appears must not answer it with their next Enter. A click on
it (or the window manager's switcher) gives it the keys: Enter starts, Esc skips, Tab and
Space reach the other buttons.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCursor, QFont, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.reminders import ReminderOutcome
from desktop_app.ui.kit.fonts import scaled_font

TITLE = "Time to stand up and stretch"
EDGE = 24  # pixels between the window and the screen's corner
ICON_SIZE = 40


@dataclass(frozen=True)
class PromptText:
    title: str
    body: str
    start: str
    snooze: str
    skip: str
    snooze_name: str  # for screen readers: "min" read aloud is unclear


def prompt_text(routine_name: str, snooze_minutes: int) -> PromptText:
    # Friendly and short, and no promise about health: the user knows why they stretch.
    return PromptText(
        title=TITLE,
        body=f"You have been sitting for a while: a good moment for {routine_name}.",
        start="Start desk break",
        snooze=f"Snooze {snooze_minutes} min",
        skip="Skip",
        snooze_name=f"Snooze for {snooze_minutes} minutes",
    )


def _button(parent: QWidget, tip: str) -> QPushButton:
    button = QPushButton(parent)
    button.setToolTip(tip)
    button.setMinimumHeight(36)
    return button


class ReminderWindow(QDialog):
    """Emits `chosen` (a ReminderOutcome) once per offer: a button, Enter (Start), Esc or
    closing the window (Skip). `withdraw()` hides it and emits nothing."""

    chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._open = False  # an offer waits for its answer
        # A tool window: no taskbar entry, no minimise or maximise, and it does not keep
        # Supple running when the main window is closed.
        self.setWindowFlags(
            Qt.WindowType.Tool
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.CustomizeWindowHint
            | Qt.WindowType.WindowTitleHint
            | Qt.WindowType.WindowCloseButtonHint
        )
        # Shown without taking the focus (not WindowDoesNotAcceptFocus, which would never let
        # Enter reach it).
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setWindowTitle("Reminder")
        self.setAccessibleName("Reminder")

        icon = QLabel(self)
        icon.setPixmap(QApplication.windowIcon().pixmap(ICON_SIZE, ICON_SIZE))
        icon.setFixedSize(ICON_SIZE, ICON_SIZE)
        icon.setAccessibleName("Supple")
        self.heading = QLabel(self)
        self.heading.setObjectName("reminderTitle")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setFont(scaled_font(self.heading, 1.3, QFont.Weight.DemiBold))
        self.body = QLabel(self)
        self.body.setObjectName("muted")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.PlainText)

        self.start_button = _button(self, "Start the break now (Enter)")
        self.start_button.setObjectName("primary")
        self.start_button.setDefault(True)
        self.snooze_button = _button(self, "Ask again later")
        self.skip_button = _button(self, "Skip this reminder (Esc)")
        self.skip_button.setAccessibleName("Skip this reminder")
        for button, outcome in (
            (self.start_button, ReminderOutcome.STARTED),
            (self.snooze_button, ReminderOutcome.SNOOZED),
            (self.skip_button, ReminderOutcome.SKIPPED),
        ):
            button.clicked.connect(lambda _=False, answer=outcome: self._answer(answer))

        text = QVBoxLayout()
        text.setSpacing(6)
        text.addWidget(self.heading)
        text.addWidget(self.body)
        top = QHBoxLayout()
        top.setSpacing(14)
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(text, 1)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.start_button, 1)
        buttons.addWidget(self.snooze_button)
        buttons.addWidget(self.skip_button)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(20, 18, 20, 18)
        self._layout.setSpacing(18)
        self._layout.addLayout(top)
        self._layout.addLayout(buttons)
        # Wide enough for the heading on one line, unless the screen is narrower.
        self._width = self.fontMetrics().averageCharWidth() * 52

    # -- the prompt ------------------------------------------------------------------------

    def offer(self, routine_name: str, snooze_minutes: int) -> None:
        text = prompt_text(routine_name, snooze_minutes)
        self.heading.setText(text.title)
        self.body.setText(text.body)
        self.setAccessibleDescription(f"{text.title}. {text.body}")
        self.start_button.setText(text.start)
        self.start_button.setAccessibleName(text.start)
        self.snooze_button.setText(text.snooze)
        self.snooze_button.setAccessibleName(text.snooze_name)
        self.skip_button.setText(text.skip)
        self._open = True
        self.start_button.setFocus()  # where Enter lands once the user comes to the window
        self._place()
        self.show()

    def withdraw(self) -> None:
        self._open = False
        self.hide()

    # -- answers -----------------------------------------------------------------------------

    def reject(self) -> None:
        """Esc, or the window manager's close button."""
        self._answer(ReminderOutcome.SKIPPED)

    def _answer(self, outcome: ReminderOutcome) -> None:
        if not self._open:
            return
        self._open = False
        self.hide()
        self.chosen.emit(outcome)

    def _place(self) -> None:
        """A fixed size that fits the words, in the bottom right of the screen the user is on,
        clear of panels. (Wayland places windows itself and ignores the position.)"""
        screen = QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        fits = min(self._width, area.width() - 2 * EDGE)
        width = max(self._layout.minimumSize().width(), fits)  # the buttons always fit
        # The height for that width: wrapped lines need more than adjustSize() would give.
        self.setFixedSize(width, self._layout.totalHeightForWidth(width))
        # move() places the frame, whose size is not known before the window is shown.
        title_bar = self.style().pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight)
        x = area.right() - width - EDGE
        y = area.bottom() - self.height() - title_bar - EDGE
        self.move(max(area.left(), x), max(area.top(), y))
