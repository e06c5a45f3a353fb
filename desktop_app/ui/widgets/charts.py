"""What the history's two charts share: dates and amounts in words, and a colour between two.

Names of days and months are spelled out here rather than taken from the locale, so that
the charts read the same as the rest of the (English) interface."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QColor

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_month(day: date) -> str:
    """ "3 Nov" """
    return f"{day.day} {MONTH_NAMES[day.month - 1]}"


def mix(base: QColor, top: QColor, amount: float) -> QColor:
    """`top` laid over `base` at `amount` (0 to 1) opacity, as an opaque colour."""
    return QColor.fromRgbF(
        base.redF() + (top.redF() - base.redF()) * amount,
        base.greenF() + (top.greenF() - base.greenF()) * amount,
        base.blueF() + (top.blueF() - base.blueF()) * amount,
    )
