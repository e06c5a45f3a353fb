"""The home screen: every routine as a card (name, length, number of stretches, positions), the
chosen one's details and a Start button, and any file that failed to load with its error."""

from __future__ import annotations

import html

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.catalogue import ContentError
from desktop_app.core.overview import POSITION_WORDS, Overview, stretch_count
from desktop_app.ui.kit.elided_label import ElidedLabel
from desktop_app.ui.kit.fonts import scaled_font
from desktop_app.ui.kit.scroll import keyboard_scroller

ROUTINE_ID = Qt.ItemDataRole.UserRole


def meta_line(seen: Overview) -> str:
    positions = ", ".join(POSITION_WORDS[p].lower() for p in seen.positions)
    return f"{seen.length}  ·  {stretch_count(seen.stretches)}  ·  {positions}"


class RoutineCard(QWidget):
    """One line of the list: the name large, the facts under it."""

    def __init__(self, seen: Overview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A narrow window shortens them: the detail beside the list says it all.
        name = ElidedLabel(seen.routine.name, self)
        name.setFont(scaled_font(self, 1.2, QFont.Weight.DemiBold))
        facts = ElidedLabel(meta_line(seen), self)
        facts.setObjectName("muted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        layout.addWidget(name)
        layout.addWidget(facts)
        if seen.routine.source != "built-in":
            mine = ElidedLabel(f"Your file: {seen.routine.source}", self)
            mine.setObjectName("muted")
            layout.addWidget(mine)


class HomePage(QWidget):
    start_requested = Signal(str)  # a routine id
    settings_requested = Signal()
    history_requested = Signal()
    about_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._overviews: dict[str, Overview] = {}

        title = QLabel("Supple", self)
        title.setFont(scaled_font(self, 2.0, QFont.Weight.Bold))
        subtitle = QLabel("Guided stretches for a stiff lower back. Pick a routine.", self)
        subtitle.setObjectName("muted")
        # Made in the order they stand in, which Tab follows.
        self.history_button = QPushButton("History", self)
        self.history_button.setToolTip("Past sessions, streak and minutes per week (Ctrl+H)")
        self.history_button.clicked.connect(self.history_requested)
        self.settings_button = QPushButton("Settings…", self)
        self.settings_button.setAccessibleName("Settings")
        self.settings_button.clicked.connect(self.settings_requested)
        header = QHBoxLayout()
        heading = QVBoxLayout()
        heading.addWidget(title)
        heading.addWidget(subtitle)
        header.addLayout(heading, 1)
        header.addWidget(self.history_button, 0, Qt.AlignmentFlag.AlignTop)
        header.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignTop)
        self.about_button = QPushButton("About", self)
        self.about_button.setToolTip("Version, sources and the general guidance (F1)")
        self.about_button.clicked.connect(self.about_requested)
        header.addWidget(self.about_button, 0, Qt.AlignmentFlag.AlignTop)

        self.list = QListWidget(self)
        self.list.setAccessibleName("Routines")
        self.list.setSpacing(3)
        self.list.setMinimumWidth(260)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Lay the cards out again as the window narrows: they would keep their width.
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.currentItemChanged.connect(self._show_current)
        # Not itemActivated: on desktops that activate with one click, choosing a routine to
        # read about would start it.
        self.list.itemDoubleClicked.connect(self._start_item)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            enter = QShortcut(QKeySequence(key), self.list)
            enter.setContext(Qt.ShortcutContext.WidgetShortcut)
            enter.setAutoRepeat(False)  # a held Enter starts one session, or none if not meant
            enter.activated.connect(self._start_current)

        self.name = QLabel(self)
        self.name.setFont(scaled_font(self, 1.7, QFont.Weight.DemiBold))
        self.name.setWordWrap(True)
        self.facts = QLabel(self)
        self.facts.setObjectName("muted")
        self.facts.setWordWrap(True)  # else its one line widens the column past the card
        self.description = QLabel(self)
        self.description.setWordWrap(True)
        self.steps = QLabel(self)
        self.steps.setWordWrap(True)
        self.steps.setTextFormat(Qt.TextFormat.RichText)
        self.steps.setAccessibleName("Stretches in order")
        self.start_button = QPushButton("Start", self)
        self.start_button.setObjectName("primary")
        self.start_button.setAccessibleName("Start routine")
        self.start_button.setMinimumSize(QSize(180, 52))
        self.start_button.setFont(scaled_font(self, 1.3, QFont.Weight.DemiBold))
        self.start_button.clicked.connect(self._start_current)
        texts = QWidget(self)
        text_column = QVBoxLayout(texts)
        text_column.setContentsMargins(6, 4, 6, 4)  # clear of the frame that shows its focus
        for widget in (self.name, self.facts, self.description, self.steps):
            text_column.addWidget(widget)
        text_column.addStretch(1)
        detail = QFrame(self)
        detail.setObjectName("card")
        detail.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        column = QVBoxLayout(detail)
        column.setContentsMargins(24, 20, 24, 20)
        # Tab reaches it: a long routine's steps scroll with the arrow and page keys.
        self.details = keyboard_scroller(texts, self, "Routine details")
        QWidget.setTabOrder(self.list, self.details)  # as they are read: then Start
        QWidget.setTabOrder(self.details, self.start_button)
        column.addWidget(self.details, 1)
        column.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignRight)

        self.errors = QLabel(self)
        self.errors.setObjectName("errors")
        self.errors.setWordWrap(True)
        self.errors.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.errors.setAccessibleName("Files that could not be loaded")

        body = QHBoxLayout()
        body.addWidget(self.list, 2)
        body.addWidget(detail, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addLayout(header)
        layout.addSpacing(8)
        layout.addLayout(body, 1)
        layout.addWidget(self.errors)

    def show_routines(self, overviews: list[Overview], errors: list[ContentError]) -> None:
        chosen = self.current_id()
        self._overviews = {seen.routine.id: seen for seen in overviews}
        self.list.clear()
        for seen in overviews:
            item = QListWidgetItem(self.list)
            item.setData(ROUTINE_ID, seen.routine.id)
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole, f"{seen.routine.name}, {meta_line(seen)}"
            )
            card = RoutineCard(seen, self.list)
            item.setSizeHint(card.sizeHint())
            self.list.setItemWidget(item, card)
        ids = list(self._overviews)
        if ids:
            self.list.setCurrentRow(ids.index(chosen) if chosen in ids else 0)
        self.start_button.setEnabled(bool(ids))
        self.errors.setVisible(bool(errors))
        self.errors.setText(
            "These files could not be loaded and were skipped:\n"
            + "\n".join(str(error) for error in errors)
        )

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(ROUTINE_ID)) if item is not None else None

    def select(self, routine_id: str) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(ROUTINE_ID) == routine_id:
                self.list.setCurrentRow(row)

    def _show_current(self, item: QListWidgetItem | None) -> None:
        seen = self._overviews.get(str(item.data(ROUTINE_ID))) if item is not None else None
        if seen is None:
            for label in (self.name, self.facts, self.description, self.steps):
                label.clear()
            return
        self.name.setText(seen.routine.name)
        self.facts.setText(meta_line(seen))
        self.description.setText(seen.routine.description)
        self.description.setVisible(bool(seen.routine.description))
        rows = "".join(f"<li>{html.escape(text)}</li>" for text in seen.steps)
        self.steps.setText(f"<ol>{rows}</ol>")

    def _start_item(self, item: QListWidgetItem) -> None:
        self.start_requested.emit(str(item.data(ROUTINE_ID)))

    def _start_current(self) -> None:
        routine_id = self.current_id()
        if routine_id is not None:
            self.start_requested.emit(routine_id)
