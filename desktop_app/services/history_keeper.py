"""The history as the app uses it: the store, opened when first needed; the session's writes,
kept until they are on disk, so that a full disk or a read-only folder never stops a session
and nothing is dropped while Supple runs; and what went wrong, in words for the user."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from desktop_app.core.recorder import Began, CheckedIn, Ended, StepEnded
from desktop_app.core.recorder import Write as SessionWrite
from desktop_app.core.reminders import Reminded
from desktop_app.services.history import HistoryError, HistoryStore, open_history

log = logging.getLogger(__name__)

Write = SessionWrite | Reminded


class HistoryKeeper:
    def __init__(self, path: Path, now: Callable[[], datetime]) -> None:
        self.path = path
        self._now = now
        self._store: HistoryStore | None = None
        self._pending: list[Write] = []
        self._notices: list[str] = []
        self.trouble: str | None = None  # why writes are waiting, while they are

    def store(self) -> HistoryStore:
        """The open store; raises HistoryError when it cannot be opened (yet)."""
        if self._store is None:
            opened = open_history(self.path, self._now)
            self._store = opened.store
            self._notices += opened.notices
        return self._store

    def take_notices(self) -> list[str]:
        """Things the user should hear of once, such as a damaged file moved aside."""
        notices, self._notices = self._notices, []
        return notices

    @property
    def pending(self) -> int:
        return len(self._pending)

    def keep(self, write: Write) -> None:
        """Keep `write` for the next flush."""
        self._pending.append(write)

    def write(self, write: Write) -> bool:
        """Keep `write` and try to store everything kept; True if it is all on disk."""
        self.keep(write)
        return self.flush()

    def flush(self) -> bool:
        """Open the store if need be and store the kept writes in order; on trouble keep the
        rest for the next try."""
        try:
            store = self.store()
            while self._pending:
                _apply(store, self._pending[0])
                log.info("history: stored %s", _describe(self._pending.pop(0)))
        except Exception as exc:  # whatever it is, the session goes on and the writes wait
            if not isinstance(exc, HistoryError):
                log.exception("history: unexpected trouble")
            if self.trouble != str(exc):
                log.warning("history: %d write(s) kept for later: %s", self.pending, exc)
            self.trouble = str(exc)
            return False
        if self.trouble is not None:
            log.info("history: the kept writes are stored")
        self.trouble = None
        return True

    def close(self) -> None:
        if not self.flush():
            log.error("history: %d write(s) could not be stored: %s", self.pending, self._pending)
        if self._store is not None:
            self._store.close()
            self._store = None


def _describe(write: Write) -> str:
    if isinstance(write, Began):
        return f"the start of session {write.session.id}"
    if isinstance(write, StepEnded):
        return f"step {write.step.seq} of session {write.session_id}"
    if isinstance(write, Reminded):
        return f"a reminder, {write.outcome.value}"
    if isinstance(write, CheckedIn):
        return f"the check-in {write.checkin.moment.value} session {write.session_id}"
    return f"the end of session {write.session_id}"


def _apply(store: HistoryStore, write: Write) -> None:
    if isinstance(write, Began):
        store.begin(write.session)
    elif isinstance(write, StepEnded):
        store.record_step(write.session_id, write.step)
    elif isinstance(write, Ended):
        store.end(write.session_id, write.status, write.ended_at)
    elif isinstance(write, CheckedIn):
        store.record_checkin(write.session_id, write.checkin)
    elif isinstance(write, Reminded):
        store.record_reminder(write)
