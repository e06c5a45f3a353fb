"""The history page: the streak, this week and the totals; how the sit-break reminders were
answered; three tabs over the same 12 weeks: the activity (a calendar and the minutes stretched
per week), pain and the Thomas test (pain or stiffness before and after each session, and the
self-test's result on each side, week by week) and each stretch's minutes per side and week;
the sessions, newest first, with the chosen one in detail; a filter by routine (the Thomas test
excepted: it comes from every routine); export to JSON or CSV and import of a JSON backup; and
deleting a session (a slip, a test run), which can be undone until the page is left."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelection, QStandardPaths, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.history_stats import (
    HistoryOverview,
    days_text,
    first_day,
    minutes_text,
    sessions_text,
    summarize_history,
)
from desktop_app.core.records import RecordError, SessionInfo
from desktop_app.core.reminders import answers_text
from desktop_app.core.trends import THOMAS, Trends, pain_text, trends
from desktop_app.services.history import HistoryError, HistoryStore
from desktop_app.services.history_export import FORMATS, export_file, read_backup
from desktop_app.services.history_keeper import HistoryKeeper
from desktop_app.ui.history.check_weeks import CheckWeeks
from desktop_app.ui.history.heatmap import CalendarHeatmap
from desktop_app.ui.history.pain_chart import PainChart
from desktop_app.ui.history.session_detail import Labels, detail_html
from desktop_app.ui.history.session_table import (
    ROUTINE_COLUMN,
    SESSION_ID,
    SessionTable,
    when_text,
)
from desktop_app.ui.history.stretch_weeks import StretchWeeksTable
from desktop_app.ui.history.week_chart import WeekChart
from desktop_app.ui.kit.fonts import scaled_font
from desktop_app.ui.kit.scroll import keyboard_scroller
from desktop_app.ui.kit.tile import Tile
from desktop_app.ui.look import theme

log = logging.getLogger(__name__)

ALL_ROUTINES = ""
# The widest text of each column but the routine's, which takes what they leave.
COLUMN_WIDEST = {0: "30 Sep 2026, 23:59", 1: "10 h 00 min", 2: "10 of 10", 3: "interrupted"}
CELL_PADDING = 20
ROUTINE_LEAST = 80  # pixels of the routine's name the sessions table keeps in sight
DETAIL_LEAST = 220  # and of the detail beside it, when the window is too narrow for both
TABLE_SHARE = 0.56  # the table's share of the width where both fit
EMPTY = "No sessions yet. Finish a routine, or stop one part way, and it shows up here."
REMINDER_DAYS = 30
PAGE_TOP = 8  # pixels between the tabs and what each shows


def documents_folder() -> str:
    """Where the export and import dialogs first open: the user's documents folder, else their
    home (never the folder Supple happened to be started from)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return found if found and Path(found).is_dir() else str(Path.home())


def deleted_words(session: SessionInfo) -> str:
    return f"the session of {when_text(session)} ({session.routine_name})"


def tile_texts(seen: HistoryOverview) -> list[tuple[str, str]]:
    return [
        (days_text(seen.streak), "current streak"),
        (minutes_text(seen.week_minutes), f"this week, {sessions_text(seen.week_sessions)}"),
        (minutes_text(seen.total_minutes), f"in all, {sessions_text(seen.total_sessions)}"),
    ]


class ChartTabs(QTabWidget):
    """Tabs in the place of the charts row and no taller: the bar's height is taken from the
    charts, not from the sessions below."""

    def heightForWidth(self, width: int) -> int:
        return super().heightForWidth(width) - self.tabBar().sizeHint().height() - PAGE_TOP


