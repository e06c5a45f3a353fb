"""The renderers with the real speech engines, choosing a renderer, the player's handling of
a program that fails, is missing, hangs or is interrupted, and falling back to the next player
when one cannot play."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from desktop_app.core.cues import estimate_seconds
from desktop_app.services import speech
from desktop_app.services.speech import (
    EspeakRenderer,
    FallbackPlayer,
    Interrupted,
    Player,
    Pyttsx3Renderer,
    SpeechError,
    VoiceInfo,
    VoiceSettings,
    open_renderer,
    player_commands,
    wav_seconds,
)
from tests.services.polling import WAIT, wait_until

SHORT = "Switch sides."
LONG = (
    "Lie on your back with both knees bent and your feet flat on the floor, "
    "then let both knees fall slowly to the left."
)
no_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")

T = TypeVar("T")


def on_own_thread(work: Callable[[], T]) -> T:
    """Runs `work` on a new thread and waits for it: pyttsx3 must be made and used on one
    thread only, and the test's own thread is not that thread."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed back to the test's thread
            outcome["error"] = exc

    thread = threading.Thread(target=run, name="test-pyttsx3")
    thread.start()
    thread.join(60)
    assert not thread.is_alive(), "pyttsx3 did not finish"
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def check_durations(short: float, long: float) -> None:
    assert 0.3 < short < 3
    assert long > 3 * short  # ~20 words against two
    assert estimate_seconds(LONG) / 2 < long < estimate_seconds(LONG) * 2


# -- renderers --------------------------------------------------------------------------------


@no_espeak
def test_pyttsx3_renders_wav_files_that_fit_their_words(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
):
    def work() -> tuple[float, float, list[VoiceInfo]]:
        renderer = Pyttsx3Renderer()
        renderer.render(SHORT, tmp_path / "a.wav", VoiceSettings())
        renderer.render(LONG, tmp_path / "b.wav", VoiceSettings())
        return wav_seconds(tmp_path / "a.wav"), wav_seconds(tmp_path / "b.wav"), renderer.voices()

    short, long, voices = on_own_thread(work)
    check_durations(short, long)
    assert voices
    assert all(voice.id for voice in voices)
    # pyttsx3 prints "Audio saved to ..." after every file unless silenced: the command line's
    # output is the user's.
    assert capfd.readouterr().out == ""


@no_espeak
def test_pyttsx3_files_are_whole_when_render_returns(tmp_path: Path):
    # runAndWait() returns while espeak's own thread may still be writing: once the first,
    # long, text of a session; on a busy machine any text. A render that returned early left
    # the next one's file empty, when the earlier utterance's end arrived after it began.
    opening = " ".join([LONG] * 3)
    texts = [opening, SHORT] * 4

    def work() -> list[float]:
        renderer = Pyttsx3Renderer()
        lengths = []
        for number, text in enumerate(texts):
            renderer.render(text, tmp_path / f"{number}.wav", VoiceSettings())
            lengths.append(wav_seconds(tmp_path / f"{number}.wav"))  # read at once
        return lengths

    lengths = on_own_thread(work)
    assert all(long > 3 * estimate_seconds(LONG) / 2 for long in lengths[0::2])
    assert all(0.3 < short < 3 for short in lengths[1::2])


