"""Reminders through the real window, driver, tray menu and history, on the fake clock: offers
at their time, each answer and what it does, the tray's menu and status, closing the window to
the tray, and the settings page. The prompt is a stand-in that records what it was asked."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator
from datetime import time, timedelta

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.app import build_reminders
from desktop_app.core.clock import FakeClock
from desktop_app.core.engine import SessionStatus
from desktop_app.core.reminders import (
    MISSED_AFTER,
    REASON_TEXTS,
    Mode,
    Reason,
    ReminderOutcome,
    ReminderRules,
)
from desktop_app.services import autostart
from desktop_app.services.settings import Settings, load_settings
from desktop_app.ui.dialogs.settings_dialog import SettingsDialog
from desktop_app.ui.reminders import link as reminder_link
from desktop_app.ui.reminders.driver import PlainDesktop
from desktop_app.ui.reminders.link import ReminderLink
from desktop_app.ui.reminders.tray import Tray
from desktop_app.ui.shell.window import MainWindow
from tests.ui.conftest import run_for, run_to_end

MINUTE = 60.0


class FakePrompt(QObject):
    chosen = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[tuple[str, int]] = []
        self.withdrawn = 0

    def offer(self, routine_name: str, snooze_minutes: int) -> None:
        self.asked.append((routine_name, snooze_minutes))

    def withdraw(self) -> None:
        self.withdrawn += 1


@pytest.fixture
def prompt() -> FakePrompt:
    return FakePrompt()


@pytest.fixture
def rang() -> list[None]:
    """A None each time the chime rang."""
    return []


@pytest.fixture
def link(window: MainWindow, prompt: FakePrompt, rang: list[None]) -> Iterator[ReminderLink]:
    window.host.history.open()
    made = build_reminders(window, lambda: prompt, PlainDesktop, lambda: rang.append(None))
    made.start()
    yield made
    made.stop()


def run_reminders(link: ReminderLink, clock: FakeClock, seconds: float) -> None:
    """Let `seconds` of fake time pass, ticking when the reminders' timer would fire."""
    end = clock.now() + seconds
    driver = link.driver
    while (armed := driver.armed) is not None and clock.now() + armed <= end + 1e-6:
        clock.advance(armed)
        driver.tick()
    clock.set(max(clock.now(), end))


def reminders(window: MainWindow) -> dict[ReminderOutcome, int]:
    start = window.host.clock.wall() - timedelta(days=1)
    return window.host.history.keeper.store().reminder_counts(start)


def test_the_desk_break_is_offered_after_the_interval(link, prompt, clock, window):
    run_reminders(link, clock, 34 * MINUTE)
    assert prompt.asked == []
    assert link._prompt is None  # made at the first reminder: D-Bus is not loaded at start
    assert link.tray.icon.toolTip() == "Supple: Next reminder at 9:35 (in 1 min)"
    run_reminders(link, clock, MINUTE)
    assert prompt.asked == [("Desk break", 10)]
    assert link.tray.icon.toolTip() == "Supple: Time to stand up and stretch"


def test_starting_from_the_offer_runs_the_desk_break_and_counts_from_its_end(
    link, prompt, clock, window
):
    run_reminders(link, clock, 35 * MINUTE)
    prompt.chosen.emit(ReminderOutcome.STARTED)
    assert window.host.driver.running
    assert window.host.driver.engine.plan.routine.id == "desk-break"
    assert link.tray.icon.toolTip() == "Supple: No reminders during a session"
    assert not link.tray.desk_break_action.isEnabled()
    run_to_end(window, clock)
    assert link.driver.status().seconds == pytest.approx(35 * MINUTE)
    assert reminders(window)[ReminderOutcome.STARTED] == 1
    assert window.host.history.keeper.store().sessions()[0].routine_id == "desk-break"


def test_a_desk_break_from_the_offer_needs_no_click_after_start(link, prompt, clock, window):
    """Even with the check-in question on: "Start desk break" was the click."""
    window.settings = dataclasses.replace(window.settings, checkins=True)
    run_reminders(link, clock, 35 * MINUTE)
    prompt.chosen.emit(ReminderOutcome.STARTED)
    assert window.pages.currentWidget() is window.session and window.host.driver.running
    window.host.driver.stop()


