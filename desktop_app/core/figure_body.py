"""The body in space: the joints of a pose, the shapes round them, and the whole body set down
on the floor.

Each piece is a shape in space that the camera later flattens. The pelvis and the ribcage are
rounded solids of their own, joined at a waist that bends, so that a tuck, a flat lower back and
a hinge with a straight back show; the pelvis wears shorts, so its tilt reads at a glance. Limbs
taper from the body out, with knees, elbows and a calf; a foot has a heel and a flat sole; a
hand is a mitten; the head has a face and hair, so that it shows which way it looks."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

from desktop_app.core.figure import BONES, FigureSpec, Pose, Prop, Vec, add, cross, dot, unit


class Material(Enum):
    SKIN = "skin"
    CLOTH = "cloth"  # the shorts on the pelvis


@dataclass(frozen=True)
class Solid:
    """A rounded solid, drawn as the outline round its points as the camera sees them."""

    points: tuple[Vec, ...]
    material: Material = Material.SKIN


@dataclass(frozen=True)
class Limb:
    """An arm, a leg or the neck: a line through its joints, as thick as each radius there,
    drawn as one outline with round ends and a round outer side at each bend."""

    points: tuple[Vec, ...]
    radii: tuple[float, ...]


@dataclass(frozen=True)
class Skull:
    centre: Vec
    radius: float
    face: Vec  # where the face looks
    up: Vec  # from the neck through the top of the head


Piece = Solid | Limb | Skull

CUSHION_HEIGHT = 4.0
CUSHIONED = "right_knee"  # the worked knee, down on the cushion
HEAD_RADIUS = 5.8
KNEE_RADIUS = 3.6
ANKLE_RADIUS = 2.1
WRIST_RADIUS = 1.8
FINGER_RADIUS = 1.4

# A segment's own frame: where it starts, and three directions: along its bone, to its front,
# and to the body's right. Rings and muscles are placed in these frames.
Frame = tuple[Vec, Vec, Vec, Vec]

# Cross-sections of the trunk along its bones: (along, front, back, side) in body units.
PELVIS_RINGS = ((9.5, 3.8, 3.8, 6.3), (4.5, 5.2, 5.6, 8.0), (-3.5, 2.6, 6.4, 6.8))
WAIST_RINGS = (("pelvis", (9.0, 4.2, 4.2, 6.3)), ("torso", (5.0, 4.8, 4.4, 6.4)))
RIBCAGE_RINGS = ((5.5, 5.0, 4.6, 6.6), (13.0, 6.4, 5.6, 8.0), (21.5, 2.6, 4.4, 6.0))
RING_POINTS = 8

# A foot's outline in its own plane: (along the sole from the ankle, up from the sole to the
# ankle), heel first; drawn as wide as FOOT_WIDTH.
FOOT_OUTLINE = ((-2.2, 0.8), (-2.3, -3.0), (6.2, -3.6), (8.8, -2.4), (4.0, -0.5), (1.6, 1.4))
FOOT_WIDTH = 1.6  # each side of the middle

# Points of the body that are not joints, for arrows and markers: (segment, along, front, side).
LANDMARKS = {
    "tailbone": ("pelvis", -4.0, -7.5, 0.0),  # a lever out from it, so its roll shows
    "belly": ("torso", 5.0, 5.0, 0.0),
    "upper_back": ("torso", 15.0, -5.5, 0.0),
    "right_outer_hip": ("pelvis", 2.0, 0.0, 9.0),
}


@dataclass(frozen=True)
class Body:
    """The body as built from the pelvis, and the `offset` that sets it on the floor: the
    camera adds it once to what it sees, rather than to every point here."""

    joints: dict[str, Vec]  # every joint, on the floor
    chains: dict[str, tuple[Piece, ...]]  # "trunk", "right_arm", ...: each from the body out
    frames: dict[str, Frame]  # by segment: "pelvis", "torso", "right_thigh", ...
    offset: Vec

    def at(self, segment: str, along: float, front: float, side: float) -> Vec:
        """A point in a segment's own frame, on the floor."""
        origin, u, f, s = self.frames[segment]
        return add(add(add(add(origin, u, along), f, front), s, side), self.offset)

    def landmark(self, name: str) -> Vec:
        """A joint, or one of LANDMARKS."""
        if name in self.joints:
            return self.joints[name]
        return self.at(*LANDMARKS[name])


def _across(u: Vec, towards: Vec) -> Vec:
    """`towards` made square to u; the body's right when the two are nearly the same."""
    k = dot(towards, u)
    s = add(towards, u, -k)
    size = math.sqrt(dot(s, s))
    return (s[0] / size, s[1] / size, s[2] / size) if size > 1e-6 else (0.0, 0.0, 1.0)


def _frames(joints: dict[str, Vec], pose: Pose) -> dict[str, Frame]:
    d = pose.directions
    frames: dict[str, Frame] = {}
    for segment, origin, side_key in (("pelvis", "hip", "hips"), ("torso", "waist", "shoulders")):
        u = unit(d[segment])
        s = _across(u, unit(d[side_key]))
        frames[segment] = (joints[origin], u, cross(u, s), s)
    right = unit(d["hips"])
    for side in ("right", "left"):
        for segment, origin in (("thigh", "hip"), ("shin", "knee")):
            u = unit(d[f"{side}_{segment}"])
            s = _across(u, right)
            frames[f"{side}_{segment}"] = (joints[f"{side}_{origin}"], u, cross(s, u), s)
    return frames


