"""What to say, and when: the engine's events turned into spoken cues.

Pure and table-driven: every phrase is in PHRASES (one place to translate later), and each kind
of event has one rule that picks phrases for the verbosity chosen. Nothing here speaks; the cue
service does, on its own thread.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum, IntEnum

from desktop_app.core.clock import FakeClock
from desktop_app.core.engine import (
    COUNT_FROM,
    EndReason,
    Event,
    EventKind,
    PauseReason,
    SessionEngine,
    SessionStatus,
)
from desktop_app.core.model import Kind, Position, Side, StepKind, Stretch
from desktop_app.core.plan import Beat, Phase, Plan, PlanStep, moving_seconds
from desktop_app.core.summary import SessionFold


class Verbosity(Enum):
    MINIMAL = "minimal"  # when to stop, sides, switches and counts
    NORMAL = "normal"  # adds names, setup words, what to feel, halfway, rests and what is next
    DETAILED = "detailed"  # adds the common mistakes


class Priority(IntEnum):
    CRITICAL = 0  # sides, switches, counts: never cut off, never kept waiting by others
    NORMAL = 1
    DETAIL = 2


@dataclass(frozen=True)
class Cue:
    text: str
    priority: Priority
    due: float  # the clock time it belongs to
    step: int  # the plan step it belongs to: a newer step's cues drop the older ones
    what: str  # the rule that made it, for the log
    private: bool = False  # its words tell that something hurt: health data, kept off the log

    @property
    def logged(self) -> str:
        """The words as the log shows them."""
        return PRIVATE_WORDS if self.private else self.text


PRIVATE_WORDS = "(words that are health data, not logged)"


LANGUAGE = "en"  # what the phrases below, and the content's words, are written in
PHRASES = {
    "intro": "{routine}. {exercises}, about {length}.",
    "safety": (
        "Stop at once at any sharp or shooting pain, numbness or tingling. If something hurts, "
        "press H, and the session waits for you."
    ),
    "name": "{name}.",
    "name_side": "{name}, {side} side.",
    "side": "{side} side.",
    "hold": "Hold for {seconds}.",
    "hold_short": "Hold.",
    "again": "Again: {side} side, {seconds}.",
    "again_unsided": "Again: {seconds}.",
    "switch": "Switch sides.",
    "halfway": "Halfway. Breathe out, and sink a little deeper.",
    "halfway_short": "Halfway.",
    "feel": "You should feel {feel}",
    "mistake": "Watch out for this: {mistake}",
    # The four ways of counting sound different, so that the ear knows which it hears: the
    # count-in to a hold counts down in numbers; a hold's end is words, never a number; the
    # count-in to repetitions is one word; a repetition says its movement, then "that's" and
    # its number, counting up.
    "count": "{number}.",
    "nearly": "Nearly there.",
    "release": "Release.",
    "reps": "{reps} repetitions, {tempo} each.",
    "reps_ready": "Get ready.",
    "rep_go": "Go.",
    "rep_leg": "{side} leg.",
    "rep_return": "And back.",
    "rep_done": "That's {number}.",
    "question": "{question}",
    "answer": "Press {key} for: {label}.",
    "rest": "Rest.",
    "next": "Next: {name}.",
    "paused": "Paused.",
    "hurt": (
        "Let's stop there. Come out of the stretch slowly and breathe easy. A stretch should "
        "pull, never hurt."
    ),
    "hurt_wait": "Take your time: press Space when you want to go on.",
    "resumed": "Carry on.",
    "complete": "Session complete. {length} in all. Well done.",
    "complete_hurt": "That was the last one. {length} in all. Rest as long as you need.",
    "stopped": "Session stopped.",
    # Nothing held (every side skipped, or stopped before any hold): not complete, no praise.
    "ended_empty": "End of the routine. Nothing was held, so it is not counted.",
    "stopped_empty": "Session stopped. Nothing was held, so it is not counted.",
    "ask_after": "How does your back feel now? Press a number, zero to nine, or T for ten.",
}
NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
# Getting there from the position before: said before the setup words.
MOVES = {
    Position.STANDING: "Stand up.",
    Position.SEATED: "Sit down.",
    Position.KNEELING: "Come down to your knees.",
    Position.FLOOR: "Come down to the floor.",
}


def number_words(number: int) -> str:
    return NUMBERS[number] if 0 <= number < len(NUMBERS) else str(number)


def length_words(seconds: float) -> str:
    """'2 minutes', '1 minute 30 seconds', '45 seconds'."""
    total = round(seconds)
    minutes, rest = divmod(total, 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute" + ("s" if minutes != 1 else ""))
    if rest or not minutes:
        parts.append(f"{rest} second" + ("s" if rest != 1 else ""))
    return " ".join(parts)


def _say(phrase: str, /, **values: object) -> str:
    return PHRASES[phrase].format(**values)


def _side_words(stretch: Stretch, side: Side, *, own: bool = True) -> str:
    """The stretch's own words for a side ("Left knee down..."), or else "Left side."."""
    return (stretch.words_for(side) if own else "") or _say("side", side=_side_name(side))


