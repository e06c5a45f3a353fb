"""Text to audio, and audio to the speakers.

A renderer turns a cue's text into a WAV file: pyttsx3 (which on Linux drives libespeak-ng)
first, the `espeak-ng` command when pyttsx3 cannot start. A renderer must be created and used on
one thread only: pyttsx3 deadlocks when an engine is shared. A player plays one file at a time
with the platform's own player, waits for its real exit status and kills it, with all it
started, if it hangs; on Linux, a player that cannot play (paplay with PulseAudio installed but
not running) hands the file to the next one installed. Nothing here knows about Qt or about
sessions.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import wave
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol

from desktop_app.core.cues import Verbosity, fit_lead_ins
from desktop_app.core.plan import Plan
from desktop_app.core.script import Lengths

log = logging.getLogger(__name__)


class SpeechError(Exception):
    """Speech cannot be rendered or played; the message says why, in one line."""


class PlayerHung(SpeechError):
    """The player ran past its time and was killed."""


RATES = (80, 300)  # words per minute the settings accept
WRITE_TIMEOUT = 20.0  # seconds a renderer may take for one cue, as espeak-ng's command gets
RENDER_TRIES = 3  # times pyttsx3 may cancel a text as it begins (see Pyttsx3Renderer.render)


@dataclass(frozen=True)
class VoiceSettings:
    enabled: bool = True
    voice: str = ""  # a voice id from the renderer's list; "" for its default
    rate: int = 165  # words per minute
    volume: float = 1.0  # 0 to 1
    verbosity: Verbosity = Verbosity.NORMAL


def speaks(voice: VoiceInfo, language: str) -> bool:
    """Does `voice` speak `language` ("en" takes "en-gb", "en-us" too)?"""
    return any(lang.lower().split("-")[0] == language for lang in voice.languages)


def voiced(plan: Plan, settings: VoiceSettings, seconds_of: Callable[[str], float]) -> Plan:
    """The plan as a session with this voice runs it: each lead-in long enough for its words,
    which take `seconds_of` each; as it is when speech is off."""
    return fit_lead_ins(plan, settings.verbosity, seconds_of) if settings.enabled else plan


def timed(plan: Plan, settings: VoiceSettings, lengths: Lengths) -> tuple[Plan, bool]:
    """The plan as a session with this voice runs it (`voiced`), and whether its length is an
    estimate: some of the words it was fitted to were never rendered with this voice. The one
    rule for a routine's length, wherever it is shown: the home page, `supple routines`,
    `supple check` and the session itself."""
    estimated = False

    def seconds_of(text: str) -> float:
        nonlocal estimated
        spoken = lengths(text)
        estimated = estimated or spoken.estimated
        return spoken.seconds

    return voiced(plan, settings, seconds_of), estimated


@dataclass(frozen=True)
class VoiceInfo:
    id: str
    name: str
    languages: tuple[str, ...]


class Renderer(Protocol):
    name: str

    def render(self, text: str, path: Path, settings: VoiceSettings) -> None: ...

    def voices(self) -> list[VoiceInfo]: ...


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as audio:
        return audio.getnframes() / audio.getframerate()


def _check_wav(path: Path, who: str) -> None:
    try:
        if wav_seconds(path) <= 0:
            raise SpeechError(f"{who} wrote an empty recording")
    except (OSError, EOFError, wave.Error) as exc:
        raise SpeechError(f"{who} wrote no usable audio: {exc}") from exc


class Pyttsx3Renderer:
    name = "pyttsx3"

    def __init__(self) -> None:
        # pyttsx3.init() hands out one engine per driver and process: whoever makes this object
        # must be the only thread that ever uses pyttsx3.
        try:
            import pyttsx3  # noqa: PLC0415 (slow to import; only the speech thread needs it)

            self._engine: Any = pyttsx3.init()
            _quiet_espeak_driver()
            self._default_voice = self._engine.getProperty("voice")
        except Exception as exc:  # pyttsx3 raises anything from ImportError to OSError
            raise SpeechError(f"pyttsx3 cannot start: {exc or type(exc).__name__}") from exc
        self._applied: VoiceSettings | None = None
        # The engine's first runAndWait() returns while espeak's own thread is still writing
        # the file: it is whole only once the engine says the utterance finished.
        self._written = threading.Event()
        self._cancelled = False
        self._engine.connect("finished-utterance", self._finished)

    def _finished(self, completed: bool = True, **_: object) -> None:
        # Not completed: pyttsx3's own loop cancelled the text (see render), on this thread.
        if not completed:
            self._cancelled = True
        self._written.set()

    def _apply(self, settings: VoiceSettings) -> None:
        if settings == self._applied:
            return
        self._engine.setProperty("voice", settings.voice or self._default_voice)
        self._engine.setProperty("rate", settings.rate)
        self._engine.setProperty("volume", settings.volume)
        self._applied = settings

    def render(self, text: str, path: Path, settings: VoiceSettings) -> None:
        # pyttsx3 ends each run by cancelling whatever espeak is doing; if espeak is busy at
        # that moment (with settings just sent, or with its own tidying a moment after each
        # text), the cancel stays pending and cuts off the next text as it begins: its file
        # came out empty. pyttsx3 says such a text was not completed; it is rendered again.
        for _ in range(RENDER_TRIES):
            if self._render_once(text, path, settings):
                _check_wav(path, "pyttsx3")
                return
            log.info("speech: pyttsx3 cancelled a text as it began; rendering it again")
        raise SpeechError(f"pyttsx3 cancelled the text {RENDER_TRIES} times as it began")

    def _render_once(self, text: str, path: Path, settings: VoiceSettings) -> bool:
        """Renders `text` to `path`; False if pyttsx3 cancelled it."""
        try:
            self._apply(settings)
            _settle_espeak()
            self._written.clear()
            self._cancelled = False
            self._engine.save_to_file(text, str(path))
            self._engine.runAndWait()
        except Exception as exc:
            raise SpeechError(f"pyttsx3 failed: {exc or type(exc).__name__}") from exc
        if self._cancelled:
            return False
        if not self._written.wait(WRITE_TIMEOUT):
            raise SpeechError(f"pyttsx3 did not finish writing within {WRITE_TIMEOUT:.0f} s")
        return True

    def voices(self) -> list[VoiceInfo]:
        try:
            found = self._engine.getProperty("voices")
        except Exception as exc:
            raise SpeechError(f"pyttsx3 cannot list its voices: {exc}") from exc
        return [
            VoiceInfo(str(voice.id), str(voice.name), tuple(str(x) for x in voice.languages or ()))
            for voice in found
        ]


def _settle_espeak() -> None:
    """Waits until espeak's own thread is idle (it is busy for a moment after it starts, and
    after each text), for WRITE_TIMEOUT at most, so that pyttsx3's cancel at the end of a run
    (see Pyttsx3Renderer.render) rarely finds anything to cancel."""
    espeak = sys.modules.get("pyttsx3.drivers._espeak")
    if espeak is None:
        return
    deadline = time.monotonic() + WRITE_TIMEOUT
    while espeak.IsPlaying() and time.monotonic() < deadline:
        time.sleep(0.005)


def _quiet_espeak_driver() -> None:
    # pyttsx3's espeak driver prints "Audio saved to ..." on stdout after every file; the
    # command line's output is the user's, so that module's print is turned off.
    driver = sys.modules.get("pyttsx3.drivers.espeak")
    if driver is not None:
        driver.print = lambda *args, **kwargs: None  # type: ignore[attr-defined]


def system_environment(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """The environment for the system's programs (espeak-ng, the players). In a PyInstaller
    bundle, LD_LIBRARY_PATH points into the bundle, whose libraries are the build machine's;
    the system's programs get the value from before the bundle started."""
    env = dict(environ)
    if getattr(sys, "frozen", False) and "LD_LIBRARY_PATH" in env:
        original = env.pop("LD_LIBRARY_PATH_ORIG", None)
        if original is None:
            del env["LD_LIBRARY_PATH"]
        else:
            env["LD_LIBRARY_PATH"] = original
    return env


