"""The sessions' JSON read by reader processes: the same text, in the same order, as read
here, and read here when the readers cannot."""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import select
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest

from benchmarks.history import generate
from desktop_app.core.engine import SessionStatus
from desktop_app.services.history import open_history
from desktop_app.services.history_export import write_json
from desktop_app.services.history_json import BATCH, JsonRow, json_rows

from .test_history import NOW, info, now, step


@pytest.fixture(scope="module")
def long_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three years of sessions with their steps and check-ins: more than two batches."""
    path = tmp_path_factory.mktemp("long") / "history.sqlite3"
    store = open_history(path, now).store
    store.add(generate(3, date(2026, 12, 7)))
    store.close()
    return path


@pytest.fixture
def db(long_history: Path) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(long_history)) as connection:
        yield connection


@pytest.fixture
def source(long_history: Path) -> str:
    return long_history.as_uri()


@pytest.fixture
def order(long_history: Path) -> list[str]:
    """The sessions' ids, newest first, as the store reads them."""
    store = open_history(long_history, now).store
    sessions = store.sessions()
    store.close()
    return [session.id for session in sessions]


def read_here(db: sqlite3.Connection, source: str, order: list[str]) -> list[JsonRow]:
    return list(json_rows(db, source, order, parallel_from=10**9))


def test_readers_give_what_is_read_here_in_the_same_order(
    db: sqlite3.Connection, source: str, order: list[str]
) -> None:
    assert len(order) > 2 * BATCH
    elsewhere = list(json_rows(db, source, order, parallel_from=1, readers=2))
    assert elsewhere == read_here(db, source, order)
    assert multiprocessing.active_children() == []


def test_readers_that_cannot_read_leave_the_reading_here(
    db: sqlite3.Connection,
    source: str,
    order: list[str],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    not_a_history = tmp_path / "history.sqlite3"
    not_a_history.write_bytes(b"not a database" * 100)
    rows = list(json_rows(db, not_a_history.as_uri(), order, parallel_from=1, readers=2))
    assert rows == read_here(db, source, order)
    assert "history readers stopped (_ReaderFailed: DatabaseError: file is not a database)" in (
        caplog.text
    )
    assert multiprocessing.active_children() == []


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")
def test_a_reader_killed_halfway_leaves_the_rest_to_be_read_here(
    db: sqlite3.Connection, source: str, order: list[str], caplog: pytest.LogCaptureFixture
) -> None:
    # Before, a reader killed while it sent a batch left the export waiting for ever.
    rows = json_rows(db, source, order, parallel_from=1, readers=2)
    got = [next(rows)]
    [pid, *_others] = [reader.pid for reader in multiprocessing.active_children()]
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    got.extend(rows)
    assert got == read_here(db, source, order)  # no batch lost, none twice
    assert "history readers stopped (" in caplog.text  # the end of its pipe, mid-batch or not
    assert multiprocessing.active_children() == []


def test_a_consumer_that_stops_early_stops_the_readers(
    db: sqlite3.Connection, source: str, order: list[str]
) -> None:
    rows = json_rows(db, source, order, parallel_from=1, readers=2)
    first = next(rows)
    rows.close()
    assert first == read_here(db, source, order)[0]
    assert multiprocessing.active_children() == []


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_readers_leave_ctrl_c_to_the_process_that_started_them(
    db: sqlite3.Connection, source: str, order: list[str]
) -> None:
    rows = json_rows(db, source, order, parallel_from=1, readers=2)
    for _ in range(BATCH + 1):  # a batch from each reader: both are under way
        next(rows)
    for reader in multiprocessing.active_children():
        ignored = Path(f"/proc/{reader.pid}/status").read_text().split("SigIgn:")[1].split()[0]
        assert int(ignored, 16) & 1 << (signal.SIGINT - 1)
    rows.close()


KILLED_MIDWAY = """
import multiprocessing, os, signal, sqlite3, sys
from desktop_app.services.history_json import json_rows
db = sqlite3.connect(sys.argv[1])
ids = [i for (i,) in db.execute("SELECT id FROM session")]
rows = json_rows(db, sys.argv[2], ids, parallel_from=1, readers=2)
next(rows)
print(" ".join(str(reader.pid) for reader in multiprocessing.active_children()), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="pidfd: Linux")
def test_readers_end_with_the_process_that_started_them(long_history: Path, source: str) -> None:
    # Before, they ran on and held its output: `supple history --json | gzip` never ended.
    command = [sys.executable, "-c", KILLED_MIDWAY, str(long_history), source]
    exporter = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    out, _ = exporter.communicate(timeout=60)  # to the output's end: no reader holds it
    pids = [int(pid) for pid in out.split()]
    assert len(pids) == 2
    assert all(ends_within(pid, 30) for pid in pids), "a reader outlived the export"


def ends_within(pid: int, seconds: float) -> bool:
    """Whether the process ends within `seconds`, gone already included: its pidfd is
    readable once it has ended, reaped or not (nothing here may reap it)."""
    try:
        pidfd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        ready, _, _ = select.select([pidfd], [], [], seconds)
        return bool(ready)
    finally:
        os.close(pidfd)


def test_steps_come_in_their_order_whatever_order_they_were_stored_in(tmp_path: Path) -> None:
    store = open_history(tmp_path / "history.sqlite3", now).store
    store.begin(info("s1"))
    for seq in (2, 0, 3, 1):  # a step recorded again is deleted and added at the end
        store.record_step("s1", step(seq))
    store.record_step("s1", step(0, 12.5))
    store.end("s1", SessionStatus.COMPLETED, NOW + timedelta(minutes=3))
    out = io.StringIO()
    write_json(store, None, out)
    store.close()
    [session] = json.loads(out.getvalue())
    assert [s["seq"] for s in session["steps"]] == [0, 1, 2, 3]
    assert session["steps"][0]["held_seconds"] == 12.5
