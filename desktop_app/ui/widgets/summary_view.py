"""The end of a session: how it ended, how long it took, and each stretch and side, done,
skipped, cut short or not reached. One button (or Enter) goes back home."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.engine import SessionStatus
from desktop_app.core.overview import duration_text
from desktop_app.core.summary import Outcome, Summary, WorkResult
from desktop_app.ui import theme

HEADINGS = {
    SessionStatus.COMPLETED: "Session complete",
    SessionStatus.STOPPED: "Session stopped",
}


def result_text(result: WorkResult) -> str:
    name = result.stretch.name
    if result.side is not None and result.stretch.sided:
        name += f", {result.side.value}"
    if result.outcome is Outcome.NOT_REACHED:
        return f"{name}: not reached"
    if result.reps_planned:
        amount = f"{result.reps_done} of {result.reps_planned} reps"
    else:
        amount = f"{duration_text(result.held)} of {duration_text(result.planned)}"
    done = {Outcome.DONE: "done", Outcome.SKIPPED: "skipped", Outcome.STOPPED: "stopped"}
    labels = {answer.id: answer.label for answer in result.stretch.answers}
    answer = f", answer: {labels.get(result.answer, result.answer)}" if result.answer else ""
    return f"{name}: {done[result.outcome]} ({amount}{answer})"


def totals_text(summary: Summary) -> str:
    sides = len(summary.results)
    return (
        f"{duration_text(summary.seconds)} in all  ·  {duration_text(summary.held_seconds)} "
        f"stretching  ·  {summary.count(Outcome.DONE)} of {sides} done  ·  "
        f"{summary.count(Outcome.SKIPPED)} skipped"
    )


class SummaryView(QWidget):
    home_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel(self)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setWeight(QFont.Weight.Bold)
        self.heading.setFont(font)
        self.routine = QLabel(self)
        self.totals = QLabel(self)
        self.totals.setObjectName("muted")
        self.results = QLabel(self)
        self.results.setTextFormat(Qt.TextFormat.RichText)
        self.results.setWordWrap(True)
        self.results.setAccessibleName("What was done")
        self.home_button = QPushButton("Back to home  (Enter)", self)
        self.home_button.setObjectName("primary")
        self.home_button.setAccessibleName("Back to home")
        self.home_button.setMinimumHeight(48)
        self.home_button.clicked.connect(self.home_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.home_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 36, 48, 36)
        for widget in (self.heading, self.routine, self.totals, self.results):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def show_summary(self, summary: Summary) -> None:
        self.heading.setText(HEADINGS.get(summary.status or SessionStatus.STOPPED, "Session"))
        self.routine.setText(summary.routine_name)
        self.totals.setText(totals_text(summary))
        colours = theme.current()
        marks = {
            Outcome.DONE: ("✓", colours.accent),
            Outcome.SKIPPED: ("–", colours.muted),
            Outcome.STOPPED: ("■", colours.warning),
            Outcome.NOT_REACHED: ("·", colours.muted),
        }
        rows = []
        for result in summary.results:
            mark, colour = marks[result.outcome]
            rows.append(
                f"<tr><td style='color:{colour.name()}; padding-right:10px'>{mark}</td>"
                f"<td>{html.escape(result_text(result))}</td></tr>"
            )
        self.results.setText(f"<table cellspacing='4'>{''.join(rows)}</table>")
        self.home_button.setFocus()
