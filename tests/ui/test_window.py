"""The home page, the first-run notice, the settings dialog and the window's sizes."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QKeyEvent, QShortcut
from PySide6.QtWidgets import QApplication

from desktop_app import APP_ID, APP_NAME, __version__
from desktop_app.app import build_window
from desktop_app.services.settings import load_settings
from desktop_app.ui.dialogs.about_dialog import AboutDialog
from desktop_app.ui.dialogs.settings_dialog import SettingsDialog
from desktop_app.ui.home.home_page import ROUTINE_ID
from desktop_app.ui.kit.banner import PAGE_ROOM, Banner
from desktop_app.ui.kit.elided_label import ElidedLabel
from desktop_app.ui.look import theme
from desktop_app.ui.shell.application import make_application
from desktop_app.ui.shell.window import opening_geometry
from tests.ui.conftest import run_for

USER_ROUTINE = """\
name = "My evening"
hold = 20
[[step]]
stretch = "lizard-pose"
"""


def test_the_app_names_itself(window):
    app = make_application()
    assert app.applicationName() == APP_NAME
    assert app.desktopFileName() == APP_ID
    assert not app.windowIcon().isNull()
    assert window.windowTitle() == APP_NAME


def test_home_lists_every_routine_with_its_facts(window):
    home = window.home
    names = [
        home.list.item(row).data(Qt.ItemDataRole.AccessibleTextRole)
        for row in range(home.list.count())
    ]
    assert len(names) == 5
    big_three = next(name for name in names if name.startswith("The Big 3"))
    assert "3 stretches" in big_three and "kneeling, seated, standing" in big_three
    home.select("big-three")
    assert home.name.text() == "The Big 3"
    assert "Seated figure-four: 30 s each side" in home.steps.text()
    assert home.description.text().startswith("Three hip stretches")


def test_the_users_routines_and_broken_files_are_shown(make_window, paths):
    (paths.routines_dir / "evening.toml").write_text(USER_ROUTINE)
    (paths.routines_dir / "broken.toml").write_text('name = "Broken"\nhold = "long"\n')
    window = make_window()
    home = window.home
    home.select("evening")
    assert home.name.text() == "My evening"
    assert home.errors.isVisible()
    assert f"{paths.routines_dir / 'broken.toml'}:2:" in home.errors.text()


def test_a_fixed_file_appears_when_going_home_again(qtbot, make_window, paths, clock):
    window = make_window()
    assert not window.home.errors.isVisible()
    (paths.routines_dir / "evening.toml").write_text(USER_ROUTINE)
    window.home.select("big-three")
    qtbot.mouseClick(window.home.start_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.keyClick(window, Qt.Key.Key_Return)
    window.home.select("evening")
    assert window.home.current_id() == "evening"


def test_one_click_chooses_a_routine_and_does_not_start_it(qtbot, window):
    rect = window.home.list.visualItemRect(window.home.list.item(1))
    qtbot.mouseClick(window.home.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.home.current_id() == "desk-break"
    assert window.host.driver.engine is None


def test_enter_on_a_routine_starts_it(qtbot, window):
    window.home.select("desk-break")
    window.home.list.setFocus()
    qtbot.keyClick(window.home.list, Qt.Key.Key_Return)
    assert window.host.driver.engine.plan.routine.id == "desk-break"
    window.host.driver.stop()


@pytest.mark.parametrize("name", ["start_button", "history_button"])
def test_a_focused_button_looks_focused(qtbot, window, name):
    button = getattr(window.home, name)
    window.home.list.setFocus()
    qtbot.waitUntil(lambda: not button.hasFocus())
    plain = button.grab().toImage()
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    assert button.grab().toImage() != plain  # a keyboard user sees where Tab went


def test_a_disabled_start_button_has_no_accent_frame(window):
    button = window.home.start_button
    button.setEnabled(False)
    image = button.grab().toImage()
    edge = image.pixelColor(1, image.height() // 2)
    assert edge != theme.current().accent  # it looked like a focused button
    button.setEnabled(True)


def test_the_window_opens_within_the_screen(qtbot, paths, clock):
    # Qt's offscreen screen is 800x800: like a 1600x1600 one at 200%, smaller than 1200x780.
    window = build_window(paths, clock)
    qtbot.addWidget(window)
    room = window.screen().availableGeometry().size()
    assert room.width() < 1200
    assert window.size() == window.size().boundedTo(room)
    window.close()
    window.host.history.close()


def test_the_window_opens_at_a_share_of_the_screen_centred(qtbot, paths, clock):
    window = build_window(paths, clock)
    qtbot.addWidget(window)
    room = window.screen().availableGeometry()
    assert window.geometry() == opening_geometry(room)
    assert window.geometry().center() == room.center()
    window.close()
    window.host.history.close()


@pytest.mark.parametrize(
    ("room", "opening"),
    [
        (QRect(0, 0, 1920, 1080), QRect(192, 108, 1536, 864)),
        (QRect(0, 0, 2560, 1440), QRect(256, 144, 2048, 1152)),
        (QRect(1920, 32, 1280, 768), QRect(2048, 109, 1024, 614)),  # a second screen, a panel
        (QRect(0, 0, 1024, 640), QRect(102, 20, 819, 600)),  # never below 800x600 ...
        (QRect(0, 0, 960, 540), QRect(80, 0, 800, 540)),  # ... unless the screen is smaller
    ],
)
def test_the_opening_size_follows_the_screens_free_area(room, opening):
    assert opening_geometry(room) == opening


def test_enter_presses_the_focused_button_on_the_home_page(qtbot, window):
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.home.history_button.setFocus()
    qtbot.waitUntil(window.home.history_button.hasFocus)
    qtbot.keyClick(window.home.history_button, Qt.Key.Key_Return)
    assert window.pages.currentWidget() is window.history_page


def test_the_notice_is_shown_once(qtbot, make_window, paths):
    window = make_window()
    notice = window.banners[0]
    assert notice.isVisible() and "not medical advice" in notice.body.text()
    qtbot.mouseClick(notice.button, Qt.MouseButton.LeftButton)
    assert not notice.isVisible()
    assert load_settings(paths.settings_file).settings.notice_seen
    window.close()
    assert make_window().banners == []


def shown(banner: Banner) -> int:
    """How much of a banner's text can show: its frame aside."""
    return banner.scroller.maximumHeight() - 2 * banner.scroller.frameWidth()


