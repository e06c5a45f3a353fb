"""CueService with a fake renderer and a fake player: the order cues are played in, what is
dropped, what cuts off what, and how the service carries on when speech fails.

The service's two threads are real. A test never sleeps on a schedule: it waits, with a short
timeout, for what it expects (a condition variable, or polling with Event.wait)."""

from __future__ import annotations

import dataclasses
import logging
import os
import threading
import time
import wave
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop_app.core.clock import Clock, FakeClock, MonotonicClock
from desktop_app.core.cues import PRIVATE_WORDS, Cue, Priority, estimate_seconds, hurt_words
from desktop_app.services import cue_service
from desktop_app.services.cue_service import (
    FAILURES_BEFORE_SILENCE,
    TEMP_SUFFIX,
    TOO_LATE,
    CueService,
)
from desktop_app.services.speech import (
    AudioPlayer,
    Interrupted,
    Player,
    Renderer,
    SpeechError,
    VoiceInfo,
    VoiceSettings,
)
from desktop_app.services.speech_cache import cache_name
from tests.services.polling import WAIT, wait_until

RATE = 22050
SECONDS = 0.2  # the length of every recording the fake renderer makes
START = 1000.0  # FakeClock's time: cues due then are on time


def cue(text: str, priority: Priority = Priority.NORMAL, due: float = START, step: int = 0) -> Cue:
    return Cue(text, priority, due, step, "test")


