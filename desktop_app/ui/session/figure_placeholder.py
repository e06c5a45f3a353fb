"""Where the pose's illustration goes. Until the figures exist it shows, cleanly, what the
figure will: the position to take, the side and the muscles being worked."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop_app.core.model import Side, Stretch
from desktop_app.core.overview import POSITION_WORDS
from desktop_app.ui.look import theme


class FigurePlaceholder(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(140, 140)
        self._lines: tuple[str, str, str] = ("", "", "")
        self._side: Side | None = None

    def sizeHint(self) -> QSize:
        return QSize(320, 320)

    def show_stretch(self, stretch: Stretch | None, side: Side | None) -> None:
        if stretch is None:
            lines = ("", "", "")
        else:
            side_text = f"{side.value} side" if side is not None and stretch.sided else ""
            lines = (POSITION_WORDS[stretch.position], side_text, "\n".join(stretch.targets))
        if (lines, side) != (self._lines, self._side):
            self._lines, self._side = lines, side
            self.setAccessibleName(" ".join(part for part in lines if part))
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.paint_words(painter, self.paint_panel(painter))
        painter.end()

    def paint_panel(self, painter: QPainter) -> QRectF:
        """The rounded card everything is drawn on; returns its rectangle."""
        colours = theme.current()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), colours.window)
        box = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        radius = min(box.width(), box.height()) * 0.06
        painter.setPen(QPen(colours.line, 1.5))
        painter.setBrush(colours.panel)
        painter.drawRoundedRect(box, radius, radius)
        return box

    def paint_words(self, painter: QPainter, box: QRectF) -> None:
        colours = theme.current()
        position, side_text, targets = self._lines
        size = min(box.width(), box.height())
        font = QFont(self.font())
        font.setPixelSize(max(14, int(size * 0.09)))
        font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        painter.setPen(colours.text)
        inner = box.adjusted(size * 0.08, size * 0.08, -size * 0.08, -size * 0.08)
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap
        top = QRectF(inner.x(), inner.y() + inner.height() * 0.22, inner.width(), size * 0.14)
        painter.drawText(top, int(flags | Qt.AlignmentFlag.AlignBottom), position)
        if side_text:
            font.setPixelSize(max(12, int(size * 0.065)))
            painter.setFont(font)
            painter.setPen(colours.side(self._side))
            middle = QRectF(inner.x(), top.bottom() + size * 0.03, inner.width(), size * 0.1)
            painter.drawText(middle, int(flags | Qt.AlignmentFlag.AlignTop), side_text.upper())
        small = QFont(self.font())
        small.setPixelSize(max(11, int(size * 0.05)))
        painter.setFont(small)
        painter.setPen(colours.muted)
        bottom = QRectF(
            inner.x(), inner.y() + inner.height() * 0.6, inner.width(), inner.height() * 0.4
        )
        painter.drawText(bottom, int(flags | Qt.AlignmentFlag.AlignTop), targets)