def test_the_whole_notice_shows_in_the_window_or_whole_lines_of_it(qtbot, make_window):
    window = make_window()
    window.show()
    notice = window.banners[0]

    def shown_and_needed():
        return shown(notice), notice.body.heightForWidth(notice.body.width())

    qtbot.waitUntil(lambda: shown_and_needed()[0] == shown_and_needed()[1])  # at 1200x780
    window.close()
    # Far less room than it needs: whole lines only, never half of one.
    small = Banner("Before you start", [notice.body.text()] * 4, "I understand")
    qtbot.addWidget(small)
    small.resize(500, 200)
    small.show()
    line = small.body.fontMetrics().lineSpacing()
    qtbot.waitUntil(lambda: small.body.heightForWidth(small.body.width()) > 8 * line)
    assert shown(small) == 4 * line  # a window this small has room for four lines at least


def test_a_held_enter_presses_a_button_once_and_starts_no_routine(window):
    # Its repeats went on to the next page's focus: from History's "Back to home" to the
    # routine list, whose Enter started the routine.
    once = window._enter_once
    button = window.home.history_button
    repeat = QKeyEvent(
        QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r", True
    )
    first = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r")
    assert once.eventFilter(button, repeat) and not once.eventFilter(button, first)
    enters = [s for s in window.home.list.findChildren(QShortcut)]
    assert enters and not any(shortcut.autoRepeat() for shortcut in enters)


def test_after_the_notice_the_routine_list_has_the_focus(qtbot, make_window):
    window = make_window()
    notice = window.banners[0]
    notice.button.setFocus()
    qtbot.waitUntil(notice.button.hasFocus)
    qtbot.keyClick(notice.button, Qt.Key.Key_Return)
    assert not notice.isVisible()
    assert window.home.list.hasFocus()  # not History, which a second Enter would open


