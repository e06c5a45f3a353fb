"""The history store: every session and every side of every stretch in it, in SQLite.

- WAL and synchronous=FULL: each write is on disk when it returns, so a crash or power cut
  loses at most the step under way.
- Health data: the file is created 0600 (SQLite gives its -wal and -shm files the same mode)
  in the data folder that AppPaths keeps 0700.
- `PRAGMA user_version` is the schema's version. Older files are copied aside, then migrated in
  one transaction; a file from a newer Supple is refused, never migrated down. One copy for each
  version: a migration tried again (it failed) keeps the copy the first try made.
- A file that will not open as a database or fails its check, or is not a Supple history
  (another program's SQLite file, or one missing Supple's tables), is moved aside, never deleted
  or changed, and a fresh one is started.
- A session left open by a process that is gone becomes `interrupted` when the store opens.
- A session the user deletes in the window is first only marked (`deleted_at`): every read
  leaves it out, and Undo clears the mark. The app removes the marked ones for good when the
  History page is left, or at its next start if it never got that far (a crash). The command
  line's delete, which has no Undo, removes at once.
"""

from __future__ import annotations

import contextlib
import glob
import logging
import os
import shutil
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.core.engine import SessionStatus
from desktop_app.core.model import Side
from desktop_app.core.records import (
    FLAG,
    KEPT_TOTALS,
    STEP_FIELDS,
    STEP_NAMES,
    CheckIn,
    Moment,
    SessionInfo,
    SessionRecord,
    StepRecord,
    by_value,
    step_cells,
    step_from_cells,
    time_text,
    totals,
)
from desktop_app.core.reminders import Reason, Reminded, ReminderOutcome
from desktop_app.services.files import aside_path, move_aside
from desktop_app.services.history_json import JsonRow, json_rows

if TYPE_CHECKING:
    from desktop_app.core.trends import PainPoint, SideAnswer, SideHeld

log = logging.getLogger(__name__)

# How long a write waits for another process's (an import's) lock. Short: a session's writes
# run on the GUI thread, and a write that cannot wait is kept and tried again.
BUSY_SECONDS = 0.5
# SQLite's primary result codes that mean the file itself is broken, not just unreachable.
DAMAGE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
SQLITE_CONSTRAINT_FOREIGNKEY = 787


class HistoryError(Exception):
    """The history cannot be read or written now; the message says why in one line."""

    no_room = False  # SQLite could not write (a full disk): reading only may still work


class NewerHistoryError(HistoryError):
    """The file was written by a newer Supple."""


class UnknownSessionError(HistoryError):
    """A write for a session the history does not hold: its start was stored in a file since
    moved aside as damaged. Trying again would never help."""


class _Unusable(Exception):
    """The file is not a history this Supple can use: it is moved aside."""

    label = "damaged"  # its name aside: history.sqlite3.damaged-<time>
    state = "damaged"  # the file "is" or "was" this


class _Damaged(_Unusable):
    pass


class _Foreign(_Unusable):
    label = "foreign"
    state = "not a Supple history"


# -- the schema, version by version ---------------------------------------------------------

_V1 = [
    """CREATE TABLE session (
        id TEXT PRIMARY KEY,
        routine_id TEXT NOT NULL,
        routine_name TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        status TEXT CHECK (status IN ('completed', 'stopped', 'interrupted')),
        planned_seconds REAL NOT NULL,
        pid INTEGER
    )""",
    """CREATE TABLE step (
        session_id TEXT NOT NULL REFERENCES session (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        stretch_id TEXT NOT NULL,
        side TEXT CHECK (side IN ('left', 'right')),
        kind TEXT NOT NULL CHECK (kind IN ('hold', 'reps', 'check')),
        planned_seconds REAL NOT NULL,
        held_seconds REAL NOT NULL,
        reps_planned INTEGER,
        reps_done INTEGER,
        completed INTEGER NOT NULL,
        skipped INTEGER NOT NULL,
        ended_at TEXT,
        PRIMARY KEY (session_id, seq)
    )""",
]

# Version 2: names and rounds of steps, a self-check's answer, the session's sums (so that the
# list of sessions needs no steps), which process began a session (its number alone can be
# another's after a restart), and room for pain check-ins before and after a session. Its sums
# are worked out here once, in SQL, for the sessions then stored; from then on every write sets
# them from records.totals, the one rule.
_V2 = [
    "ALTER TABLE step ADD COLUMN stretch_name TEXT",
    "UPDATE step SET stretch_name = stretch_id",
    "ALTER TABLE step ADD COLUMN round INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE step ADD COLUMN answer TEXT",
    "ALTER TABLE session ADD COLUMN steps_planned INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE session ADD COLUMN held_seconds REAL NOT NULL DEFAULT 0",
    "ALTER TABLE session ADD COLUMN steps_completed INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE session ADD COLUMN steps_skipped INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE session ADD COLUMN process TEXT",
    """UPDATE session SET (held_seconds, steps_completed, steps_skipped, steps_planned) = (
        SELECT coalesce(sum(held_seconds), 0), coalesce(sum(completed), 0),
               coalesce(sum(skipped), 0), count(*)
        FROM step WHERE step.session_id = session.id)""",
    """CREATE TABLE checkin (
        session_id TEXT NOT NULL REFERENCES session (id) ON DELETE CASCADE,
        moment TEXT NOT NULL CHECK (moment IN ('before', 'after')),
        pain INTEGER CHECK (pain BETWEEN 0 AND 10),
        note TEXT,
        at TEXT NOT NULL,
        PRIMARY KEY (session_id, moment)
    )""",
]

