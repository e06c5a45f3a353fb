"""The history as the app uses it: the store, opened when first needed; the session's writes,
kept until they are on disk, so that a full disk or a read-only folder never stops a session;
and what went wrong, in words for the user.

Writes that wait are also kept in a small file beside the history (`history.sqlite3.kept.json`,
health data like the history, so 0600), written again each time they still cannot be stored.
Where that file cannot be written either (the disk is full to the last byte, the folder is
read-only), it goes to the first of the other `places` that takes it: folders on other
filesystems Supple may write, such as the runtime folder and the cache. Supple closed, or
killed, before the store could take them, loses none: the next start finds them in any of
those places and stores them first. Writes that no place could keep are said, and counted, so
that closing can ask first; a loss is written to the log and to stderr."""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from desktop_app.core.kept_writes import HistoryWrite, write_from_json, write_to_json
from desktop_app.core.recorder import Began, CheckedIn, Ended, StepEnded
from desktop_app.core.records import RecordError, SessionInfo
from desktop_app.core.reminders import Reminded
from desktop_app.services.files import aside_path, move_aside, read_json_list, write_atomic
from desktop_app.services.history import (
    HistoryError,
    HistoryStore,
    Opened,
    UnknownSessionError,
    open_history_anyhow,
)

log = logging.getLogger(__name__)


FULL_BYTES = 64 * 1024  # less room than this on the history's disk: it is full


def kept_path(history: Path) -> Path:
    """Where the writes that wait for the history at `history` are kept."""
    return history.with_name(f"{history.name}.kept.json")


def kept_elsewhere(history: Path, place: Path) -> Path:
    """The same file in another place: named for the history, so that two data folders
    never take each other's writes."""
    digest = hashlib.sha256(str(history.absolute()).encode()).hexdigest()[:16]
    return place / f"supple-history-{digest}.kept.json"


def kept_files(history: Path, places: Sequence[Path]) -> list[Path]:
    """Every file in which writes for `history` may wait, in the order they are tried."""
    return [kept_path(history), *(kept_elsewhere(history, place) for place in places)]


def waiting_files(history: Path, places: Sequence[Path]) -> list[Path]:
    """The files in which writes for `history` wait now, if any."""
    return [path for path in kept_files(history, places) if path.exists()]


def why_not_written(folder: Path, exc: BaseException) -> str:
    """The true cause, in words for the user: SQLite says "readonly database" on a disk full to
    the last byte, so the folder and its disk are asked."""
    text = str(exc)
    codes = set()
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno is not None:
            codes.add(seen.errno)
        if isinstance(seen, sqlite3.OperationalError) and "disk is full" in str(seen):
            codes.add(errno.ENOSPC)
        seen = seen.__cause__ or seen.__context__
    try:
        disk = os.statvfs(folder)
    except OSError:
        return text
    read_only = bool(disk.f_flag & os.ST_RDONLY) or not os.access(folder, os.W_OK)
    if errno.EROFS in codes or read_only:
        return f"the folder {folder} is read-only"
    if errno.ENOSPC in codes or disk.f_bavail * disk.f_frsize < FULL_BYTES:
        return f"the disk that holds {folder} is full"
    return text


def apply_write(store: HistoryStore, write: HistoryWrite) -> None:
    """Store one write."""
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