class EspeakRenderer:
    name = "espeak-ng"

    def __init__(self, program: str | None = None) -> None:
        found = program or shutil.which("espeak-ng") or shutil.which("espeak")
        if found is None:
            raise SpeechError("the espeak-ng command is not installed")
        self._program = found

    def _run(self, arguments: Sequence[str]) -> str:
        try:
            done = subprocess.run(
                [self._program, *arguments],
                capture_output=True,
                text=True,
                timeout=WRITE_TIMEOUT,
                check=False,
                env=system_environment(),
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SpeechError(f"espeak-ng failed: {exc}") from exc
        if done.returncode != 0:
            why = (done.stderr.strip().splitlines() or [f"exit status {done.returncode}"])[-1]
            raise SpeechError(f"espeak-ng failed: {why}")
        return done.stdout

    def render(self, text: str, path: Path, settings: VoiceSettings) -> None:
        arguments = ["-w", str(path), "-s", str(settings.rate)]
        arguments += ["-a", str(round(settings.volume * 100))]
        if settings.voice:
            arguments += ["-v", settings.voice]
        self._run([*arguments, "--", text])
        _check_wav(path, "espeak-ng")

    def voices(self) -> list[VoiceInfo]:
        # Pty Language       Age/Gender VoiceName          File                 Other Languages
        found = []
        for line in self._run(["--voices"]).splitlines()[1:]:
            parts = line.split()
            if len(parts) >= 5:
                found.append(VoiceInfo(parts[4], parts[3].replace("_", " "), (parts[1],)))
        return found


RendererFactory = Callable[[], Renderer]
RENDERERS: tuple[RendererFactory, ...] = (Pyttsx3Renderer, EspeakRenderer)
RENDERER_NAMES = (Pyttsx3Renderer.name, EspeakRenderer.name)


def open_renderer(factories: Sequence[RendererFactory] = RENDERERS) -> tuple[Renderer, list[str]]:
    """The first renderer that starts, and why the ones before it did not."""
    problems: list[str] = []
    for factory in factories:
        try:
            return factory(), problems
        except SpeechError as exc:
            problems.append(str(exc))
    raise SpeechError("; ".join(problems) or "no speech engine")


# -- playing --------------------------------------------------------------------------------------

# Tried in this order: PipeWire's and PulseAudio's players need their sound server running;
# aplay plays through ALSA, which reaches the server when there is one (ALSA's pulse plugin).
LINUX_PLAYERS = (("pw-play",), ("paplay",), ("aplay", "-q"))


def player_commands() -> list[list[str]]:
    """The platform's players that are installed, in the order they are tried."""
    if sys.platform == "darwin":
        return [["afplay"]] if shutil.which("afplay") else []
    if sys.platform == "win32":
        return []  # winsound: see WinsoundPlayer
    return [list(command) for command in LINUX_PLAYERS if shutil.which(command[0])]


class Interrupted(Exception):
    """The playback was stopped on purpose."""


class Player:
    """Plays one file at a time through a command with a real exit status. One long-lived
    object owns the child process, so it can be interrupted from another thread and is never
    left running."""

    def __init__(self, command: Sequence[str] | Callable[[Path], list[str]]) -> None:
        self._command = command
        self.name = "the player" if callable(command) else command[0]
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._interrupted = False

    def _argv(self, path: Path) -> list[str]:
        if callable(self._command):
            return self._command(path)
        return [*self._command, str(path)]

    def play(self, path: Path, timeout: float) -> None:
        """Returns when the audio has played; raises Interrupted or SpeechError."""
        argv = self._argv(path)
        # Its messages go to a file, not a pipe: reading a pipe waits for every process that
        # holds it, and a child the player left running may hold it for ever.
        with tempfile.TemporaryFile() as messages:
            with self._lock:
                self._interrupted = False
                try:
                    process = subprocess.Popen(
                        argv,
                        stdin=subprocess.DEVNULL,
                        stdout=subprocess.DEVNULL,
                        stderr=messages,
                        env=system_environment(),
                        start_new_session=True,  # a group of its own, to end with all it starts
                    )
                except OSError as exc:
                    raise SpeechError(f"cannot run {argv[0]}: {exc.strerror or exc}") from exc
                self._process = process
            hung = False
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                hung = True
            finally:
                with self._lock:
                    _end_group(process)  # what it left behind, or all of it if it hung
                    self._process = None
                process.wait()
            if hung:
                raise PlayerHung(f"{argv[0]} hung and was stopped after {timeout:.0f} s")
            if self._interrupted:
                raise Interrupted
            if process.returncode != 0:
                why = _last_line(messages) or f"exit status {process.returncode}"
                raise SpeechError(f"{argv[0]} cannot play: {why}")

    def interrupt(self) -> None:
        with self._lock:
            if self._process is not None and self._process.poll() is None:
                self._interrupted = True
                _end_group(self._process)


def _end_group(process: subprocess.Popen[bytes]) -> None:
    """Kill the player's process group: the player and every process it started. Its id is
    the player's pid, which is not given to another process while the group has members."""
    with contextlib.suppress(ProcessLookupError, PermissionError):  # none left (macOS: EPERM)
        os.killpg(process.pid, signal.SIGKILL)


def _last_line(messages: IO[bytes]) -> str:
    """The last line a player wrote about what went wrong, read from the end of its file."""
    size = messages.seek(0, os.SEEK_END)
    messages.seek(max(0, size - 4096))
    lines = messages.read().decode(errors="replace").strip().splitlines()
    return lines[-1] if lines else ""


class FallbackPlayer:
    """The first of several players that can play. One that cannot (paplay or pw-play when
    their sound server is not running: "Connection refused") hands the same file to the next at
    once, and the next plays the cues after it too; the change is logged, not shown. Only when
    none of them can play is it a SpeechError, naming why each could not. A player that hung
    has used up the cue's moment: that is the error, and the same player plays the next cue."""

    def __init__(self, players: Sequence[Player]) -> None:
        if not players:
            raise ValueError("no players")
        self._players = list(players)
        self._lock = threading.Lock()
        self._current = 0  # the player in use
        self._interrupted = False

    def play(self, path: Path, timeout: float) -> None:
        with self._lock:
            self._interrupted = False
            first = self._current
        problems: list[str] = []
        for index in range(first, len(self._players)):
            with self._lock:
                if self._interrupted:  # between two players: neither one was playing
                    raise Interrupted
                self._current = index
            try:
                self._players[index].play(path, timeout)
            except PlayerHung:
                raise
            except SpeechError as exc:
                problems.append(str(exc))
                if index + 1 < len(self._players):
                    log.warning("speech: %s; trying the next player", exc)
                continue
            if problems:
                log.info("speech: playing with %s from now on", self._players[index].name)
            return
        with self._lock:
            self._current = 0  # next time, from the first again: a server may have started
        raise SpeechError("; ".join(problems))

    def interrupt(self) -> None:
        with self._lock:
            self._interrupted = True
            self._players[self._current].interrupt()


if sys.platform == "win32":
    import winsound

    class WinsoundPlayer:
        """Windows: winsound plays synchronously; PlaySound(None) stops it."""

        def play(self, path: Path, timeout: float) -> None:
            try:
                winsound.PlaySound(str(path), winsound.SND_FILENAME)
            except RuntimeError as exc:
                raise SpeechError(f"winsound cannot play: {exc}") from exc

        def interrupt(self) -> None:
            winsound.PlaySound(None, 0)


class AudioPlayer(Protocol):
    def play(self, path: Path, timeout: float) -> None: ...

    def interrupt(self) -> None: ...


def platform_player() -> AudioPlayer:
    if sys.platform == "win32":
        return WinsoundPlayer()
    commands = player_commands()
    if not commands:
        raise SpeechError("no audio player found (pw-play, paplay or aplay)")
    if len(commands) == 1:
        return Player(commands[0])
    return FallbackPlayer([Player(command) for command in commands])
