"""The store's reads for the trends, on a real SQLite file: pain before and after per session,
a self-check's answers on each side, and the seconds held per session, stretch and side."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from desktop_app.core.engine import SessionStatus
from desktop_app.core.model import Kind, Side
from desktop_app.core.records import CheckIn, Moment, SessionRecord, StepRecord
from desktop_app.core.trends import THOMAS, SideAnswer
from desktop_app.services.history import HistoryStore, open_history
from tests.core.builders import with_pain
from tests.services.test_history import NOW, info, now, step

SINCE = NOW - timedelta(days=30)
WEST = timezone(timedelta(hours=-5))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[HistoryStore]:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o700)
    opened = open_history(folder / "history.sqlite3", now)
    yield opened.store
    opened.store.close()


def session(
    session_id: str,
    days_ago: float,
    steps: Sequence[StepRecord] = (),
    *,
    before: int | None = None,
    after: int | None = None,
    routine_id: str = "big-three",
    started_at: datetime | None = None,
) -> SessionRecord:
    """A finished session, with the check-ins given."""
    started = started_at or NOW - timedelta(days=days_ago)
    record = SessionRecord(
        info(
            session_id,
            started_at=started,
            ended_at=started + timedelta(minutes=10),
            status=SessionStatus.COMPLETED,
            routine_id=routine_id,
            routine_name=routine_id.title(),
        )
    )
    for each in steps:
        record = record.with_step(each)
    return with_pain(record, before, after)


def thomas(seq: int, side: Side | None, answer: str | None) -> StepRecord:
    return step(
        seq,
        15.0,
        stretch_id=THOMAS,
        stretch_name="Thomas test",
        side=side,
        kind=Kind.CHECK,
        answer=answer,
    )


def test_pain_points_put_before_and_after_side_by_side(store: HistoryStore) -> None:
    store.add(
        [
            session("both", 3, before=6, after=3),
            session("before-only", 2, before=5),
            session("after-only", 4, after=2),
            session("no-check-in", 1),
            session("too-old", 40, before=9, after=9),
        ]
    )
    store.begin(info("running", minutes=-5))  # not history yet, although it has a check-in
    store.record_checkin("running", CheckIn(Moment.BEFORE, 7, NOW))
    points = store.pain_points(SINCE)
    assert [(p.session_id, p.before, p.after) for p in points] == [
        ("after-only", None, 2),
        ("both", 6, 3),
        ("before-only", 5, None),
    ]
    assert points[1].started_at == NOW - timedelta(days=3)
    assert points[1].routine_name == "Big-Three"


def test_pain_points_of_one_routine(store: HistoryStore) -> None:
    store.add(
        [
            session("big", 3, before=6, after=3),
            session("ilio", 2, before=4, after=4, routine_id="iliopsoas"),
        ]
    )
    assert [p.session_id for p in store.pain_points(SINCE, "iliopsoas")] == ["ilio"]
    assert [p.session_id for p in store.pain_points(SINCE)] == ["big", "ilio"]


def test_check_answers_are_that_stretchs_answered_sides_from_every_routine(
    store: HistoryStore,
) -> None:
    store.add(
        [
            session(
                "first",
                10,
                [thomas(0, Side.LEFT, "lifts"), thomas(1, Side.RIGHT, "neither")],
                routine_id="thomas-self-test",
            ),
            session(
                "later",
                3,
                [
                    thomas(0, Side.LEFT, None),  # skipped before an answer
                    thomas(1, Side.RIGHT, "unsure"),
                    thomas(2, None, "lifts"),  # no side: nothing to say about one
                    step(3, answer="yes"),  # another stretch's answer
                ],
                routine_id="full-lower-back",
            ),
            session("old", 40, [thomas(0, Side.LEFT, "bends")]),
        ]
    )
    later = (NOW - timedelta(days=3)).date()
    earlier = (NOW - timedelta(days=10)).date()
    assert store.check_answers(THOMAS, SINCE) == [
        SideAnswer(earlier, Side.LEFT, "lifts"),
        SideAnswer(earlier, Side.RIGHT, "neither"),
        SideAnswer(later, Side.RIGHT, "unsure"),
    ]
    assert store.check_answers("lizard-pose", SINCE) == [SideAnswer(later, Side.RIGHT, "yes")]


def test_held_seconds_are_summed_per_session_stretch_and_side(store: HistoryStore) -> None:
    store.add(
        [
            session(
                "a",
                2,
                [
                    step(0, 30.0, side=Side.LEFT),
                    step(1, 25.0, side=Side.RIGHT),
                    step(2, 20.0, side=Side.LEFT, round=2),  # the second round: added
                    step(3, 40.0, stretch_id="dead-bug", stretch_name="Dead bug", side=None),
                    thomas(4, Side.LEFT, "lifts"),  # a test, not a stretch: left out
                ],
            ),
            session("b", 1, [step(0, 30.0, side=Side.LEFT)], routine_id="iliopsoas"),
        ]
    )
    rows = store.held_by_stretch(SINCE)
    found = {(r.day, r.stretch_id, r.side): r.seconds for r in rows}
    day_a, day_b = (NOW - timedelta(days=2)).date(), (NOW - timedelta(days=1)).date()
    assert found == {
        (day_a, "lizard-pose", Side.LEFT): 50.0,
        (day_a, "lizard-pose", Side.RIGHT): 25.0,
        (day_a, "dead-bug", None): 40.0,
        (day_b, "lizard-pose", Side.LEFT): 30.0,
    }
    assert {r.stretch_name for r in rows} == {"Lizard pose", "Dead bug"}
    only = store.held_by_stretch(SINCE, "iliopsoas")
    assert [(r.day, r.side, r.seconds) for r in only] == [(day_b, Side.LEFT, 30.0)]


def test_the_day_is_the_one_where_the_session_started(store: HistoryStore) -> None:
    # Sunday 23:30 at -05:00 is Monday in UTC and in Europe: it stays that Sunday's.
    sunday = datetime(2026, 11, 15, 23, 30, tzinfo=WEST)
    store.add(
        [
            session(
                "late",
                0,
                [step(0, side=Side.LEFT), thomas(1, Side.LEFT, "neither")],
                started_at=sunday,
            )
        ]
    )
    assert {r.day for r in store.held_by_stretch(SINCE)} == {sunday.date()}
    assert [a.day for a in store.check_answers(THOMAS, SINCE)] == [sunday.date()]


def test_since_is_a_moment_whatever_its_offset(store: HistoryStore) -> None:
    # 09:30 at +01:00 is 08:30 UTC: a start from 09:00 UTC leaves it out, 08:00 UTC keeps it.
    store.add([session("s", 0, [step(0)], before=3)])
    assert store.pain_points(datetime(2026, 11, 21, 9, 0, tzinfo=UTC)) == []
    assert store.held_by_stretch(datetime(2026, 11, 21, 9, 0, tzinfo=UTC)) == []
    assert len(store.pain_points(datetime(2026, 11, 21, 8, 0, tzinfo=UTC))) == 1
