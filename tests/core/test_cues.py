from __future__ import annotations

import dataclasses

import pytest

from desktop_app.core.clock import FakeClock
from desktop_app.core.cues import (
    COUNT_ROOM,
    OPENING_PAUSE,
    PHRASES,
    CueWriter,
    Priority,
    Verbosity,
    estimate_seconds,
    fit_lead_ins,
    hurt_words,
    length_words,
    lower_first,
    rehearse,
)
from desktop_app.core.engine import SessionEngine
from desktop_app.core.model import Kind, Position, Side, StepKind
from desktop_app.core.plan import Beat, Phase, build_plan
from tests.core.builders import routine, step, stretch


def texts(cues):
    return [cue.text for cue in cues]


def test_length_words():
    assert length_words(45) == "45 seconds"
    assert length_words(60) == "1 minute"
    assert length_words(91) == "1 minute 31 seconds"
    assert length_words(1) == "1 second"


@pytest.mark.parametrize("verbosity", list(Verbosity))
def test_every_built_in_sided_stretch_announces_both_sides_and_the_switch(catalogue, verbosity):
    for routine_ in catalogue.routines.values():
        plan = fit_lead_ins(build_plan(routine_), verbosity, estimate_seconds)  # as a session
        cues = rehearse(plan, verbosity)
        for plan_step in plan.steps:
            if plan_step.phase is Phase.SWITCH:
                said = [c for c in cues if c.step == plan_step.index]
                # The hold before it ended: "Release." opens the same utterance.
                words = said[0].text.removeprefix(f"{PHRASES['release']} ")
                assert words.startswith("Switch sides. "), (routine_.id, plan_step)
                assert said[0].priority is Priority.CRITICAL
                side = plan_step.side
                assert side is not None
                # The side is in critical words: "Left knee ...", "Lay your right ankle ...".
                critical = [c.text for c in said if c.priority is Priority.CRITICAL]
                assert any(side.value in text.lower() for text in critical), said


def test_a_switch_says_how_to_get_to_the_other_side_before_that_sides_words(catalogue):
    lizard = catalogue.stretches["lizard-pose"]
    plan = build_plan(routine(step(lizard)))
    switch = next(s for s in plan.steps if s.phase is Phase.SWITCH)
    right = lizard.words_for(Side.RIGHT)
    for verbosity, expected in (
        (Verbosity.NORMAL, [f"Release. Switch sides. {lizard.change_sides} {right}"]),
        (Verbosity.MINIMAL, ["Release. Switch sides. Right side."]),
    ):
        said = [c.text for c in rehearse(plan, verbosity) if c.step == switch.index]
        assert said[: len(expected)] == expected, verbosity
    # Paced to a voice, the way to the other side is said first, and the side once it is
    # done.
    paced = fit_lead_ins(plan, Verbosity.NORMAL, estimate_seconds)
    said = [c.text for c in rehearse(paced, Verbosity.NORMAL) if c.step == switch.index]
    assert said[:2] == [f"Release. Switch sides. {lizard.change_sides}", right]


def test_minimal_says_sides_switches_and_counts_only():
    plan = build_plan(routine(step(stretch())), start=Position.STANDING)
    said = texts(rehearse(plan, Verbosity.MINIMAL))
    assert said == [
        f"{PHRASES['safety']} S, left side.",  # when to stop: once, at every level
        "Three.",  # the count-in: numbers
        "Two.",
        "One.",
        "Hold.",
        "Nearly there.",  # a hold's end: words, never numbers
        "Release. Switch sides. Right side.",
        "One.",  # a 2-second switch has room for "one" only
        "Hold.",
        "Nearly there.",
        "Release. Session complete. 26 seconds in all. Well done.",
    ]


def test_normal_adds_the_intro_setup_words_halfway_and_what_is_next():
    two = routine(step(stretch("a")), step(stretch("b", sided=False)))
    plan = build_plan(two, start=Position.STANDING)
    said = texts(rehearse(plan, Verbosity.NORMAL))
    # Not paced to a voice: one utterance for one moment, the session's opening words (the
    # routine, how many exercises, how long, when to stop), the stretch and the side's words.
    assert said[0] == f"Test. Two exercises, about 1 minute. {PHRASES['safety']} A. Left."
    assert "Hold for 10 seconds." in said
    assert "Halfway. Breathe out, and sink a little deeper." in said
    assert said.count("Release. Rest. Next: B.") == 1


