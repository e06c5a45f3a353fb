"""The figure model: every built-in stretch is posed, bones keep their lengths, the left side is
the mirror of the right, and every frame of every motion fits the drawing area."""

from __future__ import annotations

import math
from dataclasses import replace
from functools import cache
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.catalogue import load_catalogue
from desktop_app.core.figure import (
    BONES,
    POSE_KEYS,
    Pose,
    Prop,
    blend,
    other_side,
    swap_sides,
    swap_spec,
)
from desktop_app.core.figure_body import (
    CUSHION_HEIGHT,
    CUSHIONED,
    FINGER_RADIUS,
    HEAD_RADIUS,
    KNEE_RADIUS,
    WRIST_RADIUS,
    Solid,
    build,
    solve,
)
from desktop_app.core.figure_drawing import Camera, Tone, draw, union
from desktop_app.core.figure_motion import SETTLE_SHARE, every_motion, frame_at, work_index
from desktop_app.core.figure_scene import scene
from desktop_app.core.model import Routine, RoutineStep, Side, Stretch
from desktop_app.core.plan import Phase, build_plan
from desktop_app.resources import assets_dir
from tests.test_content import STRETCHES

SIDES = (Side.RIGHT, Side.LEFT)


@cache
def _stretches() -> dict[str, Stretch]:
    return load_catalogue(assets_dir(), None).stretches


def _length(a, b) -> float:
    return math.dist(a, b)


@pytest.mark.parametrize("stretch_id", sorted(STRETCHES))
def test_every_stretch_has_two_to_four_key_poses(catalogue, stretch_id):
    spec = catalogue.stretches[stretch_id].figure
    assert spec is not None
    assert 2 <= len(spec.poses) <= 4
    assert len({pose.name for pose in spec.poses}) == len(spec.poses)
    assert spec.muscles, "the muscle it works is shown"


@pytest.mark.parametrize("stretch_id", sorted(STRETCHES))
def test_bones_keep_their_length_in_every_frame(catalogue, stretch_id):
    stretch = catalogue.stretches[stretch_id]
    spec = stretch.figure
    for frame in every_motion(stretch, mirrored=False):
        pose = swap_sides(frame.pose) if frame.swapped else frame.pose
        joints = solve(pose, spec)
        for bone in BONES:
            measured = _length(joints[bone.start], joints[bone.end])
            assert measured == pytest.approx(bone.length, rel=0.01), (frame.pose.name, bone.name)


@pytest.mark.parametrize("stretch_id", sorted(STRETCHES))
def test_the_body_rests_on_the_floor_and_never_goes_through_it(catalogue, stretch_id):
    stretch = catalogue.stretches[stretch_id]
    for frame in every_motion(stretch, mirrored=False):
        drawing = frame.drawing(stretch.figure)
        lowest = min(y for p in drawing.parts if p.tone is not Tone.MUSCLE for _, y in p.points)
        cushion = CUSHION_HEIGHT if drawing.cushion else 0.0
        assert -1e-9 <= lowest <= cushion + ROUNDING, frame.pose.name


# What each key pose rests on, as a stranger would check it: a kneeling knee is down, a foot
# stepped forward is flat, hands on the floor touch it. Joints named as in the model.
RESTS_ON = {
    "half-kneeling-hip-flexor": {
        "kneel": ("right_knee", "left_toes"),
        "tuck": ("right_knee", "left_toes"),
        "stretch": ("right_knee", "left_toes", "right_toes"),
    },
    "kneeling-hip-flexor": {
        "kneel": ("right_knee", "left_knee", "right_toes", "left_toes"),
        "lunge": ("right_knee", "left_toes", "right_toes"),
        "stretch": ("right_knee", "left_toes", "right_toes"),
    },
    "lizard-pose": {
        "all-fours": ("right_knee", "left_knee", "right_fingers", "left_fingers"),
        "step": ("right_knee", "left_toes", "right_fingers", "left_fingers"),
        "sink": ("right_knee", "left_toes", "right_fingers", "left_fingers"),
    },
    "dead-bug": {
        "knees-bent": ("hip", "crown", "right_toes", "left_toes"),
        "bridge": ("crown", "right_toes", "left_toes"),
        "table": ("hip", "crown"),
        "lower": ("hip", "crown", "right_ankle"),
    },
    "thomas-test": {"lie": ("hip", "crown", "left_ankle"), "knee-to-chest": ("hip", "crown")},
    "seated-figure-four": {"sit": ("right_toes", "left_toes"), "lean": ("left_toes",)},
    "standing-tfl-cross-over": {"stand": ("right_toes", "left_toes"), "stretch": ("left_toes",)},
    "standing-hip-flexor": {  # the back heel is up: the back foot rests on its toes alone
        "split": ("right_toes", "left_toes", "left_ankle"),
        "tuck": ("right_toes", "left_toes", "left_ankle"),
        "stretch": ("right_toes", "left_toes", "left_ankle"),
    },
}
TOUCHING = 3.0  # body units (a hundredth of its height) between a resting joint and the floor
ROUNDING = 0.3  # how far inside a true circle a drawn round end's corners may stay


