"""Draws a figure with QPainter, for the session view and for the exported files alike: the body
in filled shapes (the far side lighter, shorts and hair darker), the muscle in the accent colour,
and round it what stays put: props in quiet tones, the floor across the whole width, the faint
ghost of the start pose, the arrows, the side's letter and the muscle's name."""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPolygonF, QTransform

from desktop_app.core.figure import MUSCLE_NAMES, FigureSpec
from desktop_app.core.figure_body import CUSHION_HEIGHT
from desktop_app.core.figure_drawing import (
    CUSHION_HALF_WIDTH,
    HALO,
    Box,
    Drawing,
    Poly,
    Tone,
)
from desktop_app.core.figure_scene import STAGE_MARGIN, Scene
from desktop_app.ui.look.theme import Theme, mix

MAT_THICKNESS = 1.6
FLOOR_WIDTH = 0.9  # in body units
ARROW_WIDTH = 1.6
ARROW_HEAD = 5.5
SHARP_SCALE = 5.0  # pixels to a body unit from which the gap round a limb is drawn aliased


class Placement:
    """Body units to pixels: the stage fitted into a rectangle, centred, keeping its shape."""

    def __init__(self, stage: Box, rect: QRectF) -> None:
        self.stage = stage
        left, bottom, right, top = stage
        self.scale = min(rect.width() / (right - left), rect.height() / (top - bottom))
        self.x0 = rect.center().x() - (left + right) / 2 * self.scale
        self.y0 = rect.center().y() + (bottom + top) / 2 * self.scale
        self.transform = QTransform(self.scale, 0, 0, -self.scale, self.x0, self.y0)

    def point(self, x: float, y: float) -> QPointF:
        return QPointF(self.x0 + x * self.scale, self.y0 - y * self.scale)

    def box(self, box: Box, grow: float = 0.0) -> QRectF:
        """A box in body units as pixels, grown on every side by `grow` body units."""
        left, bottom, right, top = box
        return QRectF(self.point(left - grow, top + grow), self.point(right + grow, bottom - grow))


def tones(colours: Theme) -> dict[Tone, QColor]:
    return {
        Tone.NEAR: mix(colours.panel, colours.text, 0.6),
        Tone.FAR: mix(colours.panel, colours.text, 0.42),
        Tone.CLOTH: mix(colours.panel, colours.text, 0.92),
        Tone.HAIR: mix(colours.panel, colours.text, 0.85),
        Tone.FEATURE: colours.panel,
        Tone.MUSCLE: colours.accent,
    }


def paint_figure(
    painter: QPainter,
    drawing: Drawing,
    scene: Scene,
    spec: FigureSpec,
    rect: QRectF,
    colours: Theme,
) -> None:
    """The whole frame: what stays put, then the body."""
    place = Placement(scene.stage, rect)
    paint_backdrop(painter, drawing, scene, spec, place, rect, colours)
    paint_body(painter, drawing, place, colours)
    paint_marks(painter, scene, place, colours)


def paint_backdrop(
    painter: QPainter,
    drawing: Drawing,
    scene: Scene,
    spec: FigureSpec,
    place: Placement,
    rect: QRectF,
    colours: Theme,
) -> None:
    """What does not move with the body: chair, wall, mat, cushion, the floor line across the
    whole of `rect`, the ghost and the muscle's name."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = place.scale
    prop_fill = mix(colours.panel, colours.line, 0.8)
    prop_edge = mix(colours.panel, colours.muted, 0.55)
    painter.setPen(QPen(prop_edge, max(1.0, 0.5 * s)))
    painter.setBrush(prop_fill)
    for panel in scene.panels:
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
    if scene.ghost is not None:
        _paint_ghost(painter, scene.ghost, place, mix(colours.panel, colours.text, 0.1))
    _paint_name(painter, spec, rect, colours)
    painter.restore()


def paint_marks(painter: QPainter, scene: Scene, place: Placement, colours: Theme) -> None:
    """The arrows and the side's letter, over the body."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for arrow in scene.arrows:
        _paint_arrow(painter, arrow, place, colours)
    if scene.badge is not None:
        _paint_badge(painter, scene, place, colours)
    painter.restore()