def _side_name(side: Side) -> str:
    return side.value.capitalize()


def lower_first(text: str) -> str:
    """For words that follow others in a sentence; "I" stays as it is."""
    if text == "I" or text.startswith(("I ", "I'")):
        return text
    return text[:1].lower() + text[1:]


class CueWriter:
    """Turns one session's events into cues. It remembers when the session started, so that the
    end can say how long it took, and folds the events as the summary does, so that the end
    says what the summary and the history say of it."""

    def __init__(
        self,
        plan: Plan,
        verbosity: Verbosity,
        seconds_of: Callable[[str], float] | None = None,
    ) -> None:
        """`seconds_of`: how long words take to say; with it, words that would still be playing
        when a hold's end is said ("nearly there") are said short, or left out (see
        `_in_time`)."""
        self.plan = plan
        self.verbosity = verbosity
        self._seconds_of = seconds_of
        self._free_at = -math.inf  # when the voice will have said all it was given
        self._started: float | None = None
        self._fold = SessionFold(plan)
        # After "this hurts": the next step's events, whose words wait until the user goes on;
        # None when nothing waits. The calm word comes once the side (and the steps of it not
        # begun) has ended, so that the queue is quieted before it and never after it.
        self._waiting: list[Event] | None = None
        self._calm_word_due = False
        # The hold Back just left, whose start it returns to: said again in a few words.
        self._back_from: int | None = None
        self._again = False  # the step under way began again by Back
        # Paused by the user (or a sleep): a lead-in's words wait until the user goes on,
        # which says the part under way.
        self._user_paused = False
        # Words that open the next words of their moment ("Release." at a hold's end, "That's
        # three." at a repetition's), said as one with them: two cues at one moment would only
        # queue, the second late by the first's length.
        self._carried: Cue | None = None
        self._rules: dict[EventKind, Callable[[Event], list[Cue]]] = {
            EventKind.SESSION_STARTED: self._session_started,
            EventKind.STEP_STARTED: self._step_started,
            EventKind.STEP_FINISHED: self._step_finished,
            EventKind.SWITCH_SIDES: self._switch_sides,
            EventKind.HALFWAY: self._halfway,
            EventKind.COUNTDOWN: self._countdown,
            EventKind.BEAT: self._beat,
            EventKind.REP_STARTED: self._rep_started,
            EventKind.REP_RETURN: self._rep_return,
            EventKind.REP_COUNTED: self._rep_counted,
            EventKind.PAUSED: self._paused,
            EventKind.RESUMED: self._resumed,
            EventKind.AGAIN: self._said_again,
            EventKind.SESSION_FINISHED: self._session_finished,
        }

    def cues(self, event: Event) -> list[Cue]:
        self._fold.feed(event)
        if quiets(event):
            self._free_at = event.due
            self._carried = None
        if event.kind is EventKind.STEP_FINISHED and event.reason is EndReason.HURT:
            return self._hurt(event)
        if self._waiting is not None:
            if event.kind is EventKind.STEP_STARTED:
                self._waiting = [event]  # skip or back while paused: only the newest counts
                return []
            if event.kind is EventKind.SWITCH_SIDES:
                self._waiting.append(event)
                return []
        rule = self._rules.get(event.kind)
        cues = self._opened(_joined(rule(event)) if rule else [], event)
        for cue in cues:
            self._free_at = self._said_by(cue.due, cue.text)
        return cues

    def _opened(self, cues: list[Cue], event: Event) -> list[Cue]:
        """`cues` opened by the carried words, when they are of its moment; the carried words
        on their own when the moment passed without words."""
        carried = self._carried
        if carried is None or (not cues and event.due == carried.due):
            return cues
        self._carried = None
        if cues and cues[0].due == carried.due:
            first = cues[0]
            return [dataclasses.replace(first, text=f"{carried.text} {first.text}"), *cues[1:]]
        return [carried, *cues]

    @property
    def free_at(self) -> float:
        """When the voice will have said all this writer gave it (with `seconds_of`)."""
        return self._free_at

    def _said_by(self, due: float, text: str) -> float:
        """When `text`, due at `due`, will have been said, after what the voice has before it."""
        length = self._seconds_of(text) if self._seconds_of is not None else 0.0
        return max(due, self._free_at) + length

    def _in_time(self, cues: list[Cue], count_at: float) -> list[Cue]:
        """A hold's end ("nearly there", critical, at `count_at`) cuts off words still playing
        when it begins: such words are said in their short form, or left out. The critical ones
        are kept; a lead-in's words need none of this, since the lead-in grows to fit them
        (`fit_lead_ins`)."""
        if self._seconds_of is None:
            return cues
        kept: list[Cue] = []
        free_at = self._free_at
        for whole in cues:
            cue = whole
            said_by = max(cue.due, free_at) + self._seconds_of(cue.text)
            if cue.priority is not Priority.CRITICAL and said_by > count_at - COUNT_MARGIN:
                short = SHORT_FORMS.get(cue.what)
                said_by = max(cue.due, free_at) + (self._seconds_of(short) if short else math.inf)
                if short is None or said_by > count_at - COUNT_MARGIN:
                    continue
                cue = dataclasses.replace(cue, text=short)
            kept.append(cue)
            free_at = said_by
        return kept

    def _hurt(self, _event: Event) -> list[Cue]:
        """Nothing of the next step is said before the user goes on."""
        self._waiting = []
        self._calm_word_due = True
        return []

    def _calm_word(self, event: Event) -> list[Cue]:
        """Said once, however many steps "this hurts" ended; how to go on, when it waits."""
        if not self._calm_word_due:
            return []
        self._calm_word_due = False
        words = hurt_words(waiting=event.kind is EventKind.PAUSED)
        return [
            dataclasses.replace(self._cue(event, words, Priority.CRITICAL, "hurt"), private=True)
        ]

    @property
    def _normal(self) -> bool:
        return self.verbosity is not Verbosity.MINIMAL

    @property
    def _detailed(self) -> bool:
        return self.verbosity is Verbosity.DETAILED

    def _cue(self, event: Event, text: str, priority: Priority, what: str) -> Cue:
        step = event.step.index if event.step is not None else 0
        return Cue(text, priority, event.due, step, what)

    # -- the rules, one per kind of event -----------------------------------------------------

    def _session_started(self, event: Event) -> list[Cue]:
        self._started = event.due
        return []  # its words open the first step's (`lead_in_parts`)

    def _step_finished(self, event: Event) -> list[Cue]:
        step = event.step
        self._back_from = step.index if step and event.reason is EndReason.BACK else None
        if step is not None and step.phase is Phase.HOLD and event.reason is EndReason.COMPLETED:
            self._carried = self._cue(event, _say("release"), Priority.CRITICAL, "release")
        return []

    def _step_started(self, event: Event) -> list[Cue]:
        step = event.step
        assert step is not None
        phase = step.phase
        again, self._back_from = self._back_from == step.index, None
        self._again = again
        if phase in (Phase.PREPARE, Phase.SWITCH):
            # A switch step's words come with SWITCH_SIDES; a Back to a beat says the beat.
            if phase is Phase.SWITCH or event.number is not None or self._user_paused:
                return []
            return self._part(event, step, 0)
        if self.plan.side_begins_with(step):
            return []  # no switch step (switch = 0): SWITCH_SIDES says the side, then this
        if step.index == 0 and not again:  # no lead-in: the session's words open its work
            words = [intro_words(self.plan, self.verbosity), name_words(step)]
            opening = self._cue(event, " ".join(words), Priority.CRITICAL, "intro")
            return [opening, *(self._hold(event, step) if phase is Phase.HOLD else [])]
        if phase is Phase.HOLD:
            return self._again_words(event, step) if again else self._hold(event, step)
        if phase is Phase.CHECK:
            return self._question(event, step)
        if phase is Phase.REST:
            cues = [self._cue(event, _say("rest"), Priority.NORMAL, "rest")]
            if self._normal:
                next_name = _say("next", name=step.stretch.name)
                cues.append(self._cue(event, next_name, Priority.NORMAL, "next"))
            return cues
        return []  # repetitions: REP_STARTED says the first

    def _beat(self, event: Event) -> list[Cue]:
        step = event.step
        assert step is not None and event.number is not None
        return self._part(event, step, event.number + 1)

    def _part(self, event: Event, step: PlanStep, number: int) -> list[Cue]:
        """Part `number` of a lead-in (`lead_in_parts`): the first as it begins, the others at
        their beats. A lead-in not paced (the minimal level's one part, or a plan not fitted to
        a voice) says all its words but its steps as it begins. Critical when it says the
        switch or the side, as at the minimal level, whose one part is the name and side."""
        parts = lead_in_parts(self.plan, step, self.verbosity)
        if step.beats:
            said = parts[number : number + 1]
        else:
            said = [part for part in parts if part.instruction is None] if number == 0 else []
        if not said:
            return []
        what = "setup" if said[0].instruction is None else "instruction"
        critical = any(part.critical for part in said)
        priority = Priority.CRITICAL if critical else Priority.NORMAL
        return [self._cue(event, " ".join(part.words for part in said), priority, what)]

    def _hold(self, event: Event, step: PlanStep) -> list[Cue]:
        if self._normal and step.duration:
            text = _say("hold", seconds=length_words(step.duration))
        else:
            text = _say("hold_short")
        cues = [self._cue(event, text, Priority.CRITICAL, "hold")]
        if self._normal and step.stretch.feel:  # where the stretch should be felt
            feel = _say("feel", feel=lower_first(step.stretch.feel[0]))
            cues.append(self._cue(event, feel, Priority.NORMAL, "feel"))
        return self._in_time(cues, event.due + (step.duration or 0.0) - COUNT_FROM)

    def _again_words(self, event: Event, step: PlanStep) -> list[Cue]:
        """Back in a hold: its start again, with the side and the seconds, and nothing of its
        set-up, since the user is in position already."""
        return [self._cue(event, again_words(step), Priority.CRITICAL, "again")]

    def _question(self, event: Event, step: PlanStep) -> list[Cue]:
        stretch = step.stretch
        words = [_say("question", question=stretch.question)]
        words += [
            _say("answer", key=number_words(number), label=lower_first(answer.label))
            for number, answer in enumerate(stretch.answers, start=1)
        ]
        return [self._cue(event, " ".join(words), Priority.CRITICAL, "question")]

    def _switch_sides(self, event: Event) -> list[Cue]:
        step = event.step
        assert step is not None and step.side is not None
        if self._user_paused:
            return []  # said when the user goes on
        if step.phase is Phase.SWITCH:
            return [dataclasses.replace(c, what="switch") for c in self._part(event, step, 0)]
        if self._again:
            return []  # Back to this side's work: its own words said it
        # No switch step (switch = 0): the new side, then its work at once.
        words = switch_words(step.stretch, step.side, self.verbosity)
        cues = [self._cue(event, words, Priority.CRITICAL, "switch")]
        return cues + (self._hold(event, step) if step.phase is Phase.HOLD else [])

    def _halfway(self, event: Event) -> list[Cue]:
        step = event.step
        assert step is not None
        if not self._normal:
            return []
        cues = []
        # "Sink a little deeper" has no place in a self-check, whose leg must be left alone.
        if step.stretch.deepen or step.stretch.kind is not Kind.CHECK:
            words = step.stretch.deepen or _say("halfway")
            cues.append(self._cue(event, words, Priority.NORMAL, "halfway"))
        if self._detailed and step.stretch.mistakes:
            mistake = _say("mistake", mistake=step.stretch.mistakes[0])
            cues.append(self._cue(event, mistake, Priority.DETAIL, "mistake"))
        return self._in_time(cues, event.due + (step.duration or 0.0) / 2 - COUNT_FROM)

    def _countdown(self, event: Event) -> list[Cue]:
        step = event.step
        # A rest's count would run straight into the next lead-in's: only the lead-in counts.
        if step is None or step.phase is Phase.REST or event.number is None:
            return []
        if step.phase.is_work:  # a hold's end: words, once, that no count-in uses
            if event.number != COUNT_FROM:
                return []
            return [self._cue(event, _say("nearly"), Priority.CRITICAL, "nearly")]
        work = self.plan.following(step)
        if work is not None and work.phase is Phase.REPS:  # one word, then the first movement
            if event.number != COUNT_FROM:
                return []
            return [self._cue(event, _say("reps_ready"), Priority.CRITICAL, "count")]
        text = _say("count", number=number_words(event.number).capitalize())
        return [self._cue(event, text, Priority.CRITICAL, "count")]

    def _rep_started(self, event: Event) -> list[Cue]:
        """The movement of the repetition beginning, for its leg when legs take turns."""
        step = event.step
        assert step is not None
        stretch = step.stretch
        if stretch.alternate and event.side is not None:
            text = stretch.words_for(event.side) or _say("rep_leg", side=_side_name(event.side))
        else:
            text = _say("rep_go")
        return [self._cue(event, text, Priority.CRITICAL, "rep")]

    def _rep_return(self, event: Event) -> list[Cue]:
        """The way back, halfway through a repetition: the stretch's words, or "And back." when
        those would still be playing as the next repetition begins (a slow voice), or none."""
        step = event.step
        assert step is not None
        next_rep = event.due + (step.tempo or 0.0) / 2 - COUNT_MARGIN
        for text in (step.stretch.rep_return, SHORT_FORMS["rep"]):
            if text and (self._seconds_of is None or self._said_by(event.due, text) <= next_rep):
                return [self._cue(event, text, Priority.CRITICAL, "rep")]
        return []

    def _rep_counted(self, event: Event) -> list[Cue]:
        assert event.number is not None
        text = _say("rep_done", number=number_words(event.number))
        self._carried = self._cue(event, text, Priority.CRITICAL, "rep")
        return []

    def _paused(self, event: Event) -> list[Cue]:
        if event.pause is PauseReason.HURT:
            return self._calm_word(event)  # which says it is paused, in its own words
        self._user_paused = True
        return [self._cue(event, _say("paused"), Priority.NORMAL, "paused")]

    def _resumed(self, event: Event) -> list[Cue]:
        waiting, self._waiting = self._waiting or [], None
        self._user_paused = False
        carry_on = _say("resumed")
        # The step's own words, now that it really begins: dated now, after "Carry on.", so
        # that what would run into a hold's end is judged from when they are said.
        before, self._free_at = self._free_at, self._said_by(event.due, carry_on)
        held: list[Cue] = []
        for kept in waiting:
            held += self._rules[kept.kind](dataclasses.replace(kept, due=event.due))
        step = event.step
        if not waiting and step is not None and step.beats:
            # The part the pause quieted, from whose start the engine goes on
            # (`SessionEngine._rewind_lead_in`).
            held += self._part(event, step, 0 if event.number is None else event.number + 1)
        self._free_at = before  # `cues` counts every cue it returns, "Carry on." with them
        # Of the first held words' priority, so that one utterance says both, in this order:
        # a lower one would be spoken after them.
        priority = held[0].priority if held else Priority.NORMAL
        return [self._cue(event, carry_on, priority, "resumed"), *held]

    def _said_again(self, event: Event) -> list[Cue]:
        """ "Say that again" in a hold, repetitions, a rest or a question (a lead-in goes back
        to its part instead, see `SessionEngine.say_again`): what the step is, and its words."""
        step = event.step
        assert step is not None
        if step.phase is Phase.CHECK:
            return self._question(event, step)
        text = said_again_words(step, event.side or step.side)
        return [self._cue(event, text, Priority.NORMAL, "again")]

    def _session_finished(self, event: Event) -> list[Cue]:
        calm = self._calm_word(event)  # the last side hurt: no pause, the end comes at once
        self._waiting = None
        summary = self._fold.summary()  # this event is in it: the status the history keeps
        if summary.status is SessionStatus.COMPLETED:
            took = event.due - (self._started if self._started is not None else event.due)
            # No "well done" for a session whose last side hurt.
            text = _say("complete_hurt" if calm else "complete", length=length_words(took))
        elif not summary.held_anything:
            text = _say("ended_empty" if summary.ran_to_end else "stopped_empty")
        else:
            text = _say("stopped")
        end = Cue(text, Priority.NORMAL, event.due, len(self.plan.steps), "end", private=bool(calm))
        return [*calm, end]