def write_silence(path: Path, seconds: float) -> None:
    with wave.open(str(path), "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(RATE)
        audio.writeframes(b"\0\0" * round(seconds * RATE))


class Waitable:
    def __init__(self) -> None:
        self._cond = threading.Condition()

    def wait(self, predicate: Callable[[], bool], what: str = "the service") -> None:
        with self._cond:
            assert self._cond.wait_for(predicate, timeout=WAIT), f"timed out waiting for {what}"


class FakeRenderer(Waitable):
    """Writes 0.2 s of silence for any text; remembers which file holds which text. A text in
    `hold` waits, its file half written, until released; `failure` makes every render fail."""

    name = "fake"

    def __init__(self) -> None:
        super().__init__()
        self.hold: set[str] = set()
        self.failure: Callable[[str], str] | None = None  # text -> the error's message
        self.rendered: list[str] = []
        self.settings_used: dict[str, VoiceSettings] = {}
        self.rendering: str | None = None
        self._texts: dict[str, str] = {}

    def render(self, text: str, path: Path, settings: VoiceSettings) -> None:
        write_silence(path, SECONDS)
        with self._cond:
            self.rendering = text
            self._cond.notify_all()
            released = self._cond.wait_for(lambda: text not in self.hold, timeout=WAIT)
            self.rendering = None
            if not released:
                raise AssertionError(f"the render of {text!r} was never released")
            if self.failure is not None:
                raise SpeechError(self.failure(text))
            self.rendered.append(text)
            self.settings_used[text] = settings
            self._texts[path.name.removesuffix(TEMP_SUFFIX)] = text
            self._cond.notify_all()

    def voices(self) -> list[VoiceInfo]:
        return [VoiceInfo("fake", "Fake voice", ("en",))]

    def text_of(self, path: Path) -> str:
        with self._cond:
            return self._texts[path.name]

    def release(self, *texts: str) -> None:
        with self._cond:
            self.hold.difference_update(texts or set(self.hold))
            self._cond.notify_all()


class FakePlayer(Waitable):
    """Records what it played. A text in `hold` plays until released or interrupted (then it
    raises Interrupted, as the real player does); `failure` makes every play fail."""

    def __init__(self, renderer: FakeRenderer) -> None:
        super().__init__()
        self._renderer = renderer
        self.hold: set[str] = set()
        self.failure: str | None = None
        self.played: list[str] = []  # as each began
        self.finished: list[str] = []
        self.cut: list[str] = []
        self.timeouts: list[float] = []
        self.interrupts = 0
        self.blocked: str | None = None
        self._interrupting = False

    def play(self, path: Path, timeout: float) -> None:
        text = self._renderer.text_of(path)
        with self._cond:
            self.played.append(text)
            self.timeouts.append(timeout)
            self._cond.notify_all()
            if self.failure is not None:
                raise SpeechError(self.failure)
            self.blocked = text
            self._interrupting = False
            self._cond.notify_all()
            released = self._cond.wait_for(
                lambda: text not in self.hold or self._interrupting, timeout=WAIT
            )
            self.blocked = None
            self._cond.notify_all()
            if self._interrupting:
                self._interrupting = False
                self.cut.append(text)
                raise Interrupted
            if not released:
                raise AssertionError(f"{text!r} was never released")
            self.finished.append(text)

    def interrupt(self) -> None:
        with self._cond:
            self.interrupts += 1
            if self.blocked is not None:
                self._interrupting = True
                self._cond.notify_all()

    def release(self, *texts: str) -> None:
        with self._cond:
            self.hold.difference_update(texts or set(self.hold))
            self._cond.notify_all()


class Hooks(Waitable):
    """The service's on_cue, on_trouble and on_recovered, recorded."""

    def __init__(self) -> None:
        super().__init__()
        self.cues: list[tuple[str, bool]] = []
        self.troubles: list[str] = []
        self.recovered = 0

    def on_cue(self, cue: Cue, heard: bool) -> None:
        with self._cond:
            self.cues.append((cue.text, heard))
            self._cond.notify_all()

    def on_trouble(self, message: str) -> None:
        with self._cond:
            self.troubles.append(message)
            self._cond.notify_all()

    def on_recovered(self) -> None:
        with self._cond:
            self.recovered += 1
            self._cond.notify_all()


@dataclass
class Rig:
    service: CueService
    renderer: FakeRenderer
    player: FakePlayer
    hooks: Hooks
    clock: Clock
    cache: Path
    player_calls: list[None]

    def start_held(self, *cues: Cue) -> None:
        """Say `cues` and wait until the first is playing, held until released."""
        first = cues[0].text
        self.player.hold = {first}
        self.service.say(list(cues))
        self.player.wait(lambda: self.player.blocked == first)


MakeRig = Callable[..., Rig]


@pytest.fixture
def make(tmp_path: Path) -> Iterator[MakeRig]:
    made: list[Rig] = []

    def make(
        clock: Clock | None = None,
        *,
        settings: VoiceSettings | None = None,
        renderer: FakeRenderer | None = None,
        open_renderer: Callable[[], tuple[Renderer, list[str]]] | None = None,
        player: AudioPlayer | None = None,
        player_factory: Callable[[], AudioPlayer] | None = None,
    ) -> Rig:
        clock = clock or FakeClock(START)
        renderer = renderer or FakeRenderer()
        fake_player = FakePlayer(renderer)
        calls: list[None] = []
        # The render thread opens the renderer as soon as the service exists: it waits for the
        # hooks to be in place, so that trouble at once is reported to them, not to the default.
        hooked = threading.Event()

        def opening() -> tuple[Renderer, list[str]]:
            assert hooked.wait(WAIT)
            return open_renderer() if open_renderer else (renderer, [])

        def making() -> AudioPlayer:
            calls.append(None)
            if player_factory is not None:
                return player_factory()
            return player or fake_player

        cache = tmp_path / "cache"
        service = CueService(
            clock,
            cache,
            settings or VoiceSettings(),
            open_renderer=opening,
            player=making,
        )
        hooks = Hooks()
        service.on_cue = hooks.on_cue
        service.on_trouble = hooks.on_trouble
        service.on_recovered = hooks.on_recovered
        hooked.set()
        rig = Rig(service, renderer, fake_player, hooks, clock, cache, calls)
        made.append(rig)
        return rig

    yield make
    for rig in made:
        rig.renderer.release()
        rig.player.release()
        rig.service.close()
        assert not any(thread.is_alive() for thread in rig.service._threads)


def cue_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    messages = [record.getMessage() for record in caplog.records]
    return [message.split(" (due ")[0] for message in messages if message.startswith("cue: ")]


@pytest.fixture
def info(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger=cue_service.__name__)
    return caplog


# -- order, dropping, cutting off ------------------------------------------------------------


def test_cues_play_in_order_and_each_is_logged(make: MakeRig, info: pytest.LogCaptureFixture):
    rig = make()
    texts = ["Side Bend.", "Left side.", "Hold for thirty seconds."]
    rig.service.say([cue(text) for text in texts])
    rig.player.wait(lambda: rig.player.finished == texts)
    assert rig.player.played == texts
    rig.hooks.wait(lambda: len(rig.hooks.cues) == 3)
    assert rig.hooks.cues == [(text, True) for text in texts]
    assert cue_lines(info) == [f"cue: {text}" for text in texts]
    # Each play may take the audio's length and some slack before it counts as hung.
    assert rig.player.timeouts == [pytest.approx(SECONDS + cue_service.PLAY_SLACK)] * 3
    assert rig.hooks.troubles == []


def test_the_words_after_this_hurts_are_played_but_never_logged(
    make: MakeRig, info: pytest.LogCaptureFixture
):
    """Health data stays off the log: a cue that tells something hurt is logged as such."""
    rig = make()
    calm = dataclasses.replace(cue(hurt_words(waiting=True)), private=True)
    rig.service.say([cue("Left side."), calm])
    rig.player.wait(lambda: len(rig.player.finished) == 2)
    assert rig.player.played == ["Left side.", calm.text]
    assert cue_lines(info) == ["cue: Left side.", f"cue: {PRIVATE_WORDS}"]
    logged = " ".join(record.getMessage() for record in info.records)
    assert calm.text not in logged and "hurt" not in logged


def test_a_newer_step_drops_older_queued_cues_but_not_critical_ones(
    make: MakeRig, info: pytest.LogCaptureFixture
):
    rig = make()
    rig.start_held(cue("Setup.", step=0))
    rig.service.say(
        [
            cue("Halfway.", step=0),
            cue("Feel it.", Priority.DETAIL, step=0),
            cue("Left side.", Priority.CRITICAL, step=0),
        ]
    )
    rig.service.say([cue("Rest.", step=1)])
    assert rig.player.interrupts == 0  # what is playing finishes
    rig.player.release("Setup.")
    # Anything older still queued would come before "Rest.", the newest.
    rig.player.wait(lambda: "Rest." in rig.player.finished)
    assert rig.player.played == ["Setup.", "Left side.", "Rest."]
    assert rig.player.cut == []
    # Each cue that was dropped says so in the log, which accounts for every cue.
    dropped = [m for m in info.messages if m.startswith("cue dropped")]
    assert dropped == [
        "cue dropped, a newer step began: Halfway.",
        "cue dropped, a newer step began: Feel it.",
    ]


def test_a_critical_cue_jumps_the_queue(make: MakeRig):
    rig = make()
    rig.start_held(cue("First."))
    rig.service.say([cue("Second."), cue("Three.", Priority.CRITICAL), cue("Third.")])
    rig.player.release("First.")
    rig.player.wait(lambda: len(rig.player.finished) == 4)
    assert rig.player.played == ["First.", "Three.", "Second.", "Third."]


def test_a_critical_cue_cuts_off_a_less_important_one_that_began_before_it(
    make: MakeRig, info: pytest.LogCaptureFixture
):
    rig = make()
    rig.start_held(cue("Breathe out, and sink a little deeper.", due=START))
    rig.service.say([cue("Switch sides.", Priority.CRITICAL, due=START + 0.5)])
    rig.player.wait(lambda: rig.player.finished == ["Switch sides."])
    assert rig.player.cut == ["Breathe out, and sink a little deeper."]
    assert rig.player.played == ["Breathe out, and sink a little deeper.", "Switch sides."]
    assert "cue cut short: Breathe out, and sink a little deeper." in info.messages


def test_a_critical_cue_does_not_cut_off_one_due_after_it(make: MakeRig):
    rig = make()
    rig.start_held(cue("Rest.", due=START + 1))
    rig.service.say([cue("Three.", Priority.CRITICAL, due=START)])
    assert rig.player.interrupts == 0
    rig.player.release("Rest.")
    rig.player.wait(lambda: rig.player.finished == ["Rest.", "Three."])
    assert rig.player.cut == []


def test_a_critical_cue_is_never_cut_off_by_a_later_cue(make: MakeRig):
    rig = make()
    rig.start_held(cue("Switch sides.", Priority.CRITICAL, due=START))
    rig.service.say([cue("Halfway.", Priority.NORMAL, due=START + 1)])
    rig.service.say([cue("Feel it.", Priority.DETAIL, due=START + 2)])
    rig.service.say([cue("Right side.", Priority.CRITICAL, due=START + 3)])
    assert rig.player.interrupts == 0
    rig.player.release("Switch sides.")
    rig.player.wait(lambda: len(rig.player.finished) == 4)
    assert rig.player.played == ["Switch sides.", "Right side.", "Halfway.", "Feel it."]
    assert rig.player.cut == []


def test_flush_empties_the_queue_and_interrupts_playback(
    make: MakeRig, info: pytest.LogCaptureFixture
):
    rig = make()
    rig.start_held(cue("One."))
    rig.service.say([cue("Two."), cue("Three.", Priority.CRITICAL)])
    rig.service.flush()
    rig.player.wait(lambda: rig.player.cut == ["One."])
    rig.service.say([cue("Paused.")])
    rig.player.wait(lambda: "Paused." in rig.player.finished)
    assert rig.player.played == ["One.", "Paused."]
    wait_until(lambda: "cue cut short: One." in info.messages, "the cut to be logged")
    flushed = [m for m in info.messages if m.startswith("cue flushed")]
    assert flushed == ["cue flushed before it began: Two.", "cue flushed before it began: Three."]


def test_flush_stops_a_cue_still_waiting_for_its_recording(make: MakeRig):
    # The play thread has taken the cue and waits for the render thread: flushed now, it must
    # not start once its recording is ready.
    rig = make()
    rig.renderer.hold = {"Slow words."}
    rig.service.say([cue("Slow words.")])
    rig.renderer.wait(lambda: rig.renderer.rendering == "Slow words.")
    wait_until(lambda: rig.service._playing is not None, "the play thread to take the cue")
    rig.service.flush()
    rig.renderer.release("Slow words.")
    rig.service.say([cue("Paused.")])
    rig.player.wait(lambda: "Paused." in rig.player.finished)
    assert rig.player.played == ["Paused."]
    rig.hooks.wait(lambda: len(rig.hooks.cues) == 1)
    assert rig.hooks.cues == [("Paused.", True)]  # a flushed cue is not "unheard"


def test_nothing_is_played_or_rendered_twice(make: MakeRig):
    rig = make()
    rig.service.prepare(["Cut off.", "Counted.", "Cut off."])
    rig.start_held(cue("Cut off.", due=START))
    rig.service.say([cue("Counted.", Priority.CRITICAL, due=START + 1)])
    rig.player.wait(lambda: rig.player.finished == ["Counted."])
    texts = [f"Word {number}." for number in range(12)]
    for index, text in enumerate(texts):
        priority = Priority.CRITICAL if index % 4 == 0 else Priority.NORMAL
        rig.service.say([cue(text, priority, due=START + 1)])
    rig.service.say([cue("End.", due=START + 2)])
    rig.player.wait(lambda: "End." in rig.player.finished)
    assert Counter(rig.player.played) == Counter({text: 1 for text in rig.player.played})
    assert sorted(rig.player.played) == sorted(["Cut off.", "Counted.", *texts, "End."])
    assert rig.player.cut == ["Cut off."]
    rig.renderer.wait(lambda: "End." in rig.renderer.rendered)
    assert Counter(rig.renderer.rendered) == Counter(set(rig.renderer.rendered))


def test_what_an_earlier_run_rendered_is_not_rendered_again(make: MakeRig):
    first = make()
    first.service.say([cue("Left side.")])
    first.player.wait(lambda: first.player.finished == ["Left side."])
    first.service.close()
    second = make(renderer=first.renderer)  # the same files: it can tell which is which
    second.service.say([cue("Left side."), cue("Right side.")])
    second.player.wait(lambda: len(second.player.finished) == 2)
    assert first.renderer.rendered == ["Left side.", "Right side."]


def test_a_cue_too_late_to_mean_anything_is_dropped(make: MakeRig, info: pytest.LogCaptureFixture):
    clock = FakeClock(START)
    rig = make(clock)
    clock.advance(10)
    now = clock.now()
    critical = TOO_LATE[Priority.CRITICAL]
    rig.service.say(
        [
            cue("Late normal.", Priority.NORMAL, due=now - TOO_LATE[Priority.NORMAL] - 1),
            cue("Late count.", Priority.CRITICAL, due=now - critical - 0.5),
            cue("Count in time.", Priority.CRITICAL, due=now - critical + 0.5),
            cue("Detail in time.", Priority.DETAIL, due=now - TOO_LATE[Priority.DETAIL] + 1),
            cue("Now.", Priority.NORMAL, due=now),
        ]
    )
    rig.player.wait(lambda: "Now." in rig.player.finished)
    assert rig.player.played == ["Count in time.", "Detail in time.", "Now."]
    assert any(
        message.startswith("cue dropped, 6.0 s late: Late normal.") for message in info.messages
    )
    assert any(message.endswith("late: Late count.") for message in info.messages)


def test_configure_off_drops_everything_and_ignores_new_cues(make: MakeRig):
    rig = make()
    rig.start_held(cue("One."), cue("Two."))
    rig.service.configure(VoiceSettings(enabled=False))
    rig.player.wait(lambda: rig.player.cut == ["One."])
    rig.service.say([cue("Three.")])
    rig.service.configure(VoiceSettings())
    rig.service.say([cue("Four.")])
    rig.player.wait(lambda: "Four." in rig.player.finished)
    assert rig.player.played == ["One.", "Four."]


# -- when speech fails, the session goes on ---------------------------------------------------


def test_no_speech_engine_reports_once_and_cues_are_unheard(
    make: MakeRig, info: pytest.LogCaptureFixture
):
    def no_engine() -> tuple[Renderer, list[str]]:
        raise SpeechError("pyttsx3 cannot start; the espeak-ng command is not installed")

    rig = make(open_renderer=no_engine)
    rig.service.say([cue("One."), cue("Two.", Priority.CRITICAL)])
    rig.hooks.wait(lambda: len(rig.hooks.cues) == 2)
    rig.service.say([cue("Three.")])
    rig.hooks.wait(lambda: len(rig.hooks.cues) == 3)
    assert sorted(rig.hooks.cues) == [("One.", False), ("Three.", False), ("Two.", False)]
    message = "Speech is off: pyttsx3 cannot start; the espeak-ng command is not installed"
    assert rig.hooks.troubles == [message]
    assert rig.service.troubles == [message]
    assert rig.player_calls == []
    assert sorted(cue_lines(info)) == ["cue: One.", "cue: Three.", "cue: Two."]


def test_a_renderer_that_always_fails_is_reported_once(make: MakeRig):
    rig = make()
    # Messages name the file, so no two are the same (as an OSError's would).
    rig.renderer.failure = lambda text: f"cannot write the recording of {text!r}"
    rig.service.say([cue("One.")])
    rig.hooks.wait(lambda: len(rig.hooks.cues) == 1)
    assert rig.hooks.troubles == []  # one failure may be bad luck
    later = [f"Word {number}." for number in range(FAILURES_BEFORE_SILENCE + 2)]
    rig.service.say([cue(text) for text in later])
    rig.hooks.wait(lambda: len(rig.hooks.cues) == 1 + len(later))
    assert rig.hooks.cues == [(text, False) for text in ["One.", *later]]
    assert rig.hooks.troubles == ["Cannot make speech: cannot write the recording of 'Word 0.'"]
    assert rig.service.troubles == rig.hooks.troubles
    assert list(rig.cache.glob(f"*{TEMP_SUFFIX}")) == []
    assert rig.player.played == []
    assert rig.hooks.recovered == 0
    # Rendering works again: so does speech, and the trouble is over.
    rig.renderer.failure = None
    rig.service.say([cue("Back.")])
    rig.player.wait(lambda: rig.player.finished == ["Back."])
    rig.hooks.wait(lambda: rig.hooks.recovered == 1)
    assert rig.service.troubles == []
    # If it comes back, it is told again; a cue from the cache playing meanwhile ends nothing.
    rig.renderer.failure = lambda text: f"cannot write the recording of {text!r}"
    again = [f"Again {number}." for number in range(FAILURES_BEFORE_SILENCE)]
    rig.service.say([cue(text) for text in again])
    rig.hooks.wait(lambda: len(rig.hooks.troubles) == 2)
    told = f"Cannot make speech: cannot write the recording of {again[-1]!r}"
    assert rig.hooks.troubles[1] == told
    rig.service.say([cue("Back.")])  # rendered before: played from the cache
    rig.player.wait(lambda: rig.player.finished == ["Back.", "Back."])
    assert rig.hooks.recovered == 1 and rig.service.troubles == [told]


def test_no_audio_player_reports_once_and_the_service_keeps_accepting_cues(make: MakeRig):
    def no_player() -> AudioPlayer:
        raise SpeechError("no audio player found (pw-play, paplay or aplay)")

    rig = make(player_factory=no_player)
    rig.service.say([cue("One.")])
    rig.hooks.wait(lambda: len(rig.hooks.cues) == 1)
    rig.service.say([cue("Two."), cue("Three.", Priority.CRITICAL)])
    rig.hooks.wait(lambda: len(rig.hooks.cues) == 3)
    assert rig.hooks.cues == [("One.", False), ("Three.", False), ("Two.", False)]
    assert rig.hooks.troubles == ["Speech is off: no audio player found (pw-play, paplay or aplay)"]
    assert len(rig.player_calls) == 1


def test_a_failing_player_goes_silent_after_repeated_failures(make: MakeRig):
    rig = make()
    rig.player.failure = "aplay cannot play: audio open error: Device or resource busy"
    texts = [f"Word {number}." for number in range(FAILURES_BEFORE_SILENCE + 2)]
    rig.service.say([cue(text) for text in texts])
    rig.hooks.wait(lambda: len(rig.hooks.cues) == len(texts))
    tried = texts[:FAILURES_BEFORE_SILENCE]
    assert rig.player.played == tried
    assert rig.hooks.cues == [(text, text in tried) for text in texts]
    message = "No sound: aplay cannot play: audio open error: Device or resource busy"
    assert rig.hooks.troubles == [message]
    rig.service.say([cue("Later.")])
    rig.hooks.wait(lambda: len(rig.hooks.cues) == len(texts) + 1)
    assert rig.hooks.cues[-1] == ("Later.", False)
    assert rig.hooks.troubles == [message]


def test_one_player_failure_is_not_silence(make: MakeRig):
    rig = make()
    rig.player.failure = "aplay cannot play: underrun"
    rig.service.say([cue("One.")])
    rig.player.wait(lambda: rig.player.played == ["One."])
    wait_until(lambda: rig.service._playing is None, "the failed play to end")
    rig.player.failure = None
    rig.service.say([cue("Two.")])
    rig.player.wait(lambda: rig.player.finished == ["Two."])
    assert rig.hooks.troubles == []


def test_a_hanging_player_is_killed_and_leaves_no_process(
    make: MakeRig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(cue_service, "PLAY_SLACK", 0.1)
    pids = tmp_path / "pids"
    player = Player(lambda _path: ["sh", "-c", f'echo $$ >> "{pids}"; exec sleep 30'])
    rig = make(player=player)
    began = time.monotonic()
    texts = [f"Word {number}." for number in range(FAILURES_BEFORE_SILENCE + 1)]
    rig.service.say([cue(text) for text in texts])
    rig.hooks.wait(lambda: len(rig.hooks.cues) == len(texts))
    assert time.monotonic() - began < WAIT
    assert rig.hooks.cues[-1] == (texts[-1], False)
    assert len(rig.hooks.troubles) == 1
    assert rig.hooks.troubles[0].startswith("No sound: sh hung and was stopped")
    assert player._process is None
    for pid in pids.read_text().split() if pids.exists() else []:
        with pytest.raises(ProcessLookupError):
            os.kill(int(pid), 0)


# -- closing ----------------------------------------------------------------------------------


def test_close_interrupts_playback_ends_the_threads_and_leaves_no_part_file(make: MakeRig):
    rig = make()
    rig.start_held(cue("One."), cue("Two."))
    stale = rig.cache / ("0" * 32 + ".wav" + TEMP_SUFFIX)  # left by a run that crashed
    stale.write_bytes(b"half")
    rig.service.close()
    assert rig.player.cut == ["One."]
    assert not any(thread.is_alive() for thread in rig.service._threads)
    assert list(rig.cache.glob(f"*{TEMP_SUFFIX}")) == []
    rig.service.say([cue("Three.")])  # ignored, without complaint
    assert rig.player.played == ["One."]


def test_close_while_rendering_leaves_no_part_file(make: MakeRig):
    rig = make()
    rig.renderer.hold = {"One."}
    rig.service.prepare(["One."])
    rig.renderer.wait(lambda: rig.renderer.rendering == "One.")
    assert list(rig.cache.glob(f"*{TEMP_SUFFIX}")) != []  # being written
    closer = threading.Thread(target=rig.service.close)
    closer.start()
    wait_until(lambda: rig.service._closed, "close() to begin")
    rig.renderer.release("One.")
    closer.join(WAIT)
    assert not closer.is_alive()
    assert not any(thread.is_alive() for thread in rig.service._threads)
    assert list(rig.cache.glob(f"*{TEMP_SUFFIX}")) == []


def test_close_with_time_to_finish_lets_queued_cues_play(make: MakeRig):
    clock = MonotonicClock()
    rig = make(clock)
    now = clock.now()
    rig.start_held(cue("Session complete.", due=now), cue("Well done.", due=now))
    closer = threading.Thread(target=rig.service.close, kwargs={"finish_within": WAIT})
    closer.start()
    rig.player.release("Session complete.")
    closer.join(WAIT)
    assert not closer.is_alive()
    assert rig.player.finished == ["Session complete.", "Well done."]
    assert rig.player.cut == []
    assert not any(thread.is_alive() for thread in rig.service._threads)


def test_close_with_time_to_finish_does_not_wait_longer(make: MakeRig):
    clock = MonotonicClock()
    rig = make(clock)
    now = clock.now()
    rig.start_held(cue("Endless.", due=now), cue("Never.", due=now))
    began = time.monotonic()
    rig.service.close(finish_within=0.2)
    assert 0.2 <= time.monotonic() - began < WAIT
    assert rig.player.cut == ["Endless."]
    assert rig.player.played == ["Endless."]


# -- how long words take, the voice test ------------------------------------------------------


def test_seconds_of_estimates_then_measures(make: MakeRig):
    settings = VoiceSettings(rate=165)
    rig = make(settings=settings)
    text = "Hold for thirty seconds."
    assert rig.service.seconds_of(text) == estimate_seconds(text, 165)
    rig.service.prepare([text])
    rendered = rig.cache / cache_name(FakeRenderer.name, settings, text)
    wait_until(rendered.exists, "the recording")
    assert rig.service.seconds_of(text) == pytest.approx(SECONDS)
    # Other settings, another recording: not made yet.
    rig.service.configure(VoiceSettings(rate=120))
    assert rig.service.seconds_of(text) == estimate_seconds(text, 120)


def test_seconds_of_an_unreadable_recording_is_estimated(make: MakeRig):
    settings = VoiceSettings()
    rig = make(settings=settings)
    rig.service.prepare(["Ready."])
    wait_until((rig.cache / cache_name(FakeRenderer.name, settings, "Ready.")).exists, "render")
    (rig.cache / cache_name(FakeRenderer.name, settings, "Broken.")).write_bytes(b"not a wav")
    assert rig.service.seconds_of("Broken.") == estimate_seconds("Broken.", settings.rate)


class Outcome(Waitable):
    def __init__(self) -> None:
        super().__init__()
        self.results: list[str | None] = []

    def done(self, problem: str | None) -> None:
        with self._cond:
            self.results.append(problem)
            self._cond.notify_all()


def test_a_voice_test_plays_with_its_own_settings_and_says_so(make: MakeRig):
    rig = make()
    rig.start_held(cue("Queued."), cue("Dropped."))
    outcome = Outcome()
    chosen = VoiceSettings(rate=220, volume=0.5)
    rig.service.test(chosen, "This is how I sound.", outcome.done)
    outcome.wait(lambda: outcome.results != [])
    assert outcome.results == [None]
    assert rig.player.played == ["Queued.", "This is how I sound."]
    assert rig.player.cut == ["Queued."]
    assert rig.renderer.settings_used["This is how I sound."] == chosen


def test_a_voice_test_says_why_it_was_not_heard(make: MakeRig):
    rig = make()
    rig.player.failure = "aplay cannot play: no soundcards found"
    outcome = Outcome()
    rig.service.test(VoiceSettings(), "This is how I sound.", outcome.done)
    outcome.wait(lambda: len(outcome.results) == 1)
    assert outcome.results == ["aplay cannot play: no soundcards found"]
    assert rig.hooks.troubles == ["No sound: aplay cannot play: no soundcards found"]
    rig.service.test(VoiceSettings(), "Again.", outcome.done)
    outcome.wait(lambda: len(outcome.results) == 2)
    assert outcome.results[1] == "No sound: aplay cannot play: no soundcards found"


def test_a_voice_test_without_a_recording_says_so(make: MakeRig):
    rig = make()
    rig.renderer.failure = lambda text: "espeak-ng failed: no voice"
    outcome = Outcome()
    rig.service.test(VoiceSettings(), "This is how I sound.", outcome.done)
    outcome.wait(lambda: len(outcome.results) == 1)
    assert isinstance(outcome.results[0], str)
    assert outcome.results[0]
    assert rig.player.played == []


def test_a_voice_test_flushed_before_it_began_says_so(make: MakeRig):
    rig = make()
    rig.renderer.hold = {"This is how I sound."}
    outcome = Outcome()
    rig.service.test(VoiceSettings(), "This is how I sound.", outcome.done)
    rig.renderer.wait(lambda: rig.renderer.rendering == "This is how I sound.")
    wait_until(lambda: rig.service._playing is not None, "the play thread to take the test")
    rig.service.flush()
    rig.renderer.release()
    outcome.wait(lambda: outcome.results != [])
    assert outcome.results == ["stopped"]
    assert rig.player.played == []


def test_the_engine_is_given_each_word_as_it_should_be_said(make: MakeRig):
    rig = make()
    rig.service.say([cue("Standing TFL cross-over.")])
    rig.renderer.wait(lambda: bool(rig.renderer.rendered))
    assert rig.renderer.rendered == ["Standing T F L cross-over."]