def test_normal_says_where_to_feel_it_and_detailed_adds_a_mistake(catalogue):
    plan = build_plan(catalogue.routines["big-three"])
    normal = rehearse(plan, Verbosity.NORMAL)
    detailed = rehearse(plan, Verbosity.DETAILED)
    extra = [c for c in detailed if c.priority is Priority.DETAIL]
    assert not [c for c in normal if c.priority is Priority.DETAIL]
    # Where the stretch is felt was on the screen alone below Detailed ("the jeans pocket").
    tfl = catalogue.stretches["standing-tfl-cross-over"]
    assert f"You should feel {lower_first(tfl.feel[0])}" in texts(normal)
    assert all(c.text.startswith("Watch out for this") for c in extra) and extra


def test_the_dead_bug_says_what_a_stuck_or_dropping_leg_means_before_it_begins(catalogue):
    bug = catalogue.stretches["dead-bug"]
    plan = build_plan(catalogue.routines["iliopsoas"])
    said = rehearse(plan, Verbosity.NORMAL)
    lead_in = next(s for s in plan.steps if s.phase is Phase.PREPARE and s.stretch is bug)
    words = " ".join(c.text for c in said if c.step == lead_in.index)
    assert "weak spot" in bug.feel[1] and bug.feel[1] in words


def test_a_rest_does_not_count_down_into_the_lead_in_that_counts():
    plan = build_plan(routine(step(stretch("a")), step(stretch("b"))), start=Position.STANDING)
    cues = rehearse(plan, Verbosity.NORMAL)
    rest = next(s for s in plan.steps if s.phase is Phase.REST)
    assert [c.text for c in cues if c.step == rest.index] == ["Release. Rest. Next: B."]


def test_nothing_is_said_twice_for_one_moment(catalogue):
    for routine_ in catalogue.routines.values():
        cues = rehearse(build_plan(routine_), Verbosity.DETAILED)
        moments = [(c.due, c.text) for c in cues]
        assert len(moments) == len(set(moments)), routine_.id


def test_repetitions_count_each_rep_and_name_the_leg():
    dead_bug = stretch("bug", sided=False, kind=Kind.REPS, reps=4, tempo=5, alternate=True)
    plan = build_plan(routine(step(dead_bug)), start=Position.STANDING)
    said = texts(rehearse(plan, Verbosity.NORMAL))
    assert said[0].endswith("Bug. 4 repetitions, 5 seconds each.")  # before the first rep
    # The count-in is one word, and each rep says its movement, then counts up: no number
    # that could be heard as a countdown.
    assert said[1:] == [
        "Get ready.",
        "Left.",  # the stretch's own words for the leg
        "And back.",
        "That's one. Right.",
        "And back.",
        "That's two. Left.",
        "And back.",
        "That's three. Right.",
        "And back.",
        "That's four. Session complete. 24 seconds in all. Well done.",
    ]


def test_a_repetitions_own_words_say_the_movement(catalogue):
    bug = catalogue.stretches["dead-bug"]
    plan = build_plan(routine(step(bug, reps=2)), start=Position.FLOOR)
    said = [c.text for c in rehearse(plan, Verbosity.MINIMAL) if c.what == "rep"]
    assert said == [
        bug.words_for(Side.LEFT),
        bug.rep_return,
        f"That's one. {bug.words_for(Side.RIGHT)}",
        bug.rep_return,
    ]


def test_the_question_is_read_with_its_keys():
    check = stretch("check", sided=False, kind=Kind.CHECK)
    plan = build_plan(routine(step(check)), start=Position.STANDING)
    said = texts(rehearse(plan, Verbosity.MINIMAL))
    assert "Release. Well? Press one for: yes. Press two for: no." in said


def test_the_thomas_tests_question_reads_each_answer_with_its_key(catalogue):
    plan = build_plan(catalogue.routines["thomas-self-test"])
    [question, _right] = [c.text for c in rehearse(plan, Verbosity.MINIMAL) if c.what == "question"]
    assert question == (
        "Release. What did your straight leg do? Press one for: it lifted off the floor. "
        "Press two for: its knee bent. Press three for: it stayed flat and straight. "
        "Press four for: I am not sure."
    )


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (4 + 6, "Session stopped."),  # 6 s into the first hold
        (4 + 4, "Session stopped. Nothing was held, so it is not counted."),
        (2, "Session stopped. Nothing was held, so it is not counted."),  # getting into position
    ],
)
def test_the_end_says_how_long_it_took_or_that_it_stopped(seconds, words):
    plan = build_plan(routine(step(stretch())), start=Position.STANDING)
    clock = FakeClock()
    engine = SessionEngine(plan, clock)
    writer = CueWriter(plan, Verbosity.NORMAL)
    for event in engine.start():
        writer.cues(event)
    ticking(engine, writer, clock, seconds)
    stopped = [cue for event in engine.stop() for cue in writer.cues(event)]
    assert texts(stopped) == [words]


