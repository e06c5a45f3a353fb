"""The history page's trends: its three tabs with a known history (the pain chart's numbers, the
Thomas test's weeks in the catalogue's words, each stretch's minutes per side and week), the
routine filter, the empty states, and a history that cannot be read."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QLabel

from desktop_app.core.engine import SessionStatus
from desktop_app.core.model import Kind, Side
from desktop_app.core.records import SessionInfo, SessionRecord, StepRecord
from desktop_app.core.trends import THOMAS
from desktop_app.services.history import HistoryError, HistoryStore
from desktop_app.services.history_keeper import HistoryKeeper
from desktop_app.ui.history import pain_chart
from desktop_app.ui.history.heatmap import shade
from desktop_app.ui.history.history_page import HistoryPage
from desktop_app.ui.look import theme
from desktop_app.ui.shell.application import make_application
from tests.core.builders import with_pain

TODAY = date(2026, 11, 21)  # a Saturday: the weeks run from Monday 31 Aug to Monday 16 Nov
HERE = timezone(timedelta(hours=1))
LABELS = {
    ("thomas-test", "lifts"): "It lifted off the floor",
    ("thomas-test", "neither"): "It stayed flat and straight",
    ("my-check", "lifts"): "Another self-check's words",  # the same id in another: not these
}
DISPLAY = Qt.ItemDataRole.DisplayRole


def side_step(
    seq: int, stretch_id: str, name: str, side: Side | None, held: float, answer: str | None = None
) -> StepRecord:
    kind = Kind.CHECK if answer else Kind.HOLD
    return StepRecord(
        seq, stretch_id, name, side, kind, 1, held, held, None, None, True, False, answer
    )


def session(
    session_id: str,
    day: date,
    routine_id: str,
    steps: list[StepRecord],
    before: int | None = None,
    after: int | None = None,
) -> SessionRecord:
    started = datetime(day.year, day.month, day.day, 8, 0, tzinfo=HERE)
    record = SessionRecord(
        SessionInfo(
            session_id,
            routine_id,
            routine_id.replace("-", " ").capitalize(),
            started,
            started + timedelta(minutes=10),
            SessionStatus.COMPLETED,
            600.0,
            len(steps),
        )
    )
    for each in steps:
        record = record.with_step(each)
    return with_pain(record, before, after)


def lizard(seq: int, side: Side, held: float) -> StepRecord:
    return side_step(seq, "lizard-pose", "Lizard pose", side, held)


def kneeling(seq: int, side: Side, held: float) -> StepRecord:
    return side_step(seq, "kneeling-hip-flexor", "Kneeling hip flexor", side, held)


def thomas(seq: int, side: Side, answer: str) -> StepRecord:
    return side_step(seq, THOMAS, "Thomas test", side, 15.0, answer)


HISTORY = [
    session(
        "s1",
        date(2026, 11, 2),
        "big-three",
        [lizard(0, Side.LEFT, 60), lizard(1, Side.RIGHT, 90)],
        6,
        3,
    ),
    session(
        "s2",
        date(2026, 11, 17),
        "big-three",
        [lizard(0, Side.LEFT, 120), side_step(1, "dead-bug", "Dead bug", None, 20)],
        5,
        4,
    ),
    session(
        "s3",
        date(2026, 11, 18),
        "iliopsoas",
        [kneeling(0, Side.LEFT, 300), kneeling(1, Side.RIGHT, 300)],
        before=4,
    ),
    session(
        "t1",
        date(2026, 9, 1),
        "thomas-self-test",
        [thomas(0, Side.LEFT, "lifts"), thomas(1, Side.RIGHT, "neither")],
    ),
    session(
        "t2",
        date(2026, 11, 16),
        "thomas-self-test",
        [thomas(0, Side.LEFT, "unsure"), thomas(1, Side.RIGHT, "neither")],
    ),
]


@pytest.fixture
def make_page(qtbot, tmp_path: Path) -> Iterator[Callable[..., HistoryPage]]:
    make_application()
    keepers: list[HistoryKeeper] = []

    def make(
        history: list[SessionRecord] = HISTORY,
        labels: Mapping[tuple[str, str], str] | None = LABELS,
        path: Path | None = None,
    ) -> HistoryPage:
        keeper = HistoryKeeper(path or tmp_path / f"history-{len(keepers)}.sqlite3", now)
        keepers.append(keeper)
        if history:
            keeper.store().add(history)
        page = HistoryPage(
            keeper,
            lambda: TODAY,
            None,
            answer_labels=None if labels is None else (lambda: labels),
        )
        qtbot.addWidget(page)
        page.resize(1280, 720)
        page.refresh()
        return page

    yield make
    for keeper in keepers:
        keeper.close()


def now() -> datetime:
    return datetime(2026, 11, 21, 9, 30, tzinfo=HERE)


def texts(model, column: int, role: int = DISPLAY) -> list[object]:
    return [model.data(model.index(row, column), role) for row in range(model.rowCount())]


def row_names(model) -> list[object]:
    return [model.headerData(n, Qt.Orientation.Vertical) for n in range(model.rowCount())]


def test_the_charts_are_in_the_first_of_three_tabs(make_page):
    page = make_page()
    tabs = page.tabs
    assert [tabs.tabText(n) for n in range(tabs.count())] == [
        "Activity",
        "Pain and Thomas test",
        "Per stretch",
    ]
    assert tabs.widget(0).isAncestorOf(page.calendar)
    assert tabs.widget(0).isAncestorOf(page.chart)
    assert tabs.widget(1).isAncestorOf(page.pain_chart)
    assert tabs.widget(1).isAncestorOf(page.checks)
    assert tabs.widget(2).isAncestorOf(page.stretch_weeks)
    captions = [label.text() for label in tabs.widget(1).findChildren(QLabel)]
    assert "Thomas self-test, from every routine" in captions


def test_the_pain_chart_says_the_averages(make_page):
    page = make_page()
    said = "Before 5.5, after 3.5 on average over 2 sessions"
    assert page.pain_chart.accessibleDescription() == said
    assert page.pain_summary.text() == said
    assert not page.pain_summary.isHidden()


def test_a_session_in_the_pain_chart_has_a_tooltip_and_its_dots(make_page):
    page = make_page()
    page.tabs.setCurrentIndex(1)
    chart = page.pain_chart
    image = chart.grab().toImage()  # laid out, at its size on the page
    area = chart.plot()
    [first] = [p for p in chart._points if p.session_id == "s1"]
    x = chart.x_of(first, area)
    index = chart.point_at(QPoint(round(x), 10))
    assert index is not None
    assert (
        pain_chart.point_tooltip(chart._points[index]) == "Mon 2 Nov, Big three: before 6, after 3"
    )
    ratio = image.devicePixelRatio()
    after = image.pixelColor(round(x * ratio), round(chart.y_of(3, area) * ratio))
    accent = theme.current().accent
    assert (
        max(abs(a - b) for a, b in zip(after.getRgb()[:3], accent.getRgb()[:3], strict=True)) < 20
    )


def test_the_thomas_table_shows_the_weeks_it_was_done_newest_first(make_page):
    page = make_page()
    model = page.checks.model
    assert page.checks.currentWidget() is page.checks.table
    assert texts(model, 0) == ["16 Nov", "31 Aug"]
    # The catalogue's words; an answer it has no words for shows as it was stored.
    assert texts(model, 1) == ["unsure", "It lifted off the floor"]
    assert texts(model, 2) == ["It stayed flat and straight"] * 2
    assert isinstance(model.data(model.index(1, 1), Qt.ItemDataRole.DecorationRole), QIcon)
    tip = model.data(model.index(1, 1), Qt.ItemDataRole.ToolTipRole)
    assert tip == "Left: It lifted off the floor, may point to a tight iliopsoas on this side"
    assert "no sign of tightness" in model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole)
    assert page.checks.table.accessibleDescription() == "Done in 2 of the last 12 weeks"


def test_without_labels_the_answers_show_as_stored(make_page):
    page = make_page(labels=None)
    assert texts(page.checks.model, 1) == ["unsure", "lifts"]


def test_the_stretch_table_has_minutes_per_side_and_week(make_page):
    page = make_page()
    model = page.stretch_weeks.model
    assert row_names(model) == [
        "Kneeling hip flexor · left",
        "Kneeling hip flexor · right",
        "Lizard pose · left",
        "Lizard pose · right",
        "Dead bug",  # and no Thomas test: a test, not a stretch
    ]
    headers = [model.headerData(n, Qt.Orientation.Horizontal) for n in range(model.columnCount())]
    assert headers[0] == "31\nAug"  # the day over the month: narrow columns
    assert headers[-2:] == ["16\nNov", "Total"]
    lizard_left = [model.data(model.index(2, n)) for n in range(model.columnCount())]
    assert lizard_left == [""] * 9 + ["1", "", "2", "3"]  # whole minutes, the total's too
    assert model.data(model.index(4, 11)) == "<1"  # the dead bug's 20 seconds
    assert model.data(model.index(4, 12)) == "<1"
    tip = model.data(model.index(4, 12), Qt.ItemDataRole.ToolTipRole)
    assert tip == "Dead bug, in all: 20 s"  # the exact time where the cell rounds
    # The most held cell in the deepest shade, an empty one in none.
    colours = theme.current()
    background = Qt.ItemDataRole.BackgroundRole
    assert model.data(model.index(0, 11), background) == shade(colours, 4)
    assert model.data(model.index(0, 0), background) is None
    tip = model.data(model.index(2, 9), Qt.ItemDataRole.ToolTipRole)
    assert tip == "Lizard pose · left, week of 2 Nov: 1 min"
    assert model.data(QModelIndex()) is None


def test_the_routine_filter_applies_to_pain_and_stretches_not_to_the_thomas_test(make_page):
    page = make_page()
    page.routine.setCurrentIndex(page.routine.findData("iliopsoas"))
    assert row_names(page.stretch_weeks.model) == [
        "Kneeling hip flexor · left",
        "Kneeling hip flexor · right",
    ]
    assert page.pain_summary.text() == (
        "1 session with a check-in, none yet with both before and after"
    )
    assert page.checks.model.rowCount() == 2  # from every routine


def test_an_empty_history_says_how_to_fill_each_tab(make_page):
    page = make_page(history=[])
    assert page.pain_chart.accessibleDescription() == pain_chart.EMPTY
    assert page.pain_summary.isHidden()  # the chart says what to do
    assert page.checks.currentWidget() is page.checks.empty
    assert "Run the Thomas self-test routine" in page.checks.empty.text()
    assert page.stretch_weeks.currentWidget() is page.stretch_weeks.empty
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        assert not page.grab().isNull()


def test_a_history_that_cannot_be_opened_is_said(make_page, tmp_path):
    page = make_page(history=[], path=tmp_path / "no such folder" / "history.sqlite3")
    assert "The history cannot be read" in page.message.text()
    assert page.message.isVisibleTo(page)
    assert page.checks.currentWidget() is page.checks.empty
    assert page.stretch_weeks.currentWidget() is page.stretch_weeks.empty


def test_trouble_reading_the_trends_is_said(make_page, monkeypatch):
    def cannot(*_args):
        raise HistoryError("cannot use the history file: disk I/O error")

    monkeypatch.setattr(HistoryStore, "held_by_stretch", cannot)
    page = make_page()
    assert "disk I/O error" in page.message.text()
    assert page.stretch_weeks.model.rowCount() == 0


def test_a_damaged_file_gives_a_fresh_empty_history(make_page, tmp_path):
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"this is not a database" * 200)
    page = make_page(history=[], path=damaged)
    assert not page.message.isVisibleTo(page)
    assert page.model.rowCount() == 0
    assert any("damaged" in name for name in (p.name for p in tmp_path.iterdir()))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_tab_paints_in_both_schemes(make_page, monkeypatch, scheme):
    monkeypatch.setenv(theme.SCHEME_ENV, scheme)
    page = make_page()
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        assert not page.grab().isNull()
    text = page.stretch_weeks.model.data(
        page.stretch_weeks.model.index(0, 11), Qt.ItemDataRole.ForegroundRole
    )
    assert isinstance(text, QColor)