def test_a_desk_break_closes_a_dialog_left_open_unsaved(link, prompt, clock, window, paths):
    window.open_settings()
    dialog = window.findChild(SettingsDialog)
    dialog.session_tab.boxes["hold"].setValue(45)  # changed, never saved
    run_reminders(link, clock, 35 * MINUTE)
    prompt.chosen.emit(ReminderOutcome.STARTED)
    assert not dialog.isVisible()  # it covered the session and took its keys
    assert window.pages.currentWidget() is window.session and window.host.driver.running
    assert window.settings.timing == Settings().timing
    assert not paths.settings_file.exists() or '"hold"' not in paths.settings_file.read_text()
    window.host.driver.stop()


def test_snooze_asks_again_after_the_snooze(link, prompt, clock, window):
    run_reminders(link, clock, 35 * MINUTE)
    prompt.chosen.emit(ReminderOutcome.SNOOZED)
    run_reminders(link, clock, 10 * MINUTE)
    assert len(prompt.asked) == 2
    prompt.chosen.emit(ReminderOutcome.SKIPPED)
    assert not window.host.driver.running
    assert reminders(window) == {
        ReminderOutcome.STARTED: 0,
        ReminderOutcome.SNOOZED: 1,
        ReminderOutcome.SKIPPED: 1,
        ReminderOutcome.MISSED: 0,
        ReminderOutcome.NATURAL_BREAK: 0,
    }


def test_the_history_page_says_how_reminders_were_answered(link, prompt, clock, window):
    window.show_history()
    assert not window.history_page.reminders.isVisible()  # none yet: no line
    run_reminders(link, clock, 35 * MINUTE)
    prompt.chosen.emit(ReminderOutcome.SNOOZED)
    run_reminders(link, clock, 10 * MINUTE)
    prompt.chosen.emit(ReminderOutcome.SKIPPED)
    window.show_history()
    assert window.history_page.reminders.text() == (
        "Sit-break reminders in the last 30 days: 0 taken, 1 snoozed, 1 skipped, 0 missed."
    )


def test_an_offer_nobody_answers_is_taken_back_and_kept_as_missed(link, prompt, clock, window):
    run_reminders(link, clock, 35 * MINUTE + MISSED_AFTER)
    assert prompt.withdrawn == 1
    assert reminders(window)[ReminderOutcome.MISSED] == 1
    prompt.chosen.emit(ReminderOutcome.STARTED)  # a late click: the user still wants the break
    assert window.host.driver.running
    assert reminders(window)[ReminderOutcome.STARTED] == 0  # but the offer stays missed
    window.host.driver.stop()


def test_a_session_started_another_way_answers_the_offer(link, prompt, clock, window):
    run_reminders(link, clock, 35 * MINUTE)
    window.start_routine_id("big-three")
    assert prompt.withdrawn == 1
    assert link.driver.armed is None  # no reminder timer while a session runs
    run_to_end(window, clock)
    assert reminders(window)[ReminderOutcome.STARTED] == 1  # kept once the break was taken


def test_a_break_with_nothing_held_is_not_a_break_taken(link, prompt, clock, window):
    run_reminders(link, clock, 35 * MINUTE)
    prompt.chosen.emit(ReminderOutcome.STARTED)
    assert sum(reminders(window).values()) == 0  # not known yet: it depends on the break
    while window.host.driver.running:  # Right, again and again: every side skipped
        clock.advance(0.4)
        window.host.driver.skip()
    assert window.summary.heading.text() == "Nothing held"
    assert reminders(window)[ReminderOutcome.STARTED] == 0
    assert reminders(window)[ReminderOutcome.SKIPPED] == 1
    [session] = window.host.history.keeper.store().sessions()
    assert session.status is SessionStatus.STOPPED and not session.held_anything
    assert link.driver.status().seconds == pytest.approx(35 * MINUTE)  # counted from its end


def test_a_break_stopped_after_a_side_held_is_a_break_taken(link, prompt, clock, window):
    run_reminders(link, clock, 35 * MINUTE)
    prompt.chosen.emit(ReminderOutcome.STARTED)
    window.host.driver.skip()  # ready
    run_for(window, clock, 12)
    window.host.driver.stop()
    assert reminders(window)[ReminderOutcome.STARTED] == 1


