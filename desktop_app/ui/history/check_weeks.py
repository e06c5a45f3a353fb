"""The Thomas self-test week by week: a row for each week it was done, newest first, with the
answer on each side in the catalogue's own words and a mark coloured by what it says: a sign of
a tight iliopsoas (the warning colour), none (the accent), or no clear result (muted)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPointF,
    Qt,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QHeaderView,
    QWidget,
)

from desktop_app.core.history_stats import WEEKS
from desktop_app.core.trends import SIDES, TONE_WORDS, CheckWeek, Tone, thomas_tone
from desktop_app.ui.history.charts import day_month
from desktop_app.ui.history.session_table import Index
from desktop_app.ui.history.table_or_word import TableOrWord
from desktop_app.ui.look import theme

EMPTY = (
    f"No Thomas self-test in these {WEEKS} weeks. "
    "Run the Thomas self-test routine to see both sides here."
)
COLUMNS = ("Week of", "Left", "Right")
NOT_DONE = "not done"
MARK_PIXELS = 64  # drawn large, shown at the view's icon size: crisp on any screen


def tone_colour(colours: theme.Theme, tone: Tone) -> QColor:
    if tone is Tone.TIGHT:
        return colours.warning
    return colours.accent if tone is Tone.CLEAR else colours.muted


def mark(colour: QColor) -> QIcon:
    """A round mark in `colour`."""
    pixmap = QPixmap(MARK_PIXELS, MARK_PIXELS)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    half = MARK_PIXELS / 2
    painter.drawEllipse(QPointF(half, half), half * 0.6, half * 0.6)
    painter.end()
    return QIcon(pixmap)


class CheckWeeksModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.weeks: tuple[CheckWeek, ...] = ()
        self._labels: Mapping[str, str] = {}
        self._marks: dict[Tone, QIcon] = {}
        self._muted = QColor()

    def set_weeks(self, weeks: Sequence[CheckWeek], labels: Mapping[str, str]) -> None:
        """The weeks in which the test was done, newest first. The colours are taken now:
        set again when the palette changes."""
        colours = theme.current()
        self.beginResetModel()
        self.weeks = tuple(w for w in reversed(weeks) if any(w.answers.values()))
        self._labels = labels
        self._marks = {tone: mark(tone_colour(colours, tone)) for tone in Tone}
        self._muted = colours.muted
        self.endResetModel()

    def label(self, answer: str) -> str:
        return self._labels.get(answer, answer)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.weeks)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        week = self.weeks[index.row()]
        if index.column() == 0:
            return day_month(week.start) if role == Qt.ItemDataRole.DisplayRole else None
        side = SIDES[index.column() - 1]
        answer = week.answers[side]
        if role == Qt.ItemDataRole.DisplayRole:
            return NOT_DONE if answer is None else self.label(answer)
        if answer is None:
            return self._muted if role == Qt.ItemDataRole.ForegroundRole else None
        if role == Qt.ItemDataRole.DecorationRole:
            return self._marks[thomas_tone(answer)]
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            words = TONE_WORDS[thomas_tone(answer)]
            return f"{side.value.capitalize()}: {self.label(answer)}, {words}"
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None


class CheckWeeks(TableOrWord):
    def __init__(self, parent: QWidget | None = None) -> None:
        self.model = CheckWeeksModel()
        super().__init__(self.model, "Thomas self-test, each side, week by week", EMPTY, parent)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        # An answer may take two lines in a narrow window: the rows grow to hold it.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        heading = self.table.horizontalHeader()
        heading.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2):
            heading.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    def set_weeks(self, weeks: Sequence[CheckWeek], labels: Mapping[str, str]) -> None:
        """`labels`: each answer's words by its id; an id not there is shown as it is."""
        self.model.set_weeks(weeks, labels)
        self.show_rows(f"Done in {self.model.rowCount()} of the last {len(weeks)} weeks")
