"""The sessions' JSON read by reader processes: the same text, in the same order, as read
here, and read here when the readers cannot."""

from __future__ import annotations

import io
import json
import multiprocessing
import sqlite3
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
def order(long_history: Path) -> list[str]:
    """The sessions' ids, newest first, as the store reads them."""
    store = open_history(long_history, now).store
    sessions = store.sessions()
    store.close()
    return [session.id for session in sessions]


def read_here(db: sqlite3.Connection, path: Path, order: list[str]) -> list[JsonRow]:
    return list(json_rows(db, path, order, parallel_from=10**9))


def test_readers_give_what_is_read_here_in_the_same_order(
    db: sqlite3.Connection, long_history: Path, order: list[str]
) -> None:
    assert len(order) > 2 * BATCH
    elsewhere = list(json_rows(db, long_history, order, parallel_from=1, readers=2))
    assert elsewhere == read_here(db, long_history, order)
    assert multiprocessing.active_children() == []


def test_readers_that_cannot_read_leave_the_reading_here(
    db: sqlite3.Connection,
    long_history: Path,
    order: list[str],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    not_a_history = tmp_path / "history.sqlite3"
    not_a_history.write_bytes(b"not a database" * 100)
    rows = list(json_rows(db, not_a_history, order, parallel_from=1, readers=2))
    assert rows == read_here(db, long_history, order)
    assert "history readers stopped (" in caplog.text
    assert multiprocessing.active_children() == []


def test_a_reader_that_stops_early_stops_its_readers(
    db: sqlite3.Connection, long_history: Path, order: list[str]
) -> None:
    rows = json_rows(db, long_history, order, parallel_from=1, readers=2)
    first = next(rows)
    rows.close()
    assert first == read_here(db, long_history, order)[0]
    assert multiprocessing.active_children() == []


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
