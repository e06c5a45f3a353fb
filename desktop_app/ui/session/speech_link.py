"""Between the session driver and the cue service: each engine event becomes its cues, a user's
skip, back, pause or stop quiets what was queued, and the service's news (trouble, a cue that
could not be heard) comes back to the GUI thread as signals."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from desktop_app.core.cues import (
    PHRASES,
    SHORT_FORMS,
    Cue,
    CueWriter,
    Priority,
    again_words,
    ask_after_cue,
    hurt_words,
    quiets,
    rehearse,
    resumed_texts,
    said_again_words,
)
from desktop_app.core.engine import Event, EventKind
from desktop_app.core.plan import Phase, Plan
from desktop_app.services.cue_service import CueService
from desktop_app.services.speech import timed
from desktop_app.ui.session.driver import SessionDriver

log = logging.getLogger(__name__)


class SpeechLink(QObject):
    trouble = Signal(str)  # once per kind of trouble: speech is off, no sound...
    unheard = Signal()  # a cue that matters was not heard: show it instead
    recovered = Signal()  # speech renders again after a passing trouble: it is over

    def __init__(self, service: CueService, driver: SessionDriver) -> None:
        super().__init__(driver)
        self.service = service
        self._writer: CueWriter | None = None
        self._clock = driver.clock
        self._end_step = 0  # the step number of the last session's closing words
        self._end_said_by = 0.0  # when they will have been said
        driver.happened.connect(self._on_event)
        service.on_cue = self.heard
        service.on_trouble = self.trouble.emit
        service.on_recovered = self.recovered.emit

    def timed(self, plan: Plan) -> tuple[Plan, bool]:
        """The plan as a session with this voice runs it, each lead-in long enough for its
        words, and whether that length is an estimate (as the home page says it)."""
        return timed(plan, self.service.settings, self.service.length_of)

    def ready(self, plan: Plan) -> Plan:
        """The plan to run: lead-ins long enough for their words, every cue rendering ahead."""
        verbosity = self.service.settings.verbosity
        if not self.service.settings.enabled:
            self._writer = None
            return plan
        plan, _estimated = self.timed(plan)
        self._writer = CueWriter(plan, verbosity, self.service.seconds_of)
        cues = rehearse(plan, verbosity, seconds_of=self.service.seconds_of)
        # What the session says when run straight through: the log's cues are counted against
        # it (benchmarks/cues_realtime.py).
        log.info(
            "speech: %d cues planned, %s, over %.1f s",
            len(cues),
            verbosity.value,
            plan.total_seconds,
        )
        # Rendered ahead: every word in its whole form too (the writer chooses as it goes, and
        # a rendering measured shorter than its estimate may fit after all), the short forms,
        # and the calm word for "this hurts", which must come at once whenever it is needed.
        texts = [cue.text for cue in rehearse(plan, verbosity)]
        calm = [hurt_words(waiting=w) for w in (True, False)]
        # What the user's hand brings: Back in a hold, pause, and going on after a pause,
        # which says the lead-in's part under way again, as one utterance.
        backs = {again_words(step) for step in plan.steps if step.phase is Phase.HOLD}
        # "Say that again" (R) where time runs on: each side's words, each leg's too.
        agains = {
            said_again_words(step, side)
            for step in plan.steps
            if step.phase in (Phase.HOLD, Phase.REPS, Phase.REST)
            for side in {step.side, *(step.stretch.side_words if step.stretch.alternate else ())}
        }
        resumed = sorted(resumed_texts(plan, verbosity))
        hand = [*sorted(backs), *sorted(agains), PHRASES["paused"], *resumed]
        prepared = [*texts, *calm, *hand, *SHORT_FORMS.values(), PHRASES["ask_after"]]
        self.service.prepare(prepared)
        return plan

    # Called on the service's threads: a signal carries it over to the GUI thread.
    def heard(self, cue: Cue, heard: bool) -> None:
        if not heard and cue.priority is Priority.CRITICAL:
            self.unheard.emit()

    def _on_event(self, event: Event) -> None:
        if self._writer is None:
            return
        if quiets(event):
            self.service.flush()
        if cues := self._writer.cues(event):  # most events say nothing: no lock, no wake-up
            self.service.say(cues)
        if event.kind is EventKind.SESSION_FINISHED:
            self._end_step = len(self._writer.plan.steps)
            self._end_said_by = self._writer.free_at
            self._writer = None

    def ask_after(self) -> None:
        """The question after a session, due once its closing words are said: due with them,
        it would wait behind them and count as late (dropped, past the service's limit)."""
        if self.service.settings.enabled:
            due = max(self._clock.now(), self._end_said_by)
            self.service.say([ask_after_cue(due, self._end_step)])