@no_espeak
def test_a_text_pyttsx3_cancels_as_it_begins_is_rendered_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    # pyttsx3 ends each run by cancelling whatever espeak is doing. When espeak is busy then,
    # the cancel stays pending and cuts off a later text as it begins: on CI a cue's file came
    # out empty. Here espeak is busy with a long text of its own when pyttsx3 stops. Whether
    # the cancel lands before espeak has spoken a word or after the file is written depends on
    # timing, and so does which of the next two texts it meets (the first may be done before
    # pyttsx3 looks); either way pyttsx3 reports that text cancelled, and it is rendered again.
    import pyttsx3  # noqa: PLC0415 (as the renderer does: loaded on the speech thread)

    texts = [" ".join([LONG] * 5), " ".join([LONG] * 3)]

    def work() -> list[float]:
        renderer = Pyttsx3Renderer()
        renderer.render(SHORT, tmp_path / "first.wav", VoiceSettings())
        engine = pyttsx3.init()  # pyttsx3 keeps one engine per driver: the renderer's
        espeak = sys.modules["pyttsx3.drivers._espeak"]
        espeak.Synth(" ".join([LONG] * 20).encode(), flags=espeak.CHARS_UTF8)
        assert espeak.IsPlaying()
        engine.stop()
        for number, text in enumerate(texts):
            renderer.render(text, tmp_path / f"{number}.wav", VoiceSettings())
        return [wav_seconds(tmp_path / f"{number}.wav") for number in range(len(texts))]

    with caplog.at_level(logging.INFO, logger=speech.__name__):
        lengths = on_own_thread(work)
    assert "speech: pyttsx3 cancelled a text as it began; rendering it again" in caplog.messages
    for text, seconds in zip(texts, lengths, strict=True):
        assert estimate_seconds(text) / 2 < seconds < estimate_seconds(text) * 2


@no_espeak
def test_espeak_command_renders_wav_files_that_fit_their_words(tmp_path: Path):
    renderer = EspeakRenderer()
    renderer.render(SHORT, tmp_path / "a.wav", VoiceSettings())
    renderer.render(LONG, tmp_path / "b.wav", VoiceSettings())
    check_durations(wav_seconds(tmp_path / "a.wav"), wav_seconds(tmp_path / "b.wav"))
    assert renderer.voices()


@no_espeak
def test_espeak_command_follows_the_rate(tmp_path: Path):
    renderer = EspeakRenderer()
    renderer.render(SHORT, tmp_path / "slow.wav", VoiceSettings(rate=speech.RATES[0]))
    renderer.render(SHORT, tmp_path / "fast.wav", VoiceSettings(rate=speech.RATES[1]))
    assert wav_seconds(tmp_path / "slow.wav") > 2 * wav_seconds(tmp_path / "fast.wav")