def ticking(engine, writer, clock, seconds):
    """Tick every half second for `seconds`, as the window does: the cues said meanwhile."""
    said = []
    for _ in range(round(seconds * 2)):
        clock.advance(0.5)
        said += [cue for event in engine.tick() for cue in writer.cues(event)]
    return said


def skip_everything(engine, writer, clock, *, pressed_after=0.4):
    """Right, again and again, a moment apart, as someone skipping a whole routine does: the
    words said at the end."""
    said = [cue for event in engine.start() for cue in writer.cues(event)]
    while engine.current is not None:
        clock.advance(pressed_after)
        said += [cue for event in engine.skip() for cue in writer.cues(event)]
    return said


@pytest.mark.parametrize("verbosity", list(Verbosity))
def test_skipping_every_side_is_neither_complete_nor_praised(verbosity):
    plan = build_plan(routine(step(stretch()), step(stretch("b"))), start=Position.STANDING)
    clock = FakeClock()
    engine = SessionEngine(plan, clock)
    said = skip_everything(engine, CueWriter(plan, verbosity), clock)
    assert said[-1].text == "End of the routine. Nothing was held, so it is not counted."
    assert not any("complete" in c.text or "Well done" in c.text for c in said)


def test_a_routine_run_to_its_end_with_one_side_held_is_complete():
    plan = build_plan(routine(step(stretch())), start=Position.STANDING)
    clock = FakeClock()
    engine = SessionEngine(plan, clock)
    writer = CueWriter(plan, Verbosity.NORMAL)
    said = [cue for event in engine.start() for cue in writer.cues(event)]
    said += ticking(engine, writer, clock, 4 + 10)  # the left side held to its end
    said += [cue for event in engine.skip() for cue in writer.cues(event)]  # the switch
    said += [cue for event in engine.skip() for cue in writer.cues(event)]  # the right side
    assert said[-1].text == "Session complete. 14 seconds in all. Well done."


def test_pause_and_resume_are_spoken():
    plan = build_plan(routine(step(stretch())), start=Position.STANDING)
    clock = FakeClock()
    engine = SessionEngine(plan, clock)
    writer = CueWriter(plan, Verbosity.MINIMAL)
    engine.start()
    said = [c.text for e in engine.pause() + engine.resume() for c in writer.cues(e)]
    assert said == ["Paused.", "Carry on."]  # a lead-in not paced keeps its time left


def test_cues_belong_to_their_step_and_time():
    plan = build_plan(routine(step(stretch())), start=Position.STANDING)
    for cue in rehearse(plan, Verbosity.NORMAL):
        if cue.what == "count":
            step_ = plan.steps[cue.step]
            assert step_.phase in (Phase.PREPARE, Phase.SWITCH, Phase.HOLD)


def test_lead_ins_are_paced_and_grow_to_fit_their_words_the_doing_and_the_count():
    plan = build_plan(routine(step(stretch()), prepare=2, switch=1), start=Position.STANDING)
    a_second_a_word = lambda text: len(text.split())  # noqa: E731
    fitted = fit_lead_ins(plan, Verbosity.NORMAL, a_second_a_word)
    prepare, switch = fitted.steps[0], fitted.steps[2]
    adjust = StepKind.ADJUST.seconds
    # "Test. One exercise, about 1 minute. <safety>" and a breath; "S. Left." and the time to
    # get placed; "Do it." and the time to do it; then the count. A second a word.
    intro = 6 + len(PHRASES["safety"].split()) + OPENING_PAUSE
    assert prepare.beats == (Beat(intro, None), Beat(intro + 2 + adjust, 0))
    assert prepare.duration == intro + 2 + adjust + 2 + adjust + COUNT_ROOM
    # "Release. Switch sides." (the hold before it ended), then "Right." and the time to get
    # placed, then "Do it." again (a stretch that marks none of its steps and says nothing of
    # how to switch says them all again), and the count.
    assert switch.beats == (Beat(1 + 2, None), Beat(1 + 2 + 1 + adjust, 0))
    assert switch.duration == 1 + 2 + 1 + adjust + 2 + adjust + COUNT_ROOM
    assert [s.duration for s in fitted.steps if s.phase is Phase.HOLD] == [10, 10]
    # With no words at all there is still room to do what they say, and for the count.
    silent = fit_lead_ins(plan, Verbosity.NORMAL, lambda text: 0.0)
    assert silent.steps[2].duration == adjust + adjust + COUNT_ROOM
    # Minimal says less, all at once, and its lead-ins fit what it says: "<safety> S, left
    # side.".
    minimal = fit_lead_ins(plan, Verbosity.MINIMAL, a_second_a_word)
    assert minimal.steps[0].beats == ()
    assert minimal.steps[0].duration == len(PHRASES["safety"].split()) + 3 + COUNT_ROOM