@pytest.mark.parametrize("stretch_id", sorted(RESTS_ON))
def test_each_key_pose_rests_where_a_person_would(catalogue, stretch_id):
    spec = catalogue.stretches[stretch_id].figure
    for name, joints in RESTS_ON[stretch_id].items():
        body = build(spec.pose(name), spec)
        for joint in joints:
            floor = CUSHION_HEIGHT if drawn_on_cushion(spec, joint) else 0.0
            gap = _bottom(body, joint) - floor
            assert -1e-9 <= gap <= TOUCHING, (name, joint, round(gap, 1))


def _bottom(body, joint: str) -> float:
    """The lowest point of the body round a joint: a foot's sole, a knee's or a hand's
    round end, the back of the head, the seat of the pelvis."""
    y = body.joints[joint][1]
    if joint.endswith(("_toes", "_ankle")):
        leg = body.chains[joint.split("_", maxsplit=1)[0] + "_leg"]
        sole = min(p[1] for p in leg[-1].points) + body.offset[1]
        return min(sole, y - 2.1) if joint.endswith("_ankle") else sole
    if joint.endswith("_knee"):
        return y - KNEE_RADIUS
    if joint.endswith("_fingers"):
        return y - FINGER_RADIUS
    if joint == "crown":
        return y - HEAD_RADIUS
    assert joint == "hip"
    pelvis = next(
        p for p in body.chains["trunk"] if isinstance(p, Solid) and p.material.value == "cloth"
    )
    return min(p[1] for p in pelvis.points) + body.offset[1]


def test_the_standing_hip_flexor_holds_the_desk_with_the_back_heel_up(catalogue):
    stretch = catalogue.stretches["standing-hip-flexor"]
    spec = stretch.figure
    corners = [point for panel in scene(stretch, False).panels for point in panel]
    left, right = min(x for x, _ in corners), max(x for x, _ in corners)
    top = max(y for _, y in corners)
    for pose in spec.poses:
        joints = solve(pose, spec)
        wrist, fingers = joints["left_wrist"], joints["left_fingers"]
        palm = min(wrist[1] - WRIST_RADIUS, fingers[1] - FINGER_RADIUS)
        assert -0.01 <= palm - top <= 0.5, (pose.name, "the hand rests on the desk")
        assert left < wrist[0] < fingers[0] < right, pose.name
        assert joints["right_ankle"][1] > joints["right_toes"][1] + 5, (pose.name, "heel up")


def drawn_on_cushion(spec, joint: str) -> bool:
    return Prop.CUSHION in spec.props and joint == CUSHIONED


@pytest.mark.parametrize("stretch_id", sorted(STRETCHES))
def test_a_chain_is_drawn_in_one_piece_and_the_muscle_over_all(catalogue, stretch_id):
    spec = catalogue.stretches[stretch_id].figure
    drawing = draw(spec.poses[-1], spec)
    names = [chain.name for chain in drawing.chains]
    assert sorted(names) == sorted(
        ("trunk", "right_arm", "left_arm", "right_leg", "left_leg", "muscle")
    )
    assert names[-1] == "muscle", "seen through the body"
    trunk = next(chain for chain in drawing.chains if chain.name == "trunk")
    tones = [part.tone for part in trunk.parts]
    assert Tone.CLOTH in tones and tones.count(Tone.HAIR) == 1, "a pelvis in shorts, one head"
    assert not drawing.chains[0].crosses, "nothing is drawn under the farthest chain"
    for chain in drawing.chains:
        assert bool(chain.halo) == (chain.crosses or chain.name == "muscle") or not chain.crosses


@pytest.mark.parametrize("stretch_id", sorted(STRETCHES))
def test_the_left_side_is_the_mirror_image_of_the_right(catalogue, stretch_id):
    stretch = catalogue.stretches[stretch_id]
    spec = stretch.figure
    for pose in spec.poses:
        right, left = draw(pose, spec), draw(pose, spec, mirrored=True)
        assert [c.name for c in right.chains] == [c.name for c in left.chains]
        for r, m in zip(right.parts, left.parts, strict=True):
            assert m.tone is r.tone
            left_, bottom, right_, top = _box(r.points)
            assert _box(m.points) == pytest.approx((-right_, bottom, -left_, top), abs=1e-6)


