"""Are spoken cues on time, and does speech leave the window alone?

A routine with short holds runs at real speed, as in the app: the real session driver (a Qt
timer in the GUI thread) on the real clock, the speech link fitting the lead-ins and rendering
every cue ahead, and the real cue service rendering with the real renderer (pyttsx3, else
espeak-ng) into an empty cache folder, so the cache is cold and rendering is exercised. The
player is `sleep` for as long as each recording lasts: playback takes as long as the audio would
(there is no sound card here, and ALSA's null device returns at once).

The routine: seated figure-four and lizard pose, both sides, 6 s holds, 2 s to prepare, switch
and rest, then four repetitions of the dead bug at its own tempo; about two minutes once the
lead-ins are fitted to their words. --quick runs the figure-four alone (under a minute).

Measured:
- lateness of each cue: from its due time to the moment its playback starts (the cue service's
  `on_cue`, called on the play thread just before the player runs), for all cues and for the
  critical ones (sides, switches, counts); also the part of it not spent waiting for the cue
  before to finish speaking (lateness from the later of due time and the end of the playback
  before), which is what the machinery adds: cues due at the same moment (the intro, setup
  words and side words of a lead-in; "Switch sides." and the side's words) play one after the
  other, so the later ones are late by the length of those before them;
- the longest stall of the GUI thread: a 10 ms precise timer in it records the gaps between its
  timeouts, from before the session is made ready (fitting the lead-ins happens in the GUI
  thread) to its end; the longest gap less 10 ms, and when it began in seconds from the start
  of the session (negative: while the session was made ready);
- critical cues cut off ("cue cut short" in the cue service's log while a critical cue played),
  dropped as too late ("cue dropped"), or not heard (not rendered in time).

It prints, as JSON, these figures and the budgets: p95 lateness under 50 ms, a stall under
20 ms, no critical cue cut off. It exits 0 whether or not the budgets are met. Qt runs offscreen
unless QT_QPA_PLATFORM says otherwise.

    python -m benchmarks.speech [--quick] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.core.catalogue import load_catalogue, read_content_file
from desktop_app.core.clock import MonotonicClock
from desktop_app.core.cues import Cue, Priority, rehearse
from desktop_app.core.model import Routine
from desktop_app.core.plan import build_plan
from desktop_app.resources import assets_dir
from desktop_app.services.cue_service import CueService
from desktop_app.services.speech import Player, VoiceSettings, wav_seconds
from desktop_app.ui.session.driver import SessionDriver
from desktop_app.ui.session.speech_link import SpeechLink

LATENESS_BUDGET_MS = 50.0  # p95, all cues
STALL_BUDGET_MS = 20.0
CUT_BUDGET = 0  # critical cues cut off
PROBE_MS = 10
FINISH_WITHIN_S = 10.0  # for the last cue ("Session complete") once the session is over
OVERRUN_S = 60.0  # give up when the session has not finished this long after its planned end

ROUTINE = """\
id = "speech-benchmark"
name = "Speech benchmark"
hold = 6
prepare = 2
switch = 2
rest = 2

[[step]]
stretch = "seated-figure-four"
sides = "both"
"""
MORE_STEPS = """
[[step]]
stretch = "lizard-pose"
sides = "both"

[[step]]
stretch = "dead-bug"
reps = 4
"""
SERVICE_LOGGER = "desktop_app.services.cue_service"


def load_routine(quick: bool) -> Routine:
    stretches = load_catalogue(assets_dir(), None).stretches
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "speech-benchmark.toml"
        path.write_text(ROUTINE + ("" if quick else MORE_STEPS), encoding="utf-8")
        loaded = read_content_file(path, stretches)
    if loaded.routine is None:
        sys.exit("speech.py: " + "; ".join(str(e) for e in loaded.errors))
    return loaded.routine


@dataclass
class Played:
    cue: Cue
    started: float


@dataclass
class Record:
    """What the service's threads and the GUI thread's probe saw; the lock guards the lists the
    play thread fills."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    played: list[Played] = field(default_factory=list)
    unheard: list[Cue] = field(default_factory=list)
    ended: list[float] = field(default_factory=list)  # when each playback ended
    playing: Cue | None = None
    cut: list[Cue] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # texts
    ticks: list[float] = field(default_factory=list)


