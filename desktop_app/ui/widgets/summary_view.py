"""The end of a session: how it ended, how long it took, and each stretch and side, done,
skipped, cut short or not reached. One button (or Enter) goes back home."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.engine import SessionStatus
from desktop_app.core.overview import duration_text
from desktop_app.core.summary import Outcome, Summary, WorkResult
from desktop_app.ui import theme
from desktop_app.ui.widgets.fonts import scaled_font
from desktop_app.ui.widgets.tile import Tile

HEADINGS = {
    SessionStatus.COMPLETED: "Session complete",
    SessionStatus.STOPPED: "Session stopped",
}


def result_text(result: WorkResult) -> str:
    """One side's outcome in a few words: "done, 0:30", "skipped", "stopped at 0:12"."""
    if result.outcome is Outcome.NOT_REACHED:
        return "not reached"
    if result.reps_planned:
        amount = f"{result.reps_done} of {result.reps_planned} reps"
    else:
        amount = duration_text(result.held)
    labels = {answer.id: answer.label for answer in result.stretch.answers}
    answer = f", {labels.get(result.answer, result.answer)}" if result.answer else ""
    words = {Outcome.DONE: "done", Outcome.SKIPPED: "skipped", Outcome.STOPPED: "stopped"}
    return f"{words[result.outcome]}, {amount}{answer}"


def grouped(summary: Summary) -> list[tuple[str, list[WorkResult]]]:
    """The results by stretch (and round), in order, each with its sides."""
    groups: dict[tuple[int, int], tuple[str, list[WorkResult]]] = {}
    for result in summary.results:
        name = result.stretch.name
        if result.round > 1:
            name += f" (round {result.round})"
        groups.setdefault((result.item, result.round), (name, []))[1].append(result)
    return list(groups.values())


def tiles(summary: Summary) -> list[tuple[str, str]]:
    sides = len(summary.results)
    return [
        (duration_text(summary.seconds), "in all"),
        (duration_text(summary.held_seconds), "stretching"),
        (f"{summary.count(Outcome.DONE)} of {sides}", "sides and sets done"),
        (str(summary.count(Outcome.SKIPPED)), "skipped"),
    ]


class SummaryView(QWidget):
    home_requested = Signal()
    history_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._summary: Summary | None = None
        self.heading = QLabel(self)
        self.heading.setFont(scaled_font(self, 2.2, QFont.Weight.Bold))
        self.routine = QLabel(self)
        self.routine.setObjectName("muted")
        self.routine.setFont(scaled_font(self, 1.2))
        self.tile_labels = [Tile(self, 90, 2.2) for _ in range(4)]
        tile_row = QHBoxLayout()
        for tile in self.tile_labels:
            tile_row.addWidget(tile)
        self.results = QLabel(self)
        self.results.setObjectName("card")
        self.results.setTextFormat(Qt.TextFormat.RichText)
        self.results.setWordWrap(True)
        self.results.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.results.setAccessibleName("What was done")
        self.results.setMargin(16)
        self.home_button = QPushButton("Back to home  (Enter)", self)
        self.home_button.setObjectName("primary")
        self.home_button.setAccessibleName("Back to home")
        self.home_button.setMinimumHeight(48)
        self.home_button.clicked.connect(self.home_requested)
        self.history_button = QPushButton("History", self)
        self.history_button.setMinimumHeight(48)
        self.history_button.clicked.connect(self.history_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.history_button)
        buttons.addWidget(self.home_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 36, 48, 36)
        layout.setSpacing(14)
        layout.addWidget(self.heading)
        layout.addWidget(self.routine)
        layout.addLayout(tile_row)
        layout.addWidget(self.results)
        layout.addStretch(1)
        layout.addLayout(buttons)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() is QEvent.Type.PaletteChange and self._summary is not None:
            self.show_summary(self._summary)  # its colours are written into the text

    def show_summary(self, summary: Summary) -> None:
        self._summary = summary
        self.heading.setText(HEADINGS.get(summary.status or SessionStatus.STOPPED, "Session"))
        self.routine.setText(summary.routine_name)
        colours = theme.current()
        for label, (value, caption) in zip(self.tile_labels, tiles(summary), strict=True):
            label.show_figure(value, caption)
        marks = {
            Outcome.DONE: ("✓", colours.accent),
            Outcome.SKIPPED: ("–", colours.muted),
            Outcome.STOPPED: ("■", colours.warning),
            Outcome.NOT_REACHED: ("·", colours.muted),
        }
        rows = []
        for name, results in grouped(summary):
            cells = []
            for result in results:
                mark, colour = marks[result.outcome]
                side = (
                    f"{result.side.value.capitalize()}: "
                    if result.stretch.sided and result.side
                    else ""
                )
                cells.append(
                    f"<td style='padding:4px 18px 4px 0'><span style='color:{colour.name()}'>"
                    f"{mark}</span> {side}{html.escape(result_text(result))}</td>"
                )
            rows.append(
                f"<tr><td style='padding:4px 24px 4px 0; font-weight:600'>{html.escape(name)}"
                f"</td>{''.join(cells)}</tr>"
            )
        self.results.setText(f"<table>{''.join(rows)}</table>")
        self.home_button.setFocus()
