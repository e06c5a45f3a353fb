"""The settings dialog: "Session", the seconds a routine uses where it does not choose its own,
whether to ask how the back feels before and after and whether sessions start in the floor
view; "Voice"; and "Reminders", with starting at login. Saved atomically; a failed save says why and
loses nothing."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.model import Timing
from desktop_app.core.reminders import Reason
from desktop_app.resources import app_icon
from desktop_app.services import autostart
from desktop_app.services.cue_service import CueService
from desktop_app.services.settings import Settings, save_settings
from desktop_app.ui.dialogs.reminders_tab import RemindersTab
from desktop_app.ui.dialogs.voice_tab import VoiceTab

# (key, label, the lowest real value); one below it stands for "as the routine says".
SESSION_FIELDS = (
    ("hold", "Hold (each side)", 1),
    ("prepare", "Get into position", 0),
    ("switch", "Switch sides", 0),
    ("rest", "Rest between stretches", 0),
)
MAX_SECONDS = 3600


class SessionTab(QWidget):
    def __init__(
        self,
        timing: Timing,
        checkins: bool,
        floor_view: bool,
        pause_other_players: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        intro = QLabel(
            "Seconds used when a routine does not set its own. "
            "Leave a value at “routine’s choice” to keep the routine’s and the stretch’s "
            "advice.",
            self,
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.boxes: dict[str, QSpinBox] = {}
        self._timing = timing
        for key, label, lowest in SESSION_FIELDS:
            box = QSpinBox(self)
            box.setRange(lowest - 1, MAX_SECONDS)
            box.setSpecialValueText("routine’s choice")
            box.setSuffix(" s")
            box.setAccessibleName(label)
            value = getattr(timing, key)
            box.setValue(round(value) if value is not None else lowest - 1)
            form.addRow(label, box)
            self.boxes[key] = box
        self.checkins = QCheckBox("Ask how my back feels before and after a session", self)
        self.checkins.setChecked(checkins)
        self.checkins.setToolTip(
            "Pain or stiffness from 0 to 10, one tap or one key; the History page shows how it "
            "changes. A session started from the command line skips the question before."
        )
        form.addRow(self.checkins)
        self.floor_view = QCheckBox("Start sessions in the floor view", self)
        self.floor_view.setChecked(floor_view)
        self.floor_view.setToolTip(
            "Only the figure, the side, the countdown and the step, in large type to read from "
            "the floor. F or the Floor view button switches between the views in a session."
        )
        form.addRow(self.floor_view)
        self.pause_other_players = QCheckBox("Pause other media players during a session", self)
        self.pause_other_players.setChecked(pause_other_players)
        self.pause_other_players.setToolTip(
            "Music or a video playing in another player is paused when a session starts, and "
            "only what Supple paused is resumed when it ends."
        )
        form.addRow(self.pause_other_players)

    def timing(self) -> Timing:
        values = {}
        for key, _label, lowest in SESSION_FIELDS:
            value = self.boxes[key].value()
            before = getattr(self._timing, key)
            if before is not None and value == round(before):
                values[key] = before  # 7.5 s from the file stays 7.5 unless changed here
            else:
                values[key] = float(value) if value >= lowest else None
        return Timing(**values)


class SettingsDialog(QDialog):
    def __init__(
        self,
        settings: Settings,
        path: Path,
        speech: CueService | None = None,
        routines: Sequence[tuple[str, str]] = (),
        launch: Sequence[str] | None = None,
        parent: QWidget | None = None,
        idle_time_from: str | None = "",
        reasons_checked: frozenset[Reason] | None = None,
    ) -> None:
        """`routines`: (id, name) of each, for the one a reminder starts; `launch`: the command
        that starts Supple at login, or None where that is not offered; `idle_time_from`,
        `reasons_checked`: see RemindersTab."""
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.settings = settings
        self._path = path
        self._launch = launch
        self.tabs = QTabWidget(self)
        self.session_tab = SessionTab(
            settings.timing,
            settings.checkins,
            settings.floor_view,
            settings.pause_other_players,
            self,
        )
        self.tabs.addTab(self.session_tab, "Session")
        self.voice_tab = VoiceTab(settings.voice, speech, self)
        self.tabs.addTab(self.voice_tab, "Voice")
        starts = autostart.is_enabled() if launch is not None else None
        self.reminders_tab = RemindersTab(
            settings.reminders, routines, starts, self, idle_time_from, reasons_checked
        )
        self.tabs.addTab(self.reminders_tab, "Reminders")
        self.error = QLabel(self)
        self.error.setObjectName("errors")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.setWindowModality(Qt.WindowModality.WindowModal)

    def save(self) -> None:
        chosen = dataclasses.replace(
            self.settings,
            timing=self.session_tab.timing(),
            checkins=self.session_tab.checkins.isChecked(),
            floor_view=self.session_tab.floor_view.isChecked(),
            pause_other_players=self.session_tab.pause_other_players.isChecked(),
            voice=self.voice_tab.chosen(),
            reminders=self.reminders_tab.rules(),
        )
        # The login entry first: if it cannot be changed, nothing is saved, so the file and
        # the running Supple never disagree.
        if not self._apply_autostart():
            return
        try:
            save_settings(self._path, chosen)
        except OSError as exc:
            self._show_error(f"Could not save {self._path}: {exc.strerror or exc}")
            return
        self.settings = chosen
        self.accept()

    def _apply_autostart(self) -> bool:
        """Make or remove the login entry as the switch says; False (and why) if it failed."""
        if self._launch is None or self.reminders_tab.autostart.isChecked() == (
            autostart.is_enabled()
        ):
            return True
        try:
            if self.reminders_tab.autostart.isChecked():
                autostart.enable(self._launch, app_icon())
            else:
                autostart.disable()
        except OSError as exc:
            where = exc.filename or autostart.entry_path()
            self._show_error(f"Could not change {where}: {exc.strerror or exc}")
            return False
        return True

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
