"""The finished sessions' JSON text as SQLite writes it, for `supple history --json`.

SQLite's JSON functions write a session in a third of the time Python takes to read its rows,
and they are most of a long export's time. A long history is shared out among reader
processes, a batch of sessions each, and put back in order: threads of one process do not
share that work out, as SQLite's memory lock serialises them (measured: two threads took
twice the CPU for no gain). Whatever stops a reader, or keeps one from starting, the rest is
read here, where an error is the store's own.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sqlite3
from collections.abc import Generator, Iterator, Sequence
from typing import TYPE_CHECKING

from desktop_app.core.records import FLAG, PER_SECOND, SECONDS, STEP_FIELDS, StepField

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

log = logging.getLogger(__name__)

JsonRow = tuple[str, str, str]  # a session's start, its head, its steps' list

# Sessions read at once: their steps' text is a few megabytes.
BATCH = 500
# From here on the readers save clearly more than their start costs, a Python each (measured
# with benchmarks/history.py on two cores: 10,000 sessions 206 ms here, 185 ms with readers;
# 20,000 404 and 309 ms).
PARALLEL_FROM = 20_000
# The process that writes the output copies every byte the readers send: past four it is the
# one everybody waits for.
_MOST_READERS = 4


def _json_cell(f: StepField) -> str:
    """A step's field as its JSON has it (records.step_to_json), made by SQLite."""
    if f.codec is FLAG:
        # json() of a constant is worked out once per query, not once a step.
        return f"CASE step.{f.name} WHEN 1 THEN json('true') ELSE json('false') END"
    if f.codec is SECONDS:
        return seconds_json(f"step.{f.name}")
    return f"step.{f.name}"


def seconds_json(column: str) -> str:
    """records.json_seconds in SQL: the same float sums (CAST cuts toward zero as int()
    does), in a fifth of the time round() takes."""
    return f"CAST({column} * {PER_SECOND} + 0.5 AS INTEGER) / {PER_SECOND}.0"


# A session's steps as their JSON list, in order. json_group_array takes no ORDER BY before
# SQLite 3.44: the steps come in the order of the index SQLite reads them by, the primary
# key's, (session_id, seq). The planner picks it anyway; INDEXED BY makes any other choice an
# error, not steps out of order. A FROM subquery with an ORDER BY took a sixth more time.
_STEPS_JSON = f"""(SELECT json_group_array(json_object({
    ", ".join(f"'{f.name}', {_json_cell(f)}" for f in STEP_FIELDS)
})) FROM step INDEXED BY sqlite_autoindex_step_1 WHERE step.session_id = session.id)"""


# A session's JSON up to its check-ins, as records.session_head_to_json has it, made by SQLite
# (the times are stored as the JSON writes them). A FROM subquery keeps the check-ins in order,
# before then after; json() keeps their list JSON, not a string, inside the object.
_HEAD_JSON = f"""json_object(
    'id', session.id, 'routine_id', session.routine_id, 'routine_name', session.routine_name,
    'started_at', session.started_at, 'ended_at', session.ended_at, 'status', session.status,
    'planned_seconds', {seconds_json("session.planned_seconds")},
    'held_seconds', {seconds_json("session.held_seconds")},
    'steps_planned', session.steps_planned, 'steps_completed', session.steps_completed,
    'steps_skipped', session.steps_skipped,
    'checkins', json((SELECT json_group_array(json_object('moment', moment, 'pain', pain, 'at', at))
        FROM (SELECT * FROM checkin WHERE checkin.session_id = session.id
            ORDER BY moment = 'after') AS checkin)))"""


def json_batch(db: sqlite3.Connection, ids: Sequence[str]) -> list[JsonRow]:
    """The sessions `ids`, in that order, as (start, head, steps); one deleted since the ids
    were read is left out."""
    rows = db.execute(
        f"""SELECT session.id, session.started_at, {_HEAD_JSON}, {_STEPS_JSON}
        FROM session WHERE session.id IN ({", ".join("?" * len(ids))})""",
        ids,
    ).fetchall()
    by_id = {row[0]: row[1:] for row in rows}
    return [by_id[session_id] for session_id in ids if session_id in by_id]


