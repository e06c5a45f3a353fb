"""The home page's routine details and the History page's session detail scroll from the
keyboard: Tab reaches them, and the arrow and page keys move them."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import run_to_end


def scrolls_with_the_keys(qtbot, scroller) -> None:
    bar = scroller.verticalScrollBar()
    assert bar.maximum() > 0  # more than fits: something to scroll
    assert scroller.focusPolicy() & Qt.FocusPolicy.TabFocus
    scroller.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(scroller, Qt.Key.Key_PageDown)
    paged = bar.value()
    assert paged > 0
    qtbot.keyClick(scroller, Qt.Key.Key_Up)
    assert 0 <= bar.value() < paged
    for _ in range(bar.maximum() // max(1, bar.pageStep()) + 1):
        qtbot.keyClick(scroller, Qt.Key.Key_PageDown)
    assert bar.value() == bar.maximum()
    qtbot.keyClick(scroller, Qt.Key.Key_PageUp)
    assert bar.value() < bar.maximum()


def test_tab_reaches_a_routines_details_and_the_keys_scroll_them(qtbot, window):
    window.resize(800, 600)
    home = window.home
    home.select("full-lower-back")
    qtbot.waitUntil(lambda: home.details.verticalScrollBar().maximum() > 0)
    home.list.setFocus()
    qtbot.keyClick(home.list, Qt.Key.Key_Tab)
    assert window.focusWidget() is home.details
    assert home.details.accessibleName() == "Routine details"
    scrolls_with_the_keys(qtbot, home.details)


def test_the_session_detail_scrolls_with_the_keys(qtbot, window, clock):
    window.start_routine_id("full-lower-back")
    run_to_end(window, clock)
    window.show_home()
    window.resize(800, 600)
    window.show_history()
    page = window.history_page
    assert "Full lower back" in page.detail.text()
    qtbot.waitUntil(lambda: page.detail_scroller.verticalScrollBar().maximum() > 0)
    assert page.detail_scroller.accessibleName() == "Session detail"
    scrolls_with_the_keys(qtbot, page.detail_scroller)