def test_a_paced_lead_in_says_each_instruction_at_its_beat_with_time_to_do_it(catalogue):
    lizard = catalogue.stretches["lizard-pose"]
    plan = fit_lead_ins(build_plan(routine(step(lizard))), Verbosity.NORMAL, estimate_seconds)
    prepare = plan.steps[0]
    said = [c for c in rehearse(plan, Verbosity.NORMAL) if c.step == 0 and c.what != "count"]
    instructions = [c for c in said if c.what == "instruction"]
    assert [c.text for c in instructions] == list(lizard.instructions)
    starts = [beat.at for beat in prepare.beats if beat.instruction is not None]
    assert [c.due - said[0].due for c in instructions] == pytest.approx(starts)
    # Each waits for the one before to be said and done: the big step forward takes a move's
    # time, as its file says.
    for before, after, number in zip(instructions, instructions[1:], range(4), strict=False):
        done = before.due + estimate_seconds(before.text) + lizard.seconds_to_do(number)
        assert after.due == pytest.approx(done)
    assert lizard.seconds_to_do(0) == StepKind.MOVE.seconds


def test_a_fitted_plan_starts_no_hold_mid_sentence(catalogue):
    speech = estimate_seconds
    for routine_ in catalogue.routines.values():
        plan = fit_lead_ins(build_plan(routine_), Verbosity.NORMAL, speech)
        cues = rehearse(plan, Verbosity.NORMAL)
        for lead_in in (s for s in plan.steps if s.phase in (Phase.PREPARE, Phase.SWITCH)):
            words = [c for c in cues if c.step == lead_in.index and c.what != "count"]
            start = words[0].due
            spoken = sum(speech(c.text) for c in words)
            first_count = next(c.due for c in cues if c.step == lead_in.index and c.what == "count")
            assert start + spoken <= first_count, (routine_.id, lead_in.index)


def test_estimates_err_long_and_grow_with_the_text():
    assert estimate_seconds("Switch sides.") < estimate_seconds(
        "Lizard pose. Start on your hands and knees, with your hands under your shoulders."
    )
    # espeak-ng says "Switch sides." in about a second at 175 words a minute.
    assert estimate_seconds("Switch sides.", 175) >= 0.9


def test_rehearse_follows_the_engine_to_the_end(catalogue):
    plan = build_plan(catalogue.routines["thomas-self-test"])
    cues = rehearse(plan, Verbosity.NORMAL)
    assert cues[-1].what == "end"
    assert any(c.what == "question" for c in cues)
    assert cues[0].text.startswith(
        f"Thomas self-test. One exercise, about 1 minute. {PHRASES['safety']} Thomas test."
    )


def started_session(sided=True, verbosity=Verbosity.NORMAL):
    """A stretch standing, started, its first words said; its engine, writer and clock."""
    plan = build_plan(routine(step(stretch(sided=sided))), start=Position.STANDING)
    clock = FakeClock()
    engine = SessionEngine(plan, clock)
    writer = CueWriter(plan, verbosity)
    for event in engine.start():
        writer.cues(event)
    return engine, writer, clock


def hurt_session(verbosity=Verbosity.NORMAL):
    """A sided stretch in its left hold, 6 s in; its engine, writer and clock."""
    engine, writer, clock = started_session(verbosity=verbosity)
    ticking(engine, writer, clock, 10)  # prepare 4, then 6 s into the hold
    return engine, writer, clock


@pytest.mark.parametrize("verbosity", list(Verbosity))
def test_this_hurts_says_a_calm_word_and_nothing_of_the_next_side_yet(verbosity):
    engine, writer, _clock = hurt_session(verbosity)
    said = [cue for event in engine.hurt() for cue in writer.cues(event)]
    assert len(said) == 1
    assert said[0].priority is Priority.CRITICAL  # never dropped for a newer step's words
    assert said[0].text.startswith("Let's stop there.")
    assert "never hurt" in said[0].text and "Switch sides" not in said[0].text
    assert said[0].private  # it tells that something hurt: never in the log


