"""A private PulseAudio server whose only output is a null sink, and what a session's log says
of its cues: for the tests and the benchmark (`benchmarks/cues_realtime.py`) that need playback
to take real time, as on a desktop with a sound server. ALSA's null device returns at once, so
there cues never queue behind one another; through this server, paplay returns when the audio
has played.

The server is started the same way as root (CI, the development machine) and as a user: a
user's daemon (`--system=false`, which as root only warns "not intended to be run as root"),
with no default script (`-n`), a null sink, and a Unix socket in a folder of its own that
allows anonymous clients, so a client needs only `PULSE_SERVER`. Its HOME, XDG_CONFIG_HOME and
XDG_RUNTIME_DIR are in that folder too: it touches no user's files and meets no other server.
No D-Bus is needed (it warns that it cannot reach one). No pid file, no exit when idle, no exit
on a client's request, no realtime scheduling. It is ready when `pactl info` answers.

Small blocks: a null sink that no stream asks for a latency consumes audio in blocks of 2 s,
so paplay (which asks for none) returned only at the next 2 s boundary: 0.5 s of audio took
1.97 s, 2.5 s took 3.96 s. A sound card plays continuously, and paplay returns just after the
audio's length. So by default a silent null source is looped into the sink with a latency of
20 ms (module-loopback), which keeps the sink's blocks at a few milliseconds: then 0.5 s took
0.51 s and 4.5 s took 4.51 s. `small_blocks=False` gives the plain null sink.

Standard library only, so that the benchmark can use it without pytest.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import tempfile
import time
import wave
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PROGRAMS = ("pulseaudio", "pactl", "paplay")  # Debian's pulseaudio and pulseaudio-utils
NOT_INSTALLED = (
    "needs a private PulseAudio server: {missing} not installed "
    "(scripts/bootstrap test installs pulseaudio and pulseaudio-utils)"
)
SINK = "supple-null"
SILENCE = "supple-silence"  # a null source, looped into the sink to keep its blocks small
LOOP_LATENCY_MS = 20
WARM_UP_SOUND = 0.05  # seconds
START_TIMEOUT = 15.0  # seconds for the server to answer
STOP_TIMEOUT = 5.0  # seconds for it to leave after SIGTERM, before SIGKILL


def missing_programs() -> list[str]:
    return [program for program in PROGRAMS if shutil.which(program) is None]


class ServerError(Exception):
    """The server did not start; the message says why, with the end of its log."""


class NullSinkServer:
    """One private PulseAudio server with a null sink; `with NullSinkServer() as server:` starts
    it and stops it, and `server.environment` is what a client process adds to its environment
    to play there."""

    def __init__(self, *, small_blocks: bool = True) -> None:
        self.small_blocks = small_blocks
        # Short: a Unix socket's path has at most 107 bytes.
        self.folder = Path(tempfile.mkdtemp(prefix="supple-pulse-", dir="/tmp"))
        self.socket = self.folder / "native"
        self.log = self.folder / "server.log"
        self.environment = {"PULSE_SERVER": f"unix:{self.socket}"}
        self._process: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        modules = [f"module-null-sink sink_name={SINK}"]
        if self.small_blocks:
            modules += [
                f"module-null-source source_name={SILENCE}",
                f"module-loopback source={SILENCE} sink={SINK} latency_msec={LOOP_LATENCY_MS}"
                " source_dont_move=true sink_dont_move=true",
            ]
        modules.append(f"module-native-protocol-unix socket={self.socket} auth-anonymous=1")
        return [
            "pulseaudio",
            "-n",
            "--daemonize=no",
            "--system=false",
            "--use-pid-file=no",
            "--exit-idle-time=-1",
            "--disallow-exit",
            "--realtime=no",
            "--high-priority=no",
            "--log-target=stderr",
            *(f"--load={module}" for module in modules),
        ]

    def _server_environment(self) -> dict[str, str]:
        home, config, runtime = (self.folder / name for name in ("home", "config", "runtime"))
        for folder in (home, config, runtime):
            folder.mkdir(mode=0o700, exist_ok=True)
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(config),
            "XDG_RUNTIME_DIR": str(runtime),
        }

    def client_environment(self, base: Mapping[str, str] = os.environ) -> dict[str, str]:
        return {**base, **self.environment}

    def start(self) -> None:
        with self.log.open("wb") as log:
            self._process = subprocess.Popen(
                self.command(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self._server_environment(),
                cwd=self.folder,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while not self.answers():
            if self._process.poll() is not None:
                self.stop()
                raise ServerError(f"pulseaudio exited with status {self._process.returncode}")
            if time.monotonic() > deadline:
                self.stop()
                raise ServerError(f"pulseaudio did not answer within {START_TIMEOUT:.0f} s")
            time.sleep(0.05)
        if self.small_blocks:
            self._wait_for_small_blocks(deadline)

    def _wait_for_small_blocks(self, deadline: float) -> None:
        """The sink consumed one block of 2 s before the loopback asked for small ones: until
        it has, a short sound still takes 2 s. Plays a short silence until it does not."""
        silence = write_silence(self.folder / "silence.wav", WARM_UP_SOUND)
        while True:
            began = time.monotonic()
            self.play(silence)
            if time.monotonic() - began < WARM_UP_SOUND + 0.4:
                return
            if time.monotonic() > deadline:
                self.stop()
                raise ServerError(f"paplay still took 2 s after {START_TIMEOUT:.0f} s")

    def play(self, path: Path) -> None:
        """Plays a file with paplay; returns when it has played."""
        subprocess.run(
            ["paplay", str(path)],
            capture_output=True,
            timeout=START_TIMEOUT,
            check=True,
            env=self.client_environment(),
        )

    def answers(self) -> bool:
        """Does `pactl info` reach the server, with the null sink as its default?"""
        try:
            done = subprocess.run(
                ["pactl", "info"],
                capture_output=True,
                text=True,
                timeout=5,
                check=False,
                env=self.client_environment(),
            )
        except subprocess.TimeoutExpired:
            return False
        return done.returncode == 0 and f"Default Sink: {SINK}" in done.stdout

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)

    def log_tail(self, lines: int = 10) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def __enter__(self) -> NullSinkServer:
        try:
            self.start()
        except ServerError as exc:
            raise ServerError(f"{exc}: {self.log_tail()}") from None
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def write_silence(path: Path, seconds: float, rate: int = 22050) -> Path:
    """A mono WAV file of this many seconds of silence."""
    with wave.open(str(path), "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(rate)
        audio.writeframes(b"\0\0" * round(rate * seconds))
    return path


# -- what the log says of the cues ------------------------------------------------------------

PLANNED = re.compile(r"speech: (\d+) cues planned, (\w+), over ([\d.]+) s$")
PLAYING = re.compile(r"cue: (.*) \(due [\d.]+, playing from [\d.]+, (-?\d+) ms late\)$")
NOT_HEARD = re.compile(r"cue: (.*) \(due [\d.]+, not heard\)$")
DROPPED = re.compile(r"cue dropped, ([^:]*): (.*)$")
CUT = re.compile(r"cue cut short: (.*)$")
FLUSHED = re.compile(r"cue flushed before it began: (.*)$")
FAILED = re.compile(r"cue failed to play: (.*)$")  # the cue that began just before


@dataclass
class Cues:
    """What became of a session's cues, from its log (the cue service logs each once)."""

    planned: int | None = None  # what the plan says, run straight through
    planned_seconds: float | None = None
    started: list[str] = field(default_factory=list)  # began to play
    lateness_ms: list[float] = field(default_factory=list)  # of each started cue
    cut: list[str] = field(default_factory=list)  # began, and were cut short
    failed: list[str] = field(default_factory=list)  # began, and the player failed
    dropped: list[str] = field(default_factory=list)  # "TEXT (why)": never began
    flushed: list[str] = field(default_factory=list)  # quieted before they began
    not_heard: list[str] = field(default_factory=list)  # no recording, or speech off

    @property
    def whole(self) -> int:
        """Cues that played to their end."""
        return len(self.started) - len(self.cut) - len(self.failed)

    @property
    def accounted(self) -> int:
        return len(self.started) + len(self.dropped) + len(self.flushed) + len(self.not_heard)

    @property
    def missing(self) -> int | None:
        """Cues the plan says that the log does not mention at all."""
        return None if self.planned is None else self.planned - self.accounted


def read_cues(log_text: str) -> Cues:
    """The cues of the last session in this log (a log holds every run of its data folder)."""
    cues = Cues()
    for line in log_text.splitlines():
        message = line.split(": ", 1)[1] if ": " in line else line  # after "... name: "
        if match := PLANNED.search(message):
            cues = Cues(planned=int(match[1]), planned_seconds=float(match[3]))
        elif match := PLAYING.match(message):
            cues.started.append(match[1])
            cues.lateness_ms.append(float(match[2]))
        elif match := NOT_HEARD.match(message):
            cues.not_heard.append(match[1])
        elif match := DROPPED.match(message):
            cues.dropped.append(f"{match[2]} ({match[1]})")
        elif match := CUT.match(message):
            cues.cut.append(match[1])
        elif match := FLUSHED.match(message):
            cues.flushed.append(match[1])
        elif FAILED.match(message) and cues.started:  # the play thread logs one cue at a time
            cues.failed.append(cues.started[-1])
    return cues


def percentile(values: list[float], share: float) -> float | None:
    """Nearest rank: the smallest value with at least `share` of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]
