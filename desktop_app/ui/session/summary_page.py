"""The end of a session: how it ended (and, when nothing was held, that it does not count), how
long it took, and each stretch and side, done, skipped, cut short, ended because it hurt, or not
reached; and, when the user wants it asked, how their back feels now, one tap or one key on a 0
to 10 scale. One button (or Enter) goes home. Its words come from core/summary.py."""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.core.cues import lower_first
from desktop_app.core.overview import duration_text
from desktop_app.core.summary import (
    Summary,
    WorkOutcome,
    WorkResult,
    ending_note,
    heading_text,
)
from desktop_app.ui.kit.fonts import scaled_font
from desktop_app.ui.kit.scroll import text_scroller
from desktop_app.ui.kit.tile import Tile
from desktop_app.ui.look import theme
from desktop_app.ui.session.pain_scale import PainScale, key_hint


def result_text(result: WorkResult) -> str:
    """One side's outcome in a few words: "done, 0:30", "skipped", "stopped at 0:12"."""
    if result.outcome is WorkOutcome.NOT_REACHED:
        return "not reached"
    if result.reps_planned:
        amount = f"{result.reps_done} of {result.reps_planned} reps"
    else:
        amount = duration_text(result.held)
    labels = {answer.id: answer.label for answer in result.stretch.answers}
    label = labels.get(result.answer, result.answer) if result.answer else ""
    answer = f", {lower_first(label)}" if label else ""
    words = {
        WorkOutcome.DONE: "done",
        WorkOutcome.SKIPPED: "skipped",
        WorkOutcome.STOPPED: "stopped",
        WorkOutcome.HURT: "stopped, it hurt",
    }
    return f"{words[result.outcome]}, {amount}{answer}"


def after_text(before: int | None, after: int | None) -> str:
    """What the check-in line says once answered; before, the answer given before the
    session, if any, and the keys."""
    if after is None and before is None:
        return key_hint()
    if after is None:
        return f"Before the session you said {before}. {key_hint()}"
    if before is None:
        return f"Saved: {after} now."
    return f"Saved: {before} before, {after} now."


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
        (f"{summary.count(WorkOutcome.DONE)} of {sides}", "sides and sets done"),
        (str(summary.count(WorkOutcome.SKIPPED)), "skipped"),
    ]


class SummaryPage(QWidget):
    home_requested = Signal()
    history_requested = Signal()
    checked_in = Signal(int)  # how the back feels now, 0 to 10

    def __init__(self, now: Callable[[], float], parent: QWidget | None = None) -> None:
        """`now`: the session's clock, in seconds."""
        super().__init__(parent)
        self._summary: Summary | None = None
        self._before: int | None = None
        self.heading = QLabel(self)
        self.heading.setFont(scaled_font(self, 2.2, QFont.Weight.Bold))
        self.routine = QLabel(self)
        self.routine.setObjectName("muted")
        self.routine.setFont(scaled_font(self, 1.2))
        # Said when nothing was held: why this session does not count.
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setFont(scaled_font(self, 1.1))
        self.note.hide()
        self.tile_labels = [Tile(self, 90, 2.2) for _ in range(4)]
        tile_row = QHBoxLayout()
        for tile in self.tile_labels:
            tile_row.addWidget(tile)
        self.results = QLabel(self)
        self.results.setTextFormat(Qt.TextFormat.RichText)
        self.results.setWordWrap(True)
        self.results.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.results.setAccessibleName("What was done")
        self.results.setMargin(16)
        self._results_card = results_card = QFrame(self)
        results_card.setObjectName("card")
        in_card = QVBoxLayout(results_card)
        in_card.setContentsMargins(1, 1, 1, 1)
        # A long routine scrolls in its card, which gives way first in a small window.
        results = text_scroller(self.results, results_card)
        row = (
            self.results.fontMetrics().lineSpacing() + 8
        )  # a row's cells have 4 px above and below
        results.setMinimumHeight(2 * row + 2 * self.results.margin())  # two rows at least
        in_card.addWidget(results)
        self.checkin = QFrame(self)
        self.checkin.setObjectName("card")
        question = QLabel("How does your back feel now?", self.checkin)
        question.setFont(scaled_font(self, 1.3, QFont.Weight.DemiBold))
        self.scale = PainScale(now, self.checkin)
        self.scale.setAccessibleDescription("How much pain or stiffness you feel now")
        self.scale.chosen.connect(self._chosen)
        self.checkin_note = QLabel(self.checkin)
        self.checkin_note.setObjectName("muted")
        card = QVBoxLayout(self.checkin)
        card.setContentsMargins(16, 12, 16, 12)
        card.addWidget(question)
        card.addWidget(self.scale)
        card.addWidget(self.checkin_note)
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
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(48, 36, 48, 36)
        layout.setSpacing(14)
        layout.addWidget(self.heading)
        layout.addWidget(self.routine)
        layout.addWidget(self.note)
        layout.addLayout(tile_row)
        # The list takes the room there is, up to its whole length; the rest goes above the
        # buttons.
        layout.addWidget(results_card, 10)
        layout.addWidget(self.checkin)
        layout.addStretch(1)
        layout.addLayout(buttons)
        # Where even that is too tall (800x600 with a notice above), the page scrolls rather
        # than squashing the question's buttons.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(text_scroller(page, self))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() is QEvent.Type.PaletteChange and self._summary is not None:
            self._show_results(self._summary)  # its colours are written into the text

    def show_summary(
        self, summary: Summary, *, ask: bool = False, before: int | None = None
    ) -> None:
        """`ask`: ask how the back feels now; `before`: the answer before the session."""
        self._before = before
        self.scale.ask()
        self.checkin_note.setText(after_text(before, None))
        self.checkin.setVisible(ask)
        self._show_results(summary)
        self.home_button.setFocus()

    def _chosen(self, pain: int) -> None:
        self.checkin_note.setText(after_text(self._before, pain))
        self.checked_in.emit(pain)

    def _show_results(self, summary: Summary) -> None:
        self._summary = summary
        self.heading.setText(heading_text(summary))
        self.routine.setText(summary.routine_name)
        note = ending_note(summary)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        colours = theme.current()
        for label, (value, caption) in zip(self.tile_labels, tiles(summary), strict=True):
            label.show_figure(value, caption, theme.current().muted)
        marks = {
            WorkOutcome.DONE: ("✓", colours.accent),
            WorkOutcome.SKIPPED: ("–", colours.muted),
            WorkOutcome.STOPPED: ("■", colours.warning),
            WorkOutcome.HURT: ("!", colours.warning),
            WorkOutcome.NOT_REACHED: ("·", colours.muted),
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
        self._fit_results()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_results()

    def _fit_results(self) -> None:
        """The list's card no taller than the list at the width it has."""
        height = self.results.heightForWidth(max(1, self.results.width()))
        self._results_card.setMaximumHeight(height + 4)  # its border, and its layout's margin
