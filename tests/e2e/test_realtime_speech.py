"""Spoken cues in real time: a real `supple start` plays its cues through a private PulseAudio
server with a null sink (tests/sound.py), where playback takes as long as the audio, as on a
desktop. ALSA's null device, which the other tests use, returns at once, so there cues never
queue behind one another, are never cut by the next and never arrive too late."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop_app.services import speech
from tests.sound import Cues, NullSinkServer, read_cues, write_silence

pytestmark = [pytest.mark.pulseaudio, pytest.mark.slow]

# Two sided holds of 15 s at the default (normal) verbosity: the set-up, a count-in, the hold
# and its halfway cue, the countdown, the switch, and the same again. About 70 s.
ROUTINE = """\
name = "Real time"
hold = 15
prepare = 2
switch = 2
rest = 0

[[step]]
stretch = "seated-figure-four"
sides = "both"
"""
SESSION_TIMEOUT = 240  # seconds; the session's plan says how long it should take


@dataclass
class Session:
    returncode: int
    stderr: str
    took: float  # seconds, process start to exit
    log: str
    cues: Cues


@pytest.fixture(scope="module")
def session(
    null_sink: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Session]:
    """One voiced session of ROUTINE, run to its end through the null sink."""
    folder = tmp_path_factory.mktemp("realtime")
    routine = folder / "realtime.toml"
    routine.write_text(ROUTINE)
    data = folder / "data"
    data.mkdir()
    (data / "settings.json").write_text('{"version": 1, "notice_seen": true}')
    runtime = Path(tempfile.mkdtemp(prefix="supple-e2e-", dir="/tmp"))  # short: a socket's path
    environ = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_RUNTIME_DIR": str(runtime),
        "XDG_CONFIG_HOME": str(folder / "config"),
        **null_sink,
    }
    command = [sys.executable, "-m", "desktop_app", "start", str(routine), "--quit-when-done"]
    began = time.monotonic()
    result = subprocess.run(
        [*command, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        env=environ,
        timeout=SESSION_TIMEOUT,
        check=False,
    )
    took = time.monotonic() - began
    log = (data / "logs" / "supple.log").read_text()
    yield Session(result.returncode, result.stderr, took, log, read_cues(log))
    shutil.rmtree(runtime, ignore_errors=True)


def test_the_null_sink_plays_in_real_time(null_sink, tmp_path, monkeypatch):
    # Supple's own player (paplay first) takes as long as the audio through the server...
    audio = write_silence(tmp_path / "cue.wav", 1.5)
    for name, value in null_sink.items():
        monkeypatch.setenv(name, value)
    player = speech.platform_player()
    began = time.monotonic()
    player.play(audio, 10)
    took = time.monotonic() - began
    assert 1.5 <= took < 1.5 + 0.5
    # ... where ALSA's null device, as the other tests use it, returns at once.
    monkeypatch.delenv("PULSE_SERVER")
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".asoundrc").write_text("pcm.!default { type null }\n")
    began = time.monotonic()
    speech.Player(["aplay", "-q"]).play(audio, 10)
    assert time.monotonic() - began < 0.5


def test_a_short_sound_is_not_held_to_the_sinks_block_of_two_seconds(null_sink, tmp_path):
    # A plain null sink returned only at its next 2 s boundary: 0.5 s of audio took 1.97 s.
    audio = write_silence(tmp_path / "short.wav", 0.5)
    environ = {**os.environ, **null_sink}
    began = time.monotonic()
    subprocess.run(["paplay", str(audio)], env=environ, check=True, timeout=10)
    assert 0.5 <= time.monotonic() - began < 0.9


def test_the_server_is_gone_after_its_fixture():
    with NullSinkServer(small_blocks=False) as server:
        assert server.answers()
        process = server._process
        assert process is not None
    assert process.poll() is not None  # stopped and waited for
    assert not server.folder.exists()
    assert not server.answers()


def test_a_voiced_session_plays_every_cue_it_planned_in_real_time(session: Session):
    assert session.returncode == 0, session.stderr
    cues = session.cues
    assert cues.planned is not None, "the log does not say how many cues were planned"
    assert cues.planned_seconds is not None
    # The session ran on the real clock through the server: as long as its plan said.
    assert cues.planned_seconds <= session.took < cues.planned_seconds + 30
    # Every cue the plan says is in the log once, and each that began played through paplay.
    assert cues.missing == 0, session.log
    assert cues.failed == []
    assert cues.not_heard == []
    assert "cannot play" not in session.log  # not even paplay, handing over to aplay
    assert len(cues.started) + len(cues.dropped) == cues.planned
    # Cues on time: a cue is late only when it waits for the one before it to finish.
    assert min(cues.lateness_ms) < 50


def test_no_cue_is_cut_short_or_dropped(session: Session):
    # The halfway words of a 15 s hold (5.7 s at the default voice, due 7.5 s in) were cut
    # by the count 4.5 s later, 2 of 2: now said short, as "Halfway.".
    assert session.returncode == 0, session.stderr
    cues = session.cues
    assert cues.missing == 0
    assert cues.cut == []
    assert cues.dropped == []
    assert cues.flushed == []
    assert cues.whole == cues.planned