def test_the_tray_menu_pauses_and_resumes(link, clock):
    tray = link.tray
    texts = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
    assert texts == [
        "Next reminder at 9:35 (in 35 min)",
        "Take a desk break now",
        "Start a routine",
        "Pause reminders",
        "Resume reminders",
        "Open Supple",
        "History",
        "Settings…",
        "Quit",
    ]
    assert not tray.resume_action.isVisible()
    [half_hour, _hour, tomorrow] = tray.pause_menu.actions()
    half_hour.trigger()
    assert link.driver.status().mode is Mode.PAUSED
    assert tray.icon.toolTip() == "Supple: Reminders paused until 9:30"
    assert tray.resume_action.isVisible()
    assert not tray.pause_menu.menuAction().isVisible()
    tray.resume_action.trigger()
    assert link.driver.status().mode is Mode.WAITING
    tomorrow.trigger()
    assert tray.icon.toolTip() == "Supple: Reminders paused until tomorrow 9:00"


def test_the_tray_starts_a_routine_and_opens_the_pages(link, window, qtbot):
    tray = link.tray
    tray.routines_menu.aboutToShow.emit()
    names = [a.text() for a in tray.routines_menu.actions()]
    assert "The Big 3" in names and "Desk break" in names
    window.hide()
    tray.routines_menu.actions()[names.index("The Big 3")].trigger()
    assert window.isVisible()
    assert window.host.driver.engine.plan.routine.id == "big-three"
    window.host.driver.stop()
    [history] = [a for a in tray.menu.actions() if a.text() == "History"]
    history.trigger()
    assert window.pages.currentWidget() is window.history_page


def test_quit_from_the_tray_quits_though_the_window_would_stay(link, window, monkeypatch):
    quit_calls = []
    # Qt's quit() closes every window first, and gives up if one will not close.
    monkeypatch.setattr(QApplication, "quit", lambda: quit_calls.append(window.close()))
    [quit_action] = [a for a in link.tray.menu.actions() if a.text() == "Quit"]
    quit_action.trigger()
    assert quit_calls == [True]
    assert link.driver.armed is None  # the reminders stopped first


def test_closing_the_window_keeps_supple_in_the_tray_and_says_so_once(
    link, window, paths, monkeypatch
):
    monkeypatch.setattr(Tray, "available", staticmethod(lambda: True))
    messages = []
    link.tray.icon.showMessage = lambda *args: messages.append(args)  # type: ignore[method-assign]
    window.close()
    assert not window.isVisible()
    assert len(messages) == 1 and "still here" in messages[0][0]
    assert load_settings(paths.settings_file).settings.tray_told
    window.bring_forward()
    window.close()
    assert len(messages) == 1  # said once


def test_without_a_tray_closing_the_window_minimises_it_and_says_so_once(link, window, qtbot):
    assert not Tray.available()  # the offscreen platform has none
    window.close()
    assert window.isMinimized()
    [box] = [w for w in window.findChildren(QMessageBox) if w.isVisible()]
    assert "Ctrl+Q" in box.text()
    box.accept()
    window.bring_forward()
    window.close()
    assert not [w for w in window.findChildren(QMessageBox) if w.isVisible()]


def test_started_at_login_without_a_tray_the_window_shows_minimised(
    window, prompt, qtbot, monkeypatch, rang
):
    monkeypatch.setattr(reminder_link, "TRAY_WAIT_MS", 1)
    monkeypatch.setattr(reminder_link, "TRAY_WAIT_TRIES", 2)
    window.hide()
    made = build_reminders(window, lambda: prompt, PlainDesktop, lambda: rang.append(None))
    made.start()
    made.start_in_tray()
    assert not window.isVisible()  # waiting for a tray to come up
    qtbot.waitUntil(window.isVisible)
    assert window.isMinimized()
    made.stop()


def test_with_reminders_off_closing_the_window_closes_it(link, window):
    window._settings_saved(Settings(reminders=ReminderRules(enabled=False)))
    assert link.driver.armed is None
    assert link.tray.icon.toolTip() == "Supple: Reminders are off"
    window.close()
    assert not window.isVisible()


def test_the_reminders_stay_stopped_when_a_session_ends_after(link, window):
    window.start_routine_id("desk-break")
    link.stop()
    window.host.driver.stop()
    assert link.driver.armed is None


def test_new_settings_reach_the_scheduler(link, window, clock, prompt):
    run_reminders(link, clock, 15 * MINUTE)
    rules = ReminderRules(interval_minutes=10)
    window._settings_saved(Settings(reminders=rules))
    run_reminders(link, clock, 1)
    assert prompt.asked == [("Desk break", 10)]  # 15 minutes since the count began