# Version 3: the sit-break reminders and how each ended (a break taken, snoozed, skipped or
# missed), so that "how often did I skip" has an answer.
_V3 = [
    """CREATE TABLE reminder (
        at TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('started', 'snoozed', 'skipped', 'missed')),
        routine_id TEXT NOT NULL
    )""",
    "CREATE INDEX reminder_at ON reminder (julianday(at))",
]

# Version 4: which sides ended because they hurt.
_V4 = ["ALTER TABLE step ADD COLUMN hurt INTEGER NOT NULL DEFAULT 0"]

# Version 5: a session deleted in the window, marked until the page that can undo it is left.
_V5 = ["ALTER TABLE session ADD COLUMN deleted_at TEXT"]

# Version 6: natural breaks (the user away from the machine) beside the reminders' answers,
# and why an offer waited (a call, a film). An outcome's CHECK cannot be altered in SQLite:
# the table is made again and its rows copied.
_V6 = [
    """CREATE TABLE reminder_v6 (
        at TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN
            ('started', 'snoozed', 'skipped', 'missed', 'natural-break')),
        routine_id TEXT NOT NULL,
        delayed_by TEXT
    )""",
    """INSERT INTO reminder_v6 (at, outcome, routine_id)
        SELECT at, outcome, routine_id FROM reminder""",
    "DROP TABLE reminder",
    "ALTER TABLE reminder_v6 RENAME TO reminder",
    "CREATE INDEX reminder_at ON reminder (julianday(at))",
]

MIGRATIONS: Sequence[Sequence[str]] = (
    _V1,
    _V2,
    _V3,
    _V4,
    _V5,
    _V6,
)  # MIGRATIONS[n] takes version n to n + 1
SCHEMA_VERSION = len(MIGRATIONS)


# -- opening -----------------------------------------------------------------------------------


@dataclass
class Opened:
    store: HistoryStore
    notices: list[str]  # what the user should be told, e.g. that a damaged file was moved
    read_only: bool = False  # it could not be written (read-only, or full): opened only to read


def set_history_aside(path: Path, label: str, now: datetime) -> Path:
    """Move the unusable file at `path`, with its -wal and -shm, aside under `label`; returns
    where to."""
    aside = move_aside(path, label, now)
    for suffix in ("-wal", "-shm"):  # they belong to the file set aside
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.rename(aside.with_name(aside.name + suffix))
    return aside


def open_history(
    path: Path,
    now: Callable[[], datetime],
    *,
    set_aside: Callable[[Path, str, datetime], Path] = set_history_aside,
) -> Opened:
    """Open (or create) the store at `path`. Raises HistoryError when it cannot be used.
    `set_aside`: how an unusable file is moved aside (a test's fake can fail)."""
    notices = []
    try:
        connection = _connect(path, now)
    except _Unusable as exc:
        try:
            aside = set_aside(path, exc.label, now())
        except OSError as error:
            raise HistoryError(
                f"{path} is {exc.state} ({exc}) and cannot be moved aside: {error.strerror}"
            ) from None
        log.error("history: %s is %s (%s); moved to %s", path, exc.state, exc, aside)
        notices.append(
            f"The history file was {exc.state} ({exc}). It was moved to {aside} "
            "and a new history was started."
        )
        connection = _connect(path, now)
    store = HistoryStore(path, connection)
    try:
        store.close_abandoned()
    except BaseException:
        store.close()
        raise
    return Opened(store, notices)


def open_history_to_read(path: Path) -> HistoryStore:
    """The store at `path` opened only to read it, where its folder cannot be written (a disk
    gone read-only, or full): nothing is migrated, marked or moved; an empty one if there is
    no file yet. Raises HistoryError."""
    if not path.exists() or path.stat().st_size == 0:  # empty: a first open on a full disk
        return HistoryStore(path, _empty())
    # A history closed cleanly has no -wal file, and read-only SQLite could not make one:
    # immutable tells it none will come. One a crash left behind holds sessions: read it too.
    wal = path.with_name(f"{path.name}-wal")
    left = wal.exists() and wal.stat().st_size > 0  # an empty one: a failed open's, on a full disk
    uri = f"{path.as_uri()}?mode=ro" + ("" if left else "&immutable=1")
    try:
        connection = sqlite3.connect(uri, uri=True, isolation_level=None)
        version = _version(connection)
        foreign = _not_supples(connection, version)
    except sqlite3.Error as exc:
        raise _trouble(path, exc) from None
    if foreign:
        connection.close()
        raise HistoryError(f"{path} is {_Foreign.state} ({foreign}); it was left as it is")
    if version != SCHEMA_VERSION:
        connection.close()
        if version > SCHEMA_VERSION:
            raise _newer(path, version)
        raise HistoryError(
            f"{path} is history version {version} and cannot be read until its folder can be "
            f"written (this Supple reads version {SCHEMA_VERSION})"
        )
    return HistoryStore(path, connection, uri)


