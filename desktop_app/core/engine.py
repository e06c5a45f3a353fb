"""The session's state machine. It reads the clock and never sleeps or schedules: whoever drives
it calls `tick()` often, and every call returns the events that fell due since the last one, in
order, each stamped with the time it was due.

Every boundary is computed from the previous deadline, never from the time a tick happened to
run, so a late tick changes when an event is delivered, never when the next one is due.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from desktop_app.core.clock import Clock
from desktop_app.core.model import Kind, Side
from desktop_app.core.plan import Phase, Plan, PlanStep

# A tick this long after the previous one means the machine slept (or the program was stopped):
# pause instead of firing a burst of stale cues.
SLEEP_GAP = 5.0
# Back within this many seconds of a segment's start goes to the previous segment; within this
# many seconds of a hold's start, to the start of its segment (the hold's lead-in).
BACK_WINDOW = 3.0


# A step's last seconds: a lead-in counts them down ("three, two, one"), a hold says it ends.
COUNT_FROM = 3


class State(Enum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


class EventKind(Enum):
    SESSION_STARTED = "session-started"
    STEP_STARTED = "step-started"
    SWITCH_SIDES = "switch-sides"  # follows the STEP_STARTED that begins the second side
    HALFWAY = "halfway"
    COUNTDOWN = "countdown"  # number = 3, 2, 1 seconds left
    BEAT = "beat"  # a paced lead-in's next part is due: number = the beat, 0-based
    REP_STARTED = "rep-started"  # number = the rep, side = the leg of an alternating exercise
    REP_RETURN = "rep-return"  # halfway through a rep: the movement turns back
    REP_COUNTED = "rep-counted"
    STEP_FINISHED = "step-finished"
    PAUSED = "paused"
    RESUMED = "resumed"  # number = the beat under way, in a paced lead-in
    AGAIN = "again"  # "say that again" where time does not move: the step's words once more
    SESSION_FINISHED = "session-finished"


class EndReason(Enum):
    COMPLETED = "completed"
    SKIPPED = "skipped"
    BACK = "back"  # left for an earlier point by Back
    STOPPED = "stopped"
    HURT = "hurt"  # ended by "this hurts"


class PauseReason(Enum):
    USER = "user"
    SLEEP = "sleep"
    HURT = "hurt"  # after "this hurts": the user decides whether to go on


class SessionStatus(Enum):
    COMPLETED = "completed"
    STOPPED = "stopped"
    INTERRUPTED = "interrupted"  # never set by the engine: a session the history found left open


@dataclass(frozen=True)
class Event:
    kind: EventKind
    due: float  # the clock time the event belongs to
    step: PlanStep | None = None
    number: int | None = None
    side: Side | None = None
    held: float = 0.0  # STEP_FINISHED: seconds the clock ran while this step was current
    reason: EndReason | None = None
    answer: str | None = None
    pause: PauseReason | None = None
    status: SessionStatus | None = None


@dataclass(frozen=True)
class _Mark:
    offset: float  # seconds into the step
    kind: EventKind
    number: int | None = None
    side: Side | None = None


def _marks(step: PlanStep) -> tuple[_Mark, ...]:
    duration = step.duration
    if duration is None:
        return ()
    marks: list[_Mark] = []
    if step.phase is Phase.REPS and step.reps and step.tempo:
        for rep in range(1, step.reps + 1):
            leg, start = step.leg(rep), (rep - 1) * step.tempo
            marks.append(_Mark(start, EventKind.REP_STARTED, rep, leg))
            marks.append(_Mark(start + step.tempo / 2, EventKind.REP_RETURN, rep, leg))
            marks.append(_Mark(rep * step.tempo, EventKind.REP_COUNTED, rep, leg))
        return tuple(marks)
    marks += [_Mark(beat.at, EventKind.BEAT, number) for number, beat in enumerate(step.beats)]
    if step.phase is Phase.HOLD and duration > 6:
        marks.append(_Mark(duration / 2, EventKind.HALFWAY))
    counts = range(COUNT_FROM, 0, -1)
    marks += [_Mark(duration - n, EventKind.COUNTDOWN, n) for n in counts if duration > n]
    return tuple(sorted(marks, key=lambda mark: mark.offset))


def _beat_under_way(step: PlanStep, elapsed: float) -> int | None:
    """The beat of a paced lead-in whose part is being said or done `elapsed` seconds in;
    None before its first beat, and in any other step."""
    begun = [number for number, beat in enumerate(step.beats) if beat.at <= elapsed]
    return begun[-1] if begun else None


class SessionEngine:
    def __init__(
        self,
        plan: Plan,
        clock: Clock,
        *,
        sleep_gap: float = SLEEP_GAP,
        back_window: float = BACK_WINDOW,
    ) -> None:
        self.plan = plan
        self._clock = clock
        self._sleep_gap = sleep_gap
        self._back_window = back_window
        self.state = State.READY
        self._index = 0
        # When the current step would have begun had it never been paused: its deadline is
        # origin + duration and each mark is due at origin + offset (running only).
        self._origin = 0.0
        self._paused_elapsed = 0.0  # seconds into the current step (paused only)
        self.paused_for: PauseReason | None = None  # why it is paused, while it is
        self._marks: tuple[_Mark, ...] = ()
        self._next_mark = 0
        self._last_tick = 0.0

    # -- what a screen shows -------------------------------------------------------------

    @property
    def current(self) -> PlanStep | None:
        if self.state in (State.RUNNING, State.PAUSED):
            return self.plan.steps[self._index]
        return None

    def remaining(self) -> float | None:
        """Seconds left in the current step; None while waiting for an answer or not running."""
        step = self.current
        if step is None or step.duration is None:
            return None
        return max(0.0, step.duration - self.elapsed())

    def elapsed(self) -> float:
        """Seconds the clock ran in the current step, not counting pauses."""
        return self._elapsed_at(self._clock.now())

    def _elapsed_at(self, when: float) -> float:
        if self.state is State.RUNNING:
            return when - self._origin
        return self._paused_elapsed if self.state is State.PAUSED else 0.0

    def current_rep(self) -> tuple[int, Side | None] | None:
        """The repetition under way (1-based) and its leg, in a repetitions step."""
        step = self.current
        if step is None or step.phase is not Phase.REPS or not step.tempo or not step.reps:
            return None
        rep = min(step.reps, int(self.elapsed() // step.tempo) + 1)
        return rep, step.leg(rep)

    def remaining_total(self) -> float:
        """Seconds left in the whole session, not counting time spent answering questions."""
        if self.current is None:
            return 0.0 if self.state is State.FINISHED else self.plan.total_seconds
        later = self.plan.steps[self._index + 1 :]
        return (self.remaining() or 0.0) + sum(step.duration or 0.0 for step in later)

    # -- commands ------------------------------------------------------------------------

    def start(self) -> list[Event]:
        if self.state is not State.READY:
            return []
        now = self._clock.now()
        self.state = State.RUNNING
        self._last_tick = now
        events = [Event(EventKind.SESSION_STARTED, now)]
        events += self._enter(0, now)
        return events + self._advance(now)

    def tick(self) -> list[Event]:
        now = self._clock.now()
        last, self._last_tick = self._last_tick, now
        if self.state is not State.RUNNING:
            return []
        waiting = self.plan.steps[self._index].duration is None  # nothing can fall due
        if now - last > self._sleep_gap and not waiting:
            # Everything due up to the last tick has been delivered; stop the clock there.
            return self._pause(last, PauseReason.SLEEP)
        return self._advance(now)

    def pause(self) -> list[Event]:
        now = self._clock.now()
        events = self.tick()
        if self.state is State.RUNNING:
            events += self._pause(now, PauseReason.USER)
        return events

    def resume(self) -> list[Event]:
        if self.state is not State.PAUSED:
            return self.tick()
        now = self._clock.now()
        self._last_tick = now
        self.state = State.RUNNING
        self.paused_for = None
        step = self.current
        beat = self._rewind_lead_in(step) if step is not None else None
        self._origin = now - self._paused_elapsed
        return [Event(EventKind.RESUMED, now, step, number=beat), *self._advance(now)]

    def _rewind_lead_in(self, step: PlanStep) -> int | None:
        """Going on in a paced lead-in starts again from the part under way, which the pause
        quieted and which is said again with "Carry on": from its beat (returned), or from
        the step's start (None), so that what follows keeps its time to be said and done.
        Anywhere else, going on keeps the time left."""
        if not step.beats:
            return None
        beat = _beat_under_way(step, self._paused_elapsed)
        self._paused_elapsed = self._pass_marks(step, beat, said=True)
        return beat

    def _pass_marks(self, step: PlanStep, beat: int | None, *, said: bool) -> float:
        """Pass by the marks before `beat` (the step's start when None), and the beat's own
        when it is `said` already; the seconds into the step the beat is."""
        into = step.beats[beat].at if beat is not None else 0.0
        self._next_mark = sum(1 for mark in self._marks if mark.offset < into)
        if said and beat is not None:
            self._next_mark += 1
        return into

    def toggle_pause(self) -> list[Event]:
        return self.resume() if self.state is State.PAUSED else self.pause()

    def skip(self) -> list[Event]:
        """Move on to the next step now: in a lead-in that means "I'm ready", in a hold "enough".
        A skip while paused stays paused."""
        events = self.tick()
        step = self.current
        if step is None:
            return events
        return events + self._move_to(step.index + 1, EndReason.SKIPPED)

    def back(self) -> list[Event]:
        """Go back to where the user was a moment ago. In a hold, to the start of that hold:
        the user is in position already, and a new lead-in would only set them up again. In a
        paced lead-in, to the start of the instruction being said (within a few seconds of
        its start, the one before), which is said again. In another lead-in, a rest or a
        question, and in a hold's first few seconds (begun before the user was ready), to the
        start of the current segment (this side with its lead-in). Within a few seconds of the
        segment's start, to the previous segment."""
        events = self.tick()
        step = self.current
        if step is None:
            return events
        elapsed = self.elapsed()
        beat = self._beat_back(step, elapsed)
        if self._into_segment() < self._back_window and step.segment > 0:
            target = self.plan.segment_start(step.segment - 1)
        elif beat is not None:
            return events + self._move_to(step.index, EndReason.BACK, beat=beat)
        elif step.phase is Phase.HOLD and elapsed >= self._back_window:
            target = step.index
        else:
            target = self.plan.segment_start(step.segment)
        return events + self._move_to(target, EndReason.BACK)

    def say_again(self) -> list[Event]:
        """Say that again (R, or the media controls' Previous while getting into position).
        In a lead-in, its part under way from the part's start, which is said again with its
        time to be done: the engine goes back to it as Back does, never further. Anywhere
        else time runs on and an AGAIN event asks for the step's words once more."""
        events = self.tick()
        step = self.current
        if step is None:
            return events
        if step.phase.is_lead_in:
            beat = _beat_under_way(step, self.elapsed())
            return events + self._move_to(step.index, EndReason.BACK, beat=beat)
        rep = self.current_rep()
        leg = rep[1] if rep is not None else None  # repetitions: the leg under way
        return [*events, Event(EventKind.AGAIN, self._clock.now(), step, side=leg)]

    def _beat_back(self, step: PlanStep, elapsed: float) -> int | None:
        """The beat of a paced lead-in that Back returns to; None for the step's start."""
        beat = _beat_under_way(step, elapsed)
        if beat is None:
            return None
        if elapsed - step.beats[beat].at < self._back_window:
            return beat - 1 if beat > 0 else None
        return beat

    def _into_segment(self) -> float:
        """Seconds into the current segment: the steps before this one in it at their full
        time (though a skip may have cut them short, or a Back to a hold's start passed them
        by), and the time run in this one."""
        step = self.plan.steps[self._index]
        start = self.plan.segment_start(step.segment)
        earlier = self.plan.steps[start : self._index]
        return sum(s.duration or 0.0 for s in earlier) + self.elapsed()

    def answer(self, answer_id: str) -> list[Event]:
        """Answer the question of a self-check and move on."""
        step = self.current
        # Checked before the tick, so that a wrong id loses none of the events the tick returns.
        answers = {a.id for a in step.stretch.answers} if step is not None else set()
        if step is not None and step.stretch.kind is Kind.CHECK and answer_id not in answers:
            raise ValueError(f"'{answer_id}' is not an answer of {step.stretch.id}")
        events = self.tick()
        step = self.current
        if step is None or step.phase is not Phase.CHECK:
            return events
        return events + self._move_to(step.index + 1, EndReason.COMPLETED, answer_id)

    @property
    def can_hurt(self) -> bool:
        """Whether a stretch is under way for "this hurts" to end: none is in a rest or at a
        question, nor in the pause after "this hurts", whose next side has not begun."""
        step = self.current
        return (
            step is not None
            and step.phase not in (Phase.REST, Phase.CHECK)
            and self.paused_for is not PauseReason.HURT
        )

    def hurt(self) -> list[Event]:
        """It hurts: end this side of the stretch now (its lead-in, its hold or repetitions, and
        a self-check's question) and pause before what comes next, so that nothing new starts
        until the user says so. Nothing happens in a rest or at a question, where no stretch is
        under way, nor in that pause: pressed twice, it would end a side never begun."""
        events = self.tick()
        step = self.current
        if step is None or not self.can_hurt:
            return events
        now = self._clock.now()
        events += self._finish(now, EndReason.HURT)
        # The rest of this side ends with it, never begun: the hold after a lead-in, the
        # question after a self-check's hold.
        after = step.index + 1
        while after < len(self.plan.steps):
            later = self.plan.steps[after]
            if later.segment != step.segment or later.phase is Phase.REST:
                break
            events.append(Event(EventKind.STEP_FINISHED, now, later, reason=EndReason.HURT))
            after += 1
        events += self._enter(after, now)
        if self.state is State.FINISHED:
            return events
        # From running, or paused already: either way it is now this pause, said again.
        return events + self._pause(now, PauseReason.HURT)

    def stop(self) -> list[Event]:
        """End the session early; what was done stays done."""
        if self.state is State.READY:
            return []
        events = self.tick()
        if self.state is State.FINISHED:  # over already, or the tick just ended it
            return events
        now = self._clock.now()
        if self.current is not None:
            events += self._finish(now, EndReason.STOPPED)
        self.state = State.FINISHED
        return [*events, Event(EventKind.SESSION_FINISHED, now, status=SessionStatus.STOPPED)]

    # -- the mechanism -------------------------------------------------------------------

    def _move_to(
        self,
        index: int,
        reason: EndReason,
        answer: str | None = None,
        *,
        beat: int | None = None,
    ) -> list[Event]:
        """Leave the current step now, for `reason`, and enter step `index` (at its `beat`)."""
        now = self._clock.now()
        events = self._finish(now, reason, answer)
        events += self._enter(index, now, beat)
        return events + self._advance(now)

    def _advance(self, now: float) -> list[Event]:
        """Deliver everything due up to `now`, crossing as many steps as needed."""
        events: list[Event] = []
        while self.state is State.RUNNING:
            step = self.plan.steps[self._index]
            if step.duration is None:
                break
            while self._next_mark < len(self._marks):
                mark = self._marks[self._next_mark]
                due = self._origin + mark.offset
                if due > now:
                    break
                events.append(Event(mark.kind, due, step, mark.number, mark.side))
                self._next_mark += 1
            deadline = self._origin + step.duration
            if deadline > now:
                break
            events += self._finish(deadline, EndReason.COMPLETED)
            events += self._enter(self._index + 1, deadline)
        return events

    def _finish(self, at: float, reason: EndReason, answer: str | None = None) -> list[Event]:
        held = self._elapsed_at(at)
        step = self.plan.steps[self._index]
        return [Event(EventKind.STEP_FINISHED, at, step, held=held, reason=reason, answer=answer)]

    def _enter(self, index: int, at: float, beat: int | None = None) -> list[Event]:
        """Enter step `index` at its start, or at its `beat`: then STEP_STARTED carries the
        beat's number, and the beat's mark falls due at once (while paused, going on says it:
        see `_rewind_lead_in`)."""
        if index >= len(self.plan.steps):
            self.state = State.FINISHED
            return [Event(EventKind.SESSION_FINISHED, at, status=SessionStatus.COMPLETED)]
        step = self.plan.steps[index]
        self._index = index
        self._marks = _marks(step)
        into = self._pass_marks(step, beat, said=False)
        self._origin, self._paused_elapsed = at - into, into
        events = [Event(EventKind.STEP_STARTED, at, step, number=beat)]
        if step.side_number > 0 and self.plan.segment_start(step.segment) == index and into == 0:
            # The second side begins, with a switch step or, when switch = 0, straight away.
            events.append(Event(EventKind.SWITCH_SIDES, at, step, side=step.side))
        return events

    def _pause(self, at: float, reason: PauseReason) -> list[Event]:
        self._paused_elapsed = at - self._origin
        self.state, self.paused_for = State.PAUSED, reason
        return [Event(EventKind.PAUSED, at, self.current, pause=reason)]
