"""What the history's charts share: the widget (the smaller text, a tooltip that follows the
pointer), dates in words and under the weeks, and a labelled gridline.

Names of days and months are spelled out here rather than taken from the locale, so that
the charts read the same as the rest of the (English) interface."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QPoint, QPointF, QRectF
from PySide6.QtGui import QFont, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop_app.ui.kit.fonts import scaled_font
from desktop_app.ui.look import theme

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_month(day: date) -> str:
    """ "3 Nov" """
    return f"{day.day} {MONTH_NAMES[day.month - 1]}"


def weekday_day_month(day: date) -> str:
    """ "Mon 3 Nov" """
    return f"{DAY_NAMES[day.weekday()]} {day_month(day)}"


def label_every(slot: float, label: float) -> int:
    """Date every how many weeks, so that dates `label` pixels wide do not run into each other
    `slot` pixels apart."""
    return next((n for n in (1, 2, 3, 4, 6) if n * slot >= label + 6), 12)


def paint_gridline(
    painter: QPainter, area: QRectF, y: float, label: str, colours: theme.Theme
) -> None:
    """A line across `area` at height `y`, with `label` in the margin at its left."""
    metrics = painter.fontMetrics()
    painter.setPen(QPen(colours.line, 1))
    painter.drawLine(int(area.left()), round(y), int(area.right()), round(y))
    painter.setPen(colours.muted)
    x = int(area.left() - 8 - metrics.horizontalAdvance(label))
    painter.drawText(x, round(y + metrics.ascent() / 2 - 1), label)


def paint_week_dates(
    painter: QPainter,
    mondays: Sequence[date],
    area: QRectF,
    gap: float,
    right: float,
    colours: theme.Theme,
) -> None:
    """The weeks' dates under the middle of their slots across `area`, from this week back,
    every few weeks so that they do not run into each other: this week's in the text's colour
    and kept left of `right` (the widget's edge), the others softer, and one that would run
    into the date after it left out."""
    metrics = painter.fontMetrics()
    slot = area.width() / len(mondays)
    every = label_every(slot, metrics.horizontalAdvance("30 Nov"))
    baseline = area.bottom() + gap + metrics.ascent()
    last = len(mondays) - 1
    painter.setPen(colours.text)
    for index in range(last, -1, -every):
        label = day_month(mondays[index])
        wide = metrics.horizontalAdvance(label)
        x = area.left() + slot * (index + 0.5) - wide / 2
        if index == last:
            x = min(x, right - wide - 1)
        elif x + wide + 6 > right:
            continue
        painter.drawText(QPointF(x, baseline), label)
        painter.setPen(colours.muted)
        right = x


class HoverChart(QWidget):
    """A chart of the History page: as wide as it is given, in the page's smaller text, with a
    tooltip for what is under the pointer (tooltip_at)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName(name)
        self.setMouseTracking(True)

    def _font(self) -> QFont:
        return scaled_font(self, 0.85)

    def tooltip_at(self, point: QPoint) -> str | None:
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        # The tooltip follows what is under the pointer (mouse tracking is on).
        self.setToolTip(self.tooltip_at(event.position().toPoint()) or "")
        super().mouseMoveEvent(event)
