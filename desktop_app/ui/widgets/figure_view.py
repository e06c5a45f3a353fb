"""The pose, drawn and moving with the session: it follows the driver's clock, so a paused
session is a still figure. Its own frame timer (30 a second) runs only while the figure moves
between poses in a running session on screen; a breath is drawn on the driver's tenths of a
second. A frame that would look the same as the last is not painted."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QHideEvent, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import QWidget

from desktop_app.core.engine import Event, State
from desktop_app.core.figure import Drawing, Head
from desktop_app.core.figure_motion import Box, frame_at, moving, stage
from desktop_app.core.model import Side
from desktop_app.core.plan import PlanStep
from desktop_app.ui import theme
from desktop_app.ui.driver import SessionDriver
from desktop_app.ui.figure_paint import Placement, paint_figure
from desktop_app.ui.widgets.figure_placeholder import FigurePlaceholder

FRAME_MS = 33  # 30 frames a second
STILL_PX = 0.5  # a frame that moves nothing further than this is not painted


def _points(drawing: Drawing) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for part in drawing.parts:
        points += [part.centre] if isinstance(part, Head) else [part.a, part.b]
    return points


class FigureView(FigurePlaceholder):
    """Shows the figure of the step under way; a stretch without one (a user's own) gets the
    placeholder's words instead."""

    def __init__(self, driver: SessionDriver, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.driver = driver
        self._stage: Box | None = None
        self._stages: dict[tuple[str, bool], Box] = {}  # by stretch and mirrored
        self._drawing: Drawing | None = None
        self._points: list[tuple[float, float]] = []  # the drawing's, to compare
        self._painted: list[tuple[float, float]] = []  # those of the frame on screen
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self.advance)
        driver.happened.connect(self._on_event)

    @property
    def drawing(self) -> Drawing | None:
        """The frame on screen (or about to be)."""
        return self._drawing

    @property
    def animating(self) -> bool:
        return self._timer.isActive()

    def show_step(self, step: PlanStep) -> None:
        """The stretch of a new step; the next advance() draws it."""
        stretch = step.stretch
        self.show_stretch(stretch, step.side if stretch.sided else None)
        self._stage = None
        if stretch.figure is not None:
            key = (stretch.id, stretch.sided and step.side is Side.LEFT)
            if key not in self._stages:  # frames of every move: worth working out once
                self._stages[key] = stage(stretch, key[1])
            self._stage = self._stages[key]

    def advance(self) -> None:
        """Work out the figure for this moment; repaint only if it moved visibly."""
        engine = self.driver.engine
        step = engine.current if engine else None
        frame = frame_at(step, engine.elapsed()) if engine and step else None
        if frame is None or step is None or step.stretch.figure is None or self._stage is None:
            self._drawing = None
            self._run_timer()
            return
        self._drawing = frame.drawing(step.stretch.figure)
        self._points = _points(self._drawing)
        scale = Placement(self._stage, QRectF(self.rect())).scale
        moved = len(self._points) != len(self._painted) or any(
            max(abs(x - px), abs(y - py)) * scale > STILL_PX
            for (x, y), (px, py) in zip(self._points, self._painted, strict=True)
        )
        if moved:
            self.update()
        self._run_timer()

    def _on_event(self, _event: Event) -> None:
        self._run_timer()

    def _run_timer(self) -> None:
        engine = self.driver.engine
        step = engine.current if engine else None
        wanted = (
            self.isVisible()
            and self._drawing is not None
            and engine is not None
            and step is not None
            and engine.state is State.RUNNING
            and moving(step, engine.elapsed())
        )
        if wanted and not self._timer.isActive():
            self._timer.start()
        elif not wanted and self._timer.isActive():
            self._timer.stop()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.advance()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._timer.stop()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        box = self.paint_panel(painter)
        if self._drawing is None or self._stage is None:
            self.paint_words(painter, box)
        else:
            inset = min(box.width(), box.height()) * 0.07
            inner = box.adjusted(inset, inset, -inset, -inset)
            paint_figure(painter, self._drawing, self._stage, inner, theme.current())
            self._painted = self._points
        painter.end()
