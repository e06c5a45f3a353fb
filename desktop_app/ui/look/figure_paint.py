"""Draws a figure's frame with QPainter, for the session view and for the exported files alike:
rounded limbs, the far side lighter, the worked area in the accent colour, props in quiet tones
behind, the floor across the whole width."""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF

from desktop_app.core.figure import (
    CUSHION_HALF_WIDTH,
    CUSHION_HEIGHT,
    Box,
    Drawing,
    Head,
    Limb,
    Tone,
)
from desktop_app.core.figure_motion import STAGE_MARGIN
from desktop_app.ui.look.theme import Theme, mix

MAT_THICKNESS = 1.6
FLOOR_WIDTH = 0.9  # in body units
HALO = 0.9
SHARP_SCALE = 5.0  # pixels to a body unit from which the gap round a limb is drawn aliased


class Placement:
    """Body units to pixels: the stage fitted into a rectangle, centred, keeping its shape."""

    def __init__(self, stage: Box, rect: QRectF) -> None:
        self.stage = stage
        left, bottom, right, top = stage
        self.scale = min(rect.width() / (right - left), rect.height() / (top - bottom))
        self.x0 = rect.center().x() - (left + right) / 2 * self.scale
        self.y0 = rect.center().y() + (bottom + top) / 2 * self.scale

    def point(self, x: float, y: float) -> QPointF:
        return QPointF(self.x0 + x * self.scale, self.y0 - y * self.scale)

    def box(self, box: Box, grow: float = 0.0) -> QRectF:
        """A box in body units as pixels, grown on every side by `grow` body units."""
        left, bottom, right, top = box
        return QRectF(self.point(left - grow, top + grow), self.point(right + grow, bottom - grow))


def paint_figure(
    painter: QPainter, drawing: Drawing, stage: Box, rect: QRectF, colours: Theme
) -> None:
    """The whole frame: props, floor and body."""
    place = Placement(stage, rect)
    paint_props(painter, drawing, place, rect, colours)
    paint_body(painter, drawing, place, colours)


def paint_props(
    painter: QPainter, drawing: Drawing, place: Placement, rect: QRectF, colours: Theme
) -> None:
    """What does not move with the body: chair, wall, mat, cushion and the floor line across
    the whole of `rect`."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = place.scale
    prop_fill = mix(colours.panel, colours.line, 0.8)
    prop_edge = mix(colours.panel, colours.muted, 0.55)
    painter.setPen(QPen(prop_edge, max(1.0, 0.5 * s)))
    painter.setBrush(prop_fill)
    for panel in drawing.panels:
        painter.drawPolygon(QPolygonF([place.point(x, y) for x, y in panel]))
    if drawing.mat:  # from one end of the stage to the other, so it stays put
        left, _, right, _ = place.stage
        corner = place.point(left + STAGE_MARGIN, MAT_THICKNESS)
        mat = QRectF(corner, place.point(right - STAGE_MARGIN, 0))
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
    painter.restore()


def paint_body(
    painter: QPainter,
    drawing: Drawing,
    place: Placement,
    colours: Theme,
    within: QRectF | None = None,
) -> None:
    """The body, chain by chain from the farthest: a chain that lies over another is first
    outlined in the panel's colour, so that each limb reads where they cross, while its own
    joints show no seam. With `within`, the chains wholly outside it are left out."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    tones = {
        Tone.NEAR: colours.text,
        Tone.FAR: mix(colours.panel, colours.text, 0.45),
        Tone.TARGET: colours.accent,
    }
    pens: dict[tuple[object, float], QPen] = {}

    def pen(colour: QColor, width: float) -> QPen:
        key = (colour.rgba(), width)
        if key not in pens:
            pens[key] = QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        return pens[key]

    s = place.scale
    for chain in drawing.chains:
        if within is not None and not place.box(chain.bounds, HALO + 1).intersects(within):
            continue
        limbs = [
            (part, QLineF(place.point(*part.a), place.point(*part.b)))
            for part in chain.parts
            if isinstance(part, Limb)
        ]
        heads = [part for part in chain.parts if isinstance(part, Head)]  # the trunk's, at its end
        if chain.crosses:
            # Large, the gap's outer edge needs no antialiasing (a step of one pixel on a limb
            # forty wide), and leaving it out saves a quarter of a full-screen frame.
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, s < SHARP_SCALE)
            for limb, line in limbs:
                painter.setPen(pen(colours.panel, (2 * limb.radius + 2 * HALO) * s))
                painter.drawLine(line)
            for head in heads:
                _paint_disc(painter, head, place, colours.panel, HALO)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for limb, line in limbs:
            painter.setPen(pen(tones[limb.tone], 2 * limb.radius * s))
            painter.drawLine(line)
        for head in heads:
            _paint_head(painter, head, place, colours)
    painter.restore()


def _paint_disc(
    painter: QPainter, head: Head, place: Placement, colour: QColor, grow: float
) -> None:
    radius = (head.radius + grow) * place.scale
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawEllipse(place.point(*head.centre), radius, radius)


def _paint_head(painter: QPainter, head: Head, place: Placement, colours: Theme) -> None:
    _paint_disc(painter, head, place, colours.text, 0.0)
    radius = head.radius * place.scale
    painter.setBrush(colours.panel)
    for eye in head.eyes:
        painter.drawEllipse(place.point(*eye), radius * 0.16, radius * 0.16)
