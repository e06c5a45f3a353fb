"""The speech cache: one WAV file per text and voice, and how long each one lasts.

A file's name says what it holds (engine, voice, rate, volume and text), so its length never
changes once measured. The cue service's render thread writes the files; a session's lead-ins
and `supple script` read their lengths here.
"""

from __future__ import annotations

import functools
import hashlib
import os
import wave
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.core.cues import estimate_seconds
from desktop_app.core.pronunciation import spoken
from desktop_app.core.script import Spoken
from desktop_app.services.speech import RENDERER_NAMES, VoiceSettings, timed, wav_seconds

if TYPE_CHECKING:
    from desktop_app.core.overview import Fitted


def cache_name(engine: str, settings: VoiceSettings, text: str) -> str:
    """The rendered words' file: by what the engine is given, so that a change of how a word
    is said renders it again."""
    key = f"{engine}\0{settings.voice}\0{settings.rate}\0{settings.volume:g}\0{spoken(text)}"
    return hashlib.sha256(key.encode()).hexdigest()[:32] + ".wav"


class CachedLengths:
    """How long the cached recordings last, each measured once. The folder's file names are read
    once, so that a text not rendered yet costs a look-up, not a failed open; whoever writes a
    file into it says so (`add`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._names = _file_names(folder)
        self._measured: dict[str, float] = {}

    def add(self, name: str) -> None:
        self._names.add(name)

    def seconds(
        self, text: str, settings: VoiceSettings, engines: Iterable[str] = RENDERER_NAMES
    ) -> float | None:
        """How long `text` lasts as the first of `engines` rendered it before with these
        settings; None when none did (or its file cannot be read)."""
        for engine in engines:
            name = cache_name(engine, settings, text)
            if name not in self._names:
                continue
            if name not in self._measured:
                try:
                    self._measured[name] = wav_seconds(self.folder / name)
                except (OSError, EOFError, ValueError, wave.Error):
                    continue
            return self._measured[name]
        return None

    def length_of(
        self, text: str, settings: VoiceSettings, engines: Iterable[str] = RENDERER_NAMES
    ) -> Spoken:
        """How long `text` takes to say: measured where it was rendered before with these
        settings, else estimated from the voice's rate (generously: a lead-in fitted to it is
        long enough)."""
        measured = self.seconds(text, settings, engines)
        if measured is None:
            return Spoken(estimate_seconds(text, settings.rate), estimated=True)
        return Spoken(measured, estimated=False)


def fitter(folder: Path, voice: VoiceSettings) -> Fitted:
    """A routine's length as a session with `voice` will take it (`timed`), its words
    measured from the recordings in `folder` where there are some, else estimated."""
    lengths = functools.partial(CachedLengths(folder).length_of, settings=voice)
    return functools.partial(timed, settings=voice, lengths=lengths)


def _file_names(folder: Path) -> set[str]:
    try:
        with os.scandir(folder) as entries:
            return {entry.name for entry in entries}
    except OSError:  # no cache yet
        return set()