def ask_after_cue(due: float, step: int) -> Cue:
    """The question after a session, of its last step (`step`), so that its closing words and
    this neither drop the other."""
    return Cue(_say("ask_after"), Priority.NORMAL, due, step, "ask")


def hurt_words(*, waiting: bool) -> str:
    """The calm word after "this hurts"; `waiting`: the session waits for the user."""
    return f"{_say('hurt')} {_say('hurt_wait')}" if waiting else _say("hurt")


def quiets(event: Event) -> bool:
    """Does `event` silence what was queued to be said? Skip, Back, Stop, "say that again",
    "this hurts" and a pause come from the user's hand, not the clock: what was queued is
    stale. "This hurts" has its own pause, whose calm word must not be quieted."""
    if event.kind is EventKind.PAUSED:
        return event.pause is not PauseReason.HURT
    if event.kind is EventKind.AGAIN:
        return True  # asked for now: what was queued would only keep it waiting
    return event.kind is EventKind.STEP_FINISHED and event.reason is not EndReason.COMPLETED


def said_again_words(step: PlanStep, side: Side | None) -> str:
    """ "Say that again" in a hold or repetitions (`side`: the leg under way, where legs take
    turns): the stretch, its side and the side's words; in a rest, what comes next."""
    if step.phase is Phase.REST:
        return f"{_say('rest')} {_say('next', name=step.stretch.name)}"
    own = step.stretch.words_for(side) if side is not None else ""
    return " ".join(words for words in (name_words(step), own) if words)