class HistoryKeeper:
    def __init__(
        self,
        path: Path,
        now: Callable[[], datetime],
        *,
        open_store: Callable[[Path, Callable[[], datetime]], Opened] = open_history_anyhow,
        apply: Callable[[HistoryStore, HistoryWrite], None] = apply_write,
        places: Sequence[Path] = (),
    ) -> None:
        """`open_store` opens the history at `path`; `apply` stores one write in it. Tests
        give fakes that fail, as a full disk or a read-only folder would. `places`: the other
        folders where waiting writes may be kept, in order, when the history's own cannot."""
        self.path = path
        self._now = now
        self._open_store = open_store
        self._apply = apply
        self._store: HistoryStore | None = None
        self._pending: list[HistoryWrite] = []
        self._notices: list[str] = []
        self._said: set[str] = set()  # the store's notices, each told once
        self._read_only = False  # the store was opened only to read it
        self.trouble: str | None = None  # why writes are waiting, while they are
        self.kept_path = kept_path(path)
        self._kept_paths = kept_files(path, places)
        self._kept_read = False  # the writes an earlier run left in them are in _pending
        # Where the waiting writes are kept, and what that file holds, as last written or read
        # (None: no file of ours): a retry that changed nothing writes nothing.
        self.kept_in: Path | None = None
        self._on_disk: str | None = None
        # Sessions an earlier run began and kept: its process is gone, so those it never ended
        # (it was killed) are interrupted once stored, as the store does with any left open.
        self._kept_sessions: list[str] = []
        # Writes for sessions the history does not hold, waiting to be set aside in a file of
        # their own (kept with the others until they are).
        self._orphans: list[HistoryWrite] = []

    def store(self) -> HistoryStore:
        """The open store; raises HistoryError when it cannot be opened (yet)."""
        if self._store is None:
            opened = self._open_store(self.path, self._now)
            self._store = opened.store
            self._read_only = opened.read_only
            self._notices += [n for n in opened.notices if n not in self._said]
            self._said.update(opened.notices)  # opened again on each try while read-only
            if not opened.read_only:
                _purge_deleted(opened.store)
        return self._store

    def mark_deleted(self, session_id: str) -> SessionInfo:
        """Delete a finished session, undoably until the sessions marked are purged (see
        services/history.py). Raises HistoryError."""
        return self.store().mark_deleted(session_id, self._now())

    def take_notices(self) -> list[str]:
        """Things the user should hear of once, such as a damaged file moved aside."""
        notices, self._notices = self._notices, []
        return notices

    @property
    def pending(self) -> int:
        """How many writes are not on disk yet (in the store, or set aside)."""
        return len(self._pending) + len(self._orphans)

    def keep(self, write: HistoryWrite) -> None:
        """Keep `write` for the next flush."""
        self._pending.append(write)

    def write(self, write: HistoryWrite) -> bool:
        """Keep `write` and try to store everything kept; True if it is all on disk."""
        self.keep(write)
        if self._read_only and self._store is None:
            # The folder could not be written at the last try: opening again checks the whole
            # file, too slow for each side's end on the GUI thread. The retry tries again.
            self._keep_on_disk()
            return False
        return self.flush()

    def flush(self) -> bool:
        """Open the store if need be and store the kept writes in order; on trouble keep the
        rest for the next try, and on disk."""
        self._read_kept()
        problem: str | None
        try:
            self._store_pending()
        except Exception as exc:  # whatever it is, the session goes on and the writes wait
            if not isinstance(exc, HistoryError):
                log.exception("history: unexpected trouble")
            problem = why_not_written(self.path.parent, exc)
            if self.trouble != problem:
                log.warning("history: %d write(s) kept for later: %s", self.pending, problem)
            self._set_orphans_aside()
            if self._read_only and self._store is not None:
                # Opened again at the next try: the folder may be writable by then.
                self._store.close()
                self._store = None
        else:
            problem = self._set_orphans_aside()  # if not, they wait with the others
        if problem is not None:
            self.trouble = problem
            self._keep_on_disk()
            return False
        if self.trouble is not None:
            log.info("history: the kept writes are stored")
        self.trouble = None
        self._forget_kept()
        return True

    def _store_pending(self) -> None:
        store = self.store()
        while self._pending:
            try:
                self._apply(store, self._pending[0])
            except UnknownSessionError:  # it would block every write after it for good
                self._orphans.append(self._pending[0])
            else:
                log.info("history: stored %s", _describe(self._pending[0]))
            self._pending.pop(0)
        store.interrupt(self._kept_sessions)
        self._kept_sessions = []

    @property
    def unkept(self) -> int:
        """How many writes are neither stored nor kept in any file: closing now loses them."""
        return 0 if self.kept_in is not None else self.pending

    def sides_unkept(self) -> int:
        """How many of those are the end of a side (or a step), the unit the user counts."""
        if self.kept_in is not None:
            return 0
        return sum(isinstance(w, StepEnded) for w in self._orphans + self._pending)

    def close(self) -> None:
        stored = self.flush()
        if self._store is not None:
            self._store.close()
            self._store = None
        if not stored:
            # Closed, the store gave back its -wal and -shm files: on a full disk that may be
            # just the room the kept writes need.
            kept = self._keep_on_disk()
            where = f"kept in {self.kept_in}" if kept else "lost"
            # What they are, not what they hold: pain and "it hurt" are health data.
            described = ", ".join(_describe(write) for write in self._orphans + self._pending)
            message = f"history: {self.pending} write(s) not stored, {where}: {described}"
            log.error("%s", message)
            if not kept:  # the log may be on the same full or read-only disk
                print(f"supple: {message}", file=sys.stderr)

    # -- the file of writes kept on disk

    def _read_kept(self) -> None:
        """Put the writes earlier runs could not store before this run's, once, from every
        place they may have been kept in."""
        if self._kept_read:
            return
        self._kept_read = True
        kept: list[HistoryWrite] = []
        for path in self._kept_paths:
            if not path.exists():
                continue
            try:
                data = read_json_list(path, "a list of writes")
                found = [
                    write_from_json(item, f"{path}: write {n + 1}") for n, item in enumerate(data)
                ]
            except RecordError as exc:
                self._set_kept_aside(path, str(exc))
                continue
            log.info(
                "history: %d write(s) kept by an earlier run in %s come first", len(found), path
            )
            kept += found
            if self.kept_in is None:
                self.kept_in, self._on_disk = path, _as_json(found)
        self._pending[:0] = kept
        self._kept_sessions = [w.session.id for w in kept if isinstance(w, Began)]
        if kept and self._on_disk != _as_json(kept):
            self._on_disk = None  # from more than one place: written together at the next try

    def _keep_on_disk(self) -> bool:
        """Write the waiting writes to the first place that takes them, and remove older
        copies from the others; True if a file holds them all."""
        text = _as_json(self._orphans + self._pending)
        if text == self._on_disk and self.kept_in is not None:
            return True
        for path in self._kept_paths:
            try:
                path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                write_atomic(path, text)
            except OSError as exc:
                log.error("history: cannot keep the waiting writes in %s: %s", path, exc)
                continue
            if path != self.kept_in:
                log.warning("history: %d waiting write(s) kept in %s", self.pending, path)
            self.kept_in, self._on_disk = path, text
            self._remove_kept(but=path)
            return True
        self.kept_in, self._on_disk = None, None
        return False

    def _forget_kept(self) -> None:
        """Everything is stored: the files have nothing left to give."""
        if self.kept_in is None and self._on_disk is None:
            return
        if self._remove_kept(but=None):
            self.kept_in, self._on_disk = None, None

    def _remove_kept(self, but: Path | None) -> bool:
        """Remove the kept writes' files but one; False if one stays (stored twice next time
        at worst: sessions replace, not add)."""
        removed = True
        for path in self._kept_paths:
            if path == but:
                continue
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                log.warning("history: cannot remove %s: %s", path, exc)
                removed = False
        return removed

    def _set_kept_aside(self, path: Path, why: str) -> None:
        """A kept-writes file that cannot be read is moved aside, never deleted. Why is told
        to the user, not the log: it may quote a value, such as a pain score."""
        try:
            aside = move_aside(path, "damaged", self._now())
        except OSError as exc:
            log.error("history: %s is damaged and stays where it is: %s", path, exc)
            self._notices.append(f"Some sessions kept in {path} could not be read ({why}).")
            return
        log.error("history: %s is damaged; moved to %s", path, aside)
        self._notices.append(
            f"Some sessions kept for the history could not be read ({why}). "
            f"The file was moved to {aside}."
        )

    def _set_orphans_aside(self) -> str | None:
        """Writes for sessions the history no longer holds (their start went with a damaged
        file moved aside) are kept in a file of their own, never dropped, and said. Returns
        what went wrong, if they could not be (they stay, to be tried again)."""
        orphans = self._orphans
        if not orphans:
            return None
        aside = aside_path(self.kept_path, "unstored", self._now())
        try:
            write_atomic(aside, _as_json(orphans))
        except OSError as exc:
            problem = f"cannot keep {len(orphans)} write(s) aside in {aside}: {exc.strerror}"
            log.error("history: %s", problem)
            return problem
        self._orphans = []
        log.error(
            "history: %d write(s) for sessions not in the history kept in %s", len(orphans), aside
        )
        self._notices.append(
            f"Parts of {len(orphans)} earlier session record(s) belong to sessions this history "
            f"does not hold (they were in a damaged file moved aside). They were kept in {aside}."
        )
        return None


def _purge_deleted(store: HistoryStore) -> None:
    """The sessions an earlier run marked deleted and never purged (it crashed) go for good:
    nothing is left to undo them."""
    try:
        purged = store.purge_deleted()
    except HistoryError as exc:  # they stay left out of every read, and go next time
        log.warning("history: sessions deleted before could not be removed yet: %s", exc)
        return
    if purged:
        log.info("history: removed %d session(s) deleted in an earlier run", purged)


def _as_json(writes: list[HistoryWrite]) -> str:
    return json.dumps([write_to_json(w) for w in writes])


def _describe(write: HistoryWrite) -> str:
    if isinstance(write, Began):
        return f"the start of session {write.session.id}"
    if isinstance(write, StepEnded):
        return f"step {write.step.seq} of session {write.session_id}"
    if isinstance(write, Reminded):
        return "a reminder's answer"  # which one (a natural break: away) is the history's alone
    if isinstance(write, CheckedIn):
        return f"the check-in {write.checkin.moment.value} session {write.session_id}"
    return f"the end of session {write.session_id}"