def test_the_next_sides_words_come_when_the_user_goes_on():
    engine, writer, clock = hurt_session()
    for event in engine.hurt():
        writer.cues(event)
    clock.advance(90)
    resumed = [cue for event in engine.resume() for cue in writer.cues(event)]
    # One utterance, in this order: "carry on" alone, less urgent, came after the switch.
    assert texts(resumed) == ["Carry on. Switch sides. Right."]
    assert resumed[0].priority is Priority.CRITICAL
    assert {cue.due for cue in resumed} == {clock.now()}  # said now, not when it was due
    clock.advance(2)
    assert texts(c for e in engine.tick() for c in writer.cues(e)) == [
        "One.",
        "Hold for 10 seconds.",
    ]


def test_after_this_hurts_a_skip_says_only_where_it_landed():
    plan = build_plan(routine(step(stretch()), step(stretch("b"))), start=Position.STANDING)
    clock = FakeClock()
    engine = SessionEngine(plan, clock)
    writer = CueWriter(plan, Verbosity.NORMAL)
    engine.start()
    clock.advance(5)
    engine.tick()
    events = engine.hurt() + engine.skip() + engine.resume()
    said = texts(cue for event in events for cue in writer.cues(event))
    assert said[0].startswith("Let's stop there.")
    # The switch the skip passed over is never said; the hold it landed on is, once resumed.
    assert said[1:] == ["Carry on. Hold for 10 seconds."]


def test_stopping_after_this_hurts_says_only_that_it_stopped():
    engine, writer, _clock = hurt_session()
    for event in engine.hurt():
        writer.cues(event)
    assert texts(c for e in engine.stop() for c in writer.cues(e)) == ["Session stopped."]


def test_when_the_last_side_hurts_the_calm_word_comes_before_the_end():
    engine, writer, clock = started_session(sided=False)
    ticking(engine, writer, clock, 10)  # 6 s into the hold
    cues = [cue for event in engine.hurt() for cue in writer.cues(event)]
    said = texts(cues)
    assert said[0] == hurt_words(waiting=False)  # nothing to press Space for
    assert said[1].startswith("That was the last one.") and "Well done" not in said[1]
    assert all(cue.private for cue in cues)  # the end without "well done" tells it hurt, too


def test_when_the_only_side_hurts_at_once_nothing_was_held():
    engine, writer, clock = started_session(sided=False)
    ticking(engine, writer, clock, 5)  # 1 s into the hold
    said = texts(cue for event in engine.hurt() for cue in writer.cues(event))
    assert said == [
        hurt_words(waiting=False),
        "End of the routine. Nothing was held, so it is not counted.",
    ]


@pytest.mark.parametrize("verbosity", [Verbosity.NORMAL, Verbosity.DETAILED])
def test_a_self_checks_hold_is_not_told_to_go_deeper(catalogue, verbosity):
    plan = build_plan(catalogue.routines["thomas-self-test"])
    said = rehearse(plan, verbosity)
    assert not [c for c in said if c.what == "halfway"]
    assert "Hold for 15 seconds." in texts(said)
    # In detail, what not to do still comes halfway: here, lifting the watched leg.
    mistakes = [c.text for c in said if c.what == "mistake"]
    assert len(mistakes) == (2 if verbosity is Verbosity.DETAILED else 0)


def session_at(plan, seconds, verbosity=Verbosity.NORMAL):
    """An engine, its writer and its clock `seconds` into the plan, ticking every half
    second."""
    clock = FakeClock()
    engine = SessionEngine(plan, clock)
    writer = CueWriter(plan, verbosity)
    for event in engine.start():
        writer.cues(event)
    for _ in range(round(seconds * 2)):
        clock.advance(0.5)
        for event in engine.tick():
            writer.cues(event)
    return engine, writer, clock


@pytest.mark.parametrize("verbosity", list(Verbosity))
def test_back_in_a_hold_says_its_side_and_seconds_again_and_no_set_up(verbosity):
    plan = build_plan(routine(step(stretch()), hold=30), start=Position.STANDING)
    engine, writer, _clock = session_at(plan, 4 + 20, verbosity)  # 20 s into the left hold
    said = [cue for event in engine.back() for cue in writer.cues(event)]
    assert texts(said) == ["Again: left side, 30 seconds."]
    assert said[0].priority is Priority.CRITICAL
    assert said[0].step == engine.current.index and engine.current.phase is Phase.HOLD


