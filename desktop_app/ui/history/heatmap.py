"""The last twelve weeks as a calendar, one square a day and a column a week (Monday at the
top), the accent deeper the longer the user stretched that day."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop_app.core.history_stats import WEEKS, DayTotal, minutes_text, sessions_text
from desktop_app.ui.history.charts import (
    DAY_NAMES,
    MONTH_NAMES,
    HoverChart,
    weekday_day_month,
)
from desktop_app.ui.look import theme
from desktop_app.ui.look.theme import mix

DAYS = 7
LEVEL_FROM = (0, 5, 10, 20)  # minutes where levels 1 to 4 begin (level 1: any stretching)
LEVEL_SHADES = (0.35, 0.55, 0.78, 1.0)  # how much accent over the panel, levels 1 to 4
LABELLED_ROWS = (0, 2, 4)  # Mon, Wed, Fri: every row would crowd small squares
MIN_PITCH, HINT_PITCH, MAX_PITCH = 12, 24, 44  # pixels from one square to the next


def level(minutes: float) -> int:
    """0 for a day without stretching, then 1 to 4: under 5 minutes, under 10, under 20, more."""
    if minutes <= 0:
        return 0
    return sum(minutes >= start for start in LEVEL_FROM)


def shade(colours: theme.Theme, day_level: int) -> QColor:
    if day_level == 0:
        return colours.line
    return mix(colours.panel, colours.accent, LEVEL_SHADES[day_level - 1])


def day_tooltip(day: DayTotal) -> str:
    """ "Mon 3 Nov: 2 sessions, 14 min" """
    head = weekday_day_month(day.day)
    if day.sessions == 0:
        return f"{head}: no stretching"
    return f"{head}: {sessions_text(day.sessions)}, {minutes_text(day.minutes)}"


def month_labels(days: Sequence[DayTotal]) -> list[tuple[int, str]]:
    """(column, "Nov") for each column in which a month begins. The first column is named
    after its month as well, unless the next name comes so soon that the two would overlap."""
    labels = []
    for column in range(len(days) // DAYS):
        week = days[column * DAYS : (column + 1) * DAYS]
        first = next((d.day for d in week if d.day.day == 1), None)
        if first is not None:
            labels.append((column, MONTH_NAMES[first.month - 1]))
    if days and (not labels or labels[0][0] >= 3):
        labels.insert(0, (0, MONTH_NAMES[days[0].day.month - 1]))
    return labels


@dataclass(frozen=True)
class Grid:
    """Where the squares are: week `c`, weekday `r` starts at (left + c*pitch, top + r*pitch)."""

    left: int
    top: int
    pitch: int

    @property
    def gap(self) -> int:
        return max(2, round(self.pitch * 0.18))

    @property
    def cell(self) -> int:
        return self.pitch - self.gap

    @property
    def right(self) -> int:
        return self.left + WEEKS * self.pitch - self.gap

    @property
    def bottom(self) -> int:
        return self.top + DAYS * self.pitch - self.gap

    def rect(self, index: int) -> QRect:
        column, row = divmod(index, DAYS)
        x, y = self.left + column * self.pitch, self.top + row * self.pitch
        return QRect(x, y, self.cell, self.cell)

    def index_at(self, x: float, y: float) -> int | None:
        """The day under a point. The gap after a square counts as the square's, so that a
        tooltip does not flicker off between two squares."""
        column = math.floor((x - self.left) / self.pitch)
        row = math.floor((y - self.top) / self.pitch)
        if 0 <= column < WEEKS and 0 <= row < DAYS:
            return column * DAYS + row
        return None


def fit_grid(width: int, height: int, labels: int, header: int, footer: int) -> Grid:
    """The largest whole-pixel squares that fit (up to MAX_PITCH), with `labels` pixels for
    the weekday names at the left, `header` for the months above and `footer` for the
    legend below; the whole centred in what is left over."""
    pitch = max(1, min(MAX_PITCH, (width - labels) // WEEKS, (height - header - footer) // DAYS))
    grid = Grid(0, 0, pitch)
    return Grid(
        left=labels + (width - labels - grid.right) // 2,
        top=header + (height - header - footer - grid.bottom) // 2,
        pitch=pitch,
    )


class CalendarHeatmap(HoverChart):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(f"Calendar of the last {WEEKS} weeks", parent)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)  # square cells: the height follows the width
        self.setSizePolicy(policy)
        self._days: tuple[DayTotal, ...] = ()
        self._today = date.min

    def set_days(self, days: Sequence[DayTotal], today: date) -> None:
        """WEEKS whole weeks of days, Monday first, oldest first."""
        if len(days) != WEEKS * DAYS:
            raise ValueError(f"a calendar needs {WEEKS * DAYS} days, not {len(days)}")
        self._days = tuple(days)
        self._today = today
        past = [d for d in self._days if d.day <= today]
        active = sum(1 for d in past if d.minutes > 0)
        self.setAccessibleDescription(f"Stretched on {active} of the last {len(past)} days")
        self.update()

    def grid(self) -> Grid:
        return fit_grid(self.width(), self.height(), *self._margins())

    def day_at(self, point: QPoint) -> int | None:
        """The index of the day under a point, if it is one that has been lived."""
        index = self.grid().index_at(point.x(), point.y())
        if index is None or not self._days or self._days[index].day > self._today:
            return None
        return index

    def tooltip_at(self, point: QPoint) -> str | None:
        index = self.day_at(point)
        return None if index is None else day_tooltip(self._days[index])

    def sizeHint(self) -> QSize:
        return self._size_for(HINT_PITCH)

    def minimumSizeHint(self) -> QSize:
        return self._size_for(MIN_PITCH)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        labels, header, footer = self._margins()
        pitch = max(MIN_PITCH, min(MAX_PITCH, (width - labels) // WEEKS))
        return header + Grid(0, 0, pitch).bottom + footer

    def _margins(self) -> tuple[int, int, int]:
        """Pixels for the weekday names, the month names and the legend."""
        metrics = QFontMetrics(self._font())
        names = max(metrics.horizontalAdvance(DAY_NAMES[row]) for row in LABELLED_ROWS)
        return names + metrics.height() // 2, metrics.height() + 4, metrics.height() + 10

    def _size_for(self, pitch: int) -> QSize:
        labels, header, footer = self._margins()
        grid = Grid(0, 0, pitch)
        return QSize(labels + grid.right, header + grid.bottom + footer)

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._days:
            return
        colours = theme.current()
        grid = self.grid()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self._font())
        self._paint_labels(painter, grid, colours)
        for index, day in enumerate(self._days):
            self._paint_day(painter, QRectF(grid.rect(index)), day, colours)
        self._paint_legend(painter, grid, colours)
        painter.end()

    def _paint_labels(self, painter: QPainter, grid: Grid, colours: theme.Theme) -> None:
        metrics = painter.fontMetrics()
        painter.setPen(colours.muted)
        labels = self._margins()[0]
        for row in LABELLED_ROWS:
            box = QRect(grid.left - labels, grid.top + row * grid.pitch, labels, grid.cell)
            box.setRight(grid.left - metrics.height() // 3)
            painter.drawText(
                box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, DAY_NAMES[row]
            )
        for column, name in month_labels(self._days):
            # The last column's name may be wider than the column: keep it inside the widget.
            x = min(grid.left + column * grid.pitch, self.width() - metrics.horizontalAdvance(name))
            painter.drawText(x, grid.top - 4 - metrics.descent(), name)

    def _paint_day(
        self, painter: QPainter, rect: QRectF, day: DayTotal, colours: theme.Theme
    ) -> None:
        radius = rect.width() * 0.22
        if day.day > self._today:  # not yet lived: an outline only
            painter.setPen(QPen(colours.line, 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius)
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(shade(colours, level(day.minutes)))
        painter.drawRoundedRect(rect, radius, radius)
        if day.day == self._today:
            width = max(2.0, rect.width() / 10)
            inset = width / 2
            painter.setPen(QPen(colours.text, width))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(inset, inset, -inset, -inset), radius, radius)

    def _paint_legend(self, painter: QPainter, grid: Grid, colours: theme.Theme) -> None:
        """ "Less ■■■■■ More", under the calendar's right-hand end."""
        metrics = painter.fontMetrics()
        side = min(grid.cell, metrics.ascent())
        step = side + max(2, side // 4)
        y = grid.bottom + 8
        more = metrics.horizontalAdvance("More")
        x = grid.right - more - 6 - (4 * step + side)
        painter.setPen(colours.muted)
        baseline = y + (side + metrics.ascent() - metrics.descent()) // 2
        painter.drawText(x - 6 - metrics.horizontalAdvance("Less"), baseline, "Less")
        painter.drawText(grid.right - more, baseline, "More")
        painter.setPen(Qt.PenStyle.NoPen)
        for day_level in range(5):
            painter.setBrush(shade(colours, day_level))
            painter.drawRoundedRect(QRectF(x + day_level * step, y, side, side), 2, 2)