def test_espeak_command_missing(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(speech.shutil, "which", lambda _name: None)
    with pytest.raises(SpeechError, match="the espeak-ng command is not installed"):
        EspeakRenderer()


def test_espeak_command_failing_says_why(tmp_path: Path):
    renderer = EspeakRenderer(program="false")
    with pytest.raises(SpeechError, match="espeak-ng failed: exit status 1"):
        renderer.render(SHORT, tmp_path / "a.wav", VoiceSettings())


def test_a_renderer_that_writes_no_audio_is_a_speech_error(tmp_path: Path):
    renderer = EspeakRenderer(program="true")  # exits 0 and writes nothing
    with pytest.raises(SpeechError, match="espeak-ng wrote no usable audio"):
        renderer.render(SHORT, tmp_path / "a.wav", VoiceSettings())


# -- choosing a renderer ----------------------------------------------------------------------


class StubRenderer:
    name = "stub"

    def render(self, text: str, path: Path, settings: VoiceSettings) -> None:
        raise AssertionError("not used")

    def voices(self) -> list[VoiceInfo]:
        return []


def failing(message: str) -> Callable[[], StubRenderer]:
    def factory() -> StubRenderer:
        raise SpeechError(message)

    return factory


def test_open_renderer_falls_back_and_says_why():
    stub = StubRenderer()
    renderer, problems = open_renderer(
        [failing("pyttsx3 cannot start: no libespeak"), lambda: stub]
    )
    assert renderer is stub
    assert problems == ["pyttsx3 cannot start: no libespeak"]


def test_open_renderer_takes_the_first_that_starts():
    first, second = StubRenderer(), StubRenderer()
    renderer, problems = open_renderer([lambda: first, lambda: second])
    assert renderer is first
    assert problems == []


def test_open_renderer_with_none_starting_names_every_problem():
    factories = [failing("pyttsx3 cannot start: no libespeak"), failing("espeak-ng is missing")]
    with pytest.raises(SpeechError) as caught:
        open_renderer(factories)
    assert str(caught.value) == "pyttsx3 cannot start: no libespeak; espeak-ng is missing"


def test_open_renderer_with_no_factories():
    with pytest.raises(SpeechError, match="no speech engine"):
        open_renderer([])


# -- the player -------------------------------------------------------------------------------


def gone(pid: int) -> bool:
    """Not running: no such process, or one killed that its new parent has yet to reap."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state == "Z"


def waiting_player(tmp_path: Path) -> tuple[Player, Path]:
    """A player that is a script waiting on a child of its own, as a wrapper may: the child
    holds the player's stderr. Where the child's pid is written."""
    child = tmp_path / "child.pid"
    script = tmp_path / "player.sh"
    script.write_text(f'#!/bin/sh\nsleep 1000 &\necho $! > "{child}"\nwait\n')
    script.chmod(0o755)
    return Player([str(script)]), child


def play_bounded(player: Player, path: Path, timeout: float, child: Path) -> list[BaseException]:
    """Play on a thread, waited for at most WAIT; a player left blocked fails the test, after
    its child is killed here so that nothing is left behind."""
    raised: list[BaseException] = []

    def play() -> None:
        try:
            player.play(path, timeout)
        except BaseException as exc:
            raised.append(exc)

    thread = threading.Thread(target=play, daemon=True)
    thread.start()
    thread.join(WAIT)
    if thread.is_alive():
        if child.exists() and child.read_text().strip():
            os.kill(int(child.read_text()), signal.SIGKILL)
        thread.join(WAIT)
        pytest.fail("the play thread was still blocked after the player's time")
    return raised


def test_a_player_waiting_on_its_own_child_is_ended_with_the_child(tmp_path: Path):
    player, child = waiting_player(tmp_path)
    began = time.monotonic()
    [raised] = play_bounded(player, tmp_path / "a.wav", 0.3, child)
    assert isinstance(raised, speech.PlayerHung)
    assert time.monotonic() - began < WAIT
    wait_until(lambda: child.exists() and child.read_text().strip() != "", "the child's pid")
    # Killed, it ends a moment later: the signal is sent at once, the exit follows.
    wait_until(lambda: gone(int(child.read_text())), "the player's child to end")
    assert player._process is None


def test_interrupting_a_player_waiting_on_its_own_child_ends_both(tmp_path: Path):
    player, child = waiting_player(tmp_path)
    raised: list[BaseException] = []
    thread = threading.Thread(
        target=lambda: raised.extend(play_bounded(player, tmp_path / "a.wav", 30, child))
    )
    thread.start()
    wait_until(lambda: child.exists() and child.read_text().strip() != "", "the player's child")
    player.interrupt()
    thread.join(2 * WAIT)
    assert [type(exc) for exc in raised] == [Interrupted]
    wait_until(lambda: gone(int(child.read_text())), "the player's child to end")


def test_player_passes_the_file_and_returns_when_it_has_played(tmp_path: Path):
    audio = tmp_path / "a.wav"
    audio.write_bytes(b"RIFF")
    player = Player(["sh", "-c", 'test -s "$0"'])  # the file comes last: $0 here
    player.play(audio, WAIT)
    with pytest.raises(SpeechError, match="sh cannot play: exit status 1"):
        player.play(tmp_path / "missing.wav", WAIT)


def test_player_failing_says_why(tmp_path: Path):
    player = Player(lambda _path: ["sh", "-c", "echo warming up >&2; echo boom >&2; exit 3"])
    with pytest.raises(SpeechError) as caught:
        player.play(tmp_path / "a.wav", WAIT)
    assert str(caught.value) == "sh cannot play: boom"
    assert player._process is None


def test_player_missing_program(tmp_path: Path):
    player = Player(["/nonexistent/supple-player"])
    with pytest.raises(SpeechError, match="cannot run /nonexistent/supple-player"):
        player.play(tmp_path / "a.wav", WAIT)
    assert player._process is None


def test_player_hanging_is_killed(tmp_path: Path):
    pid_file = tmp_path / "pid"
    player = Player(lambda _path: ["sh", "-c", f'echo $$ > "{pid_file}"; exec sleep 30'])
    began = time.monotonic()
    with pytest.raises(SpeechError, match="hung"):
        player.play(tmp_path / "a.wav", 0.3)
    assert 0.3 <= time.monotonic() - began < WAIT
    assert player._process is None
    if pid_file.exists() and pid_file.read_text().strip():  # sh may not have got that far
        assert gone(int(pid_file.read_text()))


def interrupt_while_playing(player: Any, path: Path, playing: Callable[[], bool]) -> None:
    """Play `path` on a thread, interrupt the player from this one once `playing`, and check
    that the play stopped at once with Interrupted."""
    raised: list[BaseException] = []

    def play() -> None:
        try:
            player.play(path, 30)
        except BaseException as exc:
            raised.append(exc)

    thread = threading.Thread(target=play)
    began = time.monotonic()
    thread.start()
    wait_until(playing, "the player to start")
    player.interrupt()
    thread.join(WAIT)
    assert not thread.is_alive()
    assert time.monotonic() - began < WAIT
    assert len(raised) == 1
    assert isinstance(raised[0], Interrupted)


def test_player_interrupted_from_another_thread(tmp_path: Path):
    player = Player(lambda _path: ["sleep", "30"])
    started: list[subprocess.Popen[bytes]] = []

    def playing() -> bool:
        if player._process is not None:
            started.append(player._process)
        return bool(started)

    interrupt_while_playing(player, tmp_path / "a.wav", playing)
    assert started[0].returncode is not None  # killed and waited for
    assert player._process is None


def test_player_interrupt_with_nothing_playing_is_harmless(tmp_path: Path):
    player = Player(["true"])
    player.interrupt()
    player.play(tmp_path / "a.wav", WAIT)  # not taken for interrupted


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux players")
def test_player_commands_are_programs_on_this_machine():
    commands = player_commands()
    assert commands
    assert all(shutil.which(command[0]) is not None for command in commands)
    order = [command[0] for command in speech.LINUX_PLAYERS]
    assert [command[0] for command in commands] == [p for p in order if shutil.which(p)]
    chosen = speech.platform_player()
    assert isinstance(chosen, FallbackPlayer if len(commands) > 1 else Player)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux players")
def test_no_player_on_this_machine(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(speech, "LINUX_PLAYERS", (("supple-no-such-player",),))
    assert player_commands() == []
    with pytest.raises(SpeechError, match="no audio player found"):
        speech.platform_player()


# -- falling back to the next player ----------------------------------------------------------

# What paplay says when PulseAudio is installed but no server runs.
REFUSED = (
    "echo 'Connection failure: Connection refused' >&2; "
    "echo 'pa_context_connect() failed: Connection refused' >&2; exit 1"
)
PAPLAY_REFUSED = "paplay cannot play: pa_context_connect() failed: Connection refused"


@pytest.fixture
def programs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str, str], Player]:
    """Makes a player program of that name on the PATH, which notes each file it is given in
    `calls` and then runs the script; gives a Player for it."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")

    def make(name: str, script: str) -> Player:
        program = folder / name
        program.write_text(f'#!/bin/sh\necho "{name} $1" >> "{tmp_path}/calls"\n{script}\n')
        program.chmod(0o755)
        return Player([name])

    return make


