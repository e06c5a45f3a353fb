"""The figure that shows a pose: one articulated body with fixed bone lengths, posed by the
direction of each bone, set on the floor, seen by a camera and reduced to flat shapes.

Coordinates are the body's world: x forward (where a standing body faces), y up, z to the
body's right; one unit is about a hundredth of the body's height. A pose gives a direction for
each bone; the joints follow from the bone lengths, so a figure never stretches or shrinks.
Poses are written for the right side (the right leg is the one being worked, nearest the
camera); the left side is the mirror image. Nothing here knows about Qt: the painter and the
file export draw the `Drawing` this computes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from enum import Enum
from functools import cached_property

Vec = tuple[float, float, float]
Point = tuple[float, float]


@dataclass(frozen=True)
class Bone:
    name: str
    start: str  # joint
    end: str  # joint
    key: str  # the pose entry that gives its direction
    length: float
    radius: float  # half the limb's thickness
    chain: str  # the limb it belongs to, drawn as one piece: "trunk", "right_leg", ...
    sign: float = 1.0  # -1: the left half of the hips or shoulders, opposite the right


HAND_RADIUS = 2.5


def _limb(side: str, start: str) -> tuple[Bone, ...]:
    """An arm or a leg, from the half of the shoulders or hips it hangs on."""
    sign = -1.0 if side == "left" else 1.0
    chain = f"{side}_{'arm' if start == 'shoulder' else 'leg'}"

    def bone(part: str, a: str, b: str, length: float, radius: float) -> Bone:
        return Bone(
            f"{side}_{part}", f"{side}_{a}", f"{side}_{b}", f"{side}_{part}", length, radius, chain
        )

    if start == "shoulder":
        return (
            Bone(
                f"{side}_shoulders", "chest", f"{side}_shoulder", "shoulders", 9, 4.0, chain, sign
            ),
            bone("upper_arm", "shoulder", "elbow", 16, 3.4),
            bone("forearm", "elbow", "wrist", 14, 2.9),
            bone("hand", "wrist", "fingers", 6.5, HAND_RADIUS),
        )
    return (
        Bone(f"{side}_hips", "hip", f"{side}_hip", "hips", 8, 5.6, chain, sign),
        bone("thigh", "hip", "knee", 24, 5.0),
        bone("shin", "knee", "ankle", 23, 3.9),
        bone("foot", "ankle", "toes", 10, 2.4),
    )


# Parents before children; the pelvis's centre ("hip") is the root.
BONES: tuple[Bone, ...] = (
    Bone("pelvis", "hip", "waist", "pelvis", 10, 7.0, "trunk"),
    Bone("torso", "waist", "chest", "torso", 21, 6.8, "trunk"),
    Bone("neck", "chest", "skull", "neck", 5, 3.2, "trunk"),
    Bone("head", "skull", "crown", "head", 6.5, 6.5, "trunk"),  # drawn as a disc round its end
    *_limb("right", "shoulder"),
    *_limb("left", "shoulder"),
    *_limb("right", "hip"),
    *_limb("left", "hip"),
)
BONE_NAMES = frozenset(bone.name for bone in BONES)
JOINTS = frozenset({"hip"} | {bone.end for bone in BONES})
POSE_KEYS = ("face", *dict.fromkeys(bone.key for bone in BONES))
HEAD_RADIUS = 6.5

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
    "right_foot": (1, -0.42, 0.05),
    "left_thigh": (0, -1, -0.02),
    "left_shin": (0, -1, 0),
    "left_foot": (1, -0.42, -0.05),
}


class Prop(Enum):
    MAT = "mat"
    CUSHION = "cushion"  # under the worked knee
    CHAIR = "chair"  # under the pelvis
    WALL = "wall"  # beside the body, on its left
    DESK = "desk"  # beside the body, on its left, under the far hand


@dataclass(frozen=True)
class Target:
    """Part of a bone drawn in the accent colour: the area the stretch works."""

    bone: str
    start: float = 0.0  # fractions of the bone's length
    end: float = 1.0


@dataclass(frozen=True)
class Pose:
    name: str
    directions: Mapping[str, Vec]  # every key of POSE_KEYS, not normalised


@dataclass(frozen=True)
class FigureSpec:
    """How a stretch is drawn: its key poses in order (the start position first, the stretch
    last; for repetitions the last is the far end of one repetition), where the camera looks
    from, which joint stays put while the poses change, the props and the target area."""

    poses: tuple[Pose, ...]
    view: float = (
        0.0  # camera bearing in degrees: 0 sees the right side, 90 the front, -90 the back
    )
    anchor: str = "hip"
    props: frozenset[Prop] = frozenset()
    target: tuple[Target, ...] = ()

    def pose(self, name: str) -> Pose:
        return next(pose for pose in self.poses if pose.name == name)

    @cached_property
    def panels(self) -> tuple[tuple[Point, ...], ...]:
        """The chair's, the wall's and the desk's faces as the camera sees the right side,
        farthest first. They stand where the body first sits, where it leans in the stretch
        and where its left hand rests in the stretch, and there they stay while the body
        moves."""
        return _panels(self)

    @cached_property
    def mirrored_panels(self) -> tuple[tuple[Point, ...], ...]:
        """The same faces as the camera sees the left side."""
        return tuple(tuple((-x, y) for x, y in panel) for panel in self.panels)


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
    """The spec for the swapped body: its target and anchor on the other side."""
    targets = tuple(Target(other_side(t.bone), t.start, t.end) for t in spec.target)
    return replace(spec, target=targets, anchor=other_side(spec.anchor))


# -- the body in space -----------------------------------------------------------------------

CUSHION_HEIGHT = 4.0
CUSHIONED = "right_knee"  # the worked knee, down on the cushion


def solve(pose: Pose, spec: FigureSpec) -> dict[str, Vec]:
    """Each joint's place: bones laid end to end from the pelvis, then the whole body moved so
    it rests on the floor (y = 0; a knee on the cushion rests on the cushion) with the anchor
    joint at x = z = 0."""
    joints: dict[str, Vec] = {"hip": (0.0, 0.0, 0.0)}
    for bone in BONES:
        d = unit(pose.directions[bone.key])
        a = joints[bone.start]
        k = bone.length * bone.sign
        joints[bone.end] = (a[0] + d[0] * k, a[1] + d[1] * k, a[2] + d[2] * k)
    lowest = math.inf
    for bone in BONES:
        for joint in (bone.start, bone.end):
            lift = CUSHION_HEIGHT if Prop.CUSHION in spec.props and joint == CUSHIONED else 0
            lowest = min(lowest, joints[joint][1] - bone.radius - lift)
    ax, _, az = joints[spec.anchor]
    return {name: (x - ax, y - lowest, z - az) for name, (x, y, z) in joints.items()}


# -- what the camera sees --------------------------------------------------------------------


class Tone(Enum):
    NEAR = "near"  # the side of the body nearest the camera, and its middle
    FAR = "far"  # the limbs on the far side, drawn lighter
    TARGET = "target"  # the area being stretched, in the accent colour


@dataclass(frozen=True)
class Limb:
    a: Point
    b: Point
    radius: float
    tone: Tone


@dataclass(frozen=True)
class Head:
    centre: Point
    radius: float
    eyes: tuple[Point, ...]  # none when the face is turned away


Part = Limb | Head


@dataclass(frozen=True)
class Chain:
    """One arm, one leg, or the trunk with the head: drawn as one piece, so its joints show
    no seam. `crosses` says whether it lies over a chain drawn before it, which then wants a
    thin gap round it to read as in front."""

    name: str  # "trunk", "right_arm", ...
    parts: tuple[Part, ...]  # from the body outwards; a target right after its bone
    bounds: Box  # left, bottom, right, top, with the parts' thickness
    crosses: bool


@dataclass(frozen=True)
class Drawing:
    """One frame, flat, y up, in body units: props behind, then the body's chains from the
    farthest to the nearest."""

    chains: tuple[Chain, ...]
    mat: bool  # on the floor, as wide as the body reaches with any pose, plus MAT_OVERHANG
    cushion: Point | None  # the centre of its top
    panels: tuple[tuple[Point, ...], ...]  # chair and wall faces, farthest first

    @property
    def parts(self) -> tuple[Part, ...]:
        """Every part, in the order they are painted."""
        return tuple(part for chain in self.chains for part in chain.parts)

    def body(self) -> Box:
        """left, bottom, right, top of the body alone, with its thickness."""
        boxes = [chain.bounds for chain in self.chains]
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )

    def extent(self) -> Box:
        """left, bottom, right, top of everything drawn, limbs and head with their thickness."""
        left, bottom, right, top = self.body()
        xs, ys = [left, right], [bottom, top, 0.0]
        if self.mat:
            xs += [left - MAT_OVERHANG, right + MAT_OVERHANG]
        for panel in self.panels:
            xs += [x for x, _ in panel]
            ys += [y for _, y in panel]
        if self.cushion:
            xs += [self.cushion[0] - CUSHION_HALF_WIDTH, self.cushion[0] + CUSHION_HALF_WIDTH]
        return min(xs), min(ys), max(xs), max(ys)


Box = tuple[float, float, float, float]  # left, bottom, right, top


def _bounds(parts: Iterable[Part]) -> Box:
    """The box round some parts, with their thickness."""
    xs: list[float] = []
    ys: list[float] = []
    for part in parts:
        points = (part.a, part.b) if isinstance(part, Limb) else (part.centre,)
        for x, y in points:
            xs += [x - part.radius, x + part.radius]
            ys += [y - part.radius, y + part.radius]
    return min(xs), min(ys), max(xs), max(ys)


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


CUSHION_HALF_WIDTH = 10.0
MAT_OVERHANG = 10.0
FAR_DEPTH = -3.0  # a limb whose middle lies this far behind the body's middle is drawn lighter


class Camera:
    """An orthographic camera at a bearing round the body; mirrored, it sees the left side."""

    def __init__(self, bearing: float, mirrored: bool) -> None:
        r = math.radians(bearing)
        self.towards = (math.sin(r), 0.0, math.cos(r))  # from the body to the camera
        self.across = (math.cos(r), 0.0, -math.sin(r))  # the picture's x
        self.flip = -1.0 if mirrored else 1.0

    def point(self, p: Vec) -> Point:
        return (self.flip * (p[0] * self.across[0] + p[2] * self.across[2]), p[1])

    def depth(self, p: Vec) -> float:
        return p[0] * self.towards[0] + p[2] * self.towards[2]


def _middle(a: Vec, b: Vec) -> Vec:
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2)


def _along(a: Vec, b: Vec, t: float) -> Vec:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t)


def draw(pose: Pose, spec: FigureSpec, *, mirrored: bool = False, swapped: bool = False) -> Drawing:
    """The frame for a pose: `mirrored` for the left side of a sided stretch (the picture's
    mirror image), `swapped` for a repetition with the left leg (the body's own mirror, seen
    from the same side)."""
    if swapped:
        pose, spec = swap_sides(pose), swap_spec(spec)
    joints = solve(pose, spec)
    camera = Camera(spec.view, mirrored)
    middle = camera.depth(joints["hip"])
    chains: dict[str, list[Part]] = {}
    depths: dict[str, list[float]] = {}
    for bone in BONES:
        a, b = joints[bone.start], joints[bone.end]
        depth = camera.depth(_middle(a, b))
        depths.setdefault(bone.chain, []).append(depth)
        parts = chains.setdefault(bone.chain, [])
        if bone.name == "head":
            parts.append(_head(b, pose, camera))
            continue
        tone = Tone.FAR if depth < middle + FAR_DEPTH else Tone.NEAR
        parts.append(Limb(camera.point(a), camera.point(b), bone.radius, tone))
        for target in spec.target:
            if target.bone == bone.name:
                start, end = _along(a, b, target.start), _along(a, b, target.end)
                parts.append(Limb(camera.point(start), camera.point(end), bone.radius, Tone.TARGET))
    # Farthest first; a chain's depth is the mean of its bones'.
    order = sorted(chains, key=lambda name: sum(depths[name]) / len(depths[name]))
    drawn: list[Box] = []
    layered = []
    for name in order:
        box = _bounds(chains[name])
        layered.append(Chain(name, tuple(chains[name]), box, any(_overlap(box, d) for d in drawn)))
        drawn.append(box)
    body = tuple(layered)
    return Drawing(
        chains=body,
        mat=Prop.MAT in spec.props,
        cushion=camera.point(_with_y(joints[CUSHIONED], CUSHION_HEIGHT))
        if Prop.CUSHION in spec.props
        else None,
        panels=spec.mirrored_panels if mirrored else spec.panels,
    )


def _with_y(p: Vec, y: float) -> Vec:
    return (p[0], y, p[2])


def _head(crown: Vec, pose: Pose, camera: Camera) -> Head:
    """The head's disc, with an eye towards where the face looks: one in profile, two when
    the face is turned to the camera, none when it is turned away."""
    centre = camera.point(crown)
    face = unit(pose.directions["face"])
    fx, fy = camera.point(face)
    towards = camera.depth(face)
    r = HEAD_RADIUS
    if math.hypot(fx, fy) > 0.45:  # in profile, or looking up or down
        return Head(centre, r, ((centre[0] + fx * r * 0.55, centre[1] + fy * r * 0.55),))
    if towards > 0:
        side = camera.point(unit(pose.directions["hips"]))[0]
        gap = r * 0.35 * (1 if side >= 0 else -1)
        y = centre[1] + fy * r * 0.4 + r * 0.1
        return Head(centre, r, ((centre[0] - gap, y), (centre[0] + gap, y)))
    return Head(centre, r, ())


def _panels(spec: FigureSpec) -> tuple[tuple[Point, ...], ...]:
    boxes: list[tuple[Vec, Vec]] = []
    if Prop.CHAIR in spec.props:
        hip = solve(spec.poses[0], spec)["hip"]
        seat = hip[1] - 7.0  # the pelvis's own thickness sits on the seat
        x0, x1 = hip[0] - 11, hip[0] + 17
        boxes += [
            ((x0, seat - 3, -17), (x1, seat, 17)),  # seat
            ((x0 - 3, seat, -17), (x0, seat + 38, 17)),  # back
            ((x0, 0, -16), (x0 + 3, seat - 3, -13)),  # legs
            ((x0, 0, 13), (x0 + 3, seat - 3, 16)),
            ((x1 - 3, 0, -16), (x1, seat - 3, -13)),
            ((x1 - 3, 0, 13), (x1, seat - 3, 16)),
        ]
    if Prop.WALL in spec.props:  # on the body's left, where its hand rests in the stretch
        z = min(z for _, _, z in solve(spec.poses[-1], spec).values()) - 1.5
        boxes.append(((-28, 0, z - 4), (28, 118, z)))
    if Prop.DESK in spec.props:  # on the body's left, the left hand resting on its top
        joints = solve(spec.poses[-1], spec)
        x, _, z = joints["left_wrist"]
        top = min(joints["left_wrist"][1], joints["left_fingers"][1]) - HAND_RADIUS
        x0, x1, z0, z1 = x - 16, x + 20, z - 40, z + 3
        boxes += [
            ((x0, top - 3, z0), (x1, top, z1)),  # top
            ((x0 + 1, 0, z1 - 4), (x0 + 4, top - 3, z1 - 1)),  # legs
            ((x1 - 4, 0, z1 - 4), (x1 - 1, top - 3, z1 - 1)),
            ((x0 + 1, 0, z0 + 1), (x0 + 4, top - 3, z0 + 4)),
            ((x1 - 4, 0, z0 + 1), (x1 - 1, top - 3, z0 + 4)),
        ]
    camera = Camera(spec.view, mirrored=False)
    faces = [face for box in boxes for face in _box_faces(*box, camera)]
    faces.sort(key=lambda face: face[0])
    return tuple(face[1] for face in faces)


def _box_faces(low: Vec, high: Vec, camera: Camera) -> list[tuple[float, tuple[Point, ...]]]:
    """The faces of a box that the camera sees, each with its depth."""
    (x0, y0, z0), (x1, y1, z1) = low, high
    corners = {
        (i, j, k): ((x0, x1)[i], (y0, y1)[j], (z0, z1)[k])
        for i in (0, 1)
        for j in (0, 1)
        for k in (0, 1)
    }
    faces = []
    for axis in (0, 2):  # the camera looks level, so a top or bottom shows as a line at most
        for end in (0, 1):
            sign = 1.0 if end else -1.0
            if sign * camera.towards[axis] <= 1e-9:
                continue
            other = 2 - axis
            ring = ((0, 0), (1, 0), (1, 1), (0, 1))  # round the face: (y, the other axis)
            points = []
            for j, k in ring:
                corner = [0, 0, 0]
                corner[axis], corner[1], corner[other] = end, j, k
                points.append(corners[(corner[0], corner[1], corner[2])])
            centre = _middle(points[0], points[2])
            faces.append((camera.depth(centre), tuple(camera.point(p) for p in points)))
    return faces