def test_the_notice_waits_on_the_home_page(qtbot, make_window):
    window = make_window()
    notice = window.banners[0]
    window.show_history()
    assert not notice.isVisible()  # the History page needs the height
    window.show_home()
    assert notice.isVisible()


def test_the_notice_takes_more_room_as_the_window_grows(qtbot, make_window):
    window = make_window()
    long = window._add_banner(window._banner_layout, "Long", ["word " * 400], "Close")
    window.resize(1200, 600)
    line = long.body.fontMetrics().lineSpacing()
    # 600 pixels high: what the page under it needs is left to it (two fifths would not).
    qtbot.waitUntil(lambda: shown(long) == (600 - PAGE_ROOM) // line * line)
    window.resize(1200, 1000)
    qtbot.waitUntil(lambda: shown(long) == int(1000 * 0.4) // line * line)  # two fifths
    assert long.scroller.focusPolicy() == Qt.FocusPolicy.TabFocus  # it scrolls: keys too
    plain = long.scroller.grab().toImage()
    long.scroller.setFocus()
    qtbot.waitUntil(long.scroller.hasFocus)
    assert long.scroller.grab().toImage() != plain  # and Tab's arrival there shows


def test_the_notice_is_dismissed_with_the_keyboard_alone(qtbot, window):
    notice = window.banners[0]
    focused = []
    for _ in range(8):  # Tab round the window until the notice's button has the focus
        qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_Tab)
        focused.append(window.focusWidget())
        if focused[-1] is notice.button:
            break
    assert notice.button in focused
    qtbot.keyClick(notice.button, Qt.Key.Key_Space)
    assert notice.dismissed and not notice.isVisible()


def test_a_narrow_list_shortens_a_card_and_keeps_the_whole_name(qtbot, window):
    window.resize(800, 600)
    row = next(
        r
        for r in range(window.home.list.count())
        if window.home.list.item(r).data(ROUTINE_ID) == "iliopsoas"
    )
    card = window.home.list.itemWidget(window.home.list.item(row))
    name = card.findChildren(ElidedLabel)[0]
    qtbot.waitUntil(lambda: name.text() != name.full_text)
    assert name.text().endswith("…") and name.width() <= card.width()
    assert name.toolTip() == name.accessibleName() == "Iliopsoas release and strength"
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: name.text() == name.full_text)
    assert name.toolTip() == ""


