"""A past session in detail: the answer of a self-check in the catalogue's words, the sides that
hurt, and the pain before and after."""

from __future__ import annotations

from datetime import UTC, datetime

from desktop_app.core.engine import SessionStatus
from desktop_app.core.model import Kind, Side
from desktop_app.core.records import CheckIn, Moment, SessionInfo, SessionRecord, StepRecord
from desktop_app.ui.history.session_detail import detail_html, pain_text, step_result

START = datetime(2026, 11, 2, 7, 30, tzinfo=UTC)


def thomas(side: Side, answer: str | None, *, hurt: bool = False) -> StepRecord:
    return StepRecord(
        0 if side is Side.LEFT else 1,
        "thomas-test",
        "Thomas test",
        side,
        Kind.CHECK,
        1,
        15.0,
        4.0 if hurt else 15.0,
        None,
        None,
        not hurt,
        False,
        answer,
        hurt=hurt,
    )


def test_an_answer_shows_in_words_and_a_side_that_hurt_says_so():
    labels = {("thomas-test", "lifts"): "It lifted off the floor", ("other", "gone"): "Gone"}
    assert step_result(thomas(Side.LEFT, "lifts"), labels) == (
        "done, 0:15 of 0:15, answered “It lifted off the floor”"
    )
    assert step_result(thomas(Side.LEFT, "gone"), labels).endswith("answered “gone”")
    assert step_result(thomas(Side.RIGHT, None, hurt=True), labels) == (
        "stopped, it hurt, 0:04 of 0:15"
    )


def test_the_pain_before_and_after_heads_the_steps(qtbot):
    info = SessionInfo("s", "thomas-self-test", "Thomas self-test", START, START, None, 40, 2)
    record = SessionRecord(info).with_step(thomas(Side.LEFT, "lifts"))
    assert pain_text(record) == ""
    record = record.with_checkin(CheckIn(Moment.AFTER, 2, START))
    assert pain_text(record) == "Pain or stiffness 2 after"
    record = record.with_checkin(CheckIn(Moment.BEFORE, 5, START))
    assert pain_text(record) == "Pain or stiffness 5 before, 2 after"
    info = SessionInfo(
        "s", "thomas-self-test", "Thomas self-test", START, START, SessionStatus.COMPLETED, 40, 2
    )
    shown = detail_html(
        SessionRecord(info, record.steps, record.checkins),
        {("thomas-test", "lifts"): "It lifted off the floor"},
    )
    assert "Pain or stiffness 5 before, 2 after" in shown
    assert "It lifted off the floor" in shown