FULL_BYTES = 1024 * 1024  # less free than this, and SQLite's "disk I/O error" means "full"


def _no_room_words(path: Path, exc: HistoryError) -> str:
    try:
        full = shutil.disk_usage(path.parent).free < FULL_BYTES
    except OSError:
        full = False
    return f"{path.parent} is on a full disk" if full else str(exc)


def _empty() -> sqlite3.Connection:
    """A history with no sessions, in memory, that takes no writes: none was ever saved in a
    folder that cannot be written."""
    connection = sqlite3.connect(":memory:", isolation_level=None)
    _apply(connection, MIGRATIONS)
    connection.execute("PRAGMA query_only = ON")
    return connection


def open_history_anyhow(path: Path, now: Callable[[], datetime]) -> Opened:
    """open_history; or, where the history's folder cannot be written (a disk gone
    read-only) or its disk is full, the store opened only to read it, with a notice: what was
    done can still be seen and exported, and new writes wait. Raises HistoryError."""
    try:
        return open_history(path, now)
    except NewerHistoryError:
        raise
    except HistoryError as exc:
        full = exc.no_room and path.exists()  # a full disk: what is there can still be read
        if not full and (os.access(path.parent, os.W_OK) or not path.parent.is_dir()):
            raise
        try:
            store = open_history_to_read(path)
        except HistoryError:
            if full:  # new, or an older version: that the disk is full is the news
                raise exc from None
            raise
        problem = _no_room_words(path, exc) if full else f"{path.parent} cannot be written"
    notice = f"{problem}: the history is shown, but nothing new is saved"
    return Opened(store, [notice], read_only=True)


def _connect(path: Path, now: Callable[[], datetime]) -> sqlite3.Connection:
    if not path.exists():
        _create_private(path)
    try:
        connection = sqlite3.connect(path, isolation_level=None, timeout=BUSY_SECONDS)
    except sqlite3.Error as exc:
        raise _trouble(path, exc) from None
    try:
        _prepare(connection, path, now)
    except BaseException:
        connection.close()
        raise
    return connection


def _create_private(path: Path) -> None:
    try:
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise HistoryError(f"cannot create {path}: {exc.strerror}") from None


def _prepare(connection: sqlite3.Connection, path: Path, now: Callable[[], datetime]) -> None:
    # Only reads until the file is known to be sound and ours: a file refused or moved aside
    # is left exactly as it was.
    try:
        problems = [row[0] for row in connection.execute("PRAGMA quick_check")]
        if problems != ["ok"]:
            raise _Damaged(problems[0])
        version = _version(connection)
        foreign = _not_supples(connection, version)
    except sqlite3.Error as exc:
        if _is_damage(exc):
            raise _Damaged(str(exc)) from None
        raise _trouble(path, exc) from None
    if foreign:
        raise _Foreign(foreign)
    if version > SCHEMA_VERSION:
        raise _newer(path, version)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("PRAGMA foreign_keys=ON")
        if version < SCHEMA_VERSION:
            _migrate(connection, path, version, now())
    except sqlite3.Error as exc:
        raise _trouble(path, exc) from None


def _version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def _apply(connection: sqlite3.Connection, steps: Iterable[Sequence[str]]) -> None:
    for step in steps:
        for statement in step:
            connection.execute(statement)


def _not_supples(connection: sqlite3.Connection, version: int) -> str | None:
    """Why the file is not a Supple history, or None when it is one (only then is it ever
    changed). Tables of the user's own beside Supple's are left alone, not refused."""
    if version == 0:  # Supple sets its version with its first tables: only an empty file is new
        names = [row[0] for row in connection.execute(_OWN_OBJECTS)]
        more = ", ..." if len(names) > 3 else ""
        return f"it has tables but no version: {', '.join(names[:3])}{more}" if names else None
    # A newer Supple's schema is unknown here (it may drop a table): its file is known by the
    # first version's tables, which every Supple has, by their names alone.
    newer = version > SCHEMA_VERSION
    for table, columns in _schema(1 if newer else version).items():
        found = {
            row[0] for row in connection.execute("SELECT name FROM pragma_table_info(?)", (table,))
        }
        if not found:
            return f"it has no table {table}"
        missing = set() if newer else columns - found
        if missing:
            return f"its table {table} has no column {min(missing)}"
    return None


# What a file holds beside SQLite's own objects (sqlite_autoindex_..., sqlite_sequence).
_OWN_OBJECTS = r"""SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite\_%' ESCAPE '\'
    ORDER BY name LIMIT 4"""


def _schema(version: int) -> dict[str, set[str]]:
    """Supple's tables at `version`, each with its columns."""
    with contextlib.closing(sqlite3.connect(":memory:")) as db:
        _apply(db, MIGRATIONS[:version])
        rows = db.execute(
            """SELECT m.name, c.name FROM sqlite_master AS m, pragma_table_info(m.name) AS c
            WHERE m.type = 'table'"""
        ).fetchall()
    tables: dict[str, set[str]] = {}
    for table, column in rows:
        tables.setdefault(table, set()).add(column)
    return tables


