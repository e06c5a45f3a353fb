"""The countdown: a ring that empties as the step runs, with the seconds in large figures in
the middle, sized to the widget so they can be read from across the room."""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop_app.ui import theme


def seconds_shown(remaining: float) -> int:
    """The digit a countdown shows: 30 for the whole first second of a 30 s hold, 1 in the
    last, and 0 only at the end."""
    return max(0, math.ceil(remaining - 1e-6))


def clock_text(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}" if seconds >= 60 else str(seconds)


class CountdownRing(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)
        self._fraction = 1.0  # of the arc still to run
        self._big = ""
        self._small = ""
        self._colour: QColor | None = None
        self._dimmed = False
        self._pulse = False
        self.setAccessibleName("Countdown")

    def sizeHint(self) -> QSize:
        return QSize(320, 320)

    def show_time(
        self,
        fraction: float,
        big: str,
        small: str = "",
        colour: QColor | None = None,
        *,
        dimmed: bool = False,
    ) -> None:
        """`fraction` of the ring left to run (0 to 1), `big` in the middle (the seconds or the
        rep), `small` under it."""
        fraction = min(1.0, max(0.0, fraction))
        changed = (big, small, colour, dimmed) != (
            self._big,
            self._small,
            self._colour,
            self._dimmed,
        )
        if not changed and abs(fraction - self._fraction) < 1e-4:
            return
        self._fraction = fraction
        if changed:
            self.setAccessibleDescription(f"{big} {small}".strip())
        self._big, self._small, self._colour, self._dimmed = big, small, colour, dimmed
        self.update()

    @property
    def text(self) -> str:
        return self._big

    @property
    def pulsing(self) -> bool:
        return self._pulse

    def set_pulse(self, on: bool) -> None:
        """Fill the ring for a moment: what a cue would have said, when nothing can be heard."""
        if on != self._pulse:
            self._pulse = on
            self.update()

    def digit_pixel_size(self) -> int:
        return int(self._diameter() * (0.36 if len(self._big) <= 2 else 0.26))

    def _diameter(self) -> float:
        return float(min(self.width(), self.height()))

    def paintEvent(self, event: QPaintEvent) -> None:
        colours = theme.current()
        side = self._diameter()
        pen_width = max(6.0, side * 0.045)
        square = QRectF(
            (self.width() - side) / 2 + pen_width / 2,
            (self.height() - side) / 2 + pen_width / 2,
            side - pen_width,
            side - pen_width,
        )
        colour = QColor(self._colour or colours.accent)
        if self._dimmed:
            colour = QColor(colours.muted)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(colours.line, pen_width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        if self._pulse:
            fill = QColor(colour)
            fill.setAlpha(60)
            painter.setBrush(fill)
        painter.drawEllipse(square)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if self._fraction > 0:
            painter.setPen(QPen(colour, pen_width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            # Qt counts angles in 1/16 degree, anticlockwise from three o'clock: start at
            # twelve and run clockwise.
            painter.drawArc(square, 90 * 16, -round(self._fraction * 360 * 16))
        font = QFont(self.font())
        font.setPixelSize(max(12, self.digit_pixel_size()))
        font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        painter.setPen(colours.text if not self._dimmed else colours.muted)
        big_box = QRectF(square.x(), square.y(), square.width(), square.height() * 0.92)
        painter.drawText(big_box, Qt.AlignmentFlag.AlignCenter, self._big)
        if self._small:
            small = QFont(self.font())
            small.setPixelSize(max(11, int(side * 0.07)))
            painter.setFont(small)
            painter.setPen(colours.muted)
            below = QRectF(
                square.x(), square.center().y() + side * 0.17, square.width(), side * 0.12
            )
            painter.drawText(
                below, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, self._small
            )
        painter.end()