def again_words(step: PlanStep) -> str:
    """What Back in a hold says: its side and its seconds ("Again: left side, 30 seconds.")."""
    seconds = length_words(step.duration or 0.0)
    if step.side is not None and step.stretch.sided:
        return _say("again", side=step.side.value, seconds=seconds)
    return _say("again_unsided", seconds=seconds)


def _joined(cues: list[Cue]) -> list[Cue]:
    """Cues of one moment and one priority become one utterance: spoken one after another they
    would only queue, each later one late by the length of those before."""
    joined: list[Cue] = []
    for cue in cues:
        last = joined[-1] if joined else None
        if last is not None and last.priority is cue.priority and last.due == cue.due:
            joined[-1] = dataclasses.replace(last, text=f"{last.text} {cue.text}")
        else:
            joined.append(cue)
    return joined


def rehearse(
    plan: Plan,
    verbosity: Verbosity,
    clock: FakeClock | None = None,
    seconds_of: Callable[[str], float] | None = None,
) -> list[Cue]:
    """Every cue of the plan run straight through, on a fake clock: what to render ahead of
    time, what `supple script` prints, and what a test can check. Questions are answered at
    once, with their first answer. `clock`: where the session starts (its time now);
    `seconds_of`: as the session's writer has it (words said short where there is no time)."""
    clock = clock or FakeClock()
    engine = SessionEngine(plan, clock, sleep_gap=math.inf)
    writer = CueWriter(plan, verbosity, seconds_of)
    cues: list[Cue] = []
    events = engine.start()
    while True:
        cues += [cue for event in events for cue in writer.cues(event)]
        step = engine.current
        if step is None:
            return cues
        if step.duration is None:
            events = engine.answer(step.stretch.answers[0].id if step.stretch.answers else "")
        else:
            clock.advance(engine.remaining() or 0.0)
            events = engine.tick()


