"""The history's JSON shape (the contract docs/user-guide.md gives, also the backup file) and
CSV rows."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.engine import SessionStatus
from desktop_app.core.model import Kind, Side
from desktop_app.core.records import (
    CheckIn,
    Moment,
    RecordError,
    SessionInfo,
    SessionRecord,
    StepRecord,
    session_from_json,
    session_to_json,
    step_cells,
    step_from_cells,
)

ZONE = timezone(timedelta(hours=-5))
START = datetime(2026, 11, 21, 7, 5, 9, tzinfo=ZONE)


def sample() -> SessionRecord:
    steps = (
        StepRecord(
            0,
            "lizard-pose",
            "Lizard pose",
            Side.LEFT,
            Kind.HOLD,
            1,
            30.0,
            30.0,
            None,
            None,
            True,
            False,
            None,
            START + timedelta(seconds=40),
        ),
        StepRecord(
            1,
            "dead-bug",
            "Dead bug",
            None,
            Kind.REPS,
            2,
            48.0,
            20.5,
            8,
            3,
            False,
            True,
            None,
            START + timedelta(seconds=90),
        ),
        StepRecord(
            2,
            "thomas-test",
            "Thomas test",
            Side.RIGHT,
            Kind.CHECK,
            1,
            15.0,
            15.0,
            None,
            None,
            True,
            False,
            "thigh-up",
            START + timedelta(seconds=120),
        ),
    )
    info = SessionInfo(
        "abc",
        "big-three",
        "The big three",
        START,
        START + timedelta(minutes=3),
        SessionStatus.STOPPED,
        300.0,
        4,
    )
    record = SessionRecord(info).with_step(steps[2]).with_step(steps[0]).with_step(steps[1])
    after = CheckIn(Moment.AFTER, 3, START + timedelta(minutes=4))
    return record.with_checkin(after).with_checkin(CheckIn(Moment.BEFORE, 6, START))


def test_the_json_shape_keeps_the_contracts_names():
    data = session_to_json(sample())
    for key in ("id", "routine_id", "routine_name", "started_at", "ended_at", "status", "steps"):
        assert key in data
    assert data["started_at"] == "2026-11-21T07:05:09-05:00"
    assert data["status"] == "stopped"
    assert data["held_seconds"] == 65.5
    assert data["steps_completed"] == 2
    first, second, third = data["steps"]
    assert first == {
        "seq": 0,
        "stretch_id": "lizard-pose",
        "stretch_name": "Lizard pose",
        "side": "left",
        "kind": "hold",
        "round": 1,
        "planned_seconds": 30.0,
        "held_seconds": 30.0,
        "reps_planned": None,
        "reps_done": None,
        "completed": True,
        "skipped": False,
        "answer": None,
        "ended_at": "2026-11-21T07:05:49-05:00",
        "hurt": False,
    }
    assert (second["side"], second["kind"], second["reps_done"], second["skipped"]) == (
        None,
        "reps",
        3,
        True,
    )
    assert third["answer"] == "thigh-up"
    assert data["checkins"] == [
        {"moment": "before", "pain": 6, "at": "2026-11-21T07:05:09-05:00"},
        {"moment": "after", "pain": 3, "at": "2026-11-21T07:09:09-05:00"},
    ]
    json.dumps(data)  # plain JSON


def test_a_new_answer_for_a_moment_replaces_the_old_one():
    record = sample().with_checkin(CheckIn(Moment.AFTER, 2, START))
    assert [(c.moment, c.pain) for c in record.checkins] == [(Moment.BEFORE, 6), (Moment.AFTER, 2)]
    assert (record.pain(Moment.BEFORE), record.pain(Moment.AFTER)) == (6, 2)


def test_a_side_that_hurt_reads_back_as_hurt():
    data = session_to_json(sample())
    data["steps"][1]["hurt"] = True
    assert session_from_json(data, "x").steps[1].hurt


def test_json_reads_back_as_it_was():
    record = sample()
    assert session_from_json(json.loads(json.dumps(session_to_json(record))), "x") == record


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("started_at"), "x: started_at: missing"),
        (lambda d: d.update(started_at="yesterday"), "not a date and time"),
        (lambda d: d.update(started_at="2026-11-21T07:05:09"), "has no UTC offset"),
        (lambda d: d.update(started_at="2026-11-21T07:05:09+05:30:15"), "offset in seconds"),
        (lambda d: d.update(status="running"), "'running' is not one of completed"),
        (lambda d: d.update(steps={}), "steps: expected"),
        (lambda d: d["steps"][1].update(side="middle"), "step 2: side: 'middle' is not one"),
        (lambda d: d["steps"][0].update(held_seconds=True), "held_seconds: expected"),
        (lambda d: d["steps"][0].update(held_seconds=-1), "held_seconds: expected seconds"),
        (lambda d: d["steps"][0].update(reps_done=2.5), "reps_done: expected a whole number"),
        (lambda d: d["steps"][0].update(reps_done=10**30), "reps_done: expected a count from 0"),
        (lambda d: d["steps"][0].update(held_seconds=1e300), "held_seconds: expected seconds"),
        (lambda d: d["steps"][0].update(seq=1), "the same seq twice"),
        (lambda d: d.update(id=""), "id: empty"),
        (lambda d: d["steps"][0].update(hurt="yes"), "hurt: expected true or false"),
        (lambda d: d.update(checkins={}), "checkins: expected"),
        (lambda d: d["checkins"][0].update(pain=11), "check-in 1: pain: expected 0 to 10"),
        (lambda d: d["checkins"][0].update(pain=2.5), "pain: expected a whole number"),
        (lambda d: d["checkins"][0].update(pain=True), "pain: expected a whole number"),
        (lambda d: d["checkins"][1].update(moment="during"), "'during' is not one of before"),
        (lambda d: d["checkins"][1].update(moment="before"), "the same moment twice"),
        (lambda d: d["checkins"][1].pop("at"), "check-in 2: at: missing"),
    ],
)
def test_a_bad_record_says_which_field(change, message):
    data = session_to_json(sample())
    change(data)
    with pytest.raises(RecordError, match=message):
        session_from_json(data, "x")


def test_a_minimal_record_from_elsewhere_is_read():
    data = {
        "id": "1",
        "routine_id": "r",
        "routine_name": "R",
        "status": "completed",
        "started_at": "2026-01-01T08:00:00+00:00",
        "ended_at": None,
        "steps": [
            {
                "stretch_id": "s",
                "side": None,
                "kind": "hold",
                "planned_seconds": 30,
                "held_seconds": 30,
                "reps_planned": None,
                "reps_done": None,
                "completed": True,
                "skipped": False,
            }
        ],
    }
    record = session_from_json(data, "x")
    assert record.steps[0].stretch_name == "s"
    assert not record.steps[0].hurt and record.checkins == ()  # older backups have neither
    assert record.info.steps_planned == 1
    assert record.info.held_seconds == 30


times = st.datetimes(
    min_value=datetime(2000, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.sampled_from([UTC, ZONE, timezone(timedelta(hours=5, minutes=30))]),
).map(lambda t: t.replace(microsecond=0))
# The JSON has seconds to the millisecond.
seconds = st.integers(0, 3_600_000).map(lambda ms: ms / 1000)
counts = st.none() | st.integers(min_value=0, max_value=100)
# What Supple writes: names from content files, one line each.
one_line = st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp"))


def text(min_size: int = 0):
    return st.text(one_line, min_size=min_size)


@st.composite
def records(draw):
    steps = tuple(
        StepRecord(
            seq,
            draw(text(min_size=1)),
            draw(text(min_size=1)),
            draw(st.none() | st.sampled_from(Side)),
            draw(st.sampled_from(Kind)),
            draw(st.integers(1, 100)),
            draw(seconds),
            draw(seconds),
            draw(counts),
            draw(counts),
            draw(st.booleans()),
            draw(st.booleans()),
            draw(st.none() | text()),
            draw(st.none() | times),
            draw(st.booleans()),
        )
        for seq in draw(st.lists(st.integers(0, 1000), unique=True, max_size=6))
    )
    started_at = draw(times)
    lasted = st.integers(0, 86_400).map(lambda s: started_at + timedelta(seconds=s))
    info = SessionInfo(
        draw(text(min_size=1)),
        draw(text()),
        draw(text()),
        started_at,
        draw(st.none() | lasted),
        draw(st.sampled_from(SessionStatus)),
        draw(seconds),
        draw(st.integers(0, 100)),
    )
    record = SessionRecord(info)
    for s in steps:
        record = record.with_step(s)
    for moment in draw(st.lists(st.sampled_from(Moment), unique=True)):
        record = record.with_checkin(CheckIn(moment, draw(st.integers(0, 10)), draw(times)))
    return record


@given(records())
def test_any_record_survives_the_round_trip(record):
    assert session_from_json(json.loads(json.dumps(session_to_json(record))), "x") == record


@given(records())
def test_any_step_survives_its_row_in_the_database(record):
    for step in record.steps:
        # SQLite gives a flag back as 0 or 1.
        row = [int(cell) if isinstance(cell, bool) else cell for cell in step_cells(step)]
        assert step_from_cells(row) == step
