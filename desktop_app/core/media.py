"""A session as a desktop's media controls show it: a player whose track is the step under way.

Pure functions of a `Snapshot`, shared by every system's media controls (MPRIS on Linux now;
Windows' and macOS' later): what is playing, what each button can do at this moment, where
the position is, and what the buttons mean in each phase. Nothing here knows D-Bus."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from desktop_app.core.engine import State
from desktop_app.core.model import Side, Stretch
from desktop_app.core.plan import Phase
from desktop_app.core.snapshot import PHASE_TITLES, Snapshot

# A jump of the position by more than this, within one track, is a seek the clients must hear
# of (Back to a hold's start, "say that again"); less is the tick's own jitter.
JUMP_SECONDS = 0.5


class Status(Enum):
    PLAYING = "Playing"
    PAUSED = "Paused"
    STOPPED = "Stopped"


class Press(Enum):
    """What a media button does to the session."""

    PLAY = "play"
    PAUSE = "pause"
    TOGGLE = "toggle"
    SKIP = "skip"
    BACK = "back"
    AGAIN = "again"  # say that again
    STOP = "stop"


@dataclass(frozen=True)
class Track:
    """The step under way as a media player's track."""

    number: int  # the plan step's index: a new step is a new track
    title: str  # the stretch
    artist: str  # what is done now, and the side or the repetition
    album: str  # the routine
    length: float | None  # seconds; None while a question waits for its answer
    stretch: Stretch = field(compare=False)  # whose figure is the art (named by title)
    side: Side | None


@dataclass(frozen=True)
class Player:
    """What the media controls show and allow at one moment."""

    status: Status
    track: Track | None
    can_next: bool
    can_previous: bool
    can_play: bool
    can_pause: bool


STOPPED = Player(Status.STOPPED, None, False, False, False, False)


def artist_text(snapshot: Snapshot) -> str:
    """ "Hold · left side", "Get into position · right side", "Rep 3 of 10 · left leg",
    "Rest"."""
    step = snapshot.step
    assert step is not None
    if step.phase is Phase.REPS and snapshot.rep is not None and step.reps:
        number, leg = snapshot.rep
        what = f"Rep {number} of {step.reps}"
        side = f"{leg.value} leg" if leg is not None else ""
    else:
        what = PHASE_TITLES[step.phase]
        sided = step.stretch.sided and step.side is not None and step.phase is not Phase.REST
        side = f"{step.side.value} side" if sided and step.side is not None else ""
    return f"{what} · {side}" if side else what


def player(snapshot: Snapshot | None) -> Player:
    """The player for a session at `snapshot`: stopped when none runs."""
    if snapshot is None or snapshot.step is None or snapshot.state is State.FINISHED:
        return STOPPED
    step = snapshot.step
    track = Track(
        number=step.index,
        title=step.stretch.name,
        artist=artist_text(snapshot),
        album=snapshot.routine_name,
        length=step.duration,
        stretch=step.stretch,
        side=step.side if step.stretch.sided else None,
    )
    paused = snapshot.state is State.PAUSED
    # CanPlay and CanPause belong to the track, not to whether it plays now (the spec's
    # words): a desktop hides a player that cannot play (GNOME; playerctl skips it).
    return Player(
        status=Status.PAUSED if paused else Status.PLAYING,
        track=track,
        can_next=True,  # a step can always be skipped, the last one too (the session ends)
        can_previous=True,  # Back, or "say that again"
        can_play=True,
        can_pause=True,
    )


def position(snapshot: Snapshot, now: float) -> float:
    """Seconds into the track at `now`, from the snapshot and the clock, never counted."""
    elapsed = snapshot.elapsed_at(now)
    length = snapshot.step.duration if snapshot.step is not None else None
    return min(elapsed, length) if length is not None else elapsed


def jumped(before: Snapshot, after: Snapshot) -> bool:
    """Did the position jump between two snapshots of the same track (a seek), rather than
    run on with the clock or stand still in a pause?"""
    if before.step is None or after.step is None or before.step.index != after.step.index:
        return False
    return abs(position(after, after.at) - position(before, after.at)) > JUMP_SECONDS


def meaning(press: Press, snapshot: Snapshot | None) -> Press:
    """What a media button does now. Previous while getting into position says the
    instruction again: from the floor, "what was that?" is asked far more often than "go
    back", which the other phases keep (and the Left key keeps everywhere)."""
    step = snapshot.step if snapshot is not None else None
    if press is Press.BACK and step is not None and step.phase is Phase.PREPARE:
        return Press.AGAIN
    return press
