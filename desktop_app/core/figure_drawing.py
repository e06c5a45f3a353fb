"""What the camera sees of the body: each piece flattened into filled shapes, in the order they
are painted, with the limbs on the far side lighter and the muscle inside the body drawn over
it. Nothing here knows about Qt: the painter and the file export draw the `Drawing`."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from itertools import pairwise

from desktop_app.core.figure import (
    FigureSpec,
    Point,
    Pose,
    Prop,
    Vec,
    other_side,
    swap_sides,
    swap_spec,
)
from desktop_app.core.figure_body import (
    CUSHION_HEIGHT,
    CUSHIONED,
    Body,
    Limb,
    Material,
    Piece,
    Skull,
    Solid,
    build,
)
from desktop_app.core.figure_muscles import muscle_shapes

Box = tuple[float, float, float, float]  # left, bottom, right, top


class Tone(Enum):
    NEAR = "near"  # the side of the body nearest the camera, and its middle
    FAR = "far"  # the limbs on the far side, drawn lighter
    CLOTH = "cloth"  # the shorts
    HAIR = "hair"
    FEATURE = "feature"  # an eye
    MUSCLE = "muscle"  # the muscle the stretch works, in the accent colour


@dataclass(frozen=True)
class Poly:
    points: tuple[Point, ...]
    tone: Tone


Part = Poly


@dataclass(frozen=True)
class Chain:
    """One arm, one leg, the trunk with the head, or the muscle: drawn as one piece, so its
    joints show no seam. `crosses` says whether it lies over a chain drawn before it (`under`),
    which then wants a thin gap round it to read as in front; a muscle has a finer one."""

    name: str  # "trunk", "right_arm", ..., "muscle"
    parts: tuple[Part, ...]
    bounds: Box  # left, bottom, right, top
    crosses: bool
    under: tuple[Box, ...] = ()  # the chains drawn before it

    @cached_property
    def halo(self) -> tuple[Part, ...]:
        """The parts grown by the gap, painted first in the card's colour: worked out only for
        a frame that is painted, as many a frame in a slow move is not."""
        if self.name == "muscle":
            return tuple(Poly(grow(p.points, HALO / 2), p.tone) for p in self.parts)
        if not self.crosses:
            return ()
        return tuple(
            Poly(grow(p.points, HALO), p.tone)
            for p in self.parts
            if any(_overlap(_bounds((p,)), box) for box in self.under)
        )


@dataclass(frozen=True)
class Drawing:
    """One frame, flat, y up, in body units: the body's chains from the farthest to the
    nearest, and where the mat and the cushion are."""

    chains: tuple[Chain, ...]
    mat: bool  # on the floor, as wide as the body reaches with any pose, plus MAT_OVERHANG
    cushion: Point | None  # the centre of its top

    @property
    def parts(self) -> tuple[Part, ...]:
        """Every part, in the order they are painted."""
        return tuple(part for chain in self.chains for part in chain.parts)

    def body(self) -> Box:
        """left, bottom, right, top of the body alone."""
        return union(chain.bounds for chain in self.chains)

    def extent(self) -> Box:
        """left, bottom, right, top of everything drawn that moves with the body."""
        left, bottom, right, top = self.body()
        xs, ys = [left, right], [bottom, top, 0.0]
        if self.mat:
            xs += [left - MAT_OVERHANG, right + MAT_OVERHANG]
        if self.cushion:
            xs += [self.cushion[0] - CUSHION_HALF_WIDTH, self.cushion[0] + CUSHION_HALF_WIDTH]
        return min(xs), min(ys), max(xs), max(ys)


CUSHION_HALF_WIDTH = 10.0
MAT_OVERHANG = 10.0
FAR_DEPTH = -3.0  # a limb whose middle lies this far behind its pair's is drawn lighter


def union(boxes: Iterable[Box]) -> Box:
    """The box round some boxes."""
    boxes = list(boxes)
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _bounds(parts: Iterable[Part]) -> Box:
    xs = [x for part in parts for x, _ in part.points]
    ys = [y for part in parts for _, y in part.points]
    return min(xs), min(ys), max(xs), max(ys)


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


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

    def seer(self, offset: Vec) -> Callable[[Vec], Point]:
        """point() for a body built at the origin and then moved by `offset`."""
        ox, oy = self.point(offset)
        ax, az = self.across[0] * self.flip, self.across[2] * self.flip
        return lambda p: (p[0] * ax + p[2] * az + ox, p[1] + oy)


# -- flat shapes ---------------------------------------------------------------------------


def hull(points: Sequence[Point]) -> tuple[Point, ...]:
    """The convex outline round some points, anticlockwise."""
    ps = sorted(points)
    if len(ps) < 3:
        return tuple(ps)

    def half(seq: Iterable[Point]) -> list[Point]:
        out: list[Point] = []
        for p in seq:
            while len(out) >= 2:
                (ax, ay), (bx, by) = out[-2], out[-1]
                if (bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax) > 0:
                    break
                out.pop()
            out.append(p)
        return out

    lower, upper = half(ps), half(reversed(ps))
    return tuple(lower[:-1] + upper[:-1])


ROUND = 16  # corners of a circle; a polygon fills far faster than QPainter's ellipse
_UNIT = [
    (math.cos(2 * math.pi * k / ROUND), math.sin(2 * math.pi * k / ROUND)) for k in range(ROUND)
]
HALO = 0.9  # the gap round a chain that lies over another, in body units


def circle(centre: Point, radius: float, step: int = 1) -> tuple[Point, ...]:
    """A circle as a polygon: every `step`th of its ROUND corners (2 for a small one)."""
    x, y = centre
    return tuple((x + radius * c, y + radius * s) for c, s in _UNIT[::step])


def _round(
    out: list[Point], centre: Point, r: float, start: Point, end: Point, sweep: float
) -> None:
    """Corners round `centre` from the unit direction `start` turning by `sweep` (radians,
    anticlockwise if positive) to `end`, in steps of at most 30 degrees: a vector turned by
    multiplication, no cos or sin per corner."""
    steps = max(1, math.ceil(abs(sweep) / (math.pi / 6)))
    c, s = math.cos(sweep / steps), math.sin(sweep / steps)
    u, v = start
    x, y = centre
    for _ in range(steps):
        out.append((x + u * r, y + v * r))
        u, v = u * c - v * s, u * s + v * c
    out.append((x + end[0] * r, y + end[1] * r))


def outline(points: Sequence[Point], radii: Sequence[float]) -> tuple[Point, ...]:
    """The outline of a limb: a line through its joints, as thick as each radius, with round
    ends and a round outer side at each bend (a knee, an elbow); anticlockwise."""
    dirs: list[Point] = []
    for (x0, y0), (x1, y1) in pairwise(points):
        size = math.hypot(x1 - x0, y1 - y0)
        dirs.append(
            ((x1 - x0) / size, (y1 - y0) / size) if size > 1e-6 else (dirs or [(1.0, 0.0)])[-1]
        )
    n = len(points)
    out: list[Point] = []
    # Out along the right side (looking along the limb), round the far end, back along the
    # left side, round the near end.
    for forward in (True, False):
        order = range(n) if forward else range(n - 1, -1, -1)
        for j in order:
            before = dirs[j - 1] if j > 0 else None
            after = dirs[j] if j < n - 1 else None
            if not forward:
                before, after = (
                    (-after[0], -after[1]) if after else None,
                    (-before[0], -before[1]) if before else None,
                )
            p, r = points[j], radii[j]
            if after is None:  # the end: half round, from this side to the other
                assert before is not None
                right = (before[1], -before[0])
                _round(out, p, r, right, (-right[0], -right[1]), math.pi)
                continue
            if before is None:
                out.append((p[0] + after[1] * r, p[1] - after[0] * r))
                continue
            r0, r1 = (before[1], -before[0]), (after[1], -after[0])  # the right normals
            turn = before[0] * after[1] - before[1] * after[0]
            if turn > 1e-6:  # turning left: the right side is the outer side of the bend
                _round(
                    out, p, r, r0, r1, math.atan2(turn, before[0] * after[0] + before[1] * after[1])
                )
            else:  # the inner side: where the two sides meet, never far out at a sharp bend
                mx, my = r0[0] + r1[0], r0[1] + r1[1]
                reach = max(0.35, (mx * r0[0] + my * r0[1]))
                out.append((p[0] + mx * r / reach, p[1] + my * r / reach))
    return tuple(out)


def grow(points: Sequence[Point], by: float) -> tuple[Point, ...]:
    """A polygon with every edge moved out by `by`: the gap round a chain, without the cost
    of stroking it."""
    n = len(points)
    area = 0.0
    normals = []
    for i in range(n):
        (x0, y0), (x1, y1) = points[i - 1], points[i]
        area += x0 * y1 - x1 * y0
        size = math.hypot(x1 - x0, y1 - y0) or 1.0
        normals.append(((y1 - y0) / size, (x0 - x1) / size))  # edge i-1 to i
    k = by if area > 0 else -by  # anticlockwise: outward is to the right of each edge
    grown = []
    for i in range(n):
        (ax, ay), (bx, by_) = normals[i], normals[(i + 1) % n]  # the edges either side
        mx, my = ax + bx, ay + by_
        reach = ax * mx + ay * my  # the corner moves out by `by` square to both edges
        f = k / reach if reach > 0.2 else k
        grown.append((points[i][0] + mx * f, points[i][1] + my * f))
    return tuple(grown)


def band(path: Sequence[Point], widths: Sequence[float]) -> tuple[Point, ...]:
    """A band along a path, each point as wide as its width each side, its bends rounded."""
    # Each corner cut (a quarter of the way along each side of it), so a muscle bends as a curve.
    points, half = [path[0]], [widths[0]]
    for i in range(len(path) - 1):
        (p, w), (q, v) = (path[i], widths[i]), (path[i + 1], widths[i + 1])
        for t in (0.25, 0.75):
            points.append((p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t))
            half.append(w + (v - w) * t)
    points.append(path[-1])
    half.append(widths[-1])
    left: list[Point] = []
    right: list[Point] = []
    for i, (x, y) in enumerate(points):
        px, py = points[max(0, i - 1)]
        nx, ny = points[min(len(points) - 1, i + 1)]
        tx, ty = nx - px, ny - py
        size = math.hypot(tx, ty) or 1.0
        ox, oy = -ty / size * half[i], tx / size * half[i]
        left.append((x + ox, y + oy))
        right.append((x - ox, y - oy))
    return tuple(left + right[::-1])


# -- the head ------------------------------------------------------------------------------


def _arc(centre: Point, radius: float, start: float, end: float, steps: int) -> list[Point]:
    return [
        (
            centre[0] + radius * math.cos(start + (end - start) * i / steps),
            centre[1] + radius * math.sin(start + (end - start) * i / steps),
        )
        for i in range(steps + 1)
    ]


def _head(skull: Skull, see: Callable[[Vec], Point], camera: Camera) -> list[Part]:
    """The head: in profile a nose and an eye, with the hair at the back; seen from the front
    two eyes under the hair; from behind, hair."""
    c, r = see(skull.centre), skull.radius
    fx, fy = camera.point(skull.face)
    ux, uy = camera.point(skull.up)
    up_angle = math.atan2(uy, ux) if math.hypot(ux, uy) > 0.2 else math.pi / 2
    parts: list[Part] = [Poly(circle(c, r), Tone.NEAR)]
    size = math.hypot(fx, fy)
    towards = camera.depth(skull.face)
    if size > 0.45 and towards > -0.3:  # in profile, or looking up or down
        fx, fy = fx / size, fy / size
        wx, wy = -fy, fx  # square to the face, towards the top of the head
        if wx * ux + wy * uy < 0:
            wx, wy = -wx, -wy
        turn = 1.0 if fx * wy - fy * wx > 0 else -1.0
        face = math.atan2(fy, fx)
        hair = _arc(c, r, face + turn * math.radians(50), face + turn * math.radians(225), 10)
        parts.append(Poly(tuple(hair), Tone.HAIR))

        def at(along: float, across: float) -> Point:
            return (c[0] + (fx * along + wx * across) * r, c[1] + (fy * along + wy * across) * r)

        parts.append(Poly((at(0.86, 0.18), at(1.2, -0.12), at(0.8, -0.34)), Tone.NEAR))
        parts.append(Poly(circle(at(0.5, 0.16), r * 0.12, 2), Tone.FEATURE))
    elif towards > 0:  # facing the camera
        hair = _arc(c, r, up_angle - math.radians(75), up_angle + math.radians(75), 10)
        parts.append(Poly(tuple(hair), Tone.HAIR))
        ex, ey = math.cos(up_angle - math.pi / 2), math.sin(up_angle - math.pi / 2)
        for k in (-0.36, 0.36):
            eye = (c[0] - ey * k * r + ex * 0.05 * r, c[1] + ex * k * r + ey * 0.05 * r)
            parts.append(Poly(circle(eye, r * 0.12, 2), Tone.FEATURE))
    else:  # from behind
        hair = _arc(c, r, up_angle - math.radians(140), up_angle + math.radians(140), 14)
        parts.append(Poly(tuple(hair), Tone.HAIR))
    return parts


# -- the frame -----------------------------------------------------------------------------


def _flat(piece: Piece, see: Callable[[Vec], Point], camera: Camera, tone: Tone) -> list[Part]:
    if isinstance(piece, Solid):
        skin = Tone.CLOTH if piece.material is Material.CLOTH else tone
        return [Poly(hull([see(p) for p in piece.points]), skin)]
    if isinstance(piece, Limb):
        return [Poly(outline([see(p) for p in piece.points], piece.radii), tone)]
    return _head(piece, see, camera)


def _depth(piece: Piece, camera: Camera) -> float:
    if isinstance(piece, Solid):  # a few points round it are enough to place it
        some = piece.points[:: max(1, len(piece.points) // 4)]
        return sum(camera.depth(p) for p in some) / len(some)
    if isinstance(piece, Limb):
        return sum(camera.depth(p) for p in piece.points) / len(piece.points)
    return camera.depth(piece.centre)


def _muscle(body: Body, spec: FigureSpec, camera: Camera, swapped: bool) -> list[Part]:
    parts: list[Part] = []
    for muscle in spec.muscles:
        for shape, widths in muscle_shapes(body, muscle, swapped):
            flat = [camera.point(p) for p in shape]
            outline = band(flat, widths) if widths is not None else tuple(flat)
            parts.append(Poly(outline, Tone.MUSCLE))
    return parts


def draw(pose: Pose, spec: FigureSpec, *, mirrored: bool = False, swapped: bool = False) -> Drawing:
    """The frame for a pose: `mirrored` for the left side of a sided stretch (the picture's
    mirror image), `swapped` for a repetition with the left leg (the body's own mirror, seen
    from the same side)."""
    muscle_side = swapped
    if swapped:
        pose, spec_seen = swap_sides(pose), swap_spec(spec)
    else:
        spec_seen = spec
    body = build(pose, spec_seen)
    camera = Camera(spec.view, mirrored)
    see = camera.seer(body.offset)
    depths = {
        name: sum(_depth(piece, camera) for piece in pieces) / len(pieces)
        for name, pieces in body.chains.items()
    }
    flat: dict[str, list[Part]] = {}
    for name, pieces in body.chains.items():
        # An arm or a leg is lighter when it is the farther of the two; the worked leg never is.
        pair = other_side(name)
        worked = name == ("left_leg" if swapped else "right_leg")
        far = pair != name and not worked and depths[name] < depths[pair] + FAR_DEPTH
        tone = Tone.FAR if far else Tone.NEAR
        flat[name] = [part for piece in pieces for part in _flat(piece, see, camera, tone)]
    order = sorted(flat, key=lambda name: depths[name])  # farthest first
    muscle = _muscle(body, spec, camera, muscle_side)
    if muscle:  # seen through the body, over everything
        order.append("muscle")
        flat["muscle"] = muscle
    drawn: list[Box] = []
    layered = []
    for name in order:
        box = _bounds(flat[name])
        crosses = name != "muscle" and any(_overlap(box, d) for d in drawn)
        layered.append(Chain(name, tuple(flat[name]), box, crosses, tuple(drawn)))
        drawn.append(box)
    cushion = None
    if Prop.CUSHION in spec.props:
        knee = body.joints[CUSHIONED]
        cushion = camera.point((knee[0], CUSHION_HEIGHT, knee[2]))
    return Drawing(tuple(layered), Prop.MAT in spec.props, cushion)
