"""A session as the media controls show it: the track, the buttons, the position and what
each button means, from snapshots alone."""

from __future__ import annotations

import pytest

from desktop_app.core.clock import FakeClock
from desktop_app.core.engine import SessionEngine
from desktop_app.core.media import (
    STOPPED,
    Press,
    Status,
    artist_text,
    jumped,
    meaning,
    player,
    position,
)
from desktop_app.core.model import Kind, Position
from desktop_app.core.plan import Phase, build_plan
from desktop_app.core.snapshot import take
from tests.core.builders import routine, step, stretch


def session(*steps, **timing):
    clock = FakeClock()
    plan = build_plan(routine(*steps, **timing), start=Position.STANDING)
    engine = SessionEngine(plan, clock)
    engine.start()
    return engine, clock


def at(engine, clock, seconds):
    """The snapshot `seconds` later, ticking every tenth as the driver does."""
    for _ in range(round(seconds * 10)):
        clock.advance(0.1)
        engine.tick()
    return take(engine, clock.now())


def test_each_phase_is_a_track_with_the_stretch_the_side_and_the_routine():
    engine, clock = session(step(stretch("lizard")), prepare=4, hold=30, switch=5)
    shown = player(take(engine, clock.now()))
    assert shown.status is Status.PLAYING
    track = shown.track
    assert (track.number, track.title, track.album) == (0, "Lizard", "Test")
    assert (track.artist, track.length) == ("Get into position · left side", 4)
    hold = player(at(engine, clock, 5)).track
    assert (hold.number, hold.artist, hold.length) == (1, "Hold · left side", 30)
    switch = player(at(engine, clock, 30)).track
    assert switch.artist == "Switch sides · right side"


def test_repetitions_name_the_rep_and_the_leg_and_a_rest_no_side():
    bug = stretch("bug", sided=False, kind=Kind.REPS, reps=4, tempo=4, alternate=True)
    engine, clock = session(step(bug), step(stretch("other", sided=False)), prepare=1)
    assert player(at(engine, clock, 1 + 5)).track.artist == "Rep 2 of 4 · right leg"
    rest = at(engine, clock, 12)
    assert rest.step.phase is Phase.REST
    assert artist_text(rest) == "Rest"


def test_a_question_has_no_length():
    engine, clock = session(step(stretch("c", sided=False, kind=Kind.CHECK)), hold=5)
    asked = at(engine, clock, 4 + 5 + 0.5)
    assert asked.step.phase is Phase.CHECK
    assert player(asked).track.length is None


def test_the_buttons_tell_the_truth_paused_or_playing_and_nothing_once_stopped():
    engine, clock = session(step(stretch()))
    playing = player(take(engine, clock.now()))
    engine.pause()
    paused = player(take(engine, clock.now()))
    assert (playing.status, paused.status) == (Status.PLAYING, Status.PAUSED)
    # CanPlay and CanPause are the track's, whether it plays or not (MPRIS 2.2).
    for shown in (playing, paused):
        assert shown.can_play and shown.can_pause and shown.can_next and shown.can_previous
    engine.stop()
    assert player(take(engine, clock.now())) == STOPPED
    assert player(None) == STOPPED
    assert not (STOPPED.can_play or STOPPED.can_next)


def test_the_position_comes_from_the_clock_and_stands_still_in_a_pause():
    engine, clock = session(step(stretch()), prepare=4, hold=30)
    shown = at(engine, clock, 6)  # 2 s into the hold
    assert position(shown, shown.at) == pytest.approx(2)
    assert position(shown, shown.at + 3) == pytest.approx(5)  # between snapshots
    assert position(shown, shown.at + 100) == 30  # never past the track's end
    engine.pause()
    paused = take(engine, clock.now())
    assert position(paused, paused.at + 60) == pytest.approx(2)


def test_a_jump_within_a_track_is_told_and_running_on_is_not():
    engine, clock = session(step(stretch()), prepare=4, hold=30)
    before = at(engine, clock, 14)  # 10 s into the hold
    after = at(engine, clock, 1)
    assert not jumped(before, after)  # the clock ran on
    engine.back()  # to the hold's start: the same track, its position back to 0
    again = take(engine, clock.now())
    assert again.step.index == after.step.index and jumped(after, again)
    engine.pause()
    paused = take(engine, clock.now())
    assert not jumped(again, paused)
    clock.advance(30)
    assert not jumped(paused, take(engine, clock.now()))  # a pause stands still
    engine.skip()
    assert not jumped(paused, take(engine, clock.now()))  # a new track is no seek


@pytest.mark.parametrize(
    ("seconds", "phase", "previous"),
    [
        (1, Phase.PREPARE, Press.AGAIN),  # getting into position: say that again
        (6, Phase.HOLD, Press.BACK),
        (4 + 30 + 1, Phase.SWITCH, Press.BACK),
    ],
)
def test_previous_says_again_while_getting_into_position(seconds, phase, previous):
    engine, clock = session(step(stretch()), prepare=4, hold=30, switch=5)
    shown = at(engine, clock, seconds)
    assert shown.step.phase is phase
    assert meaning(Press.BACK, shown) is previous
    assert meaning(Press.SKIP, shown) is Press.SKIP
    assert meaning(Press.TOGGLE, shown) is Press.TOGGLE