class SharedWidth(QSplitter):
    """The sessions and the detail side by side, the width shared out again whenever it
    changes (a narrow window needs another share), by `first_width(total)`."""

    def __init__(self, first_width: Callable[[int], int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._first_width = first_width

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        total = sum(self.sizes())
        if total > 0:
            first = self._first_width(total)
            self.setSizes([first, total - first])


class HistoryPage(QWidget):
    home_requested = Signal()
    folder_chosen = Signal(str)  # the folder of a file exported or imported, to start in next

    def __init__(
        self,
        keeper: HistoryKeeper,
        today: Callable[[], date],
        parent: QWidget | None = None,
        *,
        answer_labels: Callable[[], Labels] | None = None,
        folder: str = "",
    ) -> None:
        """`answer_labels`: the self-checks' answers in the catalogue's words. `folder`: where
        the last export or import was (the documents folder when empty or gone)."""
        super().__init__(parent)
        self.keeper = keeper
        self._today = today
        self._answer_labels = answer_labels
        self.folder = folder
        # Asked before a session is deleted (tests answer it themselves).
        self.confirm_delete: Callable[[SessionInfo], bool] = self._ask_delete
        self._deleted: list[SessionInfo] = []  # marked deleted, the latest last: Undo's
        self._shown = False
        self._filled_on: date | None = None  # the day the page was last read for

        title = QLabel("History", self)
        title.setFont(scaled_font(self, 2.0, QFont.Weight.Bold))
        self.routine = QComboBox(self)
        self.routine.setAccessibleName("Show routine")
        self.routine.setMinimumContentsLength(18)
        self.routine.currentIndexChanged.connect(self.refresh)
        self.export_button = QPushButton("Export…", self)
        self.export_button.clicked.connect(self._ask_export)
        self.import_button = QPushButton("Import…", self)
        self.import_button.setAccessibleName("Import a backup")
        self.import_button.clicked.connect(self._ask_import)
        self.delete_button = QPushButton("Delete…", self)
        self.delete_button.setAccessibleName("Delete the chosen session")
        self.delete_button.setToolTip("Delete the session chosen in the list (Delete)")
        self.delete_button.clicked.connect(self.delete_chosen)
        home = QPushButton("Back to home", self)
        home.setToolTip("Back to home (Esc)")
        home.clicked.connect(self.home_requested)
        back = QShortcut(QKeySequence("Esc"), self)
        # The whole window's while the page shows (a hidden page's shortcut sleeps): the focus
        # may be on a notice above it.
        back.setContext(Qt.ShortcutContext.WindowShortcut)
        back.activated.connect(self.home_requested)
        header = QHBoxLayout()
        header.addWidget(title, 1)
        buttons = (self.export_button, self.import_button, self.delete_button, home)
        for widget in (self.routine, *buttons):
            header.addWidget(widget)

        self.message = QLabel(self)  # the outcome of an export, import or delete, or trouble
        self.message.setObjectName("muted")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.undo_button = QPushButton("Undo delete", self)
        self.undo_button.setToolTip("Bring back the session deleted last (Ctrl+Z)")
        self.undo_button.clicked.connect(self.undo_delete)
        self.undo_button.hide()
        undo = QShortcut(QKeySequence("Ctrl+Z"), self)
        undo.setContext(Qt.ShortcutContext.WindowShortcut)
        undo.activated.connect(self.undo_delete)
        news = QHBoxLayout()
        news.addWidget(self.message, 1)
        news.addWidget(self.undo_button)
        self.reminders = QLabel(self)  # how the sit-break reminders were answered
        self.reminders.setObjectName("muted")
        self.tiles = [Tile(self, 72, 1.8) for _ in range(3)]
        tile_row = QHBoxLayout()
        for tile in self.tiles:
            tile_row.addWidget(tile)
        self.calendar = CalendarHeatmap(self)
        self.chart = WeekChart(self)
        self.pain_chart = PainChart(self)
        self.pain_summary = QLabel(self)  # the averages, before and after
        self.pain_summary.setObjectName("muted")
        self.pain_summary.setWordWrap(True)
        self.tabs = ChartTabs(self)  # first: Tab reaches the tab bar before what a tab shows
        self.tabs.setDocumentMode(True)
        self.checks = CheckWeeks(self)
        self.stretch_weeks = StretchWeeksTable(self)
        self.tabs.addTab(self._activity_page(), "Activity")
        self.tabs.addTab(self._pain_page(), "Pain and Thomas test")
        self.tabs.addTab(self._stretch_page(), "Per stretch")

        self.model = SessionTable(self)  # owned by the page: the table outlives no model
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Sessions")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        # Widths from the longest text each column can hold: sizing to the contents would
        # read every row of twenty years.
        heading = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        for column, widest in COLUMN_WIDEST.items():
            heading.resizeSection(column, metrics.horizontalAdvance(widest) + CELL_PADDING)
        heading.setSectionResizeMode(ROUTINE_COLUMN, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_chosen)
        self.detail = QLabel(self)
        self.detail.setObjectName("card")
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.detail.setMargin(14)
        self.detail.setAccessibleName("Session detail")
        self.lists = lists = SharedWidth(self._table_width, self)
        lists.addWidget(self.table)
        self.detail_scroller = keyboard_scroller(self.detail, self, "Session detail")
        lists.addWidget(self.detail_scroller)
        lists.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(12)
        layout.addLayout(header)
        layout.addLayout(news)
        layout.addLayout(tile_row)
        layout.addWidget(self.reminders)
        layout.addWidget(self.tabs)
        layout.addWidget(lists, 1)

    def _table_width(self, total: int) -> int:
        """The sessions table wide enough for every column and some of the routine's name,
        without scrolling sideways; the detail takes the rest of `total`, but never less than
        its least."""
        heading = self.table.horizontalHeader()
        need = (
            sum(heading.sectionSize(column) for column in COLUMN_WIDEST)
            + ROUTINE_LEAST
            + self.table.verticalScrollBar().sizeHint().width()
            + 2 * self.table.frameWidth()
        )
        return min(max(need, round(total * TABLE_SHARE)), total - DETAIL_LEAST)

    def _activity_page(self) -> QWidget:
        page = QWidget(self)
        row = QHBoxLayout(page)
        row.setContentsMargins(0, PAGE_TOP, 0, 0)
        row.addWidget(self.calendar, 1)
        row.addWidget(self.chart, 1)
        return page

    def _pain_page(self) -> QWidget:
        page = QWidget(self)
        pain = QVBoxLayout()
        pain.setSpacing(6)  # not the row's, which a layout inside it would take
        pain.addWidget(self._caption("Pain or stiffness before and after, 0 to 10"))
        pain.addWidget(self.pain_summary)
        pain.addWidget(self.pain_chart, 1)
        thomas = QVBoxLayout()
        thomas.setSpacing(6)
        thomas.addWidget(self._caption("Thomas self-test, from every routine"))
        thomas.addWidget(self.checks, 1)
        row = QHBoxLayout(page)
        row.setContentsMargins(0, PAGE_TOP, 0, 0)
        row.setSpacing(24)
        row.addLayout(pain, 1)
        row.addLayout(thomas, 1)
        return page

    def _stretch_page(self) -> QWidget:
        page = QWidget(self)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, PAGE_TOP, 0, 0)
        column.addWidget(self._caption("Minutes held each week, on each side"))
        column.addWidget(self.stretch_weeks, 1)
        return page

    def _caption(self, text: str) -> QLabel:
        caption = QLabel(text, self)
        caption.setFont(scaled_font(self, 1.0, QFont.Weight.DemiBold))
        caption.setWordWrap(True)
        return caption

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() is QEvent.Type.PaletteChange and self._shown:
            self.refresh()  # light to dark: the colours are written into the texts

    # -- loading ------------------------------------------------------------------------------

    def refresh_if_stale(self) -> None:
        """Read again if the day has changed since (the page left open overnight): today's
        mark, the streak and "this week" move on."""
        if self._shown and self._filled_on != self._today():
            self.refresh()

    def refresh(self) -> None:
        """Read the history again and show it, keeping the routine chosen in the filter."""
        self._shown = True
        today = self._filled_on = self._today()  # once: the parts must agree across midnight
        self._say("")
        try:
            store = self.keeper.store()
            self._fill_filter(store.routines())
            routine_id = self.routine.currentData() or None
            sessions = store.sessions(routine_id)
            since = datetime.combine(today - timedelta(REMINDER_DAYS - 1), time()).astimezone()
            counts, delayed = store.reminder_counts(since), store.delayed(since)
            answers = answers_text(counts, REMINDER_DAYS, delayed)
            found = self._read_trends(store, routine_id, today)
        except HistoryError as exc:
            self._say(f"The history cannot be read: {exc}")
            sessions, answers, found = [], "", trends((), (), (), today)
        self.reminders.setText(answers)
        self.reminders.setVisible(bool(answers))
        self._show_overview(summarize_history(sessions, today))
        self._show_trends(found)
        self.model.set_sessions(sessions)
        if sessions:
            self.table.selectRow(0)
        else:
            self.detail.setText(EMPTY)
        self.export_button.setEnabled(bool(sessions))
        self.delete_button.setEnabled(bool(sessions))

    def _fill_filter(self, routines: list[tuple[str, str]]) -> None:
        chosen = self.routine.currentData()
        self.routine.blockSignals(True)  # refilling is no new choice
        self.routine.clear()
        self.routine.addItem("All routines", ALL_ROUTINES)
        for routine_id, name in routines:
            self.routine.addItem(name, routine_id)
        found = self.routine.findData(chosen)
        self.routine.setCurrentIndex(max(0, found))
        self.routine.blockSignals(False)

    def _show_overview(self, seen: HistoryOverview) -> None:
        for tile, (value, caption) in zip(self.tiles, tile_texts(seen), strict=True):
            tile.show_figure(value, caption, theme.current().muted)
        self.calendar.set_days(seen.days, seen.today)
        self.chart.set_weeks(seen.weeks)

    def _read_trends(self, store: HistoryStore, routine_id: str | None, today: date) -> Trends:
        # From local midnight a day early: the trends keep a session by its date where it
        # started, and that may be a day from here at another UTC offset.
        since = datetime.combine(first_day(today) - timedelta(days=1), time()).astimezone()
        return trends(
            store.pain_points(since, routine_id),
            store.check_answers(THOMAS, since),  # a result of the body, whichever routine
            store.held_by_stretch(since, routine_id),
            today,
        )

    def _show_trends(self, found: Trends) -> None:
        self.pain_chart.set_trends(found)
        self.pain_summary.setText(pain_text(found))
        self.pain_summary.setVisible(bool(found.pain))  # else the chart says what to do
        thomas = {
            answer: words for (check, answer), words in self._labels().items() if check == THOMAS
        }
        self.checks.set_weeks(found.checks, thomas)
        self.stretch_weeks.set_rows(found.weeks, found.stretches)

    def _labels(self) -> Labels:
        return self._answer_labels() if self._answer_labels else {}

    def _selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes:
            return
        session_id = self.model.data(indexes[0], SESSION_ID)
        try:
            record = self.keeper.store().session(str(session_id))
        except HistoryError as exc:
            self._say(f"The history cannot be read: {exc}")
            return
        if record is not None:
            self.detail.setText(detail_html(record, self._labels()))

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))  # no empty line when there is nothing to say

    # -- export and import ----------------------------------------------------------------------

    def _ask_export(self) -> None:
        dialog = QFileDialog(self, "Export the history")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters(["JSON, also a backup (*.json)", "CSV, a row per step (*.csv)"])
        dialog.setDefaultSuffix("json")
        # A name typed without an ending takes the format chosen in the list.
        dialog.filterSelected.connect(
            lambda chosen: dialog.setDefaultSuffix("csv" if "csv" in chosen.lower() else "json")
        )
        dialog.setDirectory(self._start_folder())
        dialog.selectFile(f"supple-history-{self._today():%Y-%m-%d}.json")
        dialog.fileSelected.connect(lambda name: self._say(self.export_to(Path(name))))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _ask_import(self) -> None:
        dialog = QFileDialog(self, "Import a history backup")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilter("JSON backup (*.json)")
        dialog.setDirectory(self._start_folder())
        dialog.fileSelected.connect(lambda name: self._say(self.import_from(Path(name))))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _start_folder(self) -> str:
        return self.folder if self.folder and Path(self.folder).is_dir() else documents_folder()

    def _remember_folder(self, path: Path) -> None:
        folder = str(path.parent.absolute())
        if folder != self.folder:
            self.folder = folder
            self.folder_chosen.emit(folder)

    def export_to(self, path: Path) -> str:
        """Write the sessions shown (all routines, or the chosen one) to `path`; CSV for a
        .csv name, else JSON. Returns what to tell the user."""
        form = path.suffix.lower().lstrip(".")
        form = form if form in FORMATS else "json"
        routine_id = self.routine.currentData() or None
        try:
            written = export_file(path, self.keeper.store(), form, routine_id)
        except HistoryError as exc:
            return f"Nothing exported: {exc}"
        except OSError as exc:
            return f"Nothing exported: cannot write {path}: {exc.strerror}"
        self._remember_folder(path)
        said = f"Exported {sessions_text(written.sessions)} to {path}."
        left_out = written.left_out()
        return f"{said} {left_out[0].upper()}{left_out[1:]}." if left_out else said

    def import_from(self, path: Path) -> str:
        """Add the sessions of a JSON backup that are not here yet. Returns what to tell."""
        self._remember_folder(path)
        try:
            backup = read_backup(path)
            added = self.keeper.store().add(backup.sessions)
            self.keeper.store().add_reminders(backup.reminders)
        except (RecordError, HistoryError) as exc:
            return f"Nothing imported: {exc}"
        self.refresh()
        already = len(backup.sessions) - added
        verb = "was" if already == 1 else "were"
        return f"Imported {sessions_text(added)} from {path}; {already} {verb} already here."

    # -- deleting a session -------------------------------------------------------------------

    def chosen(self) -> SessionInfo | None:
        """The session chosen in the list, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.sessions[rows[0].row()] if rows else None

    def delete_chosen(self) -> None:
        """Delete the chosen session once the user confirms: marked, so that Undo brings it
        back exactly, until the page is left."""
        session = self.chosen()
        if session is None or not self.confirm_delete(session):
            return
        row = self.table.selectionModel().selectedRows()[0].row()
        try:
            self.keeper.mark_deleted(session.id)
        except HistoryError as exc:
            self._say(f"Nothing deleted: {exc}")
            return
        self._deleted.append(session)
        self.refresh()
        if self.model.rowCount():  # the one after it, now in its place
            self.table.selectRow(min(row, self.model.rowCount() - 1))
        self._say(f"Deleted {deleted_words(session)}.")
        self.undo_button.show()

    def undo_delete(self) -> None:
        """Bring back the session deleted last."""
        if not self._deleted:
            return
        session = self._deleted.pop()
        try:
            back = self.keeper.store().unmark_deleted(session.id)
        except HistoryError as exc:
            self._deleted.append(session)  # still marked: Undo may work once the trouble passes
            self._say(f"Not brought back: {exc}")
            return
        self.undo_button.setVisible(bool(self._deleted))
        self.refresh()
        if back:
            self._select(session.id)
            self._say(f"Brought back {deleted_words(session)}.")
        else:
            self._say(f"{deleted_words(session).capitalize()} was removed for good meanwhile.")

    def forget_deleted(self) -> None:
        """The page is left: the sessions deleted here go for good, and Undo with them. On
        trouble they stay marked, left out of every read, and go at the next start."""
        if not self._deleted:
            return
        self._deleted.clear()
        self.undo_button.hide()
        try:
            self.keeper.store().purge_deleted()
        except HistoryError as exc:
            log.warning("history: deleted sessions stay marked until the next start: %s", exc)

    def _select(self, session_id: str) -> None:
        for row, session in enumerate(self.model.sessions):
            if session.id == session_id:
                self.table.selectRow(row)
                return

    def _ask_delete(self, session: SessionInfo) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Delete a session")
        box.setText(f"Delete {deleted_words(session)}?")
        box.setInformativeText(
            "Its stretches and answers leave the history, the streak and the charts. "
            "Undo brings it back while this page stays open."
        )
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton("Keep it", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.exec()
        return box.clickedButton() is delete