def _migrate(connection: sqlite3.Connection, path: Path, version: int, now: datetime) -> None:
    if version > 0:  # a new file has nothing to keep
        _keep_a_copy(connection, path, version, now)
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = _version(connection)  # another Supple may have migrated it meanwhile
        _apply(connection, MIGRATIONS[version:])
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.execute("ROLLBACK")
        raise
    log.info("history: migrated %s from version %d to %d", path, version, SCHEMA_VERSION)


def _keep_a_copy(connection: sqlite3.Connection, path: Path, version: int, now: datetime) -> None:
    """Copy the file as it is before it is migrated, once: a migration that failed left the
    file as it was, and trying it again (every 20 s while writes wait, at each start) keeps the
    copy made before, not a new one each time."""
    label = f"v{version}-backup"
    for earlier in path.parent.glob(f"{glob.escape(path.name)}.{label}-*"):
        if _holds_the_same(connection, path, earlier):
            log.info("history: version %d is already copied to %s", version, earlier)
            return
    backup = aside_path(path, label, now)
    _create_private(backup)
    try:
        with contextlib.closing(sqlite3.connect(backup)) as copy:
            connection.backup(copy)
    except BaseException:  # a full disk: no empty file left to look like a backup
        backup.unlink(missing_ok=True)
        raise
    log.info("history: copied version %d to %s before migrating", version, backup)


def _holds_the_same(connection: sqlite3.Connection, path: Path, copy_path: Path) -> bool:
    """Whether the file at `copy_path` is a copy of the history at `path` as it is now. A copy
    is made page for page: past the 100-byte header (where its change counters differ), its
    bytes are the file's, once the file holds what its -wal does."""
    wal = path.with_name(f"{path.name}-wal")
    try:
        if wal.exists() and wal.stat().st_size:  # what it holds is not all in the file yet
            [(busy, _, _)] = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            if busy:  # another Supple holds it: cannot tell
                return False
        with path.open("rb") as mine, copy_path.open("rb") as its:
            if os.fstat(mine.fileno()).st_size != os.fstat(its.fileno()).st_size:
                return False
            mine.seek(_HEADER_BYTES)
            its.seek(_HEADER_BYTES)
            while chunk := mine.read(_CHUNK_BYTES):
                if its.read(_CHUNK_BYTES) != chunk:
                    return False
    except (OSError, sqlite3.Error):  # cannot tell: a copy too many is better than none
        return False
    return True


_HEADER_BYTES = 100  # SQLite's file header
_CHUNK_BYTES = 1024 * 1024


def _is_damage(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in DAMAGE_CODES


def _trouble(path: Path, exc: sqlite3.Error) -> HistoryError:
    error = HistoryError(f"cannot use the history file {path}: {exc}")
    # Extended codes keep the primary one in their low byte: a full disk often shows as an
    # I/O error, from the -shm file that could not grow.
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    error.no_room = code in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR)
    return error


def process_token(pid: int) -> str | None:
    """Which process a number belongs to, where the system says (Linux): the boot and the
    process's start time. A number can be another process's after a crash and a restart."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return f"{boot}:{stat.rsplit(')', 1)[1].split()[19]}"  # field 22, after the name


def _alive(pid: int | None, token: str | None) -> bool:
    """Whether the process that began a session still runs (and may still write it)."""
    if pid is None:
        return False
    if token is not None:
        return process_token(pid) == token
    # No token: the number alone. This process's own number is from before a restart.
    if pid == os.getpid() or sys.platform == "win32":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process now has that number
        return True
    return True


# -- the store ---------------------------------------------------------------------------------

_SESSION_COLUMNS = (
    "id, routine_id, routine_name, started_at, ended_at, status, planned_seconds, "
    "steps_planned, held_seconds, steps_completed, steps_skipped"
)
# What a session is read as: its columns, and the longest any one of its sides was held (by the
# step's key: a few rows for each session), which records.totals works out for a record.
_SESSION_READ = f"""{_SESSION_COLUMNS},
    (SELECT coalesce(max(step.held_seconds), 0) FROM step WHERE step.session_id = session.id)"""
# A step's columns are its fields (core/records.py's STEP_FIELDS), in their order.
_STEP_COLUMNS = ", ".join(STEP_NAMES)
# The same, where a join with the session makes the shared names (ended_at, ...) ambiguous.
_STEP_COLUMNS_JOINED = ", ".join(f"step.{name}" for name in STEP_NAMES)
_INSERT_STEP = f"""INSERT INTO step (session_id, {_STEP_COLUMNS})
    VALUES (?{", ?" * len(STEP_NAMES)})"""
# The CSV's cells: a flag, 0 or 1 here, is false or true there, as in the JSON. A session
# without steps has NULL, an empty cell, in each.
_STEP_CSV_CELLS = ", ".join(
    f"CASE step.{f.name} WHEN 0 THEN 'false' WHEN 1 THEN 'true' ELSE '' END"
    if f.codec is FLAG
    else f"step.{f.name}"
    for f in STEP_FIELDS
)


def _parse(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _day(value: str) -> date:
    """The day a session started on, where it started: its own offset, not this machine's."""
    return datetime.fromisoformat(value).date()


_SIDES = by_value(Side)
_STATUSES = by_value(SessionStatus)
_OUTCOMES = by_value(ReminderOutcome)
_REASONS = by_value(Reason)