_RING = [
    (math.cos(k * math.tau / RING_POINTS), math.sin(k * math.tau / RING_POINTS))
    for k in range(RING_POINTS)
]


def _ring(frame: Frame, along: float, front: float, back: float, side: float) -> list[Vec]:
    (ox, oy, oz), u, f, s = frame
    cx, cy, cz = ox + u[0] * along, oy + u[1] * along, oz + u[2] * along
    points = []
    for c, n in _RING:
        a, b = c * (front if c > 0 else back), n * side
        points.append(
            (cx + f[0] * a + s[0] * b, cy + f[1] * a + s[1] * b, cz + f[2] * a + s[2] * b)
        )
    return points


def _trunk(joints: dict[str, Vec], frames: dict[str, Frame], pose: Pose) -> tuple[Piece, ...]:
    pelvis, torso = frames["pelvis"], frames["torso"]
    ribs = [p for ring in RIBCAGE_RINGS for p in _ring(torso, *ring)]
    waist = [p for name, ring in WAIST_RINGS for p in _ring(frames[name], *ring)]
    hips = [p for ring in PELVIS_RINGS for p in _ring(pelvis, *ring)]
    d = pose.directions
    return (
        Solid(tuple(ribs)),
        Solid(tuple(waist)),
        Limb((joints["chest"], joints["skull"]), (2.9, 2.5)),  # the neck
        Solid(tuple(hips), Material.CLOTH),
        Skull(joints["crown"], HEAD_RADIUS, unit(d["face"]), unit(d["head"])),
    )


def _arm(joints: dict[str, Vec], side: str) -> tuple[Piece, ...]:
    j = {name: joints[f"{side}_{name}"] for name in ("shoulder", "elbow", "wrist", "fingers")}
    forearm = _between(j["elbow"], j["wrist"], 0.3)
    palm = _between(j["wrist"], j["fingers"], 0.45)
    return (
        Limb(
            (joints["chest"], j["shoulder"], j["elbow"], forearm, j["wrist"], palm, j["fingers"]),
            (4.0, 3.5, 2.6, 2.8, WRIST_RADIUS, 2.3, FINGER_RADIUS),
        ),
    )


def _leg(
    joints: dict[str, Vec], frames: dict[str, Frame], pose: Pose, side: str
) -> tuple[Piece, ...]:
    hip, knee, ankle = (joints[f"{side}_{name}"] for name in ("hip", "knee", "ankle"))
    origin, u, f, _ = frames[f"{side}_shin"]
    calf = add(add(origin, u, 7.0), f, -0.9)  # the calf swells behind the shin
    return (
        Limb((hip, knee, calf, ankle), (5.0, KNEE_RADIUS, 3.9, ANKLE_RADIUS)),
        _foot(ankle, unit(pose.directions[f"{side}_foot"]), unit(pose.directions["hips"])),
    )


def _foot(ankle: Vec, along: Vec, right: Vec) -> Solid:
    s = _across(along, right)
    up = cross(s, along)  # from the sole towards the ankle
    points = []
    for width in (-FOOT_WIDTH, FOOT_WIDTH):
        for a, n in FOOT_OUTLINE:
            points.append(add(add(add(ankle, along, a), up, n), s, width))
    return Solid(tuple(points))


def _between(a: Vec, b: Vec, t: float) -> Vec:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t)


def _joints(pose: Pose) -> dict[str, Vec]:
    """Bones laid end to end from the pelvis."""
    joints: dict[str, Vec] = {"hip": (0.0, 0.0, 0.0)}
    for bone in BONES:
        joints[bone.end] = add(
            joints[bone.start], unit(pose.directions[bone.key]), bone.length * bone.sign
        )
    return joints


def _lowest(piece: Piece) -> float:
    if isinstance(piece, Solid):
        return min(p[1] for p in piece.points)
    if isinstance(piece, Limb):
        return min(p[1] - r for p, r in zip(piece.points, piece.radii, strict=True))
    return piece.centre[1] - piece.radius


def build(pose: Pose, spec: FigureSpec) -> Body:
    """The body in a pose, resting on the floor (y = 0; a knee on the cushion rests on the
    cushion) with the spec's anchor joint at x = z = 0."""
    joints = _joints(pose)
    frames = _frames(joints, pose)
    chains = {
        "trunk": _trunk(joints, frames, pose),
        "right_arm": _arm(joints, "right"),
        "left_arm": _arm(joints, "left"),
        "right_leg": _leg(joints, frames, pose, "right"),
        "left_leg": _leg(joints, frames, pose, "left"),
    }
    lowest = min(_lowest(piece) for pieces in chains.values() for piece in pieces)
    if Prop.CUSHION in spec.props:
        lowest = min(lowest, joints[CUSHIONED][1] - KNEE_RADIUS - CUSHION_HEIGHT)
    ax, _, az = joints[spec.anchor]
    by = (-ax, -lowest, -az)
    return Body({name: add(p, by) for name, p in joints.items()}, chains, frames, by)


def solve(pose: Pose, spec: FigureSpec) -> dict[str, Vec]:
    """Each joint's place, with the body on the floor."""
    return build(pose, spec).joints
