"""An SVG drawn into a square image by Qt's own renderer (other SVG readers draw ours
differently): the icons, the tray's glyph and their checks all draw it this one way."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer


def blank(size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    return image


def svg_image(renderer: QSvgRenderer, size: int) -> QImage:
    """`renderer`'s picture, antialiased, on a transparent `size` x `size` image."""
    image = blank(size)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image
