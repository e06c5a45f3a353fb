"""The settings page "Voice": speech on or off, which voice, how fast and loud, how much is
said, and a button that plays a sample and says why it failed if it did."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from desktop_app.core.cues import LANGUAGE, Verbosity
from desktop_app.services.cue_service import CueService
from desktop_app.services.speech import RATES, VoiceSettings, speaks

SAMPLE = "Left side. Breathe out, and sink a little deeper. Three. Two. One."
VERBOSITY_LABELS = {
    Verbosity.MINIMAL: "Minimal: sides, switches and counts",
    Verbosity.NORMAL: "Normal: also names, setup, what to feel and what is next",
    Verbosity.DETAILED: "Detailed: also common mistakes",
}


class VoiceTab(QWidget):
    tested = Signal(object)  # None, or why the sample was not heard; from the speech thread

    def __init__(
        self, settings: VoiceSettings, service: CueService | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._service = service
        form = QFormLayout(self)
        self.enabled = QCheckBox("Speak the cues", self)
        self.enabled.setChecked(settings.enabled)
        form.addRow(self.enabled)

        self.voice = QComboBox(self)
        self.voice.setAccessibleName("Voice")
        # The cues are in one language: its voices first, the engine's others (about 130 for
        # espeak-ng) only when asked for.
        voices = sorted(service.voices if service else [], key=lambda v: v.name.lower())
        self._ours = [info for info in voices if speaks(info, LANGUAGE)]
        self._others = [info for info in voices if not speaks(info, LANGUAGE)]
        self.show_all = QCheckBox(f"Show voices for other languages ({len(self._others)})", self)
        self.show_all.setAccessibleName("Show voices for other languages")
        self.show_all.setVisible(bool(self._others))
        self.show_all.toggled.connect(self._fill_voices)
        self._fill_voices(False, settings.voice)
        form.addRow("Voice", self.voice)
        form.addRow("", self.show_all)

        self.rate = QSpinBox(self)
        self.rate.setAccessibleName("Rate")
        self.rate.setRange(*RATES)
        self.rate.setSuffix(" words a minute")
        self.rate.setValue(settings.rate)
        form.addRow("Rate", self.rate)

        self.volume = QSpinBox(self)
        self.volume.setAccessibleName("Volume")
        self.volume.setRange(0, 100)
        self.volume.setSuffix(" %")
        self.volume.setValue(round(settings.volume * 100))
        form.addRow("Volume", self.volume)

        self.verbosity = QComboBox(self)
        self.verbosity.setAccessibleName("How much is said")
        for level, label in VERBOSITY_LABELS.items():
            self.verbosity.addItem(label, level.value)
        self.verbosity.setCurrentIndex(self.verbosity.findData(settings.verbosity.value))
        form.addRow("How much is said", self.verbosity)

        self.test_button = QPushButton("Test voice", self)
        self.result = QLabel(self)
        self.result.setWordWrap(True)
        form.addRow(self.test_button, self.result)
        self._playing = False
        if service is None:
            self.result.setText("Speech is off for this run (--no-voice).")
        self.enabled.toggled.connect(self._sync_test)
        self._sync_test()
        self.test_button.clicked.connect(self.test)
        self.tested.connect(self._show_test)

    def _sync_test(self) -> None:
        """The sample plays only what a session would: nothing while the cues are not spoken."""
        on = self._service is not None and self.enabled.isChecked()
        self.test_button.setEnabled(on and not self._playing)
        why = (
            "Speech is off for this run (--no-voice)"
            if self._service is None
            else ("Tick “Speak the cues” to test the voice: with it off, sessions are silent")
        )
        self.test_button.setToolTip("Play a sample with these settings" if on else why)

    def _fill_voices(self, show_all: bool, chosen: str | None = None) -> None:
        """The voices to choose from; the one chosen stays chosen, and listed, even if it is in
        another language or no longer installed."""
        if chosen is None:
            chosen = str(self.voice.currentData() or "")
        self.voice.clear()
        self.voice.addItem("The engine’s default", "")
        for info in self._ours + (self._others if show_all else []):
            self.voice.addItem(f"{info.name} ({', '.join(info.languages)})", info.id)
        if chosen and self.voice.findData(chosen) < 0:
            known = {info.id: info.name for info in self._others}
            self.voice.addItem(known.get(chosen, chosen), chosen)
        self.voice.setCurrentIndex(max(0, self.voice.findData(chosen)))

    def chosen(self) -> VoiceSettings:
        return VoiceSettings(
            enabled=self.enabled.isChecked(),
            voice=str(self.voice.currentData()),
            rate=self.rate.value(),
            volume=self.volume.value() / 100,
            verbosity=Verbosity(self.verbosity.currentData()),
        )

    def test(self) -> None:
        if self._service is None or not self.enabled.isChecked():
            return
        self.result.setText("Playing…")
        self._playing = True
        self._sync_test()
        self._service.test(self.chosen(), SAMPLE, self.tested.emit)

    def _show_test(self, problem: str | None) -> None:
        self._playing = False
        self._sync_test()
        self.result.setText("You should have heard it." if problem is None else problem)
