"""What a session will say, and when: the script that `supple script` prints.

A plan as a session runs it (its lead-ins already fitted to their words) is rehearsed on a fake
clock, as the session's speech renders it ahead. Each cue gets the time it is due, counted from
the session's start, and how long it takes to say; a cue still being said when the next one is
due, or when its step ends, is marked: those are the cues a session may cut short or drop. The
lengths come from the caller (measured from the recordings, or estimated), so this stays pure.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass

from desktop_app.core.clock import FakeClock
from desktop_app.core.cues import Cue, Verbosity, ask_after_cue, estimate_seconds, rehearse
from desktop_app.core.overview import count_text, duration_text
from desktop_app.core.plan import Phase, Plan, PlanStep

# Less than this is not counted as running over: the printed tenths could not show it.
SLACK = 0.05
WIDTH = 100  # characters a line of the script takes at most (a word longer than that aside)


@dataclass(frozen=True)
class Spoken:
    """How long a text takes to say; `estimated` when it was never rendered with this voice."""

    seconds: float
    estimated: bool


Lengths = Callable[[str], Spoken]


def estimated(rate_wpm: int) -> Lengths:
    """Every length estimated from the words, at this rate: the same on every machine."""
    return lambda text: Spoken(estimate_seconds(text, rate_wpm), estimated=True)


@dataclass(frozen=True)
class Line:
    """One cue of the script."""

    cue: Cue
    at: float  # when it is due, in seconds from the session's start
    spoken: Spoken
    waits: float  # seconds it waits for the cues of its moment said before it
    over_next: float  # seconds it would still be said when the next cue is due (0: none)
    over_end: float  # seconds it would still be said when its step ends (0: none)

    @property
    def ends(self) -> float:
        return self.at + self.waits + self.spoken.seconds


@dataclass(frozen=True)
class Script:
    plan: Plan  # as the session runs it: lead-ins fitted to the words
    verbosity: Verbosity
    starts: tuple[float, ...]  # when each plan step starts, in seconds from the session's start
    lines: tuple[Line, ...]

    @property
    def questions(self) -> int:
        """Self-checks' questions: the session waits for each answer, which takes no time here."""
        return sum(1 for step in self.plan.steps if step.duration is None)

    @property
    def overlapping(self) -> int:
        return sum(1 for line in self.lines if line.over_next)

    @property
    def past_end(self) -> int:
        return sum(1 for line in self.lines if line.over_end)

    @property
    def estimates(self) -> int:
        return sum(1 for line in self.lines if line.spoken.estimated)


def build_script(plan: Plan, verbosity: Verbosity, lengths: Lengths, *, ask_after: bool) -> Script:
    """The script of `plan`, which must be the plan a session runs (fitted to the words);
    `ask_after`: the session ends with the question how the back feels (the check-ins are on)."""
    clock = FakeClock()
    origin = clock.now()
    cues = rehearse(plan, verbosity, clock, lambda text: lengths(text).seconds)
    if ask_after and cues:  # due once the last words are said, as the session asks it
        last = cues[-1]
        cues.append(ask_after_cue(last.due + lengths(last.text).seconds, len(plan.steps)))
    starts: list[float] = []
    elapsed = 0.0
    for planned in plan.steps:
        starts.append(elapsed)
        elapsed += planned.duration or 0.0

    def same_moment(one: Cue, other: Cue) -> bool:  # said one after another, as one would
        return one.step == other.step and one.due == other.due

    lines: list[Line] = []
    for index, cue in enumerate(cues):
        spoken = lengths(cue.text)
        before = lines[-1] if lines and same_moment(lines[-1].cue, cue) else None
        waits = before.waits + before.spoken.seconds if before is not None else 0.0
        ends = cue.due - origin + waits + spoken.seconds
        step = plan.steps[cue.step] if cue.step < len(plan.steps) else None
        over_next = over_end = 0.0
        # A question's step waits for the answer, which comes after its words.
        if step is None or step.duration is not None:
            later = next((c for c in cues[index + 1 :] if not same_moment(cue, c)), None)
            if later is not None:
                over_next = _over(ends, later.due - origin)
            if step is not None and step.duration is not None:
                over_end = _over(ends, starts[step.index] + step.duration)
        lines.append(Line(cue, cue.due - origin, spoken, waits, over_next, over_end))
    return Script(plan, verbosity, tuple(starts), tuple(lines))


def _over(ends: float, limit: float) -> float:
    return ends - limit if ends - limit >= SLACK else 0.0


# -- as text -----------------------------------------------------------------------------------


def time_text(seconds: float) -> str:
    """'0:00.0', '12:03.5': minutes, seconds and tenths."""
    tenths = round(seconds * 10)
    minutes, rest = divmod(tenths, 600)
    return f"{minutes}:{rest // 10:02d}.{rest % 10}"