def test_back_in_a_hold_of_a_stretch_without_sides_says_the_seconds():
    plan = build_plan(routine(step(stretch(sided=False)), hold=60), start=Position.STANDING)
    engine, writer, _clock = session_at(plan, 4 + 10)
    assert texts(c for e in engine.back() for c in writer.cues(e)) == ["Again: 1 minute."]


def test_a_hold_begun_again_by_back_counts_down_as_before():
    plan = build_plan(routine(step(stretch()), hold=10), start=Position.STANDING)
    engine, writer, clock = session_at(plan, 4 + 6)
    for event in engine.back():
        writer.cues(event)
    later = []
    for _ in range(20):
        clock.advance(0.5)
        later += [c.text for e in engine.tick() for c in writer.cues(e)]
    halfway = "Halfway. Breathe out, and sink a little deeper."
    assert later[:2] == [halfway, "Nearly there."]


def test_back_in_a_lead_in_says_the_step_again():
    plan = build_plan(routine(step(stretch()), prepare=10, switch=10), start=Position.STANDING)
    engine, writer, _clock = session_at(plan, 6)  # in "get into position"
    # Back to the session's very start: its opening words too.
    intro = f"Test. One exercise, about 1 minute. {PHRASES['safety']}"
    assert texts(c for e in engine.back() for c in writer.cues(e)) == [f"{intro} S. Left."]
    engine, writer, _clock = session_at(plan, 10 + 10 + 5)  # 5 s into the switch
    said = texts(c for e in engine.back() for c in writer.cues(e))
    assert said == ["Switch sides. Right."]  # what the switch said, said again


def test_back_in_the_first_seconds_of_a_hold_says_its_set_up_again():
    plan = build_plan(routine(step(stretch())), start=Position.STANDING)
    engine, writer, _clock = session_at(plan, 4 + 2)  # the hold began 2 s ago: not in position
    intro = f"Test. One exercise, about 1 minute. {PHRASES['safety']}"
    assert texts(c for e in engine.back() for c in writer.cues(e)) == [f"{intro} S. Left."]


FEEL = "A stretch in the hip."
DEEPEN = "Sink lower."


def held_cues(hold: float, seconds_of, verbosity=Verbosity.NORMAL):
    """The cues of the first hold of a sided stretch that has words to feel and to deepen, in
    the plan as a session runs it (its lead-ins fitted to the words)."""
    s = dataclasses.replace(stretch(), feel=(FEEL,), deepen=DEEPEN)
    plan = build_plan(routine(step(s, hold=hold)), start=Position.STANDING)
    if seconds_of is not None:
        plan = fit_lead_ins(plan, verbosity, seconds_of)
    first = next(p for p in plan.steps if p.phase is Phase.HOLD)
    said = rehearse(plan, verbosity, seconds_of=seconds_of)
    return [c for c in said if c.step == first.index]


def long_feel_and_deepen(text: str) -> float:
    """Six seconds for the words to feel and to deepen, one for any other."""
    return 6.0 if FEEL.lower() in text.lower() or text == DEEPEN else 1.0


def test_words_that_would_run_into_the_count_are_said_short_or_left_out():
    # A 15 s hold: "three" is due at 12 s. The feel (after "hold", at 1 s) would end at 7 s, so
    # it is said; the halfway words, due at 7.5 s, would end at 13.5 s: said short.
    said = held_cues(15, long_feel_and_deepen)
    assert [c.what for c in said] == ["hold", "feel", "halfway", "nearly"]
    assert said[2].text == PHRASES["halfway_short"]
    # A 10 s hold: "three" at 7 s; the feel would end at 7 s, past the half-second margin.
    said = held_cues(10, long_feel_and_deepen)
    assert [c.what for c in said] == ["hold", "halfway", "nearly"]


def test_with_time_enough_every_word_is_said_whole():
    said = held_cues(60, long_feel_and_deepen)
    assert [c.what for c in said] == ["hold", "feel", "halfway", "nearly"]
    assert said[2].text == DEEPEN


def test_the_count_and_the_hold_are_never_left_out():
    said = held_cues(5, lambda text: 30.0, Verbosity.DETAILED)
    assert [c.what for c in said] == ["hold", "nearly"]


def test_without_lengths_the_writer_leaves_nothing_out():
    assert [c.what for c in held_cues(15, None)] == ["hold", "feel", "halfway", "nearly"]


