"""The reminders' chime: our own sound file, soft and short, played through the cues' player
on a real sound server (a private PulseAudio with a null sink, where playback takes as long
as the sound); a player that cannot play is logged, never raised."""

from __future__ import annotations

import logging
import shutil
import time
import wave
from pathlib import Path

import pytest

from desktop_app.resources import chime_sound
from desktop_app.services.chime import Chime
from desktop_app.services.speech import Player
from tests import sound


def test_the_chime_is_short_soft_and_licensed():
    path = chime_sound()
    with wave.open(str(path)) as chime:
        assert (chime.getnchannels(), chime.getsampwidth()) == (1, 2)
        seconds = chime.getnframes() / chime.getframerate()
        frames = chime.readframes(chime.getnframes())
    samples = memoryview(frames).cast("h")
    assert 0.3 <= seconds <= 1.0
    assert max(abs(s) for s in samples) < 0.3 * 32767  # well under full scale
    assert abs(samples[0]) < 100 and abs(samples[-1]) < 100  # no click at either end
    assert "MIT" in (path.parent / "LICENSE.txt").read_text()


@pytest.mark.slow
def test_the_chime_plays_through_the_cues_player_on_a_sound_server(monkeypatch, caplog):
    if missing := sound.missing_programs():
        pytest.skip(sound.NOT_INSTALLED.format(missing=", ".join(missing)))
    with sound.NullSinkServer() as server:
        for key, value in server.environment.items():
            monkeypatch.setenv(key, value)
        chime = Chime(chime_sound(), lambda: Player(["paplay"]))
        began = time.monotonic()
        with caplog.at_level(logging.INFO):
            playing = chime.ring()
            assert playing is not None
            assert chime.ring() is None  # one at a time
            playing.join(10)
        took = time.monotonic() - began
    assert not caplog.records, [r.message for r in caplog.records]
    assert took >= 0.55  # played in real time: the sound's 0.6 s, not at once


def test_a_chime_that_cannot_play_is_logged(tmp_path: Path, caplog):
    false = shutil.which("false")
    if false is None:
        pytest.skip("no false command")
    chime = Chime(chime_sound(), lambda: Player([false]))
    with caplog.at_level(logging.WARNING):
        playing = chime.ring()
        assert playing is not None
        playing.join(10)
    assert "the chime cannot play" in caplog.text