def played(folder: Path) -> list[str]:
    calls = folder / "calls"
    return calls.read_text().splitlines() if calls.exists() else []


def test_a_player_that_cannot_reach_its_server_hands_over_to_the_next(
    tmp_path: Path, programs: Callable[[str, str], Player], caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.INFO, logger=speech.__name__)
    player = FallbackPlayer([programs("paplay", REFUSED), programs("aplay", "exit 0")])
    one, two = tmp_path / "one.wav", tmp_path / "two.wav"
    player.play(one, WAIT)  # no error: the next player played it
    player.play(two, WAIT)
    # The same file at once; then the one that plays is used from the start.
    assert played(tmp_path) == [f"paplay {one}", f"aplay {one}", f"aplay {two}"]
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("WARNING", f"speech: {PAPLAY_REFUSED}; trying the next player"),
        ("INFO", "speech: playing with aplay from now on"),
    ]


def test_when_no_player_can_play_each_says_why_and_the_first_is_tried_again(
    tmp_path: Path, programs: Callable[[str, str], Player]
):
    failing = "echo 'audio open error: No such file or directory' >&2; exit 1"
    player = FallbackPlayer([programs("paplay", REFUSED), programs("aplay", failing)])
    with pytest.raises(SpeechError) as caught:
        player.play(tmp_path / "a.wav", WAIT)
    assert str(caught.value) == (
        f"{PAPLAY_REFUSED}; aplay cannot play: audio open error: No such file or directory"
    )
    with pytest.raises(SpeechError):
        player.play(tmp_path / "a.wav", WAIT)  # a server may have started meanwhile
    assert [line.split()[0] for line in played(tmp_path)] == ["paplay", "aplay"] * 2


