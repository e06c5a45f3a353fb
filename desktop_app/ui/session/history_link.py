"""Joins the session driver to the history: every engine event goes through the session's
recorder, and what it writes goes to the keeper. The store opens once the window is up (`open`),
since its check reads the whole file; until then writes are only kept. While writes wait (full
disk, read-only folder) a timer tries them again; the window is told of trouble and of a
session stored. The answers to reminders are written the same way."""

from __future__ import annotations

import uuid

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.core.engine import Event, EventKind
from desktop_app.core.kept_writes import HistoryWrite
from desktop_app.core.recorder import CheckedIn, Ended, SessionRecorder
from desktop_app.core.records import CheckIn, Moment
from desktop_app.services.history_keeper import HistoryKeeper
from desktop_app.ui.session.driver import SessionDriver

RETRY_MS = 20_000


class HistoryLink(QObject):
    trouble = Signal(str, str)  # writes are waiting: why, and the file they wait in ("": none)
    notice = Signal(str)  # something to tell once, e.g. a damaged file moved aside
    stored = Signal()  # everything is on disk again after trouble
    recorded = Signal()  # a session's end is stored: the history view has something new

    def __init__(self, keeper: HistoryKeeper, driver: SessionDriver, parent: QObject) -> None:
        super().__init__(parent)
        self.keeper = keeper
        self._driver = driver
        self._recorder: SessionRecorder | None = None
        self._opened = False
        self._told: tuple[str, str] | None = None  # the trouble last told
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.flush)
        driver.happened.connect(self._happened)

    def _happened(self, event: Event) -> None:
        if event.kind is EventKind.SESSION_STARTED and self._driver.engine is not None:
            plan = self._driver.engine.plan
            self._recorder = SessionRecorder(plan, self._driver.clock, uuid.uuid4().hex)
        if self._recorder is None:
            return
        for write in self._recorder.feed(event):
            self.record(write)
            if self._opened and isinstance(write, Ended) and not self.keeper.pending:
                self.recorded.emit()

    def check_in(self, moment: Moment, pain: int) -> None:
        """Store how the user feels before or after the latest session (again: the newer
        answer replaces the older)."""
        if self._recorder is not None:
            checkin = CheckIn(moment, pain, self._driver.clock.wall())
            self.record(CheckedIn(self._recorder.session_id, checkin))

    def record(self, write: HistoryWrite) -> None:
        """Store a write (a session's, or a reminder's answer), or keep it until the store
        opens or can be written again."""
        if not self._opened:
            self.keeper.keep(write)
            return
        self.keeper.write(write)
        self._report()

    def open(self) -> None:
        """Open the store and store what was kept meanwhile. A store that cannot be opened
        is said once, even with nothing to write yet. Once is enough: later calls do nothing."""
        if self._opened:
            return
        self._opened = True
        if not self.keeper.flush() and not self.keeper.pending:
            self.notice.emit(f"Your sessions cannot be saved: {self.keeper.trouble}")
        self._report()

    def flush(self) -> None:
        """Try the waiting writes again."""
        waiting = self.keeper.pending
        self.keeper.flush()
        self._report()
        if waiting and not self.keeper.pending:
            self.recorded.emit()

    def tell_notices(self) -> None:
        """Say what the keeper found to tell once (a damaged file moved aside, ...)."""
        for message in self.keeper.take_notices():
            self.notice.emit(message)

    def _report(self) -> None:
        self.tell_notices()
        if self.keeper.pending:
            if not self._retry.isActive():
                self._retry.start()
            kept_in = self.keeper.kept_in
            told = (self.keeper.trouble or "", str(kept_in) if kept_in else "")
            if told != self._told:  # a new cause, or the writes moved: what is promised changes
                self._told = told
                self.trouble.emit(*told)
        elif self._retry.isActive():  # the trouble is over, whichever write ended it
            self._retry.stop()
            self._told = None
            self.stored.emit()

    def retry_now(self) -> int:
        """Try the waiting writes again at once; how many sides would still be lost."""
        self.flush()
        return self.keeper.sides_unkept() if self.keeper.unkept else 0

    @property
    def unkept(self) -> int:
        """Writes neither stored nor kept in any file: closing now would lose them."""
        return self.keeper.unkept

    def close(self) -> None:
        self._retry.stop()
        self.keeper.close()