class ServiceLog(logging.Handler):
    """Counts the cue service's cut-off and dropped cues. Both are logged on the play thread,
    a cut-off right after `on_cue` said which cue started."""

    def __init__(self, record: Record) -> None:
        super().__init__(logging.INFO)
        self.record = record

    def emit(self, entry: logging.LogRecord) -> None:
        message = entry.getMessage()
        with self.record.lock:
            playing = self.record.playing
            if message.startswith("cue cut short:") and playing is not None:
                if message.removeprefix("cue cut short: ") == playing.text:
                    self.record.cut.append(playing)
            elif message.startswith("cue dropped"):
                self.record.dropped.append(message.split(": ", 1)[1])


class TimedPlayer:
    """`sleep` for as long as the recording, noting when each playback ends."""

    def __init__(self, record: Record, clock: MonotonicClock) -> None:
        self._player = Player(lambda path: ["sleep", f"{wav_seconds(path):.3f}"])
        self._record = record
        self._clock = clock

    def play(self, path: Path, timeout: float) -> None:
        try:
            self._player.play(path, timeout)
        finally:
            with self._record.lock:
                self._record.ended.append(self._clock.now())

    def interrupt(self) -> None:
        self._player.interrupt()


def percentile(values: list[float], share: float) -> float | None:
    """Nearest rank: the smallest value with at least `share` of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def lateness_figures(values_s: list[float]) -> dict[str, Any]:
    def ms(value: float | None) -> float | None:
        return None if value is None else round(value * 1000, 1)

    return {
        "count": len(values_s),
        "p50_ms": ms(percentile(values_s, 0.5)),
        "p95_ms": ms(percentile(values_s, 0.95)),
        "max_ms": ms(max(values_s, default=None)),
    }


def run(quick: bool, verbose: bool) -> dict[str, Any]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    clock = MonotonicClock()
    routine = load_routine(quick)
    record = Record()
    handler = ServiceLog(record)
    service_log = logging.getLogger(SERVICE_LOGGER)
    service_log.setLevel(logging.INFO)
    service_log.addHandler(handler)
    # pyttsx3's espeak driver logs through the root logger, which makes logging print to stderr
    # when nothing was set up: the service's log goes there only when asked for.
    service_log.propagate = False
    if verbose:
        service_log.addHandler(logging.StreamHandler(sys.stderr))

    with tempfile.TemporaryDirectory() as cache:
        cache_dir = Path(cache) / "speech"
        service = CueService(
            clock,
            cache_dir,
            VoiceSettings(),
            player=lambda: TimedPlayer(record, clock),
        )
        driver = SessionDriver(clock)
        link = SpeechLink(service, driver)  # sets service.on_cue: chain to it

        def on_cue(cue: Cue, heard: bool) -> None:
            now = clock.now()
            with record.lock:
                if heard:
                    record.played.append(Played(cue, now))
                    record.playing = cue
                else:
                    record.unheard.append(cue)
            link.heard(cue, heard)

        service.on_cue = on_cue

        probe = QTimer()
        probe.setTimerType(Qt.TimerType.PreciseTimer)
        probe.setInterval(PROBE_MS)
        probe.timeout.connect(lambda: record.ticks.append(clock.now()))
        session: dict[str, Any] = {}

        def begin() -> None:
            # As the app does when Start is pressed: in the GUI thread, under the probe.
            planned = build_plan(routine)
            plan = link.ready(planned)
            session.update(
                plan=plan,
                unfitted_s=planned.total_seconds,
                started=clock.now(),
                cache_cold=not any(cache_dir.glob("*.wav")),
            )
            driver.start(plan)
            QTimer.singleShot(round((plan.total_seconds + OVERRUN_S) * 1000), app.quit)

        def finished(_summary: object) -> None:
            session["ended"] = clock.now()
            probe.stop()
            app.quit()

        driver.finished.connect(finished)
        probe.start()
        record.ticks.append(clock.now())
        QTimer.singleShot(PROBE_MS, begin)
        app.exec()
        probe.stop()
        service.close(finish_within=FINISH_WITHIN_S)
        rendered = len(list(cache_dir.glob("*.wav")))
    service_log.removeHandler(handler)

    plan = session["plan"]
    rehearsed = rehearse(plan, VoiceSettings().verbosity)
    critical_texts = {c.text for c in rehearsed if c.priority is Priority.CRITICAL}
    other_texts = {c.text for c in rehearsed if c.priority is not Priority.CRITICAL}

    played = sorted(record.played, key=lambda p: p.started)
    ends = sorted(record.ended)
    lateness = [p.started - p.cue.due for p in played]
    # The part of the lateness not spent waiting for the cue before it to finish speaking.
    own = []
    for p in played:
        before = [end for end in ends if end <= p.started]
        free = max(p.cue.due, before[-1]) if before else p.cue.due
        own.append(p.started - free)
    critical = [i for i, p in enumerate(played) if p.cue.priority is Priority.CRITICAL]

    gaps = [b - a for a, b in zip(record.ticks, record.ticks[1:], strict=False)]
    longest = max(range(len(gaps)), key=gaps.__getitem__) if gaps else None
    stall_ms = round(max(0.0, gaps[longest] * 1000 - PROBE_MS), 1) if longest is not None else None
    stall_at = round(record.ticks[longest] - session["started"], 3) if longest is not None else None

    all_figures = lateness_figures(lateness)
    critical_cut = len([c for c in record.cut if c.priority is Priority.CRITICAL])
    critical_dropped = len([t for t in record.dropped if t in critical_texts])
    critical_unheard = len([c for c in record.unheard if c.priority is Priority.CRITICAL])
    p95 = all_figures["p95_ms"]
    ended = session.get("ended")
    return {
        "routine": "figure-four only (--quick)" if quick else "figure-four, lizard, dead bug",
        "renderer_cache": "cold" if session["cache_cold"] else "warm",
        "files_rendered": rendered,
        "planned_s": round(plan.total_seconds, 1),
        "planned_before_fitting_s": round(session["unfitted_s"], 1),
        "ran_s": round(ended - session["started"], 3) if ended is not None else None,
        "finished": ended is not None,
        "cues_due": len(rehearsed),
        "cues_played": len(played) + len(record.unheard),  # the service got to them
        "cues_heard": len(played),  # their playback started
        "cues_not_heard": len(record.unheard),  # not rendered in time
        "cues_dropped_too_late": len(record.dropped),
        "cues_cut_short": len(record.cut),
        "texts_both_critical_and_not": len(critical_texts & other_texts),
        "lateness": all_figures,
        "lateness_critical": lateness_figures([lateness[i] for i in critical]),
        "lateness_not_waiting_for_speech": lateness_figures(own),
        "lateness_critical_not_waiting_for_speech": lateness_figures([own[i] for i in critical]),
        "latest_cues": [
            {"text": p.cue.text, "what": p.cue.what, "late_ms": round(late * 1000, 1)}
            for late, p in sorted(zip(lateness, played, strict=True), key=lambda x: -x[0])[:5]
        ],
        "probe_ms": PROBE_MS,
        "probe_ticks": len(record.ticks),
        "longest_gui_stall_ms": stall_ms,
        "longest_gui_stall_at_s": stall_at,
        "critical_cut": critical_cut,
        "critical_dropped": critical_dropped,
        "critical_not_heard": critical_unheard,
        "troubles": service.troubles,
        "lateness_budget_p95_ms": LATENESS_BUDGET_MS,
        "lateness_ok": p95 is not None and p95 < LATENESS_BUDGET_MS,
        "stall_budget_ms": STALL_BUDGET_MS,
        "stall_ok": stall_ms is not None and stall_ms < STALL_BUDGET_MS,
        "cut_budget": CUT_BUDGET,
        "cut_ok": critical_cut <= CUT_BUDGET,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one stretch: under a minute")
    parser.add_argument("--verbose", action="store_true", help="the cue service's log on stderr")
    args = parser.parse_args()
    print(json.dumps(run(args.quick, args.verbose), indent=2))


if __name__ == "__main__":
    main()
