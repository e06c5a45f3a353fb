"""The history's two charts: the calendar's levels, squares and tooltips; the week chart's
axis, bars and tooltips; and that both paint what they say in either palette."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor

from desktop_app.core.history_stats import WEEKS, DayTotal, WeekTotal, monday
from desktop_app.ui.history.charts import label_every
from desktop_app.ui.history.heatmap import CalendarHeatmap, day_tooltip, level, month_labels
from desktop_app.ui.history.week_chart import WeekChart, nice_step, week_tooltip
from desktop_app.ui.look import theme
from desktop_app.ui.shell.application import make_application

TODAY = date(2026, 11, 18)  # a Wednesday
FIRST = monday(TODAY) - timedelta(weeks=WEEKS - 1)


def days(minutes: dict[int, float]) -> list[DayTotal]:
    """84 days, with `minutes` on the days so many days before TODAY."""
    found = []
    for n in range(WEEKS * 7):
        day = FIRST + timedelta(days=n)
        amount = minutes.get((TODAY - day).days, 0.0)
        found.append(DayTotal(day, amount, 1 if amount else 0))
    return found


def close_to(actual: QColor, expected: QColor, slack: int = 12) -> bool:
    return all(
        abs(a - b) <= slack for a, b in zip(actual.getRgb()[:3], expected.getRgb()[:3], strict=True)
    )


@pytest.mark.parametrize(
    ("minutes", "expected"), [(0, 0), (0.2, 1), (4.9, 1), (5, 2), (10, 3), (19.9, 3), (20, 4)]
)
def test_levels(minutes, expected):
    assert level(minutes) == expected


def test_tooltips_say_the_day_and_the_amount():
    assert day_tooltip(DayTotal(date(2026, 11, 3), 14.2, 2)) == "Tue 3 Nov: 2 sessions, 14 min"
    assert day_tooltip(DayTotal(date(2026, 11, 4), 0, 0)) == "Wed 4 Nov: no stretching"
    assert (
        week_tooltip(WeekTotal(date(2026, 11, 2), 42, 5)) == "Week of 2 Nov: 42 min in 5 sessions"
    )


def test_a_month_is_named_where_it_begins():
    names = [name for _column, name in month_labels(days({}))]
    assert names[-3:] == ["Sep", "Oct", "Nov"]


@pytest.mark.parametrize(("top", "step"), [(0, 5), (8, 5), (30, 10), (95, 50), (400, 200)])
def test_nice_steps(top, step):
    assert nice_step(top) == step


@pytest.mark.parametrize(("slot", "every"), [(50, 1), (30, 2), (20, 3), (12, 4), (1, 12)])
def test_dates_under_narrow_bars_skip_enough_bars_not_to_touch(slot, every):
    assert label_every(slot, 40) == every


@pytest.fixture
def heatmap(qtbot):
    make_application()
    widget = CalendarHeatmap()
    qtbot.addWidget(widget)
    widget.resize(560, 220)
    widget.set_days(days({0: 25, 1: 3}), TODAY)
    return widget


def test_the_calendar_paints_each_day_at_its_level(heatmap):
    image = heatmap.grab().toImage()
    grid = heatmap.grid()
    colours = theme.current()
    index = {d.day: i for i, d in enumerate(heatmap._days)}

    def colour_of(day: date) -> QColor:
        return image.pixelColor(grid.rect(index[day]).center())

    assert close_to(colour_of(TODAY), colours.accent)  # 25 minutes: the deepest level
    assert close_to(colour_of(TODAY - timedelta(days=2)), colours.line)  # nothing that day
    yesterday = colour_of(TODAY - timedelta(days=1))
    assert not close_to(yesterday, colours.line) and not close_to(yesterday, colours.accent)
    assert heatmap.accessibleName() == "Calendar of the last 12 weeks"
    assert heatmap.accessibleDescription() == "Stretched on 2 of the last 80 days"


def test_the_calendar_knows_the_day_under_the_pointer(heatmap):
    grid = heatmap.grid()
    index = next(i for i, d in enumerate(heatmap._days) if d.day == TODAY)
    inside = grid.rect(index).center()
    assert heatmap.tooltip_at(inside) == "Wed 18 Nov: 1 session, 25 min"
    tomorrow = grid.rect(index + 1).center()
    assert heatmap.tooltip_at(tomorrow) is None  # not lived yet
    assert heatmap.tooltip_at(QPoint(1, 1)) is None


def test_a_calendar_needs_whole_weeks(heatmap):
    with pytest.raises(ValueError, match="84 days"):
        heatmap.set_days(days({})[:80], TODAY)


@pytest.fixture
def chart(qtbot):
    make_application()
    widget = WeekChart()
    qtbot.addWidget(widget)
    widget.resize(560, 220)
    return widget


def weeks(minutes: list[float]) -> list[WeekTotal]:
    return [
        WeekTotal(FIRST + timedelta(weeks=n), amount, 1 if amount else 0)
        for n, amount in enumerate(minutes)
    ]


def test_bars_grow_with_the_minutes_and_this_week_stands_out(chart):
    chart.set_weeks(weeks([0] * 10 + [30, 15]))
    assert chart.bar(10).height() == pytest.approx(2 * chart.bar(11).height())
    assert chart.bar(0).height() == 0
    image = chart.grab().toImage()
    colours = theme.current()
    this_week = image.pixelColor(chart.bar(11).center().toPoint())
    last_week = image.pixelColor(chart.bar(10).center().toPoint())
    assert close_to(this_week, colours.accent)
    assert not close_to(last_week, colours.accent)
    assert chart.accessibleDescription() == "45 min in 12 weeks; this week 15 min"


def test_the_week_under_the_pointer(chart):
    chart.set_weeks(weeks([0] * 11 + [15]))
    centre = chart.bar(11).center().toPoint()
    assert chart.week_at(centre) == 11
    assert chart.week_at(QPoint(0, 0)) is None


def test_an_empty_chart_paints(chart):
    chart.set_weeks(weeks([0] * 12))
    assert not chart.grab().isNull()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_both_palettes(qtbot, monkeypatch, scheme):
    monkeypatch.setenv("SUPPLE_COLOR_SCHEME", scheme)
    make_application()
    widget = CalendarHeatmap()
    qtbot.addWidget(widget)
    widget.resize(400, 180)
    widget.set_days(days({0: 25}), TODAY)
    grid = widget.grid()
    index = next(i for i, d in enumerate(widget._days) if d.day == TODAY - timedelta(days=3))
    colour = widget.grab().toImage().pixelColor(grid.rect(index).center())
    assert close_to(colour, theme.current().line)
