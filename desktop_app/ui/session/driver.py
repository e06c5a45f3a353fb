"""The session's one timer. It calls the engine and passes on what happened as Qt signals; it
decides nothing about the session itself.

The timer is a precise single shot, re-armed after every tick for the next moment the screen
must change: the next tenth of a second of the countdown, which includes the next whole second,
so the digit flips on time and the ring moves in small steps. Nothing running, no timer: paused,
waiting for an answer, or no session at all.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from desktop_app.core.clock import Clock
from desktop_app.core.engine import Event, EventKind, SessionEngine, State
from desktop_app.core.plan import Plan
from desktop_app.core.summary import Summary, summarize
from desktop_app.ui.kit.armed_timer import ArmedTimer

# Seconds between redraws of the ring; whole seconds are multiples of it, so every digit change
# falls exactly on a tick.
FRAME = 0.1


def delay_to_next_frame(remaining: float) -> float:
    """Seconds from now to the next tenth-of-a-second mark of a countdown with `remaining`
    seconds left (the step's end when under a tenth is left)."""
    frames = math.ceil(round(remaining / FRAME, 6)) - 1
    return remaining - max(0, frames) * FRAME


class SessionDriver(QObject):
    happened = Signal(object)  # each engine Event, in order
    frame = Signal()  # time moved on: redraw the countdown
    finished = Signal(object)  # the session's Summary

    def __init__(self, clock: Clock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.engine: SessionEngine | None = None
        self._events: list[Event] = []
        self._timer = ArmedTimer(self.tick, self)

    # -- commands from the window ----------------------------------------------------------

    def start(self, plan: Plan) -> None:
        if self.running:
            raise RuntimeError("a session is already running")
        self.engine = SessionEngine(plan, self.clock)
        self._events = []
        self._deliver(self.engine.start())

    def tick(self) -> None:
        self._do(SessionEngine.tick)

    def toggle_pause(self) -> None:
        self._do(SessionEngine.toggle_pause)

    def pause(self) -> None:
        self._do(SessionEngine.pause)

    def resume(self) -> None:
        self._do(SessionEngine.resume)

    def skip(self) -> None:
        self._do(SessionEngine.skip)

    def back(self) -> None:
        self._do(SessionEngine.back)

    def say_again(self) -> None:
        self._do(SessionEngine.say_again)

    def stop(self) -> None:
        self._do(SessionEngine.stop)

    def hurt(self) -> None:
        self._do(SessionEngine.hurt)

    def answer(self, answer_id: str) -> None:
        self._do(lambda engine: engine.answer(answer_id))

    def _do(self, command: Callable[[SessionEngine], list[Event]]) -> None:
        """Pass a command to the engine, if a session was started, and deliver its events."""
        if self.engine is not None:
            self._deliver(command(self.engine))

    # -- what the window reads -------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.engine is not None and self.engine.state in (State.RUNNING, State.PAUSED)

    @property
    def armed(self) -> float | None:
        """Seconds the timer was last set to wait, or None when it is stopped."""
        return self._timer.armed

    def summary(self) -> Summary | None:
        if self.engine is None:
            return None
        return summarize(self.engine.plan, self._events)

    # -- the mechanism ---------------------------------------------------------------------

    def _deliver(self, events: list[Event]) -> None:
        self._events += events
        self._arm()
        for event in events:
            self.happened.emit(event)
        self.frame.emit()
        if any(e.kind is EventKind.SESSION_FINISHED for e in events):
            self.finished.emit(self.summary())

    def _arm(self) -> None:
        engine = self.engine
        remaining = engine.remaining() if engine and engine.state is State.RUNNING else None
        self._timer.arm(None if remaining is None else delay_to_next_frame(remaining))
