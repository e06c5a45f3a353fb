"""The session host: one object, composed in `app.py`, that owns a session. It holds the driver
(the session's one timer), the speech link and the history link, starts a session, and tells
the rest of the app what happens through a few signals:

- `happened`: each engine event, in order (the speech and the history hear them too);
- `frame`: the session as an immutable `Snapshot`, after every tick and command;
- `finished`: the session's record (a `Summary`) once it ends;
- `note`: a line about what is wrong with the speech or the history (None: no longer).

The window shows pages and forwards the user's keys here; it builds none of these parts.

Each part is built when first needed, with its modules: the home page paints before the
engine, the speech and the history are loaded (`warm_up` builds them just after)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop_app.core.clock import Clock

# Loaded for the home page already (its lengths, its keys): no cost to the first paint.
from desktop_app.core.plan import build_plan
from desktop_app.core.records import Moment
from desktop_app.core.script import estimated
from desktop_app.core.snapshot import Snapshot, take
from desktop_app.services.speech import VoiceSettings, timed
from desktop_app.services.speech_cache import fitter

if TYPE_CHECKING:
    from desktop_app.core.model import Routine, Timing
    from desktop_app.core.overview import Fitted
    from desktop_app.core.reminders import Reminded
    from desktop_app.services.cue_service import CueService
    from desktop_app.services.history_keeper import HistoryKeeper
    from desktop_app.ui.session.driver import SessionDriver
    from desktop_app.ui.session.history_link import HistoryLink
    from desktop_app.ui.session.speech_link import SpeechLink

log = logging.getLogger(__name__)

SPEECH, HISTORY = "voice", "history"  # the topics of the notes


class SessionHost(QObject):
    happened = Signal(object)  # each engine Event, in order
    frame = Signal(object)  # a Snapshot: time moved on, or the user did something
    finished = Signal(object)  # the session's Summary
    note = Signal(str, object)  # topic, and the message (None: the trouble is over)
    unheard = Signal()  # a cue that matters was not heard: show it instead
    recorded = Signal()  # the history has something new to show
    history_notice = Signal(str)  # something about the history to tell once
    ready = Signal()  # the speech is there: a routine's length can count its words

    def __init__(
        self,
        clock: Clock,
        make_speech: Callable[[], CueService] | None = None,
        make_history: Callable[[], HistoryKeeper] | None = None,
        parent: QObject | None = None,
        *,
        speech_cache: Path | None = None,
    ) -> None:
        """`make_speech`, `make_history`: build the cue service and the history keeper, when
        first needed (None: no voice, no history); `speech_cache`: the cue service's folder,
        whose recordings give a routine's length before the service is there."""
        super().__init__(parent)
        self.clock = clock
        self._speech_cache = speech_cache
        self._make_speech = make_speech
        self._make_history = make_history
        self.notes: dict[str, str] = {}  # what is wrong now, by topic, for a page built later

    @property
    def has_history(self) -> bool:
        """Sessions are kept (known without loading the history)."""
        return self._make_history is not None

    @cached_property
    def driver(self) -> SessionDriver:
        from desktop_app.ui.session.driver import SessionDriver  # noqa: PLC0415

        driver = SessionDriver(self.clock, self)
        driver.happened.connect(self.happened)
        driver.frame.connect(self._frame)
        driver.finished.connect(self.finished)
        return driver

    @cached_property
    def speech(self) -> SpeechLink | None:
        if self._make_speech is None:
            return None
        from desktop_app.ui.session.speech_link import SpeechLink  # noqa: PLC0415

        speech = SpeechLink(self._make_speech(), self.driver)
        speech.trouble.connect(self._speech_trouble)
        speech.unheard.connect(self.unheard)
        speech.recovered.connect(lambda: self._note(SPEECH, None))
        for message in list(speech.service.troubles):  # before we listened
            self._speech_trouble(message)
        return speech

    @cached_property
    def history(self) -> HistoryLink | None:
        if self._make_history is None:
            return None
        from desktop_app.ui.session.history_link import HistoryLink  # noqa: PLC0415

        history = HistoryLink(self._make_history(), self.driver, self)
        history.trouble.connect(self._history_trouble)
        history.stored.connect(lambda: self._note(HISTORY, None))
        history.notice.connect(self.history_notice)
        history.recorded.connect(self.recorded)
        return history

    def built(self, part: str) -> bool:
        """Is `part` ("driver", "speech", "history") built yet? Asked without building it."""
        return part in self.__dict__  # where cached_property keeps what it built

    def warm_up(self) -> None:
        """Build what a session needs and open the history: just after the first paint, off
        the path to it (or at once, when Supple starts in the tray)."""
        self.driver  # noqa: B018 (built for its side effect)
        if self.speech is not None:
            self.ready.emit()
        if self.history is not None:
            self.history.open()  # its check reads the whole file

    # -- a session ------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.built("driver") and self.driver.running

    @property
    def routine_name(self) -> str | None:
        """The routine of the session under way, or of the last one."""
        engine = self.driver.engine if self.built("driver") else None
        return engine.plan.routine.name if engine is not None else None

    def fitter(self, voice: VoiceSettings) -> Fitted | None:
        """How a plan grows with its spoken words, for a routine's length (None: no voice this
        run): as the speech will fit a session's lead-ins. Before the speech is there (the home
        page paints first) by the same rule from the same recordings: each one's length where
        `voice` rendered it before, else an estimate from its rate."""
        if self._make_speech is None:
            return None
        if self.built("speech") and self.speech is not None:
            return self.speech.timed
        if self._speech_cache is not None:
            return fitter(self._speech_cache, voice)
        return functools.partial(timed, settings=voice, lengths=estimated(voice.rate))

    def start(self, routine: Routine, timing: Timing, pain_before: int | None = None) -> None:
        """Start a session of `routine`; `pain_before`: how the back felt, asked just before."""
        log.info("session: %s started", routine.id)
        plan = build_plan(routine, timing)
        self.history  # noqa: B018 (built now: it must hear the session's first event)
        if self.speech is not None:
            plan = self.speech.ready(plan)
        self.driver.start(plan)
        if pain_before is not None:
            self.check_in(Moment.BEFORE, pain_before)

    def snapshot(self) -> Snapshot | None:
        engine = self.driver.engine
        return take(engine, self.clock.now()) if engine is not None else None

    def _frame(self) -> None:
        if (snapshot := self.snapshot()) is not None:
            self.frame.emit(snapshot)

    # The user's commands, from the keys, the buttons and the media controls.

    def toggle_pause(self) -> None:
        self.driver.toggle_pause()

    def pause(self) -> None:
        self.driver.pause()

    def resume(self) -> None:
        self.driver.resume()

    def skip(self) -> None:
        self.driver.skip()

    def back(self) -> None:
        self.driver.back()

    def say_again(self) -> None:
        """Say the current instruction again (R, or Previous while getting into position)."""
        self.driver.say_again()

    def stop(self) -> None:
        """Stop the session under way, if any: what was done stays done."""
        if self.built("driver"):
            self.driver.stop()

    def hurt(self) -> None:
        self.driver.hurt()

    def answer(self, answer_id: str) -> None:
        self.driver.answer(answer_id)

    def ask_after(self) -> None:
        """The question after a session, said aloud after its closing words."""
        if self.speech is not None:
            self.speech.ask_after()

    # -- the history ----------------------------------------------------------------------------

    def check_in(self, moment: Moment, pain: int) -> None:
        if self.history is not None:
            self.history.check_in(moment, pain)

    def record(self, reminded: Reminded) -> None:
        """A reminder's answer, kept in the history."""
        if self.history is not None:
            self.history.record(reminded)

    # -- notes ----------------------------------------------------------------------------------

    def _note(self, topic: str, message: str | None) -> None:
        if message is None:
            self.notes.pop(topic, None)
        else:
            self.notes[topic] = message
        self.note.emit(topic, message)

    def _speech_trouble(self, message: str) -> None:
        log.warning("speech trouble shown: %s", message)
        self._note(SPEECH, f"{message}. The session goes on; the ring lights up for each cue.")

    def _history_trouble(self, cause: str, kept_in: str) -> None:
        log.warning("history trouble shown: %s (kept in %s)", cause, kept_in or "no file")
        if kept_in:
            promise = (
                f"Your sessions wait in {kept_in} and go into the history once it can be "
                "written, now or at a later start."
            )
        else:
            promise = (
                "No other place could keep your sessions either: they are kept only while "
                "Supple runs, so leave it open until the history can be written."
            )
        self._note(HISTORY, f"Not saved yet: {cause}. {promise}")

    @property
    def history_trouble(self) -> str | None:
        """Why writes wait for the history, while they do."""
        if not self.built("history") or self.history is None:
            return None
        return self.history.keeper.trouble

    def unsaved_sides(self) -> tuple[int, int]:
        """Writes that closing now would lose (neither stored nor kept in any file), after
        one more try, and how many of them end a side."""
        if not self.built("history") or self.history is None or not self.history.unkept:
            return 0, 0
        sides = self.history.retry_now()
        return self.history.unkept, sides

    # -- the end --------------------------------------------------------------------------------

    def close_history(self) -> None:
        if self.built("history") and self.history is not None:
            try:
                self.history.close()
            except Exception:  # the history's own trouble must not keep the speech running
                log.exception("history: could not close")

    def close_speech(self, finish_within: float) -> None:
        """Let the last words play for up to `finish_within` seconds; then no player is left."""
        if self.built("speech") and self.speech is not None:
            self.speech.service.close(finish_within=finish_within)