def step_title(step: PlanStep) -> str:
    """'Lizard pose, left: hold, 30 s'."""
    stretch = step.stretch
    seconds = f"{step.duration:g} s" if step.duration is not None else ""
    if step.phase is Phase.REST:
        return f"Rest, {seconds} (then {stretch.name})"
    name = stretch.name
    if stretch.sided and step.side is not None:
        name += f", {step.side.value}"
    what = {
        Phase.PREPARE: "get into position",
        Phase.HOLD: "hold",
        Phase.REPS: f"{step.reps} repetitions",
        Phase.SWITCH: "switch sides",
    }.get(step.phase)
    if what is None:
        return f"{name}: question (the session waits for the answer)"
    return f"{name}: {what}, {seconds}"


MARKS = (
    "~  an estimate from its words: not rendered with this voice yet",
    "!  still being said when the next cue is due: one of them waits, is cut short or dropped",
    ">  still being said when its step ends",
)
TIME_WIDTH, LENGTH_WIDTH, MARK_WIDTH = 7, 6, 2
# Where the words begin: "  0:00.0   ~28.0  !>  Words..."
INDENT = " " * (2 + TIME_WIDTH + 2 + LENGTH_WIDTH + 2 + MARK_WIDTH + 2)


def format_script(
    script: Script, voice: str, *, hold: float | None = None, voice_off: str | None = None
) -> list[str]:
    """The script as lines: a heading, each step and its cues, and what the marks mean.
    `voice`: which voice, in words; `hold`: the holds' seconds where they were chosen for the
    script; `voice_off`: why a session would say nothing, where it would not."""
    routine = script.plan.routine
    holds = f"{hold:g} s each" if hold is not None else "as the routine says"
    length = f"Length: {duration_text(script.plan.total_seconds)}"
    if script.questions:
        length += f", and the time to answer {count_text(script.questions, 'question')}"
    heading = [
        f"{routine.name} ({routine.id}): what a session says, and when",
        f"Level: {script.verbosity.value}. Holds: {holds}.",
        f"Voice: {voice}.",
    ]
    if voice_off:
        heading.append(
            f"The voice is off ({voice_off}): a session says nothing; it would say this."
        )
    heading += [
        f"{length}. {count_text(len(script.lines), 'cue')}, {_estimates(script)}.",
        f"Cut candidates: {_cut(script)}.",
    ]
    lines = [part for line in heading for part in textwrap.wrap(line, WIDTH)]
    lines += ["", f"  {'time':>{TIME_WIDTH}}  {'secs':>{LENGTH_WIDTH}}  {'':{MARK_WIDTH}}  words"]
    wrap = textwrap.TextWrapper(
        width=WIDTH, subsequent_indent=INDENT, break_long_words=False, break_on_hyphens=False
    )
    step: int | None = None
    for line in script.lines:
        if line.cue.step != step:
            step = line.cue.step
            lines += ["", _step_heading(script, step)]
        lines += _cue_lines(line, wrap)
    lines += ["", "time: when a cue is due, from the session's start; secs: how long it takes"]
    if script.questions:
        lines.append("after a question, the times are those of an answer given at once")
    lines += [mark for mark in MARKS if mark[0] != "~" or script.estimates]
    return lines


def _estimates(script: Script) -> str:
    if script.estimates == len(script.lines):
        return "every length estimated (~)"
    return f"{script.estimates or 'none'} of their lengths estimated (~)"


def _cut(script: Script) -> str:
    if not (script.overlapping or script.past_end):
        return "none"
    return (
        f"{count_text(script.overlapping, 'cue')} still being said when the next is due (!), "
        f"{script.past_end} when their step ends (>)"
    )


def _step_heading(script: Script, step: int) -> str:
    if step >= len(script.plan.steps):
        return f"{time_text(script.plan.total_seconds)}  The end"
    return f"{time_text(script.starts[step])}  {step_title(script.plan.steps[step])}"


def _cue_lines(line: Line, wrap: textwrap.TextWrapper) -> list[str]:
    length = ("~" if line.spoken.estimated else "") + f"{line.spoken.seconds:.1f}"
    marks = ("!" if line.over_next else " ") + (">" if line.over_end else " ")
    first = f"  {time_text(line.at):>{TIME_WIDTH}}  {length:>{LENGTH_WIDTH}}  {marks}  "
    wrap.initial_indent = first
    said = wrap.wrap(line.cue.text)
    notes = []
    if line.waits:
        notes.append(f"waits {line.waits:.1f} s for the words before it")
    if line.over_next:
        notes.append(f"{line.over_next:.1f} s over the next cue")
    if line.over_end:
        notes.append(f"{line.over_end:.1f} s past its step's end")
    if notes:
        wrap.initial_indent = INDENT
        said += wrap.wrap(f"[{'; '.join(notes)}]")
    return said