def test_a_player_that_hung_is_not_handed_over(
    tmp_path: Path, programs: Callable[[str, str], Player]
):
    player = FallbackPlayer([programs("paplay", "exec sleep 30"), programs("aplay", "")])
    with pytest.raises(speech.PlayerHung):
        player.play(tmp_path / "a.wav", 0.3)  # its moment is over: not played again, late
    assert [line.split()[0] for line in played(tmp_path)] == ["paplay"]


def test_interrupting_reaches_the_player_in_use(
    tmp_path: Path, programs: Callable[[str, str], Player]
):
    second = programs("aplay", "exec sleep 30")
    player = FallbackPlayer([programs("paplay", REFUSED), second])
    interrupt_while_playing(player, tmp_path / "a.wav", lambda: len(played(tmp_path)) == 2)
    assert second._process is None


def test_interrupted_between_two_players_plays_neither(
    tmp_path: Path, programs: Callable[[str, str], Player]
):
    first = programs("paplay", REFUSED)
    player = FallbackPlayer([first, programs("aplay", "")])
    play_first = first.play

    def cut_while_it_gives_up(path: Path, timeout: float) -> None:
        player.interrupt()  # nothing is playing at this moment
        play_first(path, timeout)

    first.play = cut_while_it_gives_up  # type: ignore[method-assign]
    with pytest.raises(Interrupted):
        player.play(tmp_path / "a.wav", WAIT)
    assert [line.split()[0] for line in played(tmp_path)] == ["paplay"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux players")
def test_the_platform_player_falls_back_to_the_next_installed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    monkeypatch.setattr(
        speech, "LINUX_PLAYERS", (("supple-no-such-player",), ("false",), ("true",))
    )
    assert player_commands() == [["false"], ["true"]]
    speech.platform_player().play(tmp_path / "a.wav", WAIT)


def silent_wav(path: Path, seconds: float = 0.1) -> Path:
    with wave.open(str(path), "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(22050)
        audio.writeframes(b"\0\0" * round(22050 * seconds))
    return path


@pytest.mark.skipif(
    not (shutil.which("paplay") and shutil.which("aplay")), reason="needs paplay and aplay"
)
def test_with_pulseaudio_installed_but_not_running_aplay_plays(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    # As on a desktop whose PulseAudio is installed but not running: paplay cannot connect,
    # and aplay plays through ALSA (here its null device, through the user's ~/.asoundrc).
    (tmp_path / ".asoundrc").write_text("pcm.!default { type null }\n")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path}/no-server-here")
    monkeypatch.setattr(speech, "LINUX_PLAYERS", (("paplay",), ("aplay", "-q")))
    speech.platform_player().play(silent_wav(tmp_path / "a.wav"), WAIT)


def test_the_system_programs_get_the_library_path_from_before_a_bundle(monkeypatch):
    bundle = {"LD_LIBRARY_PATH": "/opt/supple/_internal", "LD_LIBRARY_PATH_ORIG": "/usr/local/lib"}
    assert speech.system_environment(bundle) == bundle  # not frozen: as it is
    monkeypatch.setattr(speech.sys, "frozen", True, raising=False)
    assert speech.system_environment(bundle)["LD_LIBRARY_PATH"] == "/usr/local/lib"
    assert "LD_LIBRARY_PATH_ORIG" not in speech.system_environment(bundle)
    assert "LD_LIBRARY_PATH" not in speech.system_environment({"LD_LIBRARY_PATH": "/opt/x"})
