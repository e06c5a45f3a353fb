"""Speaks cues on time without ever making the caller wait.

Two threads, both owned here. The render thread creates the renderer (pyttsx3 must stay on the
thread that made it) and turns texts into WAV files in the cache folder, named by engine, voice,
rate, volume and text: a session's cues are rendered ahead when it starts, so a cue is ready the
moment it is due. The play thread plays due cues one at a time through a long-lived player.

The rules: a cue of a newer step drops the queued cues of older steps, except critical ones
(sides, switches, counts); a critical cue jumps the queue and cuts off a less important cue that
began before it, and is never cut off itself except by `flush()` (skip, back, pause, stop). A cue
is never played twice, and one that is too late to mean anything is dropped. When speech fails,
the session goes on: the trouble is reported once, and cues are then only logged (`on_cue` says
they were not heard, so the window can show them instead).

The log says what became of every cue given to `say`, once: `cue: TEXT (due ..., playing from
..., N ms late)` as it starts playing (then `cue cut short: TEXT`, or `cue failed to play: WHY`,
if it did not play to its end), `cue: TEXT (due ..., not heard)`, `cue dropped, ...: TEXT` (too
late, or a newer step began while it waited) or `cue flushed before it began: TEXT`.
`benchmarks/cues_realtime.py` and the real-time tests count them.
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.clock import Clock
from desktop_app.core.cues import Cue, Priority
from desktop_app.core.pronunciation import spoken
from desktop_app.core.script import Spoken
from desktop_app.services.speech import (
    RENDERER_NAMES,
    AudioPlayer,
    Interrupted,
    Renderer,
    SpeechError,
    VoiceInfo,
    VoiceSettings,
    open_renderer,
    platform_player,
    wav_seconds,
)
from desktop_app.services.speech_cache import CachedLengths, cache_name

log = logging.getLogger(__name__)

RENDER_WAIT = 3.0  # seconds the play thread waits for a cue that is not rendered yet
PLAY_SLACK = 3.0  # seconds a player may take beyond the audio's length before it counts as hung
# A cue this many seconds past its time is dropped: late words would describe the wrong moment.
TOO_LATE = {Priority.CRITICAL: 1.5, Priority.NORMAL: 5.0, Priority.DETAIL: 8.0}
FAILURES_BEFORE_SILENCE = 2  # player failures in a row
CANNOT_RENDER = "Cannot make speech"  # the trouble of renders failing, which may pass
TEMP_SUFFIX = ".part"


@dataclass
class _Queued:
    cue: Cue
    number: int  # arrival order
    settings: VoiceSettings
    done: Callable[[str | None], None] | None = None  # a voice test: told the outcome
    dropped: bool = False  # flushed after the play thread took it


class CueService:
    def __init__(
        self,
        clock: Clock,
        cache_dir: Path,
        settings: VoiceSettings,
        *,
        open_renderer: Callable[[], tuple[Renderer, list[str]]] = open_renderer,
        player: Callable[[], AudioPlayer] = platform_player,
    ) -> None:
        self._clock = clock
        self._cache = cache_dir
        self._settings = settings
        self._open_renderer = open_renderer
        self._make_player = player
        # How long the recordings last, each measured once: the home page asks for every
        # routine's lead-ins on each visit. The render thread adds each file it writes.
        self._lengths = CachedLengths(cache_dir)
        # Called on the service's threads: what speech trouble there is (each message once,
        # also kept in `troubles`), that speech can be made again after renders failed, and
        # each cue as it starts playing or turns out unheard.
        self.on_trouble: Callable[[str], None] = lambda _message: None
        self.on_recovered: Callable[[], None] = lambda: None
        self.on_cue: Callable[[Cue, bool], None] = lambda _cue, _heard: None
        self.troubles: list[str] = []
        self.voices: list[VoiceInfo] = []  # filled in by the render thread once it started

        self._lock = threading.Condition()
        self._closed = False
        self._queue: list[_Queued] = []
        self._numbers = itertools.count()
        self._playing: _Queued | None = None
        self._player: AudioPlayer | None = None
        self._silent: str | None = None  # why nothing is heard, once that is known

        self._render_lock = threading.Condition()
        self._to_render: deque[tuple[str, VoiceSettings]] = deque()
        self._urgent: deque[tuple[str, VoiceSettings]] = deque()
        self._rendered: dict[tuple[str, VoiceSettings], Path | None] = {}
        self._engine_name: str | None = None
        self._render_failures = 0
        self._play_failures = 0  # in a row; only the play thread touches it

        self._threads = [
            threading.Thread(target=self._render_loop, name="supple-speech-render", daemon=True),
            threading.Thread(target=self._play_loop, name="supple-speech-play", daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    # -- called from the GUI thread: never waits on speech ------------------------------------

    @property
    def settings(self) -> VoiceSettings:
        return self._settings

    def configure(self, settings: VoiceSettings) -> None:
        with self._lock:
            self._settings = settings
            if not settings.enabled:
                self._drop_all()

    def prepare(self, texts: Iterable[str]) -> None:
        """Render these ahead of time, in this order, behind anything due now."""
        settings = self._settings
        with self._render_lock:
            for text in dict.fromkeys(texts):
                if (text, settings) not in self._rendered:
                    self._to_render.append((text, settings))
            self._render_lock.notify_all()

    def say(self, cues: Iterable[Cue]) -> None:
        with self._lock:
            if not self._settings.enabled or self._closed:
                return
            for cue in cues:
                kept = [
                    queued
                    for queued in self._queue
                    if queued.cue.step >= cue.step or queued.cue.priority is Priority.CRITICAL
                ]
                for queued in self._queue:
                    if queued not in kept:
                        log.info("cue dropped, a newer step began: %s", queued.cue.logged)
                self._queue = kept
                self._queue.append(_Queued(cue, next(self._numbers), self._settings))
                self._request(cue.text, self._settings, urgent=True)
                playing = self._playing
                if (
                    playing is not None
                    and cue.priority is Priority.CRITICAL
                    and playing.cue.priority > cue.priority
                    and playing.cue.due < cue.due
                    and self._player is not None
                ):
                    self._player.interrupt()
            self._lock.notify_all()

    def flush(self) -> None:
        """Quiet now: skip, back, pause and stop."""
        with self._lock:
            self._drop_all()

    def test(self, settings: VoiceSettings, text: str, done: Callable[[str | None], None]) -> None:
        """Play `text` with these settings now; `done` gets None, or why it was not heard. It is
        called on the play thread."""
        cue = Cue(text, Priority.CRITICAL, self._clock.now(), -1, "test")
        with self._lock:
            self._drop_all()
            self._queue.append(_Queued(cue, next(self._numbers), settings, done))
            self._request(text, settings, urgent=True)
            self._lock.notify_all()

    def length_of(self, text: str) -> Spoken:
        """How long `text` takes to say with the current settings (`CachedLengths.length_of`)."""
        engines = [self._engine_name] if self._engine_name else RENDERER_NAMES
        return self._lengths.length_of(text, self._settings, engines)

    def seconds_of(self, text: str) -> float:
        return self.length_of(text).seconds

    def close(self, finish_within: float = 0.0) -> None:
        """Stop both threads and any playback; leave no half-written file behind. With
        `finish_within`, first let what is queued play for up to that many seconds (the end
        of a session says how it went)."""
        deadline = self._clock.now() + finish_within
        with self._lock:
            while (self._queue or self._playing) and self._clock.now() < deadline:
                self._lock.wait(timeout=0.05)
        with self._lock:
            self._closed = True
            self._drop_all()
            self._lock.notify_all()
        with self._render_lock:
            self._render_lock.notify_all()
        for thread in self._threads:
            thread.join(timeout=5)
        for part in self._cache.glob(f"*{TEMP_SUFFIX}"):
            part.unlink(missing_ok=True)

    def _drop_all(self) -> None:
        # With self._lock held.
        for queued in self._queue:
            log.info("cue flushed before it began: %s", queued.cue.logged)
            _report(queued, "stopped")  # a voice test's button must come back
        self._queue.clear()
        if self._playing is not None:
            self._playing.dropped = True
            if self._player is not None:
                self._player.interrupt()

    # -- rendering ---------------------------------------------------------------------------

    def _request(self, text: str, settings: VoiceSettings, *, urgent: bool) -> None:
        with self._render_lock:
            if self._rendered.get((text, settings)) is not None:
                return
            self._rendered.pop((text, settings), None)  # failed before: try again
            (self._urgent if urgent else self._to_render).append((text, settings))
            self._render_lock.notify_all()

    def _render_loop(self) -> None:
        try:
            renderer, problems = self._open_renderer()
        except SpeechError as exc:
            self._fail_rendering(str(exc))
            return
        for problem in problems:
            log.warning("speech: %s; using %s instead", problem, renderer.name)
        self._engine_name = renderer.name
        try:
            self.voices = renderer.voices()
        except SpeechError as exc:
            log.warning("speech: cannot list the voices: %s", exc)
        while True:
            with self._render_lock:
                while not (self._closed or self._urgent or self._to_render):
                    self._render_lock.wait()
                if self._closed:
                    return
                job = (self._urgent or self._to_render).popleft()
                if job in self._rendered:
                    continue
            try:
                path = self._render(renderer, *job)
            except Exception:  # the engine broke in a new way: the next text still renders
                log.exception("speech: rendering %r failed", job[0])
                path = None
            with self._render_lock:
                self._rendered[job] = path
                self._render_lock.notify_all()

    def _render(self, renderer: Renderer, text: str, settings: VoiceSettings) -> Path | None:
        path = self._cache / cache_name(renderer.name, settings, text)
        if path.exists():
            return path
        part = path.with_name(path.name + TEMP_SUFFIX)
        try:
            self._cache.mkdir(parents=True, exist_ok=True)
            renderer.render(spoken(text), part, settings)
            self._lengths.add(path.name)  # before it is there: a miss meanwhile is an estimate
            os.replace(part, path)
        except (SpeechError, OSError) as exc:
            part.unlink(missing_ok=True)
            log.warning("speech: cannot render %r: %s", text, exc)
            self._render_failures += 1
            if self._render_failures == FAILURES_BEFORE_SILENCE:
                self._tell(f"{CANNOT_RENDER}: {exc}")
            return None
        if self._render_failures >= FAILURES_BEFORE_SILENCE:
            self._rendering_again()
        self._render_failures = 0
        return path

    def _fail_rendering(self, why: str) -> None:
        self._go_silent(f"Speech is off: {why}")
        with self._render_lock:  # the wait below sees it is silent
            self._render_lock.notify_all()

    def _wait_rendered(self, text: str, settings: VoiceSettings) -> Path | None:
        deadline = self._clock.now() + RENDER_WAIT
        with self._render_lock:
            while (text, settings) not in self._rendered:
                left = deadline - self._clock.now()
                if left <= 0 or self._closed or self._silent is not None:
                    return None
                # A short wait: the deadline is on the injected clock, which no one notifies.
                self._render_lock.wait(timeout=min(left, 0.05))
            return self._rendered[(text, settings)]

    # -- playing -----------------------------------------------------------------------------

    def _next(self) -> _Queued:
        # With self._lock held and a non-empty queue: a critical cue first, else the oldest.
        critical = [q for q in self._queue if q.cue.priority is Priority.CRITICAL]
        chosen = min(critical or self._queue, key=lambda q: q.number)
        self._queue.remove(chosen)
        return chosen

    def _play_loop(self) -> None:
        while True:
            with self._lock:
                while not (self._closed or self._queue):
                    self._lock.wait()
                if self._closed:
                    return
                queued = self._next()
                self._playing = queued
            try:
                self._play(queued)
            except Exception:  # a callback or a broken file: the next cue still plays
                log.exception("speech: playing %r failed", queued.cue.logged)
            finally:
                with self._lock:
                    self._playing = None
                    self._lock.notify_all()

    def _play(self, queued: _Queued) -> None:
        cue = queued.cue
        late = self._clock.now() - cue.due
        if queued.done is None and late > TOO_LATE[cue.priority]:
            log.info("cue dropped, %.1f s late: %s", late, cue.logged)
            self.on_cue(cue, False)
            return
        path = self._wait_rendered(cue.text, queued.settings) if self._silent is None else None
        if self._flushed(queued):  # while it waited for its recording
            log.info("cue flushed before it began: %s", cue.logged)
            return
        if path is None:
            why = self._silent or "not rendered in time"
            # Why speech is silent was logged once, when it went silent.
            log.info("cue: %s (due %.3f, not heard)", cue.logged, cue.due)
            self._finish(queued, why, heard=False)
            return
        if self._player is None:
            try:
                self._player = self._make_player()
            except SpeechError as exc:
                self._go_silent(f"Speech is off: {exc}")
                self._finish(queued, str(exc), heard=False)
                return
        started = self._clock.now()
        log.info(
            "cue: %s (due %.3f, playing from %.3f, %.0f ms late)",
            cue.logged,
            cue.due,
            started,
            (started - cue.due) * 1000,
        )
        self.on_cue(cue, True)
        seconds = wav_seconds(path)
        if self._flushed(queued):  # just now: not a word of it
            return
        try:
            self._player.play(path, seconds + PLAY_SLACK)
        except Interrupted:
            log.info("cue cut short: %s", cue.logged)
            _report(queued, "stopped")
            return
        except SpeechError as exc:
            self._play_failures += 1
            log.warning("cue failed to play: %s", exc)  # the cue logged just before
            if self._play_failures >= FAILURES_BEFORE_SILENCE or queued.done is not None:
                self._go_silent(f"No sound: {exc}")
            _report(queued, str(exc))
            return
        _report(queued, None)
        self._play_failures = 0

    def _flushed(self, queued: _Queued) -> bool:
        with self._lock:
            dropped = queued.dropped
        if dropped:
            _report(queued, "stopped")
        return dropped

    def _finish(self, queued: _Queued, why: str, *, heard: bool) -> None:
        self.on_cue(queued.cue, heard)
        _report(queued, why)

    def _go_silent(self, why: str) -> None:
        self._silent = why
        self._tell(why)

    def _rendering_again(self) -> None:
        # On the render thread, the only one that tells of failed renders: a text rendered
        # after they were told, so that trouble is over, and is told again if it comes back.
        # A cue from the cache playing says nothing of it.
        with self._lock:
            self.troubles = [t for t in self.troubles if not t.startswith(CANNOT_RENDER)]
            over = not self.troubles and self._silent is None
        log.info("speech: cues are rendered again")
        if over:
            self.on_recovered()

    def _tell(self, message: str) -> None:
        # Both threads tell; the lock keeps a message from being told twice.
        with self._lock:
            new = message not in self.troubles
            if new:
                self.troubles.append(message)
        if new:
            log.warning("speech: %s", message)
            self.on_trouble(message)


def _report(queued: _Queued, outcome: str | None) -> None:
    """A voice test hears how it went: None, or why it was not heard."""
    if queued.done is not None:
        queued.done(outcome)