def _info(row: Sequence[Any]) -> SessionInfo:
    return SessionInfo(
        id=row[0],
        routine_id=row[1],
        routine_name=row[2],
        started_at=datetime.fromisoformat(row[3]),
        ended_at=_parse(row[4]),
        status=_STATUSES(row[5]),
        planned_seconds=row[6],
        steps_planned=row[7],
        held_seconds=row[8],
        steps_completed=row[9],
        steps_skipped=row[10],
        longest_held=row[11],
    )


_BEFORE_FIRST = "ORDER BY CASE moment WHEN 'before' THEN 0 ELSE 1 END"
# By julianday: the text of times at different UTC offsets does not sort in time order.
_NEWEST_FIRST = "ORDER BY julianday(session.started_at) DESC, session.id DESC"


# The sessions the history shows: a running one is not history yet, a deleted one no longer.
_SHOWN = "session.status IS NOT NULL AND session.deleted_at IS NULL"


def _finished(routine_id: str | None) -> tuple[str, tuple[str, ...]]:
    """The WHERE clause and its parameters for the sessions shown, of one routine or all."""
    if routine_id:
        return f"{_SHOWN} AND session.routine_id = ?", (routine_id,)
    return _SHOWN, ()


# An answer changed replaces the one given before.
_PUT_CHECKIN = """INSERT OR REPLACE INTO checkin (session_id, moment, pain, at)
    VALUES (?, ?, ?, ?)"""
_MOMENTS = {moment.value: moment for moment in Moment}
_INSERT_REMINDER = """INSERT INTO reminder (at, outcome, routine_id, delayed_by)
    VALUES (?, ?, ?, ?)"""


def _reminder_values(reminded: Reminded) -> tuple[object, ...]:
    delayed_by = reminded.delayed_by.value if reminded.delayed_by else None
    return (time_text(reminded.at), reminded.outcome.value, reminded.routine_id, delayed_by)


def _checkin_values(session_id: str, checkin: CheckIn) -> tuple[object, ...]:
    return (session_id, checkin.moment.value, checkin.pain, time_text(checkin.at))


def _checkin(row: Sequence[Any]) -> CheckIn:
    return CheckIn(_MOMENTS[row[0]], row[1], datetime.fromisoformat(row[2]))


def _since(routine_id: str | None, since: datetime) -> tuple[str, tuple[str, ...]]:
    """The WHERE clause for finished sessions that started from `since` on."""
    where, params = _finished(routine_id)
    return f"{where} AND julianday(session.started_at) >= julianday(?)", (
        *params,
        time_text(since) or "",
    )


