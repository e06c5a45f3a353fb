"""The figure's body and what a stretch asks of it: an articulated skeleton with fixed bone
lengths, posed by the direction of each bone, and the spec that says how a stretch is drawn
(its key poses, the camera, the props, the muscle, the arrows, the ghost and the side marker).

Coordinates are the body's world: x forward (where a standing body faces), y up, z to the
body's right; one unit is about a hundredth of the body's height. A pose gives a direction for
each bone; the joints follow from the bone lengths, so a figure never stretches or shrinks.
Poses are written for the right side (the right leg is the one being worked, nearest the
camera); the left side is the mirror image. `figure_body` gives the body its shapes and sets it
on the floor, `figure_drawing` sees it through the camera; nothing here knows about Qt.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import Enum

Vec = tuple[float, float, float]
Point = tuple[float, float]


@dataclass(frozen=True)
class Bone:
    name: str
    start: str  # joint
    end: str  # joint
    key: str  # the pose entry that gives its direction
    length: float
    chain: str  # the limb it belongs to, drawn as one piece: "trunk", "right_leg", ...
    sign: float = 1.0  # -1: the left half of the hips or shoulders, opposite the right


def _limb(side: str, start: str) -> tuple[Bone, ...]:
    """An arm or a leg, from the half of the shoulders or hips it hangs on."""
    sign = -1.0 if side == "left" else 1.0
    chain = f"{side}_{'arm' if start == 'shoulder' else 'leg'}"

    def bone(part: str, a: str, b: str, length: float) -> Bone:
        return Bone(f"{side}_{part}", f"{side}_{a}", f"{side}_{b}", f"{side}_{part}", length, chain)

    if start == "shoulder":
        return (
            Bone(f"{side}_shoulders", "chest", f"{side}_shoulder", "shoulders", 9, chain, sign),
            bone("upper_arm", "shoulder", "elbow", 16),
            bone("forearm", "elbow", "wrist", 14),
            bone("hand", "wrist", "fingers", 6.5),
        )
    return (
        Bone(f"{side}_hips", "hip", f"{side}_hip", "hips", 8, chain, sign),
        bone("thigh", "hip", "knee", 24),
        bone("shin", "knee", "ankle", 23),
        bone("foot", "ankle", "toes", FOOT_LENGTH),  # along the sole, from the ankle
    )


FOOT_LENGTH = 8.8


# Parents before children; the pelvis's centre ("hip") is the root.
BONES: tuple[Bone, ...] = (
    Bone("pelvis", "hip", "waist", "pelvis", 10, "trunk"),
    Bone("torso", "waist", "chest", "torso", 21, "trunk"),
    Bone("neck", "chest", "skull", "neck", 5, "trunk"),
    Bone("head", "skull", "crown", "head", 6.5, "trunk"),  # the head is round its end
    *_limb("right", "shoulder"),
    *_limb("left", "shoulder"),
    *_limb("right", "hip"),
    *_limb("left", "hip"),
)
BONE_NAMES = frozenset(bone.name for bone in BONES)
JOINTS = frozenset({"hip"} | {bone.end for bone in BONES})
POSE_KEYS = ("face", *dict.fromkeys(bone.key for bone in BONES))

# Standing at ease, facing forward: what a pose leaves out.
STANDING: Mapping[str, Vec] = {
    "face": (1, 0, 0),
    "pelvis": (0, 1, 0),
    "torso": (0, 1, 0),
    "neck": (0.1, 1, 0),
    "head": (0.1, 1, 0),
    "hips": (0, 0, 1),
    "shoulders": (0, -0.08, 1),
    "right_upper_arm": (0, -1, 0.08),
    "right_forearm": (0.12, -1, 0.02),
    "right_hand": (0.1, -1, 0),
    "left_upper_arm": (0, -1, -0.08),
    "left_forearm": (0.12, -1, -0.02),
    "left_hand": (0.1, -1, 0),
    "right_thigh": (0, -1, 0.02),
    "right_shin": (0, -1, 0),
    "right_foot": (1, 0, 0.08),
    "left_thigh": (0, -1, -0.02),
    "left_shin": (0, -1, 0),
    "left_foot": (1, 0, -0.08),
}


class Prop(Enum):
    MAT = "mat"
    CUSHION = "cushion"  # under the worked knee
    CHAIR = "chair"  # under the pelvis
    WALL = "wall"  # beside the body, on its left
    DESK = "desk"  # beside the body, on its left, under the far hand


class Muscle(Enum):
    """The muscles a figure can show, drawn in their place inside the body (`figure_muscles`)."""

    ILIOPSOAS = "iliopsoas"
    GLUTEUS_MEDIUS = "gluteus-medius"
    TFL = "tfl"  # with the iliotibial band it blends into
    DEEP_ABDOMINALS = "deep-abdominals"


MUSCLE_NAMES = {
    Muscle.ILIOPSOAS: "Iliopsoas",
    Muscle.GLUTEUS_MEDIUS: "Gluteus medius",
    Muscle.TFL: "Tensor fasciae latae and IT band",
    Muscle.DEEP_ABDOMINALS: "Deep abdominals",
}


@dataclass(frozen=True)
class Arrow:
    """What the stretch asks, drawn as an arrow along the way a point of the body travels
    from one key pose to another: `offset` moves it off the body (picture units, for the right
    side), `grow` lengthens a short movement about its middle so it reads. With `around`, the
    point turns about another (the pelvis rolling under about the hips) and the arrow is an
    arc round that one."""

    at: str  # a landmark: a joint, or one of figure_body.LANDMARKS
    start: str  # pose names
    end: str
    offset: Point = (0.0, 0.0)
    grow: float = 1.0
    around: str | None = None


@dataclass(frozen=True)
class Marker:
    """Where the side's letter (L or R) goes: beside a landmark of the worked limb in the
    stretch, moved by `offset` (picture units, for the right side)."""

    at: str
    offset: Point = (0.0, 0.0)


@dataclass(frozen=True)
class Pose:
    name: str
    directions: Mapping[str, Vec]  # every key of POSE_KEYS, not normalised


@dataclass(frozen=True)
class FigureSpec:
    """How a stretch is drawn: its key poses in order (the start position first, the stretch
    last; for repetitions the last is the far end of one repetition), where the camera looks
    from, which joint stays put while the poses change, the props, the muscle it works (on the
    right side), the arrows, the pose shown faintly behind (`ghost`, where the movement is the
    point) and where the side's letter goes."""

    poses: tuple[Pose, ...]
    view: float = (
        0.0  # camera bearing in degrees: 0 sees the right side, 90 the front, -90 the back
    )
    anchor: str = "hip"
    props: frozenset[Prop] = frozenset()
    muscles: tuple[Muscle, ...] = ()
    arrows: tuple[Arrow, ...] = ()
    ghost: str | None = None
    marker: Marker | None = None

    def pose(self, name: str) -> Pose:
        return next(pose for pose in self.poses if pose.name == name)