# Seconds from the end of a lead-in's words to the end of the lead-in: the "three, two, one"
# and a breath before it.
COUNT_ROOM = 4.0
COUNT_MARGIN = 0.5  # words must be said this long before a count: the player starts late
# Words that may be said short when their whole form would run into what comes next (a hold's
# end; a repetition's way back into the next repetition); the others are left out then.
SHORT_FORMS = {"halfway": PHRASES["halfway_short"], "rep": PHRASES["rep_return"]}
# Words per minute assumed for a text not rendered yet: slower than any rate we offer at its
# default, so that an estimate errs on the long side.
ESTIMATE_WPM = 150


def estimate_seconds(text: str, rate_wpm: int = ESTIMATE_WPM) -> float:
    words = len(text.split())
    sentences = max(1, sum(text.count(mark) for mark in ".?!:"))
    return words * 60 / max(rate_wpm, 60) + 0.25 * sentences


@dataclass(frozen=True)
class Part:
    """A part of what a lead-in says, and the seconds a person needs to do what it says."""

    words: str
    doing: float
    instruction: int | None = None  # the stretch's instruction it is
    critical: bool = False  # it says the side or the switch: critical, as every side is


OPENING_PAUSE = 1.0  # seconds after the session's opening words, before the first stretch's


def intro_words(plan: Plan, verbosity: Verbosity) -> str:
    """What a session opens with: the routine, how many exercises and how long (from normal),
    and, at every level, when to stop: the screen is not where a person on the floor looks."""
    safety = _say("safety")
    if verbosity is Verbosity.MINIMAL or not plan.steps:
        return safety
    count = plan.steps[0].item_count
    exercises = f"{number_words(count).capitalize()} exercise" + ("s" if count != 1 else "")
    length = length_words(max(1, round(plan.total_seconds / 60)) * 60)
    intro = _say("intro", routine=plan.routine.name, exercises=exercises, length=length)
    return f"{intro} {safety}"