def test_the_reminders_page_saves_the_rules_and_the_login_entry(window, qtbot, paths):
    dialog = SettingsDialog(
        window.settings, paths.settings_file, None, window.routine_names(), ["supple", "--tray"]
    )
    qtbot.addWidget(dialog)
    page = dialog.reminders_tab
    page.interval.setValue(45)
    page.weekends.setChecked(True)
    page.routine.setCurrentIndex(page.routine.findData("big-three"))
    page.autostart.setChecked(True)
    page.break_length.setValue(8)
    page.waits[Reason.MICROPHONE].setChecked(False)
    page.chime.setChecked(False)
    page.enabled.setChecked(False)
    assert not page.interval.isEnabled() and not page.active_from.isEnabled()
    assert not page.waits[Reason.CAMERA].isEnabled() and not page.chime.isEnabled()
    dialog.save()
    saved = load_settings(paths.settings_file).settings.reminders
    assert saved == ReminderRules(
        enabled=False,
        interval_minutes=45,
        weekends=True,
        routine="big-three",
        break_minutes=8,
        wait_for=frozenset(Reason) - {Reason.MICROPHONE},
        chime=False,
    )
    assert "Exec=supple --tray" in autostart.entry_path().read_text()
    dialog = SettingsDialog(
        window.settings, paths.settings_file, None, window.routine_names(), ["supple"]
    )
    qtbot.addWidget(dialog)
    assert dialog.reminders_tab.autostart.isChecked()  # it reads the entry, not a setting
    dialog.reminders_tab.autostart.setChecked(False)
    dialog.save()
    assert not autostart.is_enabled()


def test_a_login_entry_that_cannot_be_written_saves_nothing(window, qtbot, paths):
    autostart.entry_path().parent.parent.mkdir(parents=True)
    autostart.entry_path().parent.write_text("a file where the folder should be")
    saved = paths.settings_file.read_bytes()
    dialog = SettingsDialog(
        window.settings, paths.settings_file, None, window.routine_names(), ["supple"]
    )
    qtbot.addWidget(dialog)
    dialog.reminders_tab.interval.setValue(60)
    dialog.reminders_tab.autostart.setChecked(True)
    dialog.save()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "Could not change" in dialog.error.text()
    assert paths.settings_file.read_bytes() == saved  # the file and the running Supple agree


def test_a_session_under_way_when_the_reminders_start_holds_them(window, prompt, rang):
    window.start_routine_id("desk-break")  # `supple start desk-break`: the session comes first
    made = build_reminders(window, lambda: prompt, PlainDesktop, lambda: rang.append(None))
    made.start()
    assert made.driver.status().mode is Mode.IN_SESSION
    assert made.driver.armed is None
    made.stop()
    window.host.driver.stop()


# -- sitting time and reasons not to interrupt, with the desktop's answers on the fake clock --


class ScriptedDesktop:
    """What the desktop's probes say, set by the test: whether the user is at the keyboard
    (their last input is then now, on the fake clock) and the reasons that hold. Counts how
    often it was asked."""

    idle_time_from = "a scripted desktop"
    reasons_checked = frozenset(Reason)

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.last_input = clock.now()
        self.at_desk = True
        self.holding: frozenset[Reason] = frozenset()
        self.asked_idle = self.asked_reasons = 0

    def idle_seconds(self) -> float | None:
        self.asked_idle += 1
        if self.at_desk:
            self.last_input = self.clock.now()
        return self.clock.now() - self.last_input

    def reasons(self, wanted: frozenset[Reason]) -> frozenset[Reason]:
        self.asked_reasons += 1
        return self.holding & wanted

    def close(self) -> None:
        pass


@pytest.fixture
def desktop(clock: FakeClock) -> ScriptedDesktop:
    return ScriptedDesktop(clock)


@pytest.fixture
def sitting(window, prompt, rang, desktop) -> Iterator[ReminderLink]:
    window.host.history.open()
    made = build_reminders(window, lambda: prompt, lambda: desktop, lambda: rang.append(None))
    made.start()
    yield made
    made.stop()


