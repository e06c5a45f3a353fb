"""Every page usable in an 800x600 window, the smallest laptops' screens: the routines under the
first-run notice, one line for what comes next in a session and its notes whole, the sessions'
columns without scrolling sideways; and the per-stretch weeks whole in a 1200-pixel window."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.core.engine import SessionStatus
from desktop_app.core.model import Kind, Side
from desktop_app.core.records import SessionInfo, SessionRecord, StepRecord
from desktop_app.ui.history.session_table import COLUMNS
from tests.ui.conftest import run_for

SMALL = (800, 600)


def settle() -> None:
    for _ in range(3):  # layouts ask again once their parts have their sizes
        QApplication.processEvents()


def sized(window, size: tuple[int, int]):
    window.resize(*size)
    settle()
    assert (window.width(), window.height()) == size
    return window


def inside(widget: QWidget, area: QWidget) -> bool:
    """Whether all of `widget` is in sight within `area`."""
    corner = widget.mapTo(area, widget.rect().topLeft())
    return area.rect().contains(QRect(corner, widget.size()))


def test_the_home_page_shows_four_routines_under_the_first_run_notice(window):
    sized(window, SMALL)
    [notice] = window.banners
    assert notice.isVisible()
    routines = window.home.list
    whole = [
        row
        for row in range(routines.count())
        if routines.viewport().rect().contains(routines.visualItemRect(routines.item(row)))
    ]
    assert len(whole) >= 4
    assert inside(window.home.start_button, window)


LONG_NAMES = """
name = "Therapist's"
[[step]]
stretch = "lizard-pose"
[[step]]
stretch = "band"
[[stretch]]
id = "band"
name = "Band pull-apart with the long green resistance band held at shoulder height"
sided = false
position = "standing"
instructions = ["Pull the band apart slowly, then return."]
"""


def test_in_a_session_what_comes_next_is_one_line_and_the_notes_are_whole(window, paths, clock):
    (paths.routines_dir / "therapists.toml").write_text(LONG_NAMES)
    window.show_home()
    sized(window, SMALL)
    window.start_routine_id("therapists")
    run_for(window, clock, 2)
    page = window.session
    page.show_note("history", "The history cannot be written (the disk is full): " * 3)
    settle()
    line = page.coming.fontMetrics().lineSpacing()
    assert page.coming.height() < 2 * line
    assert page.coming.full_text == "After that: Lizard pose, right side"
    window.host.skip()  # to the lizard's right side: the band's long name comes next
    window.host.skip()
    settle()
    assert "Band pull-apart with the long green" in page.coming.full_text
    assert page.coming.height() < 2 * line
    assert page.coming.text().endswith("…")  # shortened: the whole in its tooltip
    assert page.coming.toolTip() == page.coming.full_text
    assert page.coming.accessibleName() == page.coming.full_text
    notes = page.notes
    assert notes.isVisible() and inside(notes, window)
    assert notes.height() >= notes.heightForWidth(notes.width())
    for button in (page.controls.pause_button, page.controls.stop_button):
        assert inside(button, window)


def a_session(number: int, start) -> SessionRecord:
    info = SessionInfo(
        f"s{number}",
        "big-three",
        "The Big 3",
        start,
        start + timedelta(minutes=5),
        SessionStatus.INTERRUPTED,
        300.0,
        2,
    )
    record = SessionRecord(info)
    for seq, side in enumerate((Side.LEFT, Side.RIGHT)):
        record = record.with_step(
            StepRecord(
                seq,
                "half-kneeling-hip-flexor",
                "Half-kneeling hip flexor stretch",
                side,
                Kind.HOLD,
                1,
                600.0,
                599.0,
                None,
                None,
                True,
                False,
            )
        )
    return record


@pytest.fixture
def history(window, clock):
    """Twelve weeks of sessions, one a week, each ten minutes a side: the widest numbers."""
    now = clock.wall()
    window.host.history.keeper.store().add(
        [a_session(week, now - timedelta(weeks=week, hours=1)) for week in range(12)]
    )
    return window


def test_the_sessions_columns_are_in_sight_without_scrolling_sideways(history):
    sized(history, SMALL)
    history.show_history()
    settle()
    table = history.history_page.table
    assert table.horizontalScrollBar().maximum() == 0
    heading = table.horizontalHeader()
    width = table.viewport().width()
    for column, (title, _) in enumerate(COLUMNS[:-1]):  # all but the routine, which is cut
        assert heading.sectionViewportPosition(column) + heading.sectionSize(column) <= width
        text = heading.fontMetrics().horizontalAdvance(title)
        assert text < heading.sectionSize(column), title
    assert heading.sectionSize(len(COLUMNS) - 1) >= 60  # some of the routine's name
    assert history.history_page.detail.width() >= 200


@pytest.mark.parametrize("width", [1200, 1280])
def test_the_stretches_twelve_weeks_and_total_fit_with_one_unit(history, width):
    sized(history, (width, 780))
    history.show_history()
    page = history.history_page
    page.tabs.setCurrentIndex(2)
    settle()
    table = page.stretch_weeks.table
    model = page.stretch_weeks.model
    assert model.columnCount() == 13
    assert table.horizontalScrollBar().maximum() == 0  # nothing cut, nothing to scroll to
    heading = table.horizontalHeader()
    bold = QFont(heading.font())
    bold.setBold(True)
    for column in range(model.columnCount()):
        text = model.headerData(column, heading.orientation())
        metrics = QFontMetrics(bold)
        widest = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
        assert widest < heading.sectionSize(column), text
        assert heading.sectionViewportPosition(column) >= 0
    # Every cell and the total in whole minutes: no "55 s" beside a "1".
    cells = {model.data(model.index(0, column)) for column in range(model.columnCount())}
    assert cells == {"10", "120"}
