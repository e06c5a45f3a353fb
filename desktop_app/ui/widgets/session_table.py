"""The sessions as a table model: a view asks only for the rows it shows, so twenty years of
daily sessions open as fast as a week's."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop_app.core.history_stats import minutes_text
from desktop_app.core.records import SessionInfo

COLUMNS = ("When", "Routine", "Stretched", "Done", "Ended")
SESSION_ID = Qt.ItemDataRole.UserRole

Index = QModelIndex | QPersistentModelIndex


def when_text(session: SessionInfo) -> str:
    return f"{session.started_at:%a %d %b %Y, %H:%M}"


def cells(session: SessionInfo) -> tuple[str, ...]:
    status = session.status.value if session.status else "under way"
    return (
        when_text(session),
        session.routine_name,
        minutes_text(session.held_seconds / 60),
        f"{session.steps_completed} of {session.steps_planned}",
        status,
    )


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
            return cells(session)[index.column()]
        if role == SESSION_ID:
            return session.id
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None
