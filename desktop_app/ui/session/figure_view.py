"""The pose, drawn and moving with the session: it follows the host's snapshots and the
session's clock between them, so a paused session is a still figure. Its own frame timer (30 a
second, 10 while a frame moves the figure by less than a pixel) runs only while the figure
moves between poses in a running session on screen; a breath is drawn on the snapshots' tenths
of a second (a new frame each fifth), and its frames are kept after the first breath.

A frame is cheap to show: one that would look the same as the last is not painted; one that
is repaints only round the limbs that moved, over a kept picture of the card and the props."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QHideEvent, QPainter, QPaintEvent, QPixmap, QShowEvent
from PySide6.QtWidgets import QWidget

from desktop_app.core.engine import State
from desktop_app.core.figure_drawing import HALO, Box, Chain, Drawing
from desktop_app.core.figure_motion import breath_phase, frame_at, moving
from desktop_app.core.figure_scene import Scene, scene
from desktop_app.core.model import Side
from desktop_app.core.plan import PlanStep
from desktop_app.core.snapshot import Snapshot
from desktop_app.ui.look import theme
from desktop_app.ui.look.figure_paint import (
    Placement,
    paint_backdrop,
    paint_body,
    paint_marks,
)
from desktop_app.ui.session.figure_placeholder import FigurePlaceholder

FRAME_MS = 33  # 30 frames a second
SLOW_FRAME_MS = 100  # while a frame moves the figure by less than a pixel: a slow ease
STILL_PX = 1.0  # a frame that moves nothing further than this (pixels) is not painted


def _shift(before: Chain, after: Chain) -> float:
    """How far (in body units) a chain's outer edges moved between two frames: a cheap measure
    of how much it moved, worked out for every frame while the figure moves."""
    return max(abs(a - b) for a, b in zip(before.bounds, after.bounds, strict=True))


def _motion(before: Drawing | None, after: Drawing) -> float:
    """How far (in body units) the figure moved between two frames."""
    if before is None or [c.name for c in before.chains] != [c.name for c in after.chains]:
        return float("inf")
    return max(_shift(old, new) for old, new in zip(before.chains, after.chains, strict=True))


class FigureView(FigurePlaceholder):
    """Shows the figure of the step under way; a stretch without one (a user's own) gets the
    placeholder's words instead."""

    def __init__(self, now: Callable[[], float], parent: QWidget | None = None) -> None:
        """`now`: the session clock's seconds, to move between snapshots."""
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._now = now
        self._snapshot: Snapshot | None = None
        self._scene: Scene | None = None
        self._scenes: dict[tuple[str, bool], Scene] = {}  # by stretch and mirrored
        self._breaths: dict[int, Drawing] = {}  # the step's breath, by phase
        self._drawing: Drawing | None = None
        self._on_screen: Drawing | None = None  # the frame last painted
        # The card with the props, and the marks over the body, kept with where they are and
        # the colours and pixel ratio.
        self._backdrop: tuple[tuple[object, ...], tuple[object, ...], QPixmap, QPixmap] | None = (
            None
        )
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self.advance)

    @property
    def drawing(self) -> Drawing | None:
        """The frame on screen (or about to be)."""
        return self._drawing

    @property
    def animating(self) -> bool:
        return self._timer.isActive()

    @property
    def frame_ms(self) -> int:
        """The wait between two frames while the figure moves."""
        return self._timer.interval()

    def show_step(self, step: PlanStep) -> None:
        """The stretch of a new step; the next advance() draws it."""
        stretch = step.stretch
        self.show_stretch(stretch, step.side if stretch.sided else None)
        self._scene = None
        self._breaths = {}
        if stretch.figure is not None:
            key = (stretch.id, stretch.sided and step.side is Side.LEFT)
            if key not in self._scenes:  # frames of every move: worth working out once
                self._scenes[key] = scene(stretch, key[1])
            self._scene = self._scenes[key]

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """The session as it is now: the figure follows it."""
        self._snapshot = snapshot
        self.advance()

    def advance(self) -> None:
        """Work out the figure for this moment; repaint only where it moved visibly."""
        snapshot = self._snapshot
        step = snapshot.step if snapshot else None
        spec = step.stretch.figure if step else None
        if snapshot is None or step is None or spec is None or self._scene is None:
            self._drawing = None
            self._run_timer()
            return
        elapsed = snapshot.elapsed_at(self._now())
        phase = breath_phase(step, elapsed)
        drawing = self._breaths.get(phase) if phase is not None else None
        if drawing is None:
            frame = frame_at(step, elapsed)
            assert frame is not None  # the step's stretch has a figure
            drawing = frame.drawing(spec)
            if phase is not None:
                self._breaths[phase] = drawing
        if self._scene is not None and self._timer.isActive():
            # A slow ease into position needs no 30 frames a second: at 10 each still moves
            # the figure by about a pixel, for a third of the work.
            moved = _motion(self._drawing, drawing) * self._placement().scale
            interval = FRAME_MS if moved >= STILL_PX else SLOW_FRAME_MS
            if self._timer.interval() != interval:  # setting it starts the wait again
                self._timer.setInterval(interval)
        self._drawing = drawing
        self._repaint_moved(drawing)
        self._run_timer()

    def _repaint_moved(self, drawing: Drawing) -> None:
        before = self._on_screen
        if before is None or self._backdrop is None or self._backdrop[0] != self._props(drawing):
            self.update()
            return
        place = self._placement()
        if [c.name for c in before.chains] != [c.name for c in drawing.chains]:
            self.update(self._pixels(before.body(), place) | self._pixels(drawing.body(), place))
            return
        moved = [
            (old, new)
            for old, new in zip(before.chains, drawing.chains, strict=True)
            if old.parts != new.parts
        ]
        if any(_shift(old, new) * place.scale > STILL_PX for old, new in moved):
            region = QRect()
            for old, new in moved:  # every chain that changed at all, so none is left behind
                region |= self._pixels(old.bounds, place) | self._pixels(new.bounds, place)
            self.update(region)

    @staticmethod
    def _pixels(box: Box, place: Placement) -> QRect:
        """The pixels round a box of the body, with the outline and the antialiased edge."""
        return place.box(box, HALO).toAlignedRect().adjusted(-2, -2, 2, 2)

    def _figure_rect(self) -> QRectF:
        """Where the stage goes: inside the card, with a margin."""
        box = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        inset = min(box.width(), box.height()) * 0.07
        return box.adjusted(inset, inset, -inset, -inset)

    def _placement(self) -> Placement:
        assert self._scene is not None
        return Placement(self._scene.stage, self._figure_rect())

    def _props(self, drawing: Drawing) -> tuple[object, ...]:
        """Where the card, the props and the floor are: if they moved, all is repainted."""
        return (self.size(), id(self._scene), drawing.mat, drawing.cushion)

    def _paint_backdrop(self, painter: QPainter, drawing: Drawing) -> None:
        """The card, the props and the floor, and the marks that go over the body: drawn once
        into two pictures and then copied."""
        colours = theme.current()
        ratio = self.devicePixelRatioF()
        props, look = self._props(drawing), (id(colours), ratio)
        if self._backdrop is None or self._backdrop[:2] != (props, look):
            picture = QPixmap(self.size() * ratio)
            picture.setDevicePixelRatio(ratio)
            on_picture = QPainter(picture)
            self.paint_panel(on_picture)
            assert self._scene is not None and self._snapshot is not None
            step = self._snapshot.step
            assert step is not None and step.stretch.figure is not None
            paint_backdrop(
                on_picture,
                drawing,
                self._scene,
                step.stretch.figure,
                self._placement(),
                self._figure_rect(),
                colours,
            )
            on_picture.end()
            marks = QPixmap(self.size() * ratio)  # the arrows and the letter, over the body
            marks.setDevicePixelRatio(ratio)
            marks.fill(Qt.GlobalColor.transparent)
            on_marks = QPainter(marks)
            paint_marks(on_marks, self._scene, self._placement(), colours)
            on_marks.end()
            self._backdrop = (props, look, picture, marks)
        painter.drawPixmap(0, 0, self._backdrop[2])

    def _run_timer(self) -> None:
        snapshot = self._snapshot
        step = snapshot.step if snapshot else None
        wanted = (
            self.isVisible()
            and self._drawing is not None
            and snapshot is not None
            and step is not None
            and snapshot.state is State.RUNNING
            and moving(step, snapshot.elapsed_at(self._now()))
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
        if self._drawing is None or self._scene is None:
            self.paint_words(painter, self.paint_panel(painter))
            self._on_screen = None
        else:
            self._paint_backdrop(painter, self._drawing)
            place = self._placement()
            paint_body(painter, self._drawing, place, theme.current(), QRectF(event.rect()))
            assert self._backdrop is not None
            painter.drawPixmap(0, 0, self._backdrop[3])
            self._on_screen = self._drawing
        painter.end()
