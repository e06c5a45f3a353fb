"""Fonts scaled from the widget's own, so that they follow the desktop's size setting."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QWidget


def scaled_font(widget: QWidget, scale: float, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setWeight(weight)
    return font