def typing(link: ReminderLink, desktop: ScriptedDesktop, clock: FakeClock, seconds: float):
    """The user at the keyboard for `seconds`, the reminders' timer firing as it would."""
    desktop.at_desk = True
    run_reminders(link, clock, seconds)


@pytest.mark.parametrize("reason", list(Reason))
def test_a_due_reminder_waits_says_why_and_comes_once_kept_as_delayed(
    sitting, desktop, prompt, rang, clock, window, reason
):
    typing(sitting, desktop, clock, 30 * MINUTE)
    desktop.holding = frozenset({reason})
    typing(sitting, desktop, clock, 20 * MINUTE)
    assert prompt.asked == [] and rang == []
    why = REASON_TEXTS[reason]
    assert sitting.tray.icon.toolTip() == f"Supple: Time for a break, waiting: {why}"
    assert sitting.tray.status.text() == f"Time for a break, waiting: {why}"
    desktop.holding = frozenset()
    typing(sitting, desktop, clock, 5 * MINUTE)
    assert prompt.asked == [("Desk break", 10)] and rang == [None]  # once, with the chime
    prompt.chosen.emit(ReminderOutcome.SKIPPED)
    [kept] = window.host.history.keeper.store().reminders()
    assert (kept.outcome, kept.delayed_by) == (ReminderOutcome.SKIPPED, reason)
    window.show_history()
    assert window.history_page.reminders.text() == (
        "Sit-break reminders in the last 30 days: 0 taken, 0 snoozed, 1 skipped, 0 missed, "
        "1 waited for a call, a film or do-not-disturb to end."
    )


def test_a_reason_switched_off_on_the_page_does_not_hold(sitting, desktop, prompt, clock, window):
    rules = dataclasses.replace(
        window.settings.reminders, wait_for=frozenset(Reason) - {Reason.FULL_SCREEN}
    )
    sitting.settings_changed(dataclasses.replace(window.settings, reminders=rules))
    desktop.holding = frozenset({Reason.FULL_SCREEN})
    typing(sitting, desktop, clock, 35 * MINUTE)
    assert prompt.asked == [("Desk break", 10)]


def test_time_away_is_a_natural_break_in_the_history(sitting, desktop, prompt, clock, window):
    typing(sitting, desktop, clock, 20 * MINUTE)
    desktop.at_desk = False
    run_reminders(sitting, clock, 15 * MINUTE)  # away from 9:20 to 9:35
    assert sitting.tray.icon.toolTip().startswith("Supple: You are away")
    typing(sitting, desktop, clock, 30 * MINUTE)  # back, seen at 9:36: 9:35, 10:00: nothing
    assert prompt.asked == []
    assert sitting.driver.status().at.time() == time(10, 11)
    typing(sitting, desktop, clock, 6 * MINUTE)
    assert prompt.asked == [("Desk break", 10)]  # 35 minutes at the desk after coming back
    window.show_history()
    assert window.history_page.reminders.text().endswith("; 1 natural break away from the desk.")


def test_the_chime_is_a_setting(sitting, desktop, prompt, rang, clock, window):
    rules = dataclasses.replace(window.settings.reminders, chime=False)
    sitting.settings_changed(dataclasses.replace(window.settings, reminders=rules))
    typing(sitting, desktop, clock, 35 * MINUTE)
    assert prompt.asked and rang == []


def test_nothing_is_asked_of_the_desktop_while_paused_or_off(sitting, desktop, clock, window):
    typing(sitting, desktop, clock, 5 * MINUTE)
    assert desktop.asked_idle > 0 and desktop.asked_reasons == 0  # nothing due yet
    sitting.driver.pause_for(3600)
    asked = desktop.asked_idle
    run_reminders(sitting, clock, 59 * MINUTE)
    assert desktop.asked_idle == asked
    rules = dataclasses.replace(window.settings.reminders, enabled=False)
    sitting.settings_changed(dataclasses.replace(window.settings, reminders=rules))
    assert sitting.driver.armed is None
    assert desktop.asked_reasons == 0


@pytest.mark.parametrize(
    ("idle_time_from", "line"),
    [
        ("the X server (XScreenSaver)", "Time away is seen through the X server (XScreenSaver)."),
        (None, "Idle time is not available here: the reminders count clock time"),
    ],
)
def test_the_reminders_page_says_where_idle_time_comes_from(
    window, qtbot, paths, idle_time_from, line
):
    dialog = SettingsDialog(
        window.settings,
        paths.settings_file,
        None,
        window.routine_names(),
        None,
        None,
        idle_time_from,
    )
    qtbot.addWidget(dialog)
    assert dialog.reminders_tab.idle_line.text().startswith(line)
    assert not dialog.reminders_tab.idle_line.isHidden()