_INSERT_SESSION = f"""INSERT INTO session ({_SESSION_COLUMNS}, pid, process)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""


class HistoryStore:
    def __init__(self, path: Path, connection: sqlite3.Connection, uri: str | None = None) -> None:
        self.path = path
        self._db = connection
        # How `connection` was opened, for the JSON's reader processes to open it the same way.
        self._uri = uri or path.absolute().as_uri()

    def close(self) -> None:
        self._db.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise _trouble(self.path, exc) from None

    def _read(self, sql: str, parameters: Sequence[object] = ()) -> list[Any]:
        try:
            return self._db.execute(sql, parameters).fetchall()
        except sqlite3.Error as exc:
            raise _trouble(self.path, exc) from None

    # -- writes, each in its own transaction and on disk when it returns

    def begin(self, session: SessionInfo) -> None:
        """Record a session that has just started (again: nothing changes)."""
        with self._transaction() as db:
            exists = db.execute("SELECT 1 FROM session WHERE id = ?", (session.id,)).fetchone()
            if not exists:
                pid = os.getpid()
                begun = replace(session, **totals(()))  # no step has ended yet
                db.execute(_INSERT_SESSION, (*_session_values(begun), pid, process_token(pid)))

    def record_step(self, session_id: str, step: StepRecord) -> None:
        """Record a step that ended; one recorded before at its place is replaced."""
        with self._transaction() as db, _of_session(session_id):
            db.execute("DELETE FROM step WHERE session_id = ? AND seq = ?", (session_id, step.seq))
            db.execute(_INSERT_STEP, (session_id, *step_cells(step)))
            _put_totals(db, session_id)

    def end(self, session_id: str, status: SessionStatus, ended_at: datetime) -> None:
        with self._transaction() as db:
            changed = db.execute(
                "UPDATE session SET status = ?, ended_at = ? WHERE id = ?",
                (status.value, time_text(ended_at), session_id),
            ).rowcount
            if not changed:
                raise _unknown(session_id)

    def record_checkin(self, session_id: str, checkin: CheckIn) -> None:
        """Record how the user felt before or after a session; a later answer for the same
        moment replaces the earlier one."""
        with self._transaction() as db, _of_session(session_id):
            db.execute(_PUT_CHECKIN, _checkin_values(session_id, checkin))

    def record_reminder(self, reminded: Reminded) -> None:
        with self._transaction() as db:
            db.execute(_INSERT_REMINDER, _reminder_values(reminded))

    def close_abandoned(self) -> list[str]:
        """Mark sessions whose process is gone as interrupted, ending when their last step
        did. Returns their ids."""
        rows = self._read("SELECT id, pid, process FROM session WHERE status IS NULL")
        gone = [id_ for id_, pid, token in rows if not _alive(pid, token)]
        self.interrupt(gone)
        return gone

    def interrupt(self, session_ids: Sequence[str]) -> None:
        """Mark these sessions, those still open, as interrupted, ending when their last step
        did: their process is gone."""
        if not session_ids:
            return
        with self._transaction() as db:
            ended = db.executemany(
                """UPDATE session SET status = 'interrupted', ended_at = coalesce(
                    (SELECT ended_at FROM step WHERE session_id = session.id
                     ORDER BY julianday(ended_at) DESC LIMIT 1),
                    started_at)
                WHERE id = ? AND status IS NULL""",
                [(session_id,) for session_id in session_ids],
            ).rowcount
        if ended:
            log.warning("history: %d session(s) left open are now interrupted", ended)

    def add(self, records: Iterable[SessionRecord]) -> int:
        """Add sessions (a restored backup); those already here are left alone. Returns how
        many were new. One deleted here and kept in the backup comes back as the backup has
        it: restoring is the user's word that they want it (and a deletion not yet purged
        would otherwise take the backup's copy with it). All or nothing."""
        added = 0
        with self._transaction() as db:
            for record in records:
                info = record.info
                here = db.execute(
                    "SELECT deleted_at FROM session WHERE id = ?", (info.id,)
                ).fetchone()
                if here is not None:
                    if here[0] is None:
                        continue
                    _remove(db, "id = ?", (info.id,))
                info = replace(info, **totals(record.steps))
                db.execute(_INSERT_SESSION, (*_session_values(info), None, None))
                db.executemany(_INSERT_STEP, [(info.id, *step_cells(s)) for s in record.steps])
                db.executemany(_PUT_CHECKIN, [_checkin_values(info.id, c) for c in record.checkins])
                added += 1
        return added

    # -- deleting a session: a slip, a test run

    def _finished_session(self, db: sqlite3.Connection, session_id: str) -> SessionInfo:
        """The finished, shown session `session_id`; UnknownSessionError if there is none (a
        running session is not history yet: its next write would find it gone)."""
        row = db.execute(
            f"SELECT {_SESSION_READ} FROM session WHERE id = ? AND {_SHOWN}",
            (session_id,),
        ).fetchone()
        if row is None:
            raise _unknown(session_id)
        return _info(row)

    def mark_deleted(self, session_id: str, at: datetime) -> SessionInfo:
        """Leave a finished session out of every read until `unmark_deleted` or
        `purge_deleted`; returns it. Raises UnknownSessionError."""
        with self._transaction() as db:
            info = self._finished_session(db, session_id)
            db.execute(
                "UPDATE session SET deleted_at = ? WHERE id = ?", (time_text(at), session_id)
            )
        return info

    def unmark_deleted(self, session_id: str) -> bool:
        """Undo `mark_deleted`: the session is back exactly as it was. False if it is gone
        for good meanwhile (purged, or deleted from the command line)."""
        with self._transaction() as db:
            changed = db.execute(
                "UPDATE session SET deleted_at = NULL WHERE id = ? AND deleted_at IS NOT NULL",
                (session_id,),
            ).rowcount
        return bool(changed)

    def purge_deleted(self) -> int:
        """Remove the sessions marked deleted for good, with their steps and check-ins.
        Returns how many."""
        with self._transaction() as db:
            return _remove(db, "deleted_at IS NOT NULL", ())

    def is_running(self, session_id: str) -> bool:
        """Whether `session_id` is a session under way (or left open by a crash, until the
        app next starts): not history yet, so it cannot be deleted."""
        return bool(
            self._read("SELECT 1 FROM session WHERE id = ? AND status IS NULL", (session_id,))
        )

    def delete(self, session_id: str) -> SessionInfo:
        """Remove a finished session for good, with its steps and check-ins; returns it.
        Raises UnknownSessionError."""
        with self._transaction() as db:
            info = self._finished_session(db, session_id)
            _remove(db, "id = ?", (session_id,))
        return info

    # -- reads: finished sessions only (a running one is not history yet), newest first

    def sessions(self, routine_id: str | None = None) -> list[SessionInfo]:
        where, params = _finished(routine_id)
        rows = self._read(
            f"SELECT {_SESSION_READ} FROM session WHERE {where} {_NEWEST_FIRST}", params
        )
        return [_info(row) for row in rows]

    def session(self, session_id: str) -> SessionRecord | None:
        """A session with its steps and check-ins; None if the history does not hold it (or
        it was deleted)."""
        rows = self._read(
            f"SELECT {_SESSION_READ} FROM session WHERE id = ? AND deleted_at IS NULL",
            (session_id,),
        )
        if not rows:
            return None
        steps = self._read(
            f"SELECT {_STEP_COLUMNS} FROM step WHERE session_id = ? ORDER BY seq", (session_id,)
        )
        checkins = self._read(
            f"SELECT moment, pain, at FROM checkin WHERE session_id = ? {_BEFORE_FIRST}",
            (session_id,),
        )
        return SessionRecord(
            _info(rows[0]),
            tuple(step_from_cells(row) for row in steps),
            tuple(_checkin(row) for row in checkins),
        )

    def records(self, routine_id: str | None = None) -> list[SessionRecord]:
        """Every finished session with its steps, newest first: what an export writes."""
        where, params = _finished(routine_id)
        steps: dict[str, list[StepRecord]] = {}
        for row in self._read(
            f"""SELECT step.session_id, {_STEP_COLUMNS_JOINED}
            FROM step JOIN session ON session.id = step.session_id
            WHERE {where} ORDER BY step.session_id, step.seq""",
            params,
        ):
            steps.setdefault(row[0], []).append(step_from_cells(row[1:]))
        checkins: dict[str, list[CheckIn]] = {}
        for row in self._read(
            f"""SELECT checkin.session_id, moment, pain, at
            FROM checkin JOIN session ON session.id = checkin.session_id
            WHERE {where} {_BEFORE_FIRST}""",
            params,
        ):
            checkins.setdefault(row[0], []).append(_checkin(row[1:]))
        return [
            SessionRecord(info, tuple(steps.get(info.id, ())), tuple(checkins.get(info.id, ())))
            for info in self.sessions(routine_id)
        ]

    def csv_rows(self, routine_id: str | None = None) -> Iterator[tuple[object, ...]]:
        """A row per step of every finished session, newest first, in CSV_COLUMNS' order with
        the cells as the CSV has them (None: an empty cell, as csv.writer writes it); a session
        without steps has one row with empty step cells. Straight from SQL: a hundred thousand
        steps made into records first would take a second."""
        where, params = _finished(routine_id)
        try:
            rows = self._db.execute(
                f"""SELECT session.id, session.routine_id, session.routine_name,
                    session.started_at, session.status, {_STEP_CSV_CELLS},
                    before.pain, after.pain
                FROM session LEFT JOIN step ON session.id = step.session_id
                LEFT JOIN checkin AS before
                    ON before.session_id = session.id AND before.moment = 'before'
                LEFT JOIN checkin AS after
                    ON after.session_id = session.id AND after.moment = 'after'
                WHERE {where}
                {_NEWEST_FIRST}, step.seq""",
                params,
            )
            # Not `yield from`: a reader that leaves early (`| head`) would close the cursor
            # when the generator is collected, after the store, and that raises.
            for row in rows:  # noqa: UP028 (see above)
                yield row
        except sqlite3.Error as exc:
            raise _trouble(self.path, exc) from None

    def json_rows(self, routine_id: str | None = None) -> Iterator[JsonRow]:
        """Each finished session, newest first, as its start and two pieces of its JSON text:
        the head up to its check-ins, and its steps' list (services/history_json.py). A few
        hundred sessions at a time, in the order read first: sorting the rows whole would
        hold every step's JSON in SQLite's sorter (on disk) before the first one came out."""
        where, params = _finished(routine_id)
        order = self._read(f"SELECT id FROM session WHERE {where} {_NEWEST_FIRST}", params)
        rows = json_rows(self._db, self._uri, [session_id for (session_id,) in order])
        try:
            # Not `yield from`: see csv_rows.
            for row in rows:  # noqa: UP028
                yield row
        except sqlite3.Error as exc:
            raise _trouble(self.path, exc) from None
        finally:
            rows.close()

    def reminders(self, routine_id: str | None = None) -> list[Reminded]:
        """The reminders' answers (those offering one routine, or all), newest first."""
        where, params = ("WHERE routine_id = ?", (routine_id,)) if routine_id else ("", ())
        rows = self._read(
            f"""SELECT at, outcome, routine_id, delayed_by FROM reminder {where}
            ORDER BY julianday(at) DESC""",
            params,
        )
        return [
            Reminded(datetime.fromisoformat(at), _OUTCOMES(o), r, _REASONS(d))
            for at, o, r, d in rows
        ]

    def add_reminders(self, reminders: Iterable[Reminded]) -> int:
        """Add reminders' answers (from a restored backup); one already here, at the same
        moment with the same outcome and routine, is left alone. Returns how many were new.
        All or nothing."""
        added = 0
        with self._transaction() as db:
            for reminded in reminders:
                values = _reminder_values(reminded)
                if not db.execute(
                    """SELECT 1 FROM reminder WHERE julianday(at) = julianday(?)
                    AND outcome = ? AND routine_id = ?""",
                    values[:3],
                ).fetchone():
                    db.execute(_INSERT_REMINDER, values)
                    added += 1
        return added

    def reminder_counts(self, since: datetime) -> dict[ReminderOutcome, int]:
        """How the reminders since `since` ended, by outcome (every outcome, even at 0)."""
        rows = self._read(
            """SELECT outcome, count(*) FROM reminder
            WHERE julianday(at) >= julianday(?) GROUP BY outcome""",
            (time_text(since),),
        )
        counts = dict.fromkeys(ReminderOutcome, 0)
        counts.update({ReminderOutcome(outcome): number for outcome, number in rows})
        return counts

    def delayed(self, since: datetime) -> int:
        """How many offers since `since` waited for a reason not to interrupt."""
        [(count,)] = self._read(
            """SELECT count(*) FROM reminder
            WHERE julianday(at) >= julianday(?) AND delayed_by IS NOT NULL""",
            (time_text(since),),
        )
        return int(count)

    # -- reads for the trends, from a moment on (their types load with the History page, not
    # at start). They say CROSS JOIN, which makes SQLite go from the few sessions of the weeks
    # shown to their steps (by the step's key) rather than through every step of twenty years.

    def pain_points(self, since: datetime, routine_id: str | None = None) -> list[PainPoint]:
        """The finished sessions with a check-in, before or after, oldest first."""
        from desktop_app.core.trends import PainPoint  # noqa: PLC0415

        where, params = _since(routine_id, since)
        rows = self._read(
            f"""SELECT session.id, session.started_at, session.routine_name,
                (SELECT pain FROM checkin WHERE session_id = session.id AND moment = 'before'),
                (SELECT pain FROM checkin WHERE session_id = session.id AND moment = 'after')
            FROM session
            WHERE {where} AND EXISTS (SELECT 1 FROM checkin WHERE session_id = session.id)
            ORDER BY julianday(session.started_at), session.id""",
            params,
        )
        return [
            PainPoint(row[0], datetime.fromisoformat(row[1]), row[2], row[3], row[4])
            for row in rows
        ]

    def check_answers(self, stretch_id: str, since: datetime) -> list[SideAnswer]:
        """A self-check's answers on each side, in every routine, in the order given."""
        from desktop_app.core.trends import SideAnswer  # noqa: PLC0415

        where, params = _since(None, since)
        rows = self._read(
            f"""SELECT session.started_at, step.side, step.answer
            FROM session CROSS JOIN step ON step.session_id = session.id
            WHERE {where} AND step.stretch_id = ? AND step.answer IS NOT NULL
                AND step.side IS NOT NULL
            ORDER BY julianday(session.started_at), session.id, step.seq""",
            (*params, stretch_id),
        )
        return [SideAnswer(_day(row[0]), Side(row[1]), row[2]) for row in rows]

    def held_by_stretch(self, since: datetime, routine_id: str | None = None) -> list[SideHeld]:
        """Seconds held on each side of each stretch, per session; a self-check's hold is a
        test, not a stretch, and is left out."""
        from desktop_app.core.trends import SideHeld  # noqa: PLC0415

        where, params = _since(routine_id, since)
        rows = self._read(
            f"""SELECT session.started_at, step.stretch_id, step.stretch_name, step.side,
                sum(step.held_seconds)
            FROM session CROSS JOIN step ON step.session_id = session.id
            WHERE {where} AND step.kind != 'check'
            GROUP BY session.id, step.stretch_id, step.side""",
            params,
        )
        return [SideHeld(_day(row[0]), row[1], row[2], _SIDES(row[3]), row[4]) for row in rows]

    def routines(self) -> list[tuple[str, str]]:
        """Each routine in the history, by id, with the name it last had."""
        # SQLite takes the bare column routine_name from the row that has the max(); julianday,
        # since the text of times at different UTC offsets does not sort in time order.
        rows = self._read(
            f"""SELECT routine_id, routine_name, max(julianday(started_at)) FROM session
            WHERE {_SHOWN} GROUP BY routine_id ORDER BY routine_name"""
        )
        return [(row[0], row[1]) for row in rows]


