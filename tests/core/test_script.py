"""The script `supple script` prints: each cue's time, its length, and the cut candidates."""

from __future__ import annotations

import dataclasses

import pytest

from desktop_app.core.cues import COUNT_ROOM, OPENING_PAUSE, PHRASES, Verbosity, fit_lead_ins
from desktop_app.core.model import Kind, Position, StepKind
from desktop_app.core.plan import Phase, Plan, build_plan, held_for
from desktop_app.core.script import (
    Script,
    Spoken,
    build_script,
    estimated,
    format_script,
    time_text,
)
from tests.core.builders import routine, step, stretch

ASK = PHRASES["ask_after"]


def measured(seconds: float = 0.5, **lengths: float):
    """Every text `seconds` long, measured; a text in `lengths` (its first word) as said."""
    return lambda text: Spoken(lengths.get(text.split()[0].strip(".,"), seconds), False)


def one_sided(**timing: float) -> Script:
    """A sided stretch, seated: prepare 4 s, hold 10 s, switch 2 s (the builders' timing)."""
    plan = build_plan(routine(step(stretch("a", position=Position.SEATED)), **timing))
    return build_script(plan, Verbosity.MINIMAL, measured(), ask_after=False)


def single(kind: Kind = Kind.HOLD) -> Plan:
    """An unsided stretch, seated: prepare 4 s, then hold 10 s (from 0:04 to 0:14)."""
    return build_plan(routine(step(stretch("a", sided=False, position=Position.SEATED, kind=kind))))


def said(script: Script) -> list[tuple[str, str]]:
    return [(time_text(line.at), line.cue.text) for line in script.lines]


def test_each_cue_has_its_time_from_the_start():
    assert said(one_sided()) == [
        ("0:00.0", f"{PHRASES['safety']} A, left side."),
        ("0:01.0", "Three."),
        ("0:02.0", "Two."),
        ("0:03.0", "One."),
        ("0:04.0", "Hold."),
        ("0:11.0", "Nearly there."),
        ("0:14.0", "Release. Switch sides. Right side."),
        ("0:15.0", "One."),  # a switch of 2 s has room for the last count only
        ("0:16.0", "Hold."),
        ("0:23.0", "Nearly there."),
        ("0:26.0", "Release. Session complete. 26 seconds in all. Well done."),
    ]


def test_each_step_starts_where_the_one_before_ends():
    script = one_sided()
    assert script.starts == (0.0, 4.0, 14.0, 16.0)
    assert [step.phase for step in script.plan.steps] == [
        Phase.PREPARE,
        Phase.HOLD,
        Phase.SWITCH,
        Phase.HOLD,
    ]


def test_words_fitted_into_their_lead_in_move_the_times_after_it():
    plan = build_plan(routine(step(stretch("a", sided=False, position=Position.SEATED))))
    lengths = measured(20.0)
    fitted = fit_lead_ins(plan, Verbosity.NORMAL, lambda text: lengths(text).seconds)
    script = build_script(fitted, Verbosity.NORMAL, lengths, ask_after=False)
    # The session's opening words and a breath, the stretch's and the time to get placed,
    # its one instruction and the time to do it, then the count.
    adjust = StepKind.ADJUST.seconds
    assert fitted.steps[0].duration == 20 + OPENING_PAUSE + 20 + adjust + 20 + adjust + COUNT_ROOM
    assert [time_text(line.at) for line in script.lines][:7] == [
        "0:00.0",
        "0:21.0",
        "0:43.0",
        "1:06.0",  # three
        "1:07.0",
        "1:08.0",
        "1:09.0",  # the hold
    ]


def test_a_cue_still_said_when_the_next_is_due_is_marked():
    plan = single()
    script = build_script(plan, Verbosity.MINIMAL, measured(Hold=8.0), ask_after=False)
    hold = next(line for line in script.lines if line.cue.text == "Hold.")
    assert (hold.at, hold.over_next, hold.over_end) == (4.0, pytest.approx(1.0), 0.0)
    assert script.overlapping == 1 and script.past_end == 0
    assert all(line.over_next == 0 for line in script.lines if line is not hold)


def test_a_cue_still_said_when_its_step_ends_is_marked_too():
    plan = single()
    script = build_script(plan, Verbosity.MINIMAL, measured(Hold=11.0), ask_after=False)
    hold = next(line for line in script.lines if line.cue.text == "Hold.")
    assert hold.over_end == pytest.approx(1.0)
    assert hold.over_next == pytest.approx(4.0)  # the count starts 3 s before the end
    text = "\n".join(format_script(script, "a voice"))
    assert "   0:04.0    11.0  !>  Hold." in text
    assert "[4.0 s over the next cue; 1.0 s past its step's end]" in text
    assert "Cut candidates: 1 cue still being said when the next is due (!), 1 when" in text


def test_a_cue_that_ends_in_time_is_not_marked():
    script = one_sided()
    assert script.overlapping == script.past_end == 0
    assert "Cut candidates: none." in format_script(script, "a voice")


