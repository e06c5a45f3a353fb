"""The settings page "Reminders": on or off, how often, how long a snooze is, the hours and days
they may come, the routine a reminder starts, how long away counts as a break (and whether the
desktop tells idle time here), what a due reminder waits for, the chime, and starting Supple at
login."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from desktop_app.core.reminders import BREAKS, INTERVALS, SNOOZES, Reason, ReminderRules

# What a due reminder may wait for, as the switches say it.
WAIT_LABELS = {
    Reason.DO_NOT_DISTURB: "Do-not-disturb is on",
    Reason.FULL_SCREEN: "A window is full screen",
    Reason.INHIBITOR: "A program keeps the screen awake (a call, a video)",
    Reason.MICROPHONE: "The microphone is in use",
    Reason.CAMERA: "The camera is in use",
}
NOT_HERE = " (not available here)"
NOT_HERE_WHY = "Nothing on this desktop tells this, so a reminder never waits for it."


class RemindersTab(QWidget):
    def __init__(
        self,
        rules: ReminderRules,
        routines: Sequence[tuple[str, str]],
        autostart: bool | None,
        parent: QWidget | None = None,
        idle_time_from: str | None = "",
        reasons_checked: frozenset[Reason] | None = None,
    ) -> None:
        """`routines`: (id, name) of each; `autostart`: whether Supple starts at login, or
        None where that is not offered here; `idle_time_from`: where the desktop tells idle
        time, None where it cannot, "" when not known (the reminders are not started);
        `reasons_checked`: the reasons the desktop can tell here, None when not known. The
        switch of a reason not checked here is kept as saved but cannot be changed, and
        says why."""
        super().__init__(parent)
        form = QFormLayout(self)
        self.enabled = QCheckBox("Remind me to stand up and stretch", self)
        self.enabled.setChecked(rules.enabled)
        form.addRow(self.enabled)

        self.interval = _minutes(self, INTERVALS, rules.interval_minutes, "Remind every")
        form.addRow("Remind every", self.interval)
        self.snooze = _minutes(self, SNOOZES, rules.snooze_minutes, "Snooze for")
        form.addRow("Snooze for", self.snooze)

        self.hours_only = QCheckBox("Only between", self)
        self.hours_only.setChecked(rules.hours_only)
        self.active_from = _time(self, rules.active_from, "From")
        self.active_until = _time(self, rules.active_until, "Until")
        hours = QHBoxLayout()
        hours.addWidget(self.active_from)
        hours.addWidget(QLabel("and", self))
        hours.addWidget(self.active_until)
        hours.addStretch(1)
        form.addRow(self.hours_only, hours)
        self.weekends = QCheckBox("On Saturdays and Sundays too", self)
        self.weekends.setChecked(rules.weekends)
        form.addRow(self.weekends)

        self.routine = QComboBox(self)
        self.routine.setAccessibleName("Routine a reminder starts")
        for routine_id, name in routines:
            self.routine.addItem(name, routine_id)
        if self.routine.findData(rules.routine) < 0:  # kept, even if its file is gone now
            self.routine.addItem(rules.routine, rules.routine)
        self.routine.setCurrentIndex(self.routine.findData(rules.routine))
        form.addRow("A reminder starts", self.routine)

        self.break_length = _minutes(
            self, BREAKS, round(rules.break_minutes), "Away this long is a break"
        )
        form.addRow("Away this long is a break", self.break_length)
        self.idle_line = QLabel(_idle_text(idle_time_from), self)
        self.idle_line.setWordWrap(True)
        self.idle_line.setVisible(idle_time_from != "")
        form.addRow(self.idle_line)
        form.addRow(QLabel("A reminder that is due waits while", self))
        self.waits: dict[Reason, QCheckBox] = {}
        self._checked = frozenset(Reason) if reasons_checked is None else reasons_checked
        for reason, said in WAIT_LABELS.items():
            here = reason in self._checked
            label = said if here else said + NOT_HERE
            box = QCheckBox(label, self)
            box.setChecked(reason in rules.wait_for)
            box.setAccessibleName(f"Wait while: {label}")
            if not here:
                box.setToolTip(NOT_HERE_WHY)
            form.addRow(box)
            self.waits[reason] = box
        self.chime = QCheckBox("Play a soft chime with each reminder", self)
        self.chime.setChecked(rules.chime)
        form.addRow(self.chime)

        self.autostart = QCheckBox("Start Supple in the tray when I log in", self)
        self.autostart.setChecked(bool(autostart))
        self.autostart.setVisible(autostart is not None)
        form.addRow(self.autostart)

        self.enabled.toggled.connect(self._sync)
        self.hours_only.toggled.connect(self._sync)
        self._sync()

    def _sync(self) -> None:
        """Only what applies can be changed: nothing but the switch while reminders are off."""
        on = self.enabled.isChecked()
        for widget in (
            self.interval,
            self.snooze,
            self.hours_only,
            self.weekends,
            self.routine,
            self.break_length,
            self.chime,
        ):
            widget.setEnabled(on)
        for reason, box in self.waits.items():
            box.setEnabled(on and reason in self._checked)
        for edit in (self.active_from, self.active_until):
            edit.setEnabled(on and self.hours_only.isChecked())

    def rules(self) -> ReminderRules:
        return ReminderRules(
            enabled=self.enabled.isChecked(),
            interval_minutes=self.interval.value(),
            snooze_minutes=self.snooze.value(),
            hours_only=self.hours_only.isChecked(),
            active_from=_chosen(self.active_from),
            active_until=_chosen(self.active_until),
            weekends=self.weekends.isChecked(),
            routine=self.routine.currentData(),
            break_minutes=self.break_length.value(),
            wait_for=frozenset(reason for reason, box in self.waits.items() if box.isChecked()),
            chime=self.chime.isChecked(),
        )


def _idle_text(idle_time_from: str | None) -> str:
    if idle_time_from is None:
        return (
            "Idle time is not available here: the reminders count clock time, and time away "
            "is not seen as a break."
        )
    return f"Time away is seen through {idle_time_from}."


def _minutes(parent: QWidget, bounds: tuple[int, int], value: int, name: str) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(*bounds)
    box.setSuffix(" min")
    box.setValue(value)
    box.setAccessibleName(name)
    return box


def _time(parent: QWidget, value: time, name: str) -> QTimeEdit:
    edit = QTimeEdit(QTime(value.hour, value.minute), parent)
    edit.setDisplayFormat("HH:mm")
    edit.setAccessibleName(name)
    return edit


def _chosen(edit: QTimeEdit) -> time:
    chosen = edit.time()
    return time(chosen.hour(), chosen.minute())
