"""Draws a figure's frame with QPainter, for the session view and for the exported files alike:
rounded limbs, the far side lighter, the worked area in the accent colour, props in quiet tones
behind, the floor across the whole width."""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF

from desktop_app.core.figure import CUSHION_HALF_WIDTH, CUSHION_HEIGHT, Drawing, Head, Limb, Tone
from desktop_app.core.figure_motion import Box
from desktop_app.ui.theme import Theme
from desktop_app.ui.widgets.charts import mix

MAT_THICKNESS = 1.6
FLOOR_WIDTH = 0.9  # in body units
HALO = 0.9


class Placement:
    """Body units to pixels: the stage fitted into a rectangle, centred, keeping its shape."""

    def __init__(self, stage: Box, rect: QRectF) -> None:
        left, bottom, right, top = stage
        self.scale = min(rect.width() / (right - left), rect.height() / (top - bottom))
        self.x0 = rect.center().x() - (left + right) / 2 * self.scale
        self.y0 = rect.center().y() + (bottom + top) / 2 * self.scale

    def point(self, x: float, y: float) -> QPointF:
        return QPointF(self.x0 + x * self.scale, self.y0 - y * self.scale)


def paint_figure(
    painter: QPainter, drawing: Drawing, stage: Box, rect: QRectF, colours: Theme
) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    place = Placement(stage, rect)
    s = place.scale
    prop_fill = mix(colours.panel, colours.line, 0.8)
    prop_edge = mix(colours.panel, colours.muted, 0.55)

    painter.setPen(QPen(prop_edge, max(1.0, 0.5 * s)))
    painter.setBrush(prop_fill)
    for panel in drawing.panels:
        painter.drawPolygon(QPolygonF([place.point(x, y) for x, y in panel]))
    if drawing.mat is not None:
        left, right = drawing.mat
        corner = place.point(left, MAT_THICKNESS)
        mat = QRectF(corner, place.point(right, 0))
        painter.drawRoundedRect(mat, 0.8 * s, 0.8 * s)
    if drawing.cushion is not None:
        x, top = drawing.cushion
        cushion = QRectF(
            place.point(x - CUSHION_HALF_WIDTH, top), place.point(x + CUSHION_HALF_WIDTH, 0)
        )
        painter.drawRoundedRect(cushion, CUSHION_HEIGHT * 0.45 * s, CUSHION_HEIGHT * 0.45 * s)
    floor_y = place.point(0, 0).y()
    painter.setPen(
        QPen(prop_edge, max(1.0, FLOOR_WIDTH * s), Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap)
    )
    painter.drawLine(QLineF(rect.left(), floor_y, rect.right(), floor_y))

    tones = {
        Tone.NEAR: colours.text,
        Tone.FAR: mix(colours.panel, colours.text, 0.45),
        Tone.TARGET: colours.accent,
    }
    painter.setBrush(Qt.BrushStyle.NoBrush)
    halo = QPen(colours.panel)
    halo.setCapStyle(Qt.PenCapStyle.RoundCap)
    for part in drawing.parts:
        if isinstance(part, Limb):
            line = QLineF(place.point(*part.a), place.point(*part.b))
            if part.tone is not Tone.TARGET:  # a thin gap where limbs cross, so each reads
                halo.setWidthF((2 * part.radius + 2 * HALO) * s)
                painter.setPen(halo)
                painter.drawLine(line)
            pen = QPen(tones[part.tone], 2 * part.radius * s)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.drawLine(line)
        else:
            _paint_head(painter, part, place, colours)
    painter.restore()


def _paint_head(painter: QPainter, head: Head, place: Placement, colours: Theme) -> None:
    radius = head.radius * place.scale
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colours.panel)
    painter.drawEllipse(
        place.point(*head.centre), radius + HALO * place.scale, radius + HALO * place.scale
    )
    painter.setBrush(colours.text)
    painter.drawEllipse(place.point(*head.centre), radius, radius)
    painter.setBrush(QColor(colours.panel))
    for eye in head.eyes:
        painter.drawEllipse(place.point(*eye), radius * 0.16, radius * 0.16)
