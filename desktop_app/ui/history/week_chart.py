"""Minutes stretched per week, as bars: the last twelve weeks, oldest at the left, this week in
the full accent and the others softer, over a few gridlines labelled in minutes."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QPoint, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from desktop_app.core.history_stats import (
    WeekTotal,
    chart_minutes_text,
    minutes_text,
    sessions_text,
)
from desktop_app.ui.history.charts import (
    HoverChart,
    day_month,
    paint_gridline,
    paint_week_dates,
)
from desktop_app.ui.look import theme
from desktop_app.ui.look.theme import mix

EMPTY = "No stretching in these 12 weeks yet"
SOFT = 0.5  # how much accent over the panel for the weeks before this one


def nice_step(top: float, lines: int = 3) -> int:
    """A whole number of minutes between gridlines, so that about `lines` of them reach `top`:
    1, 2 or 5 times a power of ten."""
    raw = max(top, 10.0) / lines  # an axis reaches at least 5 minutes, even when empty
    power = 10 ** math.floor(math.log10(raw))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def week_tooltip(week: WeekTotal) -> str:
    """ "Week of 3 Nov: 42 min in 5 sessions" """
    if week.sessions == 0:
        return f"Week of {day_month(week.start)}: no stretching"
    return (
        f"Week of {day_month(week.start)}: {minutes_text(week.minutes)} "
        f"in {sessions_text(week.sessions)}"
    )


class WeekChart(HoverChart):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Minutes stretched per week", parent)
        self._weeks: tuple[WeekTotal, ...] = ()

    def set_weeks(self, weeks: Sequence[WeekTotal]) -> None:
        self._weeks = tuple(weeks)
        total = sum(w.minutes for w in self._weeks)
        self.setAccessibleDescription(
            f"{minutes_text(total)} in {len(self._weeks)} weeks; "
            f"this week {minutes_text(self._weeks[-1].minutes) if self._weeks else '0 min'}"
        )
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 220)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, 150)

    def _scale(self) -> tuple[int, int]:
        """Minutes between gridlines, and the top of the axis."""
        most = max((w.minutes for w in self._weeks), default=0)
        step = nice_step(most)
        return step, step * max(1, math.ceil(most / step))

    def plot(self) -> QRectF:
        """The area of the bars, inside the axis labels."""
        metrics = QFontMetrics(self._font())
        _step, top = self._scale()
        left = metrics.horizontalAdvance(f"{top} min") + 10
        return QRectF(
            left,
            metrics.height() * 1.5,
            self.width() - left - 4,
            self.height() - metrics.height() * 3,
        )

    def bar(self, index: int) -> QRectF:
        """Week `index`'s slot: its bar takes the middle 60%."""
        return self._bar(index, self.plot(), self._scale()[1])

    def _bar(self, index: int, area: QRectF, top: int) -> QRectF:
        """bar() in a plot area and with an axis top worked out once for every bar."""
        slot = area.width() / max(1, len(self._weeks))
        height = area.height() * (self._weeks[index].minutes / top)
        return QRectF(
            area.left() + slot * (index + 0.2), area.bottom() - height, slot * 0.6, height
        )

    def week_at(self, point: QPoint) -> int | None:
        area = self.plot()
        if not self._weeks or not area.left() <= point.x() < area.right():
            return None
        return min(
            len(self._weeks) - 1, int((point.x() - area.left()) / area.width() * len(self._weeks))
        )

    def tooltip_at(self, point: QPoint) -> str | None:
        index = self.week_at(point)
        return None if index is None else week_tooltip(self._weeks[index])

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._weeks:
            return
        colours = theme.current()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self._font())
        metrics = painter.fontMetrics()
        area = self.plot()
        step, top = self._scale()

        for minutes in range(0, top + 1, step):
            y = area.bottom() - area.height() * minutes / top
            paint_gridline(painter, area, y, f"{minutes} min", colours)

        slot = area.width() / len(self._weeks)
        last = len(self._weeks) - 1
        for index, week in enumerate(self._weeks):
            rect = self._bar(index, area, top)
            current = index == last
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(
                colours.accent if current else mix(colours.panel, colours.accent, SOFT)
            )
            painter.drawRoundedRect(rect, 3, 3)
            painter.setPen(colours.text if current else colours.muted)
            amount = chart_minutes_text(week.minutes)  # rounded as the tiles round
            if week.minutes > 0 and rect.width() >= metrics.horizontalAdvance(amount):
                value = QRectF(
                    rect.left() - slot,
                    rect.top() - metrics.height() - 2,
                    rect.width() + 2 * slot,
                    metrics.height(),
                )
                painter.drawText(value, Qt.AlignmentFlag.AlignCenter, amount)

        mondays = [week.start for week in self._weeks]
        paint_week_dates(painter, mondays, area, 4, self.width(), colours)

        if not any(w.minutes for w in self._weeks):
            painter.setPen(colours.muted)
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, EMPTY)
        painter.end()