def _paint_ghost(painter: QPainter, ghost: Drawing, place: Placement, colour: QColor) -> None:
    painter.save()
    painter.setTransform(place.transform, combine=True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    for chain in ghost.chains:
        if chain.name != "muscle":
            _fill(painter, chain.parts)
    painter.restore()


def _paint_arrow(
    painter: QPainter, arrow: tuple[tuple[float, float], ...], place: Placement, colours: Theme
) -> None:
    """A thick curved shaft with a head, over a margin of the card's colour so that it reads
    where it crosses the body."""
    (px, py), (x, y) = arrow[-2], arrow[-1]
    angle = math.atan2(y - py, x - px)
    head = [
        (x + math.cos(angle) * ARROW_HEAD * 0.6, y + math.sin(angle) * ARROW_HEAD * 0.6),
        (
            x + math.cos(angle + 2.5) * ARROW_HEAD * 0.75,
            y + math.sin(angle + 2.5) * ARROW_HEAD * 0.75,
        ),
        (
            x + math.cos(angle - 2.5) * ARROW_HEAD * 0.75,
            y + math.sin(angle - 2.5) * ARROW_HEAD * 0.75,
        ),
    ]
    shaft = QPolygonF([QPointF(*p) for p in arrow])
    tip = QPolygonF([QPointF(*p) for p in head])
    painter.save()
    painter.setTransform(place.transform, combine=True)
    for colour, grow in ((colours.panel, 1.2), (colours.text, 0.0)):
        painter.setPen(
            QPen(
                colour,
                ARROW_WIDTH + grow,
                Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap,
                Qt.PenJoinStyle.RoundJoin,
            )
        )
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolyline(shaft)
        painter.setBrush(colour)
        painter.drawPolygon(tip)
    painter.restore()


def _paint_badge(painter: QPainter, scene: Scene, place: Placement, colours: Theme) -> None:
    badge = scene.badge
    assert badge is not None
    colour = colours.left if badge.letter == "L" else colours.right
    centre = place.point(*badge.centre)
    radius = badge.radius * place.scale
    painter.setPen(QPen(colours.panel, max(1.0, 0.5 * place.scale)))
    painter.setBrush(colour)
    painter.drawEllipse(centre, radius, radius)
    font = QFont(painter.font())
    font.setPixelSize(max(8, round(radius * 1.25)))
    font.setWeight(QFont.Weight.Bold)
    painter.setFont(font)
    painter.setPen(colours.on_accent)
    box = QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius)
    painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), badge.letter)


def _paint_name(painter: QPainter, spec: FigureSpec, rect: QRectF, colours: Theme) -> None:
    """The muscle's name in the card's top left corner, beside a swatch of its colour."""
    names = [MUSCLE_NAMES[muscle] for muscle in spec.muscles]
    if not names:
        return
    size = max(11, round(min(rect.width(), rect.height()) * 0.045))
    font = QFont(painter.font())
    font.setPixelSize(size)
    font.setWeight(QFont.Weight.DemiBold)
    painter.setFont(font)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colours.accent)
    swatch = QRectF(rect.left(), rect.top() + size * 0.25, size * 0.8, size * 0.8)
    painter.drawRoundedRect(swatch, size * 0.2, size * 0.2)
    painter.setPen(colours.text)
    text = QRectF(swatch.right() + size * 0.4, rect.top(), rect.width(), size * 1.4)
    painter.drawText(
        text, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), " · ".join(names)
    )


def paint_body(
    painter: QPainter,
    drawing: Drawing,
    place: Placement,
    colours: Theme,
    within: QRectF | None = None,
) -> None:
    """The body, chain by chain from the farthest: a chain that lies over another is first
    outlined in the card's colour, so that each limb reads where they cross, while its own
    joints show no seam. With `within`, the chains wholly outside it are left out."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setTransform(place.transform, combine=True)
    painter.setPen(Qt.PenStyle.NoPen)
    colour = tones(colours)
    s = place.scale
    for chain in drawing.chains:
        if within is not None and not place.box(chain.bounds, HALO + 1).intersects(within):
            continue
        if chain.halo:
            # Large, the gap's outer edge needs no antialiasing (a step of one pixel on a limb
            # forty wide), and leaving it out saves a quarter of a full-screen frame.
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, s < SHARP_SCALE)
            painter.setBrush(colours.panel)
            _fill(painter, chain.halo)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        _fill(painter, chain.parts, colour)
    painter.restore()


def _fill(
    painter: QPainter, parts: tuple[Poly, ...], colour: dict[Tone, QColor] | None = None
) -> None:
    """Each part in its tone's colour, or with the brush already set."""
    brush: Tone | None = None
    for part in parts:
        if colour is not None and part.tone is not brush:
            brush = part.tone
            painter.setBrush(colour[brush])
        painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in part.points]))
