"""How the figure moves through a session step: it eases from the start position into the
stretch while the user gets into position, breathes slowly during a hold, and lowers and
returns a leg in time with each repetition. Everything follows the step's elapsed seconds, so
a paused session is a still figure and a test needs no timer."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from desktop_app.core.figure import FigureSpec, Pose, blend, turn
from desktop_app.core.figure_drawing import Drawing, draw
from desktop_app.core.model import Kind, Side, Stretch
from desktop_app.core.plan import Phase, PlanStep

BREATH_SECONDS = 6.0  # ten breaths a minute
BREATH_STEPS = 30  # a breath is drawn in fifths of a second, so its frames repeat exactly
BREATH_DEGREES = 1.5
BREATH_LIFT = 0.07  # how far the shoulders rise, as a share of their width
SETTLE_SHARE = 0.5  # of a lead-in spent moving; then the body is still before the count ends


@dataclass(frozen=True)
class Frame:
    pose: Pose
    mirrored: bool = False  # the left side of a sided stretch
    swapped: bool = False  # a repetition with the left leg

    def drawing(self, spec: FigureSpec) -> Drawing:
        return draw(self.pose, spec, mirrored=self.mirrored, swapped=self.swapped)


def ease(t: float) -> float:
    t = min(1.0, max(0.0, t))
    return t * t * (3 - 2 * t)


def work_index(stretch: Stretch, spec: FigureSpec) -> int:
    """The pose held while working: the last, or for repetitions the one before the last (the
    last is the far end of each repetition)."""
    return len(spec.poses) - (2 if stretch.kind is Kind.REPS else 1)


def along(spec: FigureSpec, last: int, t: float) -> Pose:
    """Part way (t from 0 to 1) through the poses from the first to `last`, resting a moment
    at each one on the way."""
    if last <= 0 or t >= 1:
        return spec.poses[max(0, last)]
    position = max(0.0, t) * last
    index = int(position)
    return blend(spec.poses[index], spec.poses[index + 1], ease(position - index))


def breath_phase(step: PlanStep, elapsed: float) -> int | None:
    """Which of a breath's BREATH_STEPS moments the figure shows `elapsed` seconds into a step
    it breathes through (None for a step where it moves): frames with the same phase in the
    same step are the same, so a view can keep them instead of working them out again."""
    if step.phase in (Phase.PREPARE, Phase.SWITCH, Phase.REPS):
        return None
    return _phase(elapsed)


def _phase(elapsed: float) -> int:
    return round(elapsed / BREATH_SECONDS * BREATH_STEPS) % BREATH_STEPS


def breathe(pose: Pose, elapsed: float) -> Pose:
    """The pose with one moment of a slow breath: the chest rises and the shoulders lift."""
    wave = math.sin(2 * math.pi * _phase(elapsed) / BREATH_STEPS)
    d = dict(pose.directions)
    d["torso"] = turn(d["torso"], BREATH_DEGREES * wave)
    sx, sy, sz = d["shoulders"]
    d["shoulders"] = (sx, sy + BREATH_LIFT * wave, sz)
    return Pose(pose.name, d)


def frame_at(step: PlanStep, elapsed: float) -> Frame | None:
    """The figure `elapsed` seconds into `step`; None for a stretch that has no figure."""
    stretch = step.stretch
    spec = stretch.figure
    if spec is None:
        return None
    mirrored = stretch.sided and step.side is Side.LEFT
    work = work_index(stretch, spec)
    if step.phase is Phase.REST:  # the next stretch's start position, at ease
        return Frame(breathe(spec.poses[0], elapsed), mirrored)
    if step.phase in (Phase.PREPARE, Phase.SWITCH):
        moving = (step.duration or 0.0) * SETTLE_SHARE
        t = elapsed / moving if moving > 0 else 1.0
        return Frame(along(spec, work, t), mirrored)
    if step.phase is Phase.REPS and step.tempo and work + 1 < len(spec.poses):
        reps = step.reps or 1
        rep = min(reps, int(elapsed // step.tempo) + 1)
        into = (elapsed - (rep - 1) * step.tempo) / step.tempo
        reach = ease(1 - abs(2 * min(1.0, into) - 1))
        pose = blend(spec.poses[work], spec.poses[work + 1], reach)
        leg = step.leg(rep)
        return Frame(pose, mirrored, swapped=stretch.alternate and leg is Side.LEFT)
    return Frame(breathe(spec.poses[work], elapsed), mirrored)


def moving(step: PlanStep, elapsed: float) -> bool:
    """Whether the figure is on its way between poses (easing in, or a repetition), which
    wants 30 frames a second; a breath is slow enough for the session's tenths of a second."""
    if step.phase in (Phase.PREPARE, Phase.SWITCH):
        return elapsed < (step.duration or 0.0) * SETTLE_SHARE
    return step.phase is Phase.REPS


SAMPLES = 12  # per move between two key poses, for the stage (figure_scene)


def every_motion(stretch: Stretch, mirrored: bool) -> Iterator[Frame]:
    """Frames spread over every move the figure makes for this stretch on one side: between
    each pair of key poses, a whole breath, and both legs' repetitions."""
    spec = stretch.figure
    assert spec is not None
    for a, b in zip(spec.poses, spec.poses[1:], strict=False):
        for i in range(SAMPLES + 1):
            yield Frame(blend(a, b, i / SAMPLES), mirrored)
    for pose in (spec.poses[0], spec.poses[work_index(stretch, spec)]):
        for i in range(SAMPLES):
            yield Frame(breathe(pose, BREATH_SECONDS * i / SAMPLES), mirrored)
    if stretch.alternate:
        for pose in spec.poses[-2:]:
            yield Frame(pose, mirrored, swapped=True)
