"""The countdown: a ring that empties as the step runs, with the seconds in large figures in
the middle, sized to the widget so they can be read from across the room."""

from __future__ import annotations

import math

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop_app.ui.look import theme

# A tick that moves the arc's end less than this (a share of the ring) repaints only round
# its end, where the pixels change; the bounding box of both ends holds the arc between.
ARC_STEP = 0.05


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
        self._kept: tuple[tuple[object, ...], QPixmap] | None = None  # the face, by what it shows
        # It paints its whole area, the window's colour included, so nothing behind it repaints.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
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
        before, self._fraction = self._fraction, fraction
        if changed:
            self.setAccessibleDescription(f"{big} {small}".strip())
            self._big, self._small, self._colour, self._dimmed = big, small, colour, dimmed
            self.update()
        elif abs(fraction - before) < ARC_STEP:  # only the end of the arc moved: repaint that
            self.update(self._arc_end(before).united(self._arc_end(fraction)))
        else:
            self.update()

    def _geometry(self) -> tuple[QRectF, float]:
        """The square the ring's line runs through, and the line's width."""
        side = self._diameter()
        pen_width = max(6.0, side * 0.045)
        square = QRectF(
            (self.width() - side) / 2 + pen_width / 2,
            (self.height() - side) / 2 + pen_width / 2,
            side - pen_width,
            side - pen_width,
        )
        return square, pen_width

    def _arc_end(self, fraction: float) -> QRect:
        """The pixels round the arc's end (its round cap, and the antialiased edge)."""
        square, pen_width = self._geometry()
        angle = 2 * math.pi * fraction  # clockwise from twelve o'clock
        radius = square.width() / 2
        x = square.center().x() + radius * math.sin(angle)
        y = square.center().y() - radius * math.cos(angle)
        reach = pen_width / 2 + 2
        return QRectF(x - reach, y - reach, 2 * reach, 2 * reach).toAlignedRect()

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
        return int(self._diameter() * (0.42 if len(self._big) <= 2 else 0.29))

    def _diameter(self) -> float:
        return float(min(self.width(), self.height()))

    def paintEvent(self, event: QPaintEvent) -> None:
        colours = theme.current()
        square, pen_width = self._geometry()
        colour = QColor(colours.muted if self._dimmed else (self._colour or colours.accent))
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._face(colours, colour, square, pen_width))
        if self._fraction > 0:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(colour, pen_width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            # Qt counts angles in 1/16 degree, anticlockwise from three o'clock: start at
            # twelve and run clockwise.
            painter.drawArc(square, 90 * 16, -round(self._fraction * 360 * 16))
        painter.end()

    def _face(
        self, colours: theme.Theme, colour: QColor, square: QRectF, pen_width: float
    ) -> QPixmap:
        """Everything but the arc: it changes only with the second shown, so it is drawn
        once into a picture that each tenth of a second copies."""
        ratio = self.devicePixelRatioF()
        key = (
            self.size(),
            ratio,
            id(colours),
            self._big,
            self._small,
            colour.rgba(),
            self._dimmed,
            self._pulse,
        )
        if self._kept is not None and self._kept[0] == key:
            return self._kept[1]
        face = QPixmap(self.size() * ratio)
        face.setDevicePixelRatio(ratio)
        face.fill(colours.window)
        painter = QPainter(face)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(colours.line, pen_width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        if self._pulse:
            fill = QColor(colour)
            fill.setAlpha(60)
            painter.setBrush(fill)
        painter.drawEllipse(square)
        side = self._diameter()
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
        self._kept = (key, face)
        return face