def _session_values(info: SessionInfo) -> tuple[object, ...]:
    return (
        info.id,
        info.routine_id,
        info.routine_name,
        time_text(info.started_at),
        time_text(info.ended_at),
        info.status.value if info.status else None,
        info.planned_seconds,
        info.steps_planned,
        info.held_seconds,
        info.steps_completed,
        info.steps_skipped,
    )


@contextlib.contextmanager
def _of_session(session_id: str) -> Iterator[None]:
    """A session's own rows are written: its foreign key refuses them for a session the
    history does not hold, which is then said by name."""
    try:
        yield
    except sqlite3.IntegrityError as exc:
        if getattr(exc, "sqlite_errorcode", None) == SQLITE_CONSTRAINT_FOREIGNKEY:
            raise _unknown(session_id) from None
        raise


def _newer(path: Path, version: int) -> NewerHistoryError:
    return NewerHistoryError(
        f"{path} was written by a newer Supple (history version {version}; this one reads up "
        f"to {SCHEMA_VERSION}); it was left as it is"
    )


def _unknown(session_id: str) -> UnknownSessionError:
    return UnknownSessionError(f"the history holds no session {session_id}")


def _remove(db: sqlite3.Connection, where: str, params: Sequence[object]) -> int:
    """Remove the sessions `where` picks and all that is theirs (said, not left to the
    foreign keys' cascade: a file opened without them must lose no more and keep no less)."""
    chosen = f"SELECT id FROM session WHERE {where}"
    for table in ("step", "checkin"):
        db.execute(f"DELETE FROM {table} WHERE session_id IN ({chosen})", params)
    return int(db.execute(f"DELETE FROM session WHERE {where}", params).rowcount)


def _put_totals(db: sqlite3.Connection, session_id: str) -> None:
    """Set the session's sums (records.totals, those kept) from the steps it holds now."""
    rows = db.execute(f"SELECT {_STEP_COLUMNS} FROM step WHERE session_id = ?", (session_id,))
    every = totals([step_from_cells(row) for row in rows])
    sums = {name: every[name] for name in KEPT_TOTALS}
    db.execute(
        f"UPDATE session SET {', '.join(f'{name} = ?' for name in sums)} WHERE id = ?",
        (*sums.values(), session_id),
    )