def test_the_notice_never_blocks_a_session(qtbot, window, clock):
    window.home.select("desk-break")
    qtbot.mouseClick(window.home.start_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(window, Qt.Key.Key_Space)  # the notice has no focus to take the key
    assert window.host.driver.engine.state.value == "paused"
    window.host.driver.stop()


def test_a_damaged_settings_file_is_kept_aside_and_said(make_window, paths):
    paths.settings_file.write_text("{not json")
    window = make_window()
    warning = window.banners[-1]
    assert warning.isVisible() and "damaged" in warning.body.text()
    kept = list(paths.settings_file.parent.glob("settings.json.damaged-*"))
    assert len(kept) == 1 and kept[0].read_text() == "{not json"


def open_settings(qtbot, window) -> SettingsDialog:
    qtbot.keyClick(window, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_settings_round_trip(qtbot, window, paths, make_window):
    dialog = open_settings(qtbot, window)
    assert dialog.tabs.tabText(0) == "Session"
    boxes = dialog.session_tab.boxes
    assert boxes["hold"].text().startswith("routine’s choice")
    boxes["hold"].setValue(45)
    boxes["rest"].setValue(0)
    dialog.save()
    saved = json.loads(paths.settings_file.read_text())
    assert saved["session"] == {"hold": 45.0, "rest": 0.0}
    assert window.settings.timing.hold == 45
    # The routines that leave the hold open now last longer.
    window.home.select("iliopsoas")
    assert "Kneeling hip flexor stretch: 45 s each side" in window.home.steps.text()
    window.close()
    again = open_settings(qtbot, make_window())
    assert again.session_tab.boxes["hold"].value() == 45
    assert again.session_tab.boxes["prepare"].text().startswith("routine’s choice")
    again.reject()


def test_the_check_in_question_is_switched_on_and_off_in_the_session_tab(qtbot, window, paths):
    dialog = open_settings(qtbot, window)
    switch = dialog.session_tab.checkins
    assert not switch.isChecked()  # as these tests' settings have it
    switch.setChecked(True)
    dialog.save()
    assert json.loads(paths.settings_file.read_text())["checkins"] is True
    window.start_routine_id("desk-break")
    assert window.pages.currentWidget() is window.checkin


def test_pausing_other_players_is_chosen_in_the_session_tab(qtbot, window, paths):
    dialog = open_settings(qtbot, window)
    switch = dialog.session_tab.pause_other_players
    assert not switch.isChecked()  # off as it comes
    assert switch.text() == "Pause other media players during a session"
    switch.setChecked(True)
    dialog.save()
    assert json.loads(paths.settings_file.read_text())["pause_other_players"] is True
    assert window.settings.pause_other_players  # asked again at the next session's start


def test_seconds_with_a_fraction_survive_a_save(qtbot, make_window, paths):
    paths.settings_file.write_text('{"version": 1, "session": {"switch": 7.5}}')
    dialog = open_settings(qtbot, make_window())
    dialog.session_tab.boxes["hold"].setValue(40)
    dialog.save()
    saved = json.loads(paths.settings_file.read_text())
    assert saved["session"] == {"hold": 40.0, "switch": 7.5}


def test_a_failed_save_says_why_and_keeps_the_dialog(qtbot, window, paths):
    paths.settings_file.unlink()
    paths.settings_file.mkdir()  # a folder where the file should be: the rename fails
    dialog = open_settings(qtbot, window)
    dialog.session_tab.boxes["hold"].setValue(40)
    dialog.save()
    assert dialog.isVisible() and dialog.error.isVisible()
    assert str(paths.settings_file) in dialog.error.text()
    assert window.settings.timing.hold is None
    dialog.reject()


@pytest.mark.parametrize("size", [(800, 600), (1280, 800), (2560, 1440)])
def test_the_countdown_is_large_at_every_size(qtbot, window, clock, size):
    window.resize(*size)
    window.home.select("big-three")
    qtbot.mouseClick(window.home.start_button, Qt.MouseButton.LeftButton)
    run_for(window, clock, 10)
    QApplication.processEvents()
    ring = window.session.ring
    assert window.size().toTuple() == size
    assert ring.height() >= size[1] / 4
    controls = window.session.controls
    ring_bottom = ring.mapTo(window, ring.rect().bottomLeft()).y()
    assert ring_bottom < controls.mapTo(window, controls.rect().topLeft()).y()
    assert not window.banners[0].isVisible()  # the notice waits on the home page
    assert ring.digit_pixel_size() >= size[1] / 12
    assert window.session.side.font().pixelSize() >= size[1] / 20
    window.host.driver.stop()


def test_about_shows_the_version_the_sources_and_the_notice(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F1)
    [about] = [w for w in window.findChildren(AboutDialog) if w.isVisible()]
    assert about.title.text() == f"{APP_NAME} {__version__}"
    text = about.body.text()
    assert "The Big 3: Essential Stretches for Bilateral Lower Back Pain Relief" in text
    assert "3 Stretching Exercises for Relieving Lower Back Tension and Pain" in text
    assert "Lizard pose" in text  # each source lists the stretches taken from it
    assert "Common practice (not from the two source articles)</i>: Standing hip flexor" in text
    assert "not medical advice" in text
    # Its text is reached with Tab and scrolled with the keys, as the mouse scrolls it.
    qtbot.waitUntil(about.isActiveWindow)
    order = []
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert about.scroller in order
    about.reject()
    window.home.about_button.click()
    assert any(w.isVisible() for w in window.findChildren(AboutDialog))
