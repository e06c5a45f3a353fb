"""Fakes for the parts of a session with side effects: what the host asks of them, recorded."""

from __future__ import annotations

from desktop_app.core.cues import Cue
from desktop_app.core.script import Spoken
from desktop_app.services.speech import VoiceSettings


class FakeSpeech:
    """What the window asks of a CueService, recorded."""

    def __init__(self, settings: VoiceSettings | None = None, seconds: float = 1.0) -> None:
        self.settings = settings or VoiceSettings()
        self.said: list[Cue] = []
        self.flushes = 0
        self.prepared: list[str] = []
        self.troubles: list[str] = []
        self.voices: list[object] = []
        self.seconds = seconds
        self.on_cue = lambda _cue, _heard: None
        self.on_trouble = lambda _message: None
        self.on_recovered = lambda: None
        self.tested: list[tuple[VoiceSettings, str]] = []
        self.test_result: str | None = None

    def length_of(self, _text: str) -> Spoken:
        return Spoken(self.seconds, estimated=False)  # as if measured

    def seconds_of(self, text: str) -> float:
        return self.length_of(text).seconds

    def prepare(self, texts):
        self.prepared += list(texts)

    def say(self, cues):
        self.said += list(cues)

    def flush(self):
        self.flushes += 1

    def configure(self, settings):
        self.settings = settings

    def close(self, finish_within: float = 0.0) -> None:
        pass

    def test(self, settings, text, done):
        self.tested.append((settings, text))
        done(self.test_result)  # the real service calls it from its play thread