def test_the_question_after_is_due_once_the_closing_words_are_said():
    # Due with them, it waited behind them and was dropped as late when they were long.
    plan = single()
    script = build_script(plan, Verbosity.MINIMAL, measured(0.5, Release=5.0), ask_after=True)
    end, ask = script.lines[-2:]
    assert ask.cue.text == ASK
    assert (end.at, ask.at) == (14.0, 19.0)
    assert (end.waits, ask.waits, end.over_next) == (0.0, 0.0, 0.0)
    assert script.overlapping == 0


def test_words_of_one_moment_are_said_one_after_another_not_over_each_other():
    felt = dataclasses.replace(stretch("a", sided=False), feel=("A stretch.",))
    plan = build_plan(routine(step(felt)))
    script = build_script(plan, Verbosity.NORMAL, measured(0.5, Hold=3.0), ask_after=False)
    hold, feel = (line for line in script.lines if line.cue.what in ("hold", "feel"))
    assert hold.at == feel.at
    assert (hold.waits, feel.waits) == (0.0, 3.0)
    assert f"{' ' * 23}[waits 3.0 s for the words before it]" in format_script(script, "a voice")


def test_without_the_check_ins_the_session_does_not_ask():
    plan = single()
    script = build_script(plan, Verbosity.MINIMAL, measured(), ask_after=False)
    assert ASK not in [line.cue.text for line in script.lines]


def test_a_question_waits_for_its_answer_and_is_never_marked():
    plan = single(Kind.CHECK)
    script = build_script(plan, Verbosity.MINIMAL, measured(60.0), ask_after=False)
    question = next(line for line in script.lines if "Well?" in line.cue.text)
    assert question.over_next == question.over_end == 0.0
    text = format_script(script, "a voice")
    assert text[3].startswith("Length: 0:14, and the time to answer 1 question. 8 cues,")
    assert "0:14.0  A: question (the session waits for the answer)" in text
    assert text[-3] == "after a question, the times are those of an answer given at once"


def test_estimated_lengths_are_marked_and_explained():
    plan = single()

    def lengths(text: str) -> Spoken:
        return Spoken(1.0, estimated=text == "Hold.")

    text = format_script(build_script(plan, Verbosity.MINIMAL, lengths, ask_after=False), "v")
    assert "   0:04.0    ~1.0      Hold." in text
    assert "   0:01.0     1.0      Three." in text
    assert "1 of their lengths estimated (~)" in text[3]
    assert text[-3].startswith("~  an estimate from its words")


def test_with_no_estimate_there_is_no_footnote_for_one():
    text = format_script(one_sided(), "v")
    assert not any(line.startswith("~") for line in text)
    assert "none of their lengths estimated (~)" in text[3]


def test_every_length_estimated_from_the_rate():
    plan = single()
    script = build_script(plan, Verbosity.MINIMAL, estimated(165), ask_after=False)
    assert script.estimates == len(script.lines)
    assert "every length estimated (~)" in format_script(script, "v")[3]
    slow = build_script(plan, Verbosity.MINIMAL, estimated(100), ask_after=False)
    assert slow.lines[0].spoken.seconds > script.lines[0].spoken.seconds


def test_the_heading_says_the_routine_the_level_the_holds_and_the_voice():
    text = format_script(one_sided(), "the voice at 165", hold=45, voice_off="--no-voice")
    assert text[:5] == [
        "Test (test): what a session says, and when",
        "Level: minimal. Holds: 45 s each.",
        "Voice: the voice at 165.",
        "The voice is off (--no-voice): a session says nothing; it would say this.",
        "Length: 0:26. 11 cues, none of their lengths estimated (~).",
    ]
    assert "Holds: as the routine says." in format_script(one_sided(), "v")[1]


def test_each_step_is_named_where_it_starts():
    text = format_script(one_sided(), "v")
    assert [line for line in text if line[:1].isdigit()] == [
        "0:00.0  A, left: get into position, 4 s",
        "0:04.0  A, left: hold, 10 s",
        "0:14.0  A, right: switch sides, 2 s",
        "0:16.0  A, right: hold, 10 s",
        "0:26.0  The end",
    ]


def test_long_words_wrap_under_the_words_column():
    plan = single()
    script = build_script(plan, Verbosity.MINIMAL, measured(), ask_after=True)
    text = format_script(script, "v")
    at = text.index(next(line for line in text if "Stop at once" in line))  # the safety line
    assert text[at + 1].startswith(" " * 23) and text[at + 1].strip()
    assert all(len(line) <= 100 for line in text)


@pytest.mark.parametrize(
    ("seconds", "text"), [(0, "0:00.0"), (9.96, "0:10.0"), (61.2, "1:01.2"), (754.56, "12:34.6")]
)
def test_time_text(seconds, text):
    assert time_text(seconds) == text


def test_held_for_sets_every_hold_and_leaves_repetitions_alone():
    plan = build_plan(
        held_for(
            routine(
                step(stretch("a"), hold=20),
                step(stretch("t", sided=False, kind=Kind.CHECK)),
                step(stretch("r", sided=False), reps=4),
            ),
            45,
        )
    )
    holds = [s.duration for s in plan.steps if s.phase is Phase.HOLD]
    assert holds == [45.0, 45.0, 45.0]
    assert [s.reps for s in plan.steps if s.phase is Phase.REPS] == [4]
