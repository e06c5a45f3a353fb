"""Pain or stiffness before and after each session, 0 to 10, over the history's twelve weeks:
each session a dumbbell, a ring for before and a dot for after joined by a line, so that a
session that eased the back shows as a drop at a glance."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from desktop_app.core.trends import PainPoint, Trends, pain_pair_text, pain_text
from desktop_app.ui.history.charts import (
    HoverChart,
    paint_gridline,
    paint_week_dates,
    weekday_day_month,
)
from desktop_app.ui.look import theme
from desktop_app.ui.look.theme import mix

EMPTY = (
    "No check-ins yet. Answer the question before and after a session and your pain shows up here."
)
TOP = 10
GRID = (0, 5, 10)
NEAR = 8  # pixels from a session within which the pointer is on it


def point_tooltip(point: PainPoint) -> str:
    """ "Sun 4 Jan, The Big 3: before 6, after 4" """
    day = weekday_day_month(point.started_at.date())
    return f"{day}, {point.routine_name}: {pain_pair_text(point)}"


class PainChart(HoverChart):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Pain or stiffness before and after each session", parent)
        self._weeks: tuple[date, ...] = ()
        self._points: tuple[PainPoint, ...] = ()

    def set_trends(self, found: Trends) -> None:
        self._weeks = found.weeks
        self._points = found.pain
        self.setAccessibleDescription(pain_text(found) if found.pain else EMPTY)
        self.update()

    def sizeHint(self) -> QSize:
        # Low: the calendar beside which the tabs sit sets their height, this only fills it.
        return QSize(480, 160)

    def minimumSizeHint(self) -> QSize:
        return QSize(260, 120)

    def _radius(self) -> float:
        return max(3.0, QFontMetrics(self._font()).height() * 0.22)

    def plot(self) -> QRectF:
        """The area of the dumbbells: the legend above, the pain at the left, dates below."""
        metrics = QFontMetrics(self._font())
        left = metrics.horizontalAdvance(str(TOP)) + 10
        top = metrics.height() * 1.5
        return QRectF(
            left,
            top,
            self.width() - left - self._radius() - 4,
            self.height() - top - metrics.height() * 1.5 - 6,
        )

    def x_of(self, point: PainPoint, area: QRectF) -> float:
        """Where a session is along the weeks: its own day and time of day, so that two on
        one day stand apart."""
        started = point.started_at
        days = (started.date() - self._weeks[0]).days + (started.hour * 60 + started.minute) / 1440
        return area.left() + area.width() * days / (7 * len(self._weeks))

    @staticmethod
    def y_of(pain: float, area: QRectF) -> float:
        return area.bottom() - area.height() * pain / TOP

    def point_at(self, position: QPoint) -> int | None:
        """The session nearest the pointer, if it is close enough along the weeks."""
        if not self._points:
            return None
        area = self.plot()
        distance, index = min(
            (abs(self.x_of(p, area) - position.x()), n) for n, p in enumerate(self._points)
        )
        return index if distance <= NEAR else None

    def tooltip_at(self, point: QPoint) -> str | None:
        index = self.point_at(point)
        return None if index is None else point_tooltip(self._points[index])

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._weeks:
            return
        colours = theme.current()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self._font())
        area = self.plot()
        self._paint_axis(painter, area, colours)
        if self._points:
            self._paint_legend(painter, area, colours)
            self._paint_sessions(painter, area, colours)
        else:
            self._paint_empty(painter, area, colours)
        painter.end()

    def _paint_axis(self, painter: QPainter, area: QRectF, colours: theme.Theme) -> None:
        """Gridlines at 0, 5 and 10, and the weeks' dates from this week back."""
        for pain in GRID:
            paint_gridline(painter, area, round(self.y_of(pain, area)), str(pain), colours)
        paint_week_dates(painter, self._weeks, area, 6, self.width(), colours)

    @staticmethod
    def _paint_empty(painter: QPainter, area: QRectF, colours: theme.Theme) -> None:
        """What to do to fill the chart, on a patch of the background over the gridline."""
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        box = area.adjusted(24, 0, -24, 0)
        text = painter.boundingRect(box, flags, EMPTY)
        painter.fillRect(text.adjusted(-8, -2, 8, 2), colours.window)
        painter.setPen(colours.muted)
        painter.drawText(box, flags, EMPTY)

    def _paint_sessions(self, painter: QPainter, area: QRectF, colours: theme.Theme) -> None:
        radius = self._radius()
        joint = QPen(mix(colours.window, colours.muted, 0.45), max(1.5, radius * 0.6))
        joint.setCapStyle(Qt.PenCapStyle.RoundCap)
        places = [(self.x_of(p, area), p.before, p.after) for p in self._points]
        painter.setPen(joint)
        for x, before, after in places:
            if before is not None and after is not None:
                painter.drawLine(
                    QPointF(x, self.y_of(before, area)), QPointF(x, self.y_of(after, area))
                )
        # After over before: where the two are equal, the result is what shows.
        for x, before, _after in places:
            if before is not None:
                self._ring(painter, QPointF(x, self.y_of(before, area)), radius, colours)
        for x, _before, after in places:
            if after is not None:
                self._dot(painter, QPointF(x, self.y_of(after, area)), radius, colours)

    def _paint_legend(self, painter: QPainter, area: QRectF, colours: theme.Theme) -> None:
        """ "○ before  ● after", above the plot's right-hand end."""
        metrics = painter.fontMetrics()
        radius = self._radius()
        y = metrics.height() * 0.7
        baseline = y + (metrics.ascent() - metrics.descent()) / 2
        x = area.right() - metrics.horizontalAdvance("after")
        painter.setPen(colours.muted)
        painter.drawText(QPointF(x, baseline), "after")
        x -= radius + 5
        self._dot(painter, QPointF(x, y), radius, colours)
        x -= radius + 14 + metrics.horizontalAdvance("before")
        painter.setPen(colours.muted)
        painter.drawText(QPointF(x, baseline), "before")
        self._ring(painter, QPointF(x - radius - 5, y), radius, colours)

    @staticmethod
    def _ring(painter: QPainter, centre: QPointF, radius: float, colours: theme.Theme) -> None:
        # Hollow as well as muted: before and after differ in shape, not only in colour.
        painter.setPen(QPen(colours.muted, max(1.5, radius * 0.45)))
        painter.setBrush(colours.window)
        painter.drawEllipse(centre, radius, radius)

    @staticmethod
    def _dot(painter: QPainter, centre: QPointF, radius: float, colours: theme.Theme) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colours.accent)
        painter.drawEllipse(centre, radius, radius)
