"""The floor view: the session as it reads from two metres away, lying down. Only the figure,
the side, the countdown and the step under way, in the largest type the window allows. The
session page shows it instead of its own body and passes it the snapshots while it is shown;
it decides nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QWidget

from desktop_app.core.clock import Clock
from desktop_app.core.plan import PlanStep
from desktop_app.core.snapshot import Snapshot, floor_line
from desktop_app.ui.session.countdown_ring import CountdownRing
from desktop_app.ui.session.figure_view import FigureView
from desktop_app.ui.session.readouts import plain_label, set_text, show_countdown, show_side

# Sizes as multiples of the session's text size (ui/session/text_size.py): at 1920x1080 the
# side is about 100 px and the step about 60 px.
SIDE_SCALE = 4.4
STEP_SCALE = 2.7
STEP_LINES = 2  # the step's room, kept as it changes so that the countdown does not jump


class FloorView(QWidget):
    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        """`clock`: the session's, for the figure's motion between snapshots."""
        super().__init__(parent)
        self._shown: PlanStep | None = None  # the step the figure shows
        self.figure = FigureView(clock.now, self)
        self.side = plain_label(self, "floorSide")
        self.side.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.side.setAccessibleName("Side")
        self.ring = CountdownRing(self)
        self.step_line = plain_label(self, "floorStep", wrap=True)
        self.step_line.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.step_line.setAccessibleName("Step")
        # The figure on the left, the side over the countdown on the right, the step below.
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.addWidget(self.figure, 0, 0, 2, 1)
        self._grid.addWidget(self.side, 0, 1)
        self._grid.addWidget(self.ring, 1, 1)
        self._grid.addWidget(self.step_line, 2, 0, 1, 2)
        self._grid.setColumnStretch(0, 3)
        self._grid.setColumnStretch(1, 2)
        self._grid.setRowStretch(1, 1)

    def scale(self, base: int) -> None:
        """Grow with the window: `base` is the session's text size in pixels."""
        for label, scale, weight in (
            (self.side, SIDE_SCALE, QFont.Weight.Bold),
            (self.step_line, STEP_SCALE, QFont.Weight.DemiBold),
        ):
            font = QFont(label.font())
            font.setPixelSize(round(base * scale))
            font.setWeight(weight)
            label.setFont(font)
        # A side's room stays when no side is worked (a rest), so nothing moves.
        self.side.setMinimumHeight(self.side.fontMetrics().height())
        self.step_line.setMinimumHeight(self.step_line.fontMetrics().lineSpacing() * STEP_LINES)
        self._grid.setSpacing(base)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        step = snapshot.step
        if step is None:  # the session ended: whatever starts next is drawn afresh
            self._shown = None
        else:
            if step is not self._shown:
                self._shown = step
                self.figure.show_step(step)
            show_side(self.side, snapshot)
            show_countdown(self.ring, snapshot)
            set_text(self.step_line, floor_line(snapshot))
        self.figure.show_snapshot(snapshot)
