"""A stretch's figure as an SVG or PNG file, drawn by the same painter as the session view."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QIODevice, QRectF, QSize
from PySide6.QtGui import QImage, QPaintDevice, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication

from desktop_app.core.figure_motion import Frame, work_index
from desktop_app.core.figure_scene import scene
from desktop_app.core.model import Side, Stretch
from desktop_app.ui.look.figure_paint import paint_figure
from desktop_app.ui.look.theme import Theme

FORMATS = (".svg", ".png")
MARGIN = 0.06  # of the picture's size, round the figure


def _paint(
    device: QPaintDevice,
    stretch: Stretch,
    side: Side | None,
    size: int,
    colours: Theme,
    pose: str | None,
) -> None:
    """A key pose on the given side, on the panel colour: the one named, or the one held
    while working (for repetitions, the start of each, with the ghost showing its far end)."""
    spec = stretch.figure
    assert spec is not None
    mirrored = stretch.sided and side is Side.LEFT
    shown = spec.pose(pose) if pose else spec.poses[work_index(stretch, spec)]
    drawing = Frame(shown, mirrored).drawing(spec)
    painter = QPainter(device)
    painter.fillRect(QRectF(0, 0, size, size), colours.panel)
    inset = size * MARGIN
    box = QRectF(inset, inset, size - 2 * inset, size - 2 * inset)
    paint_figure(painter, drawing, scene(stretch, mirrored), spec, box, colours)
    painter.end()


_APP: list[QApplication] = []  # kept for the life of the process


def _fonts_ready() -> None:
    """The side's letter and the muscle's name need Qt's fonts, and those need an
    application; a file needs no screen, so `supple figure` makes one that draws offscreen."""
    if QApplication.instance() is None:
        _APP.append(QApplication(["supple", "-platform", "offscreen"]))


def render_figure(
    stretch: Stretch,
    side: Side | None,
    suffix: str,
    size: int,
    colours: Theme,
    *,
    pose: str | None = None,
) -> bytes:
    """The file's bytes: `suffix` is ".svg" or ".png"; the picture is `size` pixels square."""
    _fonts_ready()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if suffix == ".svg":
        svg = QSvgGenerator()
        svg.setOutputDevice(buffer)
        svg.setSize(QSize(size, size))
        svg.setViewBox(QRectF(0, 0, size, size))
        svg.setTitle(f"{stretch.name}{f', {side.value} side' if side else ''}")
        svg.setDescription("Supple")
        _paint(svg, stretch, side, size, colours, pose)
    else:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        _paint(image, stretch, side, size, colours, pose)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; only str works
    return bytes(buffer.data().data())
