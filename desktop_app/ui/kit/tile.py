"""A figure on a card: a large value over a muted caption ("5:16" over "stretching"), as the
summary and the history pages show their totals."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QWidget


class Tile(QLabel):
    def __init__(self, parent: QWidget, min_height: int, scale: float) -> None:
        super().__init__(parent)
        self._scale = scale
        self.setObjectName("card")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumHeight(min_height)

    def show_figure(self, value: str, caption: str, muted: QColor) -> None:
        """`muted`, the caption's colour, is written into the text: call again when the palette
        changes."""
        big = round(self.font().pointSizeF() * self._scale)
        self.setText(
            f"<div style='font-size:{big}pt; font-weight:600'>{value}</div>"
            f"<div style='color:{muted.name()}'>{caption}</div>"
        )
        self.setAccessibleName(f"{value} {caption}")