def json_rows(
    db: sqlite3.Connection,
    source: str,
    ids: Sequence[str],
    *,
    parallel_from: int = PARALLEL_FROM,
    readers: int | None = None,
) -> Generator[JsonRow, None, None]:
    """The sessions `ids` of the history in `db`, in that order. From `parallel_from`
    sessions on, `readers` processes (by default one a core, at most four) read them, each
    opening `source` (the URI `db` was opened with); raises sqlite3.Error as `db` does."""
    batches = [ids[first : first + BATCH] for first in range(0, len(ids), BATCH)]
    readers = readers or default_readers()
    done = 0
    if len(ids) >= parallel_from and readers > 1:
        with contextlib.closing(_read_elsewhere(source, batches, readers)) as read:
            for rows in read:
                done += 1
                yield from rows
    for batch in batches[done:]:
        yield from json_batch(db, batch)


def default_readers() -> int:
    """How many readers a long export starts: one for each core this process may use."""
    try:
        cores = len(os.sched_getaffinity(0))  # Linux
    except AttributeError:
        cores = os.cpu_count() or 1
    return min(cores, _MOST_READERS)


def _read_elsewhere(
    source: str, batches: Sequence[Sequence[str]], readers: int
) -> Generator[list[JsonRow], None, None]:
    """Each batch's rows, in order, until a reader fails: reader k reads batches k,
    k + readers, ... and sends each through a connection of its own. Only the reader holds
    its end, so a reader that dies, even halfway through a batch, is the end of its
    connection here, never a wait; and a full connection holds a reader back until its
    batch is written, so a slow output does not pile the history up in memory."""
    # Loaded only for a long export: its 10 ms would otherwise join every start of the window.
    import multiprocessing  # noqa: PLC0415
    from multiprocessing.connection import wait  # noqa: PLC0415

    # spawn, not fork: a fork copies a process's threads' locks in whatever state they are.
    context = multiprocessing.get_context("spawn")
    started: list[tuple[BaseProcess, Connection]] = []
    try:
        with _interrupt_ignored():  # only while they start: their ids are sent after
            for _ in range(readers):
                here, there = context.Pipe()
                reader = context.Process(target=_read, args=(source, there), daemon=True)
                started.append((reader, here))
                try:
                    reader.start()
                finally:
                    there.close()
        for k, (process, here) in enumerate(started):
            # A reader says it is ready once it holds its end. Till then, on Windows, this
            # process holds a copy, so one that died first would leave the send waiting.
            wait([here, process.sentinel])
            if not here.poll():
                raise _ReaderFailed("a reader ended as it started")
            here.recv()
            here.send(batches[k::readers])
        for n in range(len(batches)):
            rows = started[n % readers][1].recv()
            if isinstance(rows, str):
                raise _ReaderFailed(rows)
            yield rows
    except Exception as exc:  # a reader that could not start, died or could not read
        why = "one ended early" if isinstance(exc, EOFError) else f"{type(exc).__name__}: {exc}"
        log.warning("history readers stopped (%s), reading on here", why)
    finally:
        # All ended before any is waited for: a second Ctrl+C while waiting leaves none running.
        for process, here in started:
            here.close()
            if process.pid is not None:
                process.kill()
        for process, _here in started:
            if process.pid is not None:
                process.join()


class _ReaderFailed(Exception):
    pass


@contextlib.contextmanager
def _interrupt_ignored() -> Iterator[None]:
    """Readers born ignoring Ctrl+C, which reaches the whole process group and is for this
    process: on POSIX an ignored signal stays ignored through exec, and Python leaves it so,
    whereas a handler set in the reader would come only after its imports. A Ctrl+C in the
    milliseconds the readers take to start is lost."""
    try:
        before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread, which alone may change it
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_DFL if before is None else before)


def _read(source: str, there: Connection) -> None:
    """A reader process: the batches it is sent, their rows sent back in order; at the
    first trouble, what it was, and the end. The process that started it ends it."""
    # Holding the output's pipe would keep `supple history --json | gzip` waiting for this
    # process after the one that started it was gone.
    nowhere = os.open(os.devnull, os.O_RDWR)
    os.dup2(nowhere, 0)
    os.dup2(nowhere, 1)
    os.close(nowhere)
    try:
        there.send(None)  # ready
        batches = there.recv()
        with contextlib.closing(sqlite3.connect(source, uri=True, isolation_level=None)) as db:
            db.execute("PRAGMA query_only=ON")
            for batch in batches:
                there.send(json_batch(db, batch))
    except sqlite3.Error as exc:
        with contextlib.suppress(OSError):
            there.send(f"{type(exc).__name__}: {exc}")
    except (OSError, EOFError):
        pass  # the other end is gone: so is the process that wanted the rows
    except KeyboardInterrupt:
        pass  # Windows, where Ctrl+C reaches every process of the console, ignored or not
    finally:
        there.close()