def complete_poses(named: Iterable[tuple[str, Mapping[str, Vec]]]) -> tuple[Pose, ...]:
    """Poses from what each one gives: a direction it leaves out is the one before it had,
    and the first one starts from standing."""
    poses: list[Pose] = []
    current = dict(STANDING)
    for name, given in named:
        current = current | dict(given)
        poses.append(Pose(name, dict(current)))
    return tuple(poses)


# -- vectors ---------------------------------------------------------------------------------


def unit(v: Vec) -> Vec:
    size = math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2])
    return (v[0] / size, v[1] / size, v[2] / size)


def blend(a: Pose, b: Pose, t: float) -> Pose:
    """Part way from pose a to pose b, each bone turning evenly between its two directions."""
    if t <= 0:
        return a
    if t >= 1:
        return b
    directions = {}
    for key in POSE_KEYS:
        u, v = unit(a.directions[key]), unit(b.directions[key])
        directions[key] = (
            u[0] + (v[0] - u[0]) * t,
            u[1] + (v[1] - u[1]) * t,
            u[2] + (v[2] - u[2]) * t,
        )
    return Pose(b.name if t >= 0.5 else a.name, directions)


def turn(v: Vec, degrees: float) -> Vec:
    """v turned about the z axis (forward towards up)."""
    c, s = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    return (v[0] * c - v[1] * s, v[0] * s + v[1] * c, v[2])


def swap_sides(pose: Pose) -> Pose:
    """The same pose with the body's left and right exchanged (reflected through its middle),
    for a repetition done with the other leg."""

    swapped = {}
    for key, (x, y, z) in pose.directions.items():
        if key in ("hips", "shoulders"):  # the right half becomes the old left half
            swapped[key] = (-x, -y, z)
        else:
            swapped[other_side(key)] = (x, y, -z)
    return Pose(pose.name, swapped)


def other_side(name: str) -> str:
    """The name of the same bone or joint on the body's other side ("left_knee")."""
    for a, b in (("right_", "left_"), ("left_", "right_")):
        if name.startswith(a):
            return b + name.removeprefix(a)
    return name


def swap_spec(spec: FigureSpec) -> FigureSpec:
    """The spec for the swapped body: its anchor on the other side."""
    return replace(spec, anchor=other_side(spec.anchor))


def add(a: Vec, b: Vec, k: float = 1.0) -> Vec:
    """a + k·b."""
    return (a[0] + b[0] * k, a[1] + b[1] * k, a[2] + b[2] * k)


def dot(a: Vec, b: Vec) -> float:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def cross(a: Vec, b: Vec) -> Vec:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])