def _box(points) -> tuple[float, float, float, float]:
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def test_the_mirror_is_the_body_and_camera_reflected_in_3d(catalogue):
    """What a camera on the left side sees of the reflected body is the mirrored picture, which
    is why mirroring the picture is the right way to draw the left side."""
    spec = catalogue.stretches["lizard-pose"].figure
    pose = spec.poses[-1]
    joints = solve(pose, spec)
    reflected = solve(swap_sides(pose), swap_spec(spec))
    seen_right = Camera(spec.view, mirrored=False)
    seen_left = Camera(180 - spec.view, mirrored=False)  # the camera reflected through the body
    for name, p in joints.items():
        x, y = seen_right.point(p)
        lx, ly = seen_left.point(reflected[other_side(name)])
        assert lx == pytest.approx(-x, abs=1e-6)
        assert ly == pytest.approx(y, abs=1e-6)


@pytest.mark.parametrize("stretch_id", sorted(set(STRETCHES) - {"dead-bug"}))
def test_the_worked_leg_is_the_nearer_and_drawn_dark(catalogue, stretch_id):
    stretch = catalogue.stretches[stretch_id]
    spec = stretch.figure
    for mirrored in (False, True):
        drawing = draw(spec.poses[-1], spec, mirrored=mirrored)
        chains = {chain.name: chain for chain in drawing.chains}
        order = list(chains)
        worked = chains["right_leg"]
        assert {part.tone for part in worked.parts} == {Tone.NEAR}, "never the light far tone"
        if spec.view < 90:  # seen from the worked side
            assert order.index("right_leg") > order.index("left_leg"), "painted later"


@settings(max_examples=150, deadline=None)
@given(
    stretch_id=st.sampled_from(sorted(STRETCHES)),
    side=st.sampled_from(SIDES),
    share=st.floats(0, 1),
)
def test_every_frame_of_a_session_stays_inside_the_drawing_area(stretch_id, side, share):
    stretch = _stretches()[stretch_id]
    routine = Routine("r", "R", (RoutineStep(stretch),))
    plan = build_plan(routine)
    for step in plan.steps:
        if stretch.sided and step.side is not side:
            continue
        elapsed = share * (step.duration or 30.0)
        frame = frame_at(step, elapsed)
        left, bottom, right, top = scene(stretch, frame.mirrored).stage
        x0, y0, x1, y1 = frame.drawing(stretch.figure).extent()
        assert left <= x0 and x1 <= right and bottom <= y0 and y1 <= top, (step.phase, elapsed)


def test_the_figure_eases_into_the_stretch_while_getting_into_position(catalogue):
    stretch = catalogue.stretches["half-kneeling-hip-flexor"]
    plan = build_plan(Routine("r", "R", (RoutineStep(stretch),)))
    prepare = plan.steps[0]
    assert prepare.phase is Phase.PREPARE
    spec = stretch.figure
    assert frame_at(prepare, 0).pose == spec.poses[0]
    assert frame_at(prepare, prepare.duration).pose == spec.poses[-1]
    assert frame_at(prepare, prepare.duration * SETTLE_SHARE).pose == spec.poses[-1]  # settled
    middle = frame_at(prepare, prepare.duration * SETTLE_SHARE * 0.4).pose
    assert middle not in spec.poses  # on its way
    hold = plan.steps[1]
    assert (
        frame_at(hold, 0).pose.directions["right_thigh"] == spec.poses[-1].directions["right_thigh"]
    )


def test_a_hold_breathes_slowly_and_a_pause_is_a_still_figure(catalogue):
    stretch = catalogue.stretches["seated-figure-four"]
    plan = build_plan(Routine("r", "R", (RoutineStep(stretch),)))
    hold = next(s for s in plan.steps if s.phase is Phase.HOLD)
    start, quarter = frame_at(hold, 0.0), frame_at(hold, 1.5)  # a quarter of a 6 s breath
    assert start.pose.directions["torso"] == pytest.approx(
        stretch.figure.poses[-1].directions["torso"]
    )
    assert start.pose.directions["torso"] != quarter.pose.directions["torso"]
    assert frame_at(hold, 6.0).pose.directions["torso"] == pytest.approx(
        start.pose.directions["torso"]
    )
    assert frame_at(hold, 1.5) == quarter  # the same moment draws the same figure


def test_the_dead_bug_lowers_the_leg_the_screen_names_in_time_with_the_tempo(catalogue):
    stretch = catalogue.stretches["dead-bug"]
    plan = build_plan(Routine("r", "R", (RoutineStep(stretch),)))
    reps = next(s for s in plan.steps if s.phase is Phase.REPS)
    spec = stretch.figure
    ready, lowered = spec.poses[work_index(stretch, spec)], spec.poses[-1]
    tempo = reps.tempo
    first = frame_at(reps, tempo / 2)  # rep 1, halfway: the leg is down
    assert first.pose.directions == lowered.directions
    assert first.swapped is (reps.leg(1) is Side.LEFT)
    second = frame_at(reps, tempo * 1.5)
    assert second.swapped is (reps.leg(2) is Side.LEFT)
    assert first.swapped != second.swapped
    assert frame_at(reps, 0).pose.directions == ready.directions
    assert frame_at(reps, tempo).pose.directions == ready.directions


