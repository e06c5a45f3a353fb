"""The sessions as a table model: a view asks only for the rows it shows, so twenty years of
daily sessions open as fast as a week's."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop_app.core.history_stats import minutes_text
from desktop_app.core.records import SessionInfo

SESSION_ID = Qt.ItemDataRole.UserRole

Index = QModelIndex | QPersistentModelIndex


def when_text(session: SessionInfo) -> str:
    return f"{session.started_at:%a %d %b %Y, %H:%M}"


def short_when_text(session: SessionInfo) -> str:
    """Without the weekday, which the detail beside says: room for the other columns."""
    return f"{session.started_at:%d %b %Y, %H:%M}"


# Each column's title and text: a view asks cell by cell, for the rows in sight only. The
# routine last: in a narrow window it is the one cut short ("The B…"), and the detail names it.
COLUMNS: tuple[tuple[str, Callable[[SessionInfo], str]], ...] = (
    ("When", short_when_text),
    ("Stretched", lambda s: minutes_text(s.held_seconds / 60)),
    ("Done", lambda s: f"{s.steps_completed} of {s.steps_planned}"),
    ("Ended", lambda s: s.status.value if s.status else "under way"),
    ("Routine", lambda s: s.routine_name),
)
ROUTINE_COLUMN = len(COLUMNS) - 1


class SessionTable(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sessions: Sequence[SessionInfo] = ()

    def set_sessions(self, sessions: Sequence[SessionInfo]) -> None:
        self.beginResetModel()
        self.sessions = sessions
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.sessions)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        session = self.sessions[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[index.column()][1](session)
        if role == SESSION_ID:
            return session.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        return None
