"""A read-only table of the trends, or, while it has no rows, a word on how to fill it."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QStackedWidget, QTableView, QWidget


class TableOrWord(QStackedWidget):
    def __init__(
        self, model: QAbstractTableModel, name: str, empty: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        model.setParent(self)  # owned here: the table outlives no model
        self.table = QTableView(self)
        self.table.setModel(model)
        self.table.setAccessibleName(name)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setShowGrid(False)
        self.empty = QLabel(empty, self)
        self.empty.setObjectName("muted")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.addWidget(self.table)
        self.addWidget(self.empty)
        self.setCurrentWidget(self.empty)

    def show_rows(self, description: str) -> None:
        """The table, if it has rows (else the word), described for screen readers."""
        self.table.setAccessibleDescription(description)
        self.setCurrentWidget(self.table if self.table.model().rowCount() else self.empty)