def felt_session(hold: float, seconds_of):
    """An unsided stretch that has words to feel, started, with a writer that knows lengths."""
    s = dataclasses.replace(stretch(sided=False), feel=(FEEL,))
    plan = build_plan(routine(step(s, hold=hold)), start=Position.STANDING)
    clock = FakeClock()
    engine = SessionEngine(plan, clock)
    writer = CueWriter(plan, Verbosity.NORMAL, seconds_of)
    for event in engine.start():
        writer.cues(event)
    return engine, writer, clock


def test_this_hurts_on_the_last_side_quiets_what_was_queued_before_the_end():
    engine, writer, clock = felt_session(30, lambda text: 5.0)
    ticking(engine, writer, clock, 4.5)  # 0.5 s into the hold: its words still playing
    at = clock.now()
    said = [cue for event in engine.hurt() for cue in writer.cues(event)]
    assert [c.what for c in said] == ["hurt", "end"]
    assert writer.free_at == at + 2 * 5.0  # the calm word and the end, nothing before them


def test_a_hold_begun_after_a_pause_for_this_hurts_is_timed_from_when_it_begins():
    felt = dataclasses.replace(stretch("b", sided=False), feel=(FEEL,))
    plan = build_plan(routine(step(stretch("a", sided=False)), step(felt, hold=15)))
    clock = FakeClock()
    engine = SessionEngine(plan, clock)
    writer = CueWriter(plan, Verbosity.NORMAL, long_feel_and_deepen)
    for event in engine.start():
        writer.cues(event)
    ticking(engine, writer, clock, 6)  # into a's hold
    events = engine.hurt()  # what follows waits until the user goes on
    while engine.current.phase is not Phase.HOLD:  # on to b's hold, while paused
        events += engine.skip()
    for event in events:
        writer.cues(event)
    assert engine.current.stretch is felt
    clock.advance(60)
    said = [cue for event in engine.resume() for cue in writer.cues(event)]
    # "Carry on. Hold for 15 seconds." (1 s) then the feel (6 s): said by 7 s, before the count
    # at 12 s, counted from now, not from the skip a minute before.
    assert [c.what for c in said] == ["resumed", "feel"]
    assert said[1].due == clock.now()


def test_back_in_a_paced_lead_in_says_the_instruction_under_way_again(catalogue):
    lizard = catalogue.stretches["lizard-pose"]
    plan = fit_lead_ins(build_plan(routine(step(lizard))), Verbosity.NORMAL, estimate_seconds)
    second = next(beat for beat in plan.steps[0].beats if beat.instruction == 1)
    engine, writer, _clock = session_at(plan, second.at + 3.5)
    said = texts(c for e in engine.back() for c in writer.cues(e))
    assert said == [lizard.instructions[1]]  # that one alone, not the lead-in from its start


def test_going_on_after_a_pause_in_a_paced_lead_in_says_the_part_under_way_again(catalogue):
    lizard = catalogue.stretches["lizard-pose"]
    plan = fit_lead_ins(build_plan(routine(step(lizard))), Verbosity.NORMAL, estimate_seconds)
    second = next(beat for beat in plan.steps[0].beats if beat.instruction == 1)
    engine, writer, clock = session_at(plan, second.at + 1)
    for event in engine.pause():
        writer.cues(event)
    clock.advance(60)
    said = texts(c for e in engine.resume() for c in writer.cues(e))
    # The pause quieted it: "Carry on." and that instruction again, then on from there.
    assert said == [f"Carry on. {lizard.instructions[1]}"]  # one utterance


def paced_lizard(catalogue):
    lizard = catalogue.stretches["lizard-pose"]
    plan = fit_lead_ins(build_plan(routine(step(lizard))), Verbosity.NORMAL, estimate_seconds)
    return lizard, plan


def test_back_while_paused_in_a_paced_lead_in_says_that_part_once_on_going_on(catalogue):
    lizard, plan = paced_lizard(catalogue)
    second = next(beat for beat in plan.steps[0].beats if beat.instruction == 1)
    engine, writer, clock = session_at(plan, second.at + 4)
    for event in engine.pause():
        writer.cues(event)
    assert texts(c for e in engine.back() for c in writer.cues(e)) == []  # paused: silent
    clock.advance(30)
    said = texts(c for e in engine.resume() for c in writer.cues(e))
    assert said == [f"Carry on. {lizard.instructions[1]}"]
    assert engine.elapsed() == pytest.approx(second.at)  # the lead-in goes on from there


