"""The session host: one object, composed in `app.py`, that owns a session. It holds the driver
(the session's one timer), the speech link and the history link, starts a session, and tells
the rest of the app what happens through a few signals:

- `happened`: each engine event, in order (the speech and the history hear them too);
- `frame`: the session as an immutable `Snapshot`, after every tick and command;
- `finished`: the session's record (a `Summary`) once it ends;
- `note`: a line about what is wrong with the speech or the history (None: no longer).

The window shows pages and forwards the user's keys here; it builds none of these parts."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_app.core.clock import Clock
from desktop_app.core.model import Routine, Timing
from desktop_app.core.plan import Plan, build_plan
from desktop_app.core.records import Moment
from desktop_app.core.reminders import Reminded
from desktop_app.core.snapshot import Snapshot, take
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

    def __init__(
        self,
        clock: Clock,
        speech: CueService | None = None,
        history: HistoryKeeper | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self.driver = SessionDriver(clock, self)
        self.speech = SpeechLink(speech, self.driver) if speech is not None else None
        self.history = HistoryLink(history, self.driver, self) if history is not None else None
        self.notes: dict[str, str] = {}  # what is wrong now, by topic, for a page built later
        self.driver.happened.connect(self.happened)
        self.driver.frame.connect(self._frame)
        self.driver.finished.connect(self.finished)
        if self.speech is not None:
            self.speech.trouble.connect(self._speech_trouble)
            self.speech.unheard.connect(self.unheard)
            self.speech.recovered.connect(lambda: self._note(SPEECH, None))
            for message in list(self.speech.service.troubles):  # before we listened
                self._speech_trouble(message)
        if self.history is not None:
            self.history.trouble.connect(self._history_trouble)
            self.history.stored.connect(lambda: self._note(HISTORY, None))
            self.history.notice.connect(self.history_notice)
            self.history.recorded.connect(self.recorded)

    # -- a session ------------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.driver.running

    @property
    def routine_name(self) -> str | None:
        """The routine of the session under way, or of the last one."""
        engine = self.driver.engine
        return engine.plan.routine.name if engine is not None else None

    def fitted(self, plan: Plan) -> Plan:
        """The plan as a session with this voice runs it (how long a routine takes)."""
        return self.speech.fitted(plan) if self.speech is not None else plan

    def start(self, routine: Routine, timing: Timing, pain_before: int | None = None) -> None:
        """Start a session of `routine`; `pain_before`: how the back felt, asked just before."""
        log.info("session: %s started", routine.id)
        plan = build_plan(routine, timing)
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

    def skip(self) -> None:
        self.driver.skip()

    def back(self) -> None:
        self.driver.back()

    def stop(self) -> None:
        """Stop the session under way, if any: what was done stays done."""
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

    def open_history_soon(self) -> None:
        """Open the history store after the first paint, since its check reads the whole file
        (or at once, when Supple starts in the tray)."""
        if self.history is not None:
            QTimer.singleShot(0, self, self.history.open)

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

    def _history_trouble(self, message: str) -> None:
        log.warning("history trouble shown: %s", message)
        self._note(
            HISTORY,
            f"Not saved yet: {message}. What you do is kept while Supple runs and saved once "
            "the history can be written.",
        )

    # -- the end --------------------------------------------------------------------------------

    def close_history(self) -> None:
        if self.history is not None:
            try:
                self.history.close()
            except Exception:  # the history's own trouble must not keep the speech running
                log.exception("history: could not close")

    def close_speech(self, finish_within: float) -> None:
        """Let the last words play for up to `finish_within` seconds; then no player is left."""
        if self.speech is not None:
            self.speech.service.close(finish_within=finish_within)