def name_words(step: PlanStep) -> str:
    """The stretch's name, with the side when it has sides: "Lizard pose, left side."."""
    stretch = step.stretch
    if step.side is not None and stretch.sided:
        return _say("name_side", name=stretch.name, side=step.side.value)
    return _say("name", name=stretch.name)


def switch_words(stretch: Stretch, side: Side, verbosity: Verbosity) -> str:
    """ "Switch sides." and the new side: the stretch's words for it from normal."""
    own = verbosity is not Verbosity.MINIMAL
    return f"{_say('switch')} {_side_words(stretch, side, own=own)}"


def lead_in_parts(plan: Plan, step: PlanStep, verbosity: Verbosity) -> list[Part]:
    """What a lead-in says, part by part; nothing for other steps. The first part is said as
    the step begins, each other at a beat of its own (`fit_lead_ins` times them).

    Getting into position: the session's opening words (first step only), then the stretch's
    name, the move to its position, its set-up and its side's words, then, before
    repetitions, how many and what they show, then its instructions one at a time. Switching
    sides: how to change sides, the new side's words, then the instructions said again (the
    form that makes the stretch work: `Stretch.said_again`). At the minimal level, one part:
    the name and the side, or the switch and the side."""
    stretch = step.stretch
    normal = verbosity is not Verbosity.MINIMAL
    if step.phase is Phase.SWITCH:
        assert step.side is not None
        if not normal:
            return [Part(switch_words(stretch, step.side, verbosity), 0.0, critical=True)]
        change = " ".join(words for words in (_say("switch"), stretch.change_sides) if words)
        moving = StepKind.MOVE.seconds if stretch.change_sides else 0.0
        new_side = Part(_side_words(stretch, step.side), StepKind.ADJUST.seconds, critical=True)
        return [Part(change, moving, critical=True), new_side, *_steps(stretch, stretch.said_again)]
    if step.phase is not Phase.PREPARE:
        return []
    side = step.side if stretch.sided else None
    intro = [intro_words(plan, verbosity)] if step.index == 0 else []
    if not normal:
        return [Part(" ".join([*intro, name_words(step)]), 0.0, critical=True)]
    opening = [_say("name", name=stretch.name)]
    if step.position_change:
        opening.append(MOVES[stretch.position])
    if stretch.setup:
        opening.append(stretch.setup)
    if side is not None:
        opening.append(_side_words(stretch, side))
    moving = max(StepKind.ADJUST.seconds, moving_seconds(step.position_change))
    parts = [Part(intro[0], OPENING_PAUSE)] if intro else []
    parts.append(Part(" ".join(opening), moving, critical=side is not None))
    work = plan.following(step)
    if work is not None and work.phase is Phase.REPS:
        # How many and how fast, and what the movement shows, before the steps: the last of
        # them is the position the first repetition starts from.
        tempo = length_words(work.tempo or 0.0)
        parts.append(
            Part(" ".join([_say("reps", reps=work.reps, tempo=tempo), *stretch.feel]), 0.0)
        )
    return parts + _steps(stretch, range(len(stretch.instructions)))