def test_the_window_asks_the_reminders_where_idle_time_comes_from(sitting, window):
    window.open_settings()
    dialog = window.findChild(SettingsDialog)
    assert dialog.reminders_tab.idle_line.text() == "Time away is seen through a scripted desktop."
    dialog.reject()


class BrokenDesktop(ScriptedDesktop):
    """A desktop whose `broken` answer raises what no probe should (a reply of an unexpected
    shape, say)."""

    def __init__(self, clock: FakeClock, broken: str) -> None:
        super().__init__(clock)
        self.broken = broken

    def idle_seconds(self) -> float | None:
        if self.broken == "idle":
            raise RuntimeError("a reply of an unexpected shape")
        return super().idle_seconds()

    def reasons(self, wanted: frozenset[Reason]) -> frozenset[Reason]:
        if self.broken == "reasons":
            raise RuntimeError("a reply of an unexpected shape")
        return super().reasons(wanted)


@pytest.mark.parametrize(
    ("broken", "what"), [("idle", "idle time"), ("reasons", "the reasons not to interrupt")]
)
def test_a_desktop_that_raises_cannot_tell_and_the_reminders_go_on(
    window, prompt, rang, clock, caplog, broken, what
):
    window.host.history.open()
    desktop = BrokenDesktop(clock, broken)
    made = build_reminders(window, lambda: prompt, lambda: desktop, lambda: rang.append(None))
    made.start()
    try:
        with caplog.at_level(logging.DEBUG, logger="desktop_app.ui.reminders"):
            run_reminders(made, clock, 35 * MINUTE)
            assert prompt.asked == [("Desk break", 10)]  # as if nothing held
            prompt.chosen.emit(ReminderOutcome.SNOOZED)
            run_reminders(made, clock, 10 * MINUTE)
        assert len(prompt.asked) == 2  # and again after the snooze: the timer ran on
        assert made.driver.armed is not None
        told = [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert [r.getMessage() for r in told] == [
            f"reminders: the desktop cannot tell {what} now"
            " (RuntimeError: a reply of an unexpected shape)"
        ]  # once, a line, no traceback
        assert not any(r.exc_info for r in caplog.records)
    finally:
        made.stop()


def test_idle_in_a_call_with_its_switch_off_is_no_natural_break(
    sitting, desktop, prompt, clock, window
):
    rules = dataclasses.replace(
        window.settings.reminders, wait_for=frozenset(Reason) - {Reason.MICROPHONE}
    )
    sitting.settings_changed(dataclasses.replace(window.settings, reminders=rules))
    desktop.at_desk = False
    desktop.holding = frozenset({Reason.MICROPHONE})  # an hour's call, hands off the keys
    run_reminders(sitting, clock, 60 * MINUTE)
    assert reminders(window)[ReminderOutcome.NATURAL_BREAK] == 0
    assert prompt.asked == [("Desk break", 10)]  # at 9:35: the switch is off, it does not hold


def test_where_the_user_was_is_kept_in_the_history_not_in_the_log(
    sitting, desktop, prompt, clock, window, caplog
):
    caplog.set_level(logging.INFO, logger="desktop_app.ui.reminders")
    typing(sitting, desktop, clock, 20 * MINUTE)
    desktop.at_desk = False
    run_reminders(sitting, clock, 10 * MINUTE)  # away: a natural break
    desktop.holding = frozenset({Reason.CAMERA})
    typing(sitting, desktop, clock, 40 * MINUTE)  # back; due at 10:05, held by the camera
    desktop.holding = frozenset()
    typing(sitting, desktop, clock, MINUTE)
    assert prompt.asked == [("Desk break", 10)]
    prompt.chosen.emit(ReminderOutcome.SKIPPED)
    kept = window.host.history.keeper.store().reminders()
    assert {(r.outcome, r.delayed_by) for r in kept} == {
        (ReminderOutcome.NATURAL_BREAK, None),
        (ReminderOutcome.SKIPPED, Reason.CAMERA),
    }
    assert [r.getMessage() for r in caplog.records if r.name.endswith("driver")] == []