def test_the_ready_pose_of_alternating_legs_is_the_same_with_either_leg(catalogue):
    """So the switch of legs between repetitions never jumps: the trunk, the two legs and the
    two arms fill the same places whichever leg is about to lower."""
    stretch = catalogue.stretches["dead-bug"]
    spec = stretch.figure
    ready = spec.poses[work_index(stretch, spec)]
    one, other = _places(draw(ready, spec)), _places(draw(ready, spec, swapped=True))
    for a, b in zip(one, other, strict=True):
        assert a == pytest.approx(b, abs=1.0)


def _places(drawing) -> list[tuple[float, float, float, float]]:
    boxes = {chain.name: chain.bounds for chain in drawing.chains}
    return [
        boxes["trunk"],
        union([boxes["right_leg"], boxes["left_leg"]]),
        union([boxes["right_arm"], boxes["left_arm"]]),
    ]


def test_drawing_is_deterministic(catalogue):
    for stretch in catalogue.stretches.values():
        for pose in stretch.figure.poses:
            assert draw(pose, stretch.figure) == draw(pose, stretch.figure)


def test_blend_turns_each_bone_evenly_between_its_two_directions():
    up = Pose("up", dict.fromkeys(POSE_KEYS, (0.0, 1.0, 0.0)))
    forward = Pose("forward", {**up.directions, "torso": (2.0, 0.0, 0.0)})
    half = blend(up, forward, 0.5)
    x, y, _ = half.directions["torso"]
    assert x == pytest.approx(y)  # halfway round, 45 degrees
    assert blend(up, forward, 0) is up and blend(up, forward, 1) is forward


def test_a_stretch_without_a_figure_has_no_frame(catalogue):
    stretch = replace(catalogue.stretches["lizard-pose"], figure=None)
    plan = build_plan(Routine("r", "R", (RoutineStep(stretch),)))
    assert frame_at(plan.steps[0], 1.0) is None


def _eyes(spec, pose) -> int:
    return sum(p.tone is Tone.FEATURE for p in draw(pose, spec).parts)


def test_the_head_shows_which_way_the_face_looks(catalogue):
    lying = catalogue.stretches["thomas-test"].figure
    assert _eyes(lying, lying.poses[0]) == 1  # in profile
    back = catalogue.stretches["standing-tfl-cross-over"].figure
    assert _eyes(back, back.poses[0]) == 0  # seen from behind: hair
    front = replace(back, view=90.0)
    assert _eyes(front, front.poses[0]) == 2


def test_the_muscle_lengthens_as_the_stretch_deepens(catalogue):
    """The iliopsoas runs from the spine to the thigh: going back, the thigh pulls it long."""
    spec = catalogue.stretches["kneeling-hip-flexor"].figure

    def length(pose) -> float:
        muscle = next(c for c in draw(pose, spec).chains if c.name == "muscle")
        band = muscle.parts[-1].points  # the psoas: one side of the band, then the other
        side = band[: len(band) // 2]
        return sum(math.dist(a, b) for a, b in pairwise(side))

    assert length(spec.pose("stretch")) > length(spec.pose("kneel")) * 1.04


def test_the_scene_marks_the_side_and_shows_the_way(catalogue):
    stretch = catalogue.stretches["half-kneeling-hip-flexor"]
    right, left = scene(stretch, False), scene(stretch, True)
    assert (right.badge.letter, left.badge.letter) == ("R", "L")
    assert left.badge.centre == pytest.approx((-right.badge.centre[0], right.badge.centre[1]))
    assert len(right.arrows) == 2 and right.ghost is not None
    tuck = right.arrows[0]
    assert tuck[-1] != tuck[0]
    assert scene(catalogue.stretches["dead-bug"], False).badge is None  # not sided


def test_the_tuck_is_an_arc_turning_under_round_the_hips(catalogue):
    stretch = catalogue.stretches["half-kneeling-hip-flexor"]
    spec = stretch.figure
    (arrow, _) = spec.arrows
    assert (arrow.at, arrow.around) == ("tailbone", "hip")
    tuck = scene(stretch, False).arrows[0]
    centre = Camera(spec.view, False).point(build(spec.pose(arrow.start), spec).landmark("hip"))
    reach = [math.dist(point, centre) for point in tuck]
    assert max(reach) - min(reach) < 0.01 * max(reach), "a circle's arc"
    (x0, y0), (x1, y1) = tuck[0], tuck[-1]
    assert x1 > x0 and y1 < y0, "forward and under, as the pelvis rolls back"