def _steps(stretch: Stretch, numbers: Iterable[int]) -> list[Part]:
    return [Part(stretch.instructions[n], stretch.seconds_to_do(n), n) for n in numbers]


def resumed_texts(plan: Plan, verbosity: Verbosity) -> set[str]:
    """What going on after a pause may say: "Carry on.", joined (as `CueWriter._resumed`
    says them) with the part of a paced lead-in that the pause quieted."""
    carry_on = _say("resumed")
    parts = {
        f"{carry_on} {part.words}"
        for step in plan.steps
        if step.beats
        for part in lead_in_parts(plan, step, verbosity)
    }
    return {carry_on, *parts}


def carried_words(plan: Plan, step: PlanStep) -> str:
    """The words that open a step's first words when the step before ran to its end (see
    `CueWriter._opened`): "Release." after a hold, "That's ten." after repetitions."""
    before = plan.steps[step.index - 1] if step.index > 0 else None
    if before is None:
        return ""
    if before.phase is Phase.HOLD:
        return _say("release")
    if before.phase is Phase.REPS and before.reps:
        return _say("rep_done", number=number_words(before.reps))
    return ""


def fit_lead_ins(plan: Plan, verbosity: Verbosity, seconds_of: Callable[[str], float]) -> Plan:
    """The plan with each lead-in paced: each part of its words (`lead_in_parts`) has a beat
    after the one before has been said and done, and the lead-in is long enough for them all
    and the count after them, so that a hold never starts mid-sentence."""
    steps = list(plan.steps)
    for step in plan.steps:
        parts = lead_in_parts(plan, step, verbosity)
        if not parts or step.duration is None:
            continue
        carried = carried_words(plan, step)
        at, beats = seconds_of(carried) if carried else 0.0, []
        for number, part in enumerate(parts):
            if number:
                beats.append(Beat(at, part.instruction))
            at += seconds_of(part.words) + part.doing
        needed = float(math.ceil(at + COUNT_ROOM))
        duration = max(step.duration, needed)
        steps[step.index] = dataclasses.replace(step, duration=duration, beats=tuple(beats))
    return Plan(plan.routine, tuple(steps))
