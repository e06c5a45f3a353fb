"""Minutes held per week for each stretch and side, over the history's twelve weeks: a row for
each ("Lizard pose · left"), the oldest week at the left, this week at the right, each cell
shaded like the calendar's days, deeper the more was held, and the row's total at the end.
Every number is whole minutes ("<1" for a few seconds), the total's too: one unit in the
table, with the exact time in each cell's tooltip. A week's heading is its Monday on two
lines, the day over the month, so that twelve weeks and the total fit a 1200-pixel window.

The names are the rows' headers, so that they stay in sight when a narrow window scrolls the
weeks sideways."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QWidget,
)

from desktop_app.core.history_stats import WEEKS, chart_minutes_text, minutes_text
from desktop_app.core.overview import stretch_count
from desktop_app.core.trends import StretchWeeks, row_name
from desktop_app.ui.history.charts import MONTH_NAMES, day_month
from desktop_app.ui.history.heatmap import LEVEL_SHADES, shade
from desktop_app.ui.history.session_table import Index
from desktop_app.ui.history.table_or_word import TableOrWord
from desktop_app.ui.look import theme

EMPTY = (
    f"No stretch held in these {WEEKS} weeks yet. Each stretch shows up here, side by side "
    "and week by week, once you have held it."
)
TOTAL = "Total"
HEADER_PADDING = 16  # pixels round a heading's text
ALIGN_CENTRE = Qt.AlignmentFlag.AlignCenter
ALIGN_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
ALIGN_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def cell_level(minutes: float, most: float) -> int:
    """0 for nothing held, then 1 to 4 by the share of the most held in any cell: the table
    shades what this user does, whatever their routine's length."""
    if minutes <= 0 or most <= 0:
        return 0
    return max(1, math.ceil(len(LEVEL_SHADES) * minutes / most))


def _luminance(colour: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: QColor, other: QColor) -> float:
    """WCAG's contrast ratio, 1 to 21."""
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def readable(background: QColor, colours: theme.Theme) -> QColor:
    """The text colour or the one made for the accent, whichever stands out more."""
    return max((colours.text, colours.on_accent), key=lambda c: contrast(c, background))


class StretchWeeksModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.weeks: tuple[date, ...] = ()
        self.rows: tuple[StretchWeeks, ...] = ()
        self._most = 0.0
        self._shades: list[tuple[QColor, QColor]] = []  # background and text, by level

    def set_rows(self, weeks: Sequence[date], rows: Sequence[StretchWeeks]) -> None:
        """The colours are taken now: set again when the palette changes."""
        colours = theme.current()
        self.beginResetModel()
        self.weeks = tuple(weeks)
        self.rows = tuple(rows)
        self._most = max((m for row in self.rows for m in row.minutes), default=0.0)
        backgrounds = [shade(colours, n) for n in range(len(LEVEL_SHADES) + 1)]
        self._shades = [(b, readable(b, colours)) for b in backgrounds]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.weeks) + 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if column == len(self.weeks):
            return self._total(row, role)
        minutes = row.minutes[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return chart_minutes_text(minutes)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return ALIGN_CENTRE
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            held = minutes_text(minutes) if minutes > 0 else "nothing held"
            return f"{row_name(row)}, week of {day_month(self.weeks[column])}: {held}"
        level = cell_level(minutes, self._most)
        if role == Qt.ItemDataRole.BackgroundRole and level:
            return self._shades[level][0]
        if role == Qt.ItemDataRole.ForegroundRole and level:
            return self._shades[level][1]
        return None

    @staticmethod
    def _total(row: StretchWeeks, role: int) -> object:
        minutes = sum(row.minutes)
        if role == Qt.ItemDataRole.DisplayRole:
            return chart_minutes_text(minutes)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return ALIGN_CENTRE
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{row_name(row)}, in all: {minutes_text(minutes)}"
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole:
                return row_name(self.rows[section])
            return ALIGN_LEFT if role == Qt.ItemDataRole.TextAlignmentRole else None
        week = section if section < len(self.weeks) else None
        if role == Qt.ItemDataRole.DisplayRole:
            return TOTAL if week is None else day_month(self.weeks[week]).replace(" ", "\n")
        if role == Qt.ItemDataRole.ToolTipRole and week is not None:
            return f"Minutes held in the week of {day_month(self.weeks[week])}"
        if role == Qt.ItemDataRole.FontRole and week == len(self.weeks) - 1:
            this_week = QFont()
            this_week.setBold(True)
            return this_week
        return None


class StretchWeeksTable(TableOrWord):
    def __init__(self, parent: QWidget | None = None) -> None:
        self.model = StretchWeeksModel()
        super().__init__(self.model, "Minutes held per week, each stretch and side", EMPTY, parent)
        heading = self.table.horizontalHeader()
        # The weeks share what the total leaves, but never so narrow that a date is cut:
        # then the table scrolls sideways, and shows the newest weeks first. The widest
        # heading is the total's, or a day's or month's in bold (this week's).
        bold = QFont(heading.font())
        bold.setBold(True)
        widest = max(
            QFontMetrics(bold).horizontalAdvance(text) for text in (TOTAL, "30", *MONTH_NAMES)
        )
        heading.setMinimumSectionSize(widest + HEADER_PADDING)
        heading.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        scroll = self.table.horizontalScrollBar()
        scroll.rangeChanged.connect(lambda _least, most: scroll.setValue(most))

    def set_rows(self, weeks: Sequence[date], rows: Sequence[StretchWeeks]) -> None:
        self.model.set_rows(weeks, rows)
        # The total as wide as it needs (a reset forgets it).
        self.table.horizontalHeader().setSectionResizeMode(
            len(weeks), QHeaderView.ResizeMode.ResizeToContents
        )
        stretches = len({row.stretch_id for row in rows})
        total = sum(sum(row.minutes) for row in rows)
        self.show_rows(
            f"{stretch_count(stretches)}, {minutes_text(total)} held in {len(weeks)} weeks"
        )