def test_going_on_in_the_count_in_says_the_last_step_again_and_counts_after_it(catalogue):
    lizard, plan = paced_lizard(catalogue)
    lead_in = plan.steps[0]
    engine, writer, _clock = session_at(plan, (lead_in.duration or 0) - 2.5)  # after "three"
    for event in engine.pause():
        writer.cues(event)
    said = texts(c for e in engine.resume() for c in writer.cues(e))
    assert said == [f"Carry on. {lizard.instructions[-1]}"]
    # From that step's beat: its time to be said and done, then the count, as before.
    assert engine.elapsed() == pytest.approx(lead_in.beats[-1].at)


def test_with_no_switch_step_the_side_comes_before_its_hold():
    plan = build_plan(routine(step(stretch()), switch=0), start=Position.STANDING)
    # One moment, one utterance: the end of the left side, the new side, its hold.
    assert "Release. Switch sides. Right. Hold for 10 seconds." in texts(
        rehearse(plan, Verbosity.NORMAL)
    )
    assert "Release. Switch sides. Right side. Hold." in texts(rehearse(plan, Verbosity.MINIMAL))


def test_back_in_a_paced_switch_says_the_part_under_way_not_the_switch(catalogue):
    lizard, plan = paced_lizard(catalogue)
    switch = next(s for s in plan.steps if s.phase is Phase.SWITCH)
    side = switch.beats[0]
    engine, writer, _clock = session_at(plan, sum(s.duration for s in plan.steps[:2]) + side.at + 4)
    said = texts(c for e in engine.back() for c in writer.cues(e))
    assert said == [lizard.words_for(Side.RIGHT)]


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        (165, ["And bring it back up."] * 2),
        (110, ["And back."] * 2),
        (80, ["And back."]),  # after "That's one. Lower your right leg.", no time at all
    ],
)
def test_a_slow_voice_says_the_way_back_short_or_not_at_all(catalogue, rate, expected):
    # Half a 6 s repetition is 3 s: words still playing as the next one begins would only
    # queue behind it, and critical words late by more than 1.5 s are dropped.
    bug = catalogue.stretches["dead-bug"]
    voice = lambda text: estimate_seconds(text, rate)  # noqa: E731
    plan = build_plan(routine(step(bug, reps=2)), start=Position.FLOOR)
    plan = fit_lead_ins(plan, Verbosity.MINIMAL, voice)
    said = rehearse(plan, Verbosity.MINIMAL, seconds_of=voice)
    returns = [c.text for c in said if c.what == "rep" and "back" in c.text]
    assert returns == expected


# -- say that again -------------------------------------------------------------------------


def test_say_again_just_after_an_instruction_began_says_that_one_again(catalogue):
    lizard, plan = paced_lizard(catalogue)
    second = next(beat for beat in plan.steps[0].beats if beat.instruction == 1)
    engine, writer, _clock = session_at(plan, second.at + 1)  # Back would go to the one before
    said = texts(c for e in engine.say_again() for c in writer.cues(e))
    assert said == [lizard.instructions[1]]


def test_say_again_in_a_hold_names_the_stretch_and_its_side_and_keeps_the_time():
    plan = build_plan(routine(step(stretch()), hold=30), start=Position.STANDING)
    engine, writer, _clock = session_at(plan, 4 + 10)
    remaining = engine.remaining()
    said = [c for e in engine.say_again() for c in writer.cues(e)]
    assert texts(said) == ["S, left side. Left."]
    assert engine.remaining() == remaining


def test_say_again_in_a_question_asks_it_again():
    check = stretch("c", sided=False, kind=Kind.CHECK)
    plan = build_plan(routine(step(check), hold=5), start=Position.STANDING)
    engine, writer, _clock = session_at(plan, 4 + 5 + 1)
    assert engine.current.phase is Phase.CHECK
    said = texts(c for e in engine.say_again() for c in writer.cues(e))
    assert said == ["Well? Press one for: yes. Press two for: no."]


def test_say_again_in_a_rest_names_what_comes_next():
    plan = build_plan(
        routine(step(stretch("a", sided=False)), step(stretch("b", sided=False)), hold=5),
        start=Position.STANDING,
    )
    engine, writer, _clock = session_at(plan, 4 + 5 + 1)
    assert engine.current.phase is Phase.REST
    assert texts(c for e in engine.say_again() for c in writer.cues(e)) == ["Rest. Next: B."]
