"""What the history's charts share: dates in words, a colour between two, and a labelled
gridline.

Names of days and months are spelled out here rather than taken from the locale, so that
the charts read the same as the rest of the (English) interface."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPen

from desktop_app.ui import theme

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


def mix(base: QColor, top: QColor, amount: float) -> QColor:
    """`top` laid over `base` at `amount` (0 to 1) opacity, as an opaque colour."""
    return QColor.fromRgbF(
        base.redF() + (top.redF() - base.redF()) * amount,
        base.greenF() + (top.greenF() - base.greenF()) * amount,
        base.blueF() + (top.blueF() - base.blueF()) * amount,
    )


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
