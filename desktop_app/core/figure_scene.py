"""What stays put while the figure moves through a stretch on one side: the props, the faint
ghost of the start pose, the arrows for what the stretch asks, the side's letter, and the
stage, the area every frame fits in, so the figure keeps one size and place."""

from __future__ import annotations

import math
from dataclasses import dataclass

from desktop_app.core.figure import Arrow, FigureSpec, Point, Prop, Vec, blend
from desktop_app.core.figure_body import FINGER_RADIUS, WRIST_RADIUS, build, solve
from desktop_app.core.figure_drawing import Box, Camera, Drawing, draw, union
from desktop_app.core.figure_motion import every_motion, work_index
from desktop_app.core.model import Stretch

ARROW_SAMPLES = 10
BADGE_SHARE = 0.07  # the letter's circle, as a share of the stage's longer side: it reads
# from two metres when the figure fills its card, whether the body stands or lies
STAGE_MARGIN = 3.0  # body units round the farthest reach


@dataclass(frozen=True)
class Badge:
    centre: Point
    radius: float
    letter: str  # "L" or "R"


@dataclass(frozen=True)
class Scene:
    panels: tuple[tuple[Point, ...], ...]  # chair, wall and desk faces, farthest first
    ghost: Drawing | None
    arrows: tuple[tuple[Point, ...], ...]  # each a path; its head at the end
    badge: Badge | None
    stage: Box  # left, bottom, right, top


def _path(spec: FigureSpec, camera: Camera, arrow: Arrow) -> list[Point]:
    """The arrow's path before it is moved off the body: the point's way between the poses,
    lengthened `grow` times about its middle; for a turn, the arc it sweeps round the turning
    point, its sweep widened `grow` times about its middle, so it stays an arc."""
    a, b = spec.pose(arrow.start), spec.pose(arrow.end)
    if arrow.around is None:
        path = []
        for i in range(ARROW_SAMPLES + 1):
            body = build(blend(a, b, i / ARROW_SAMPLES), spec)
            path.append(camera.point(body.landmark(arrow.at)))
        (x0, y0), (x1, y1) = path[0], path[-1]
        mx, my = (x0 + x1) / 2, (y0 + y1) / 2
        return [(mx + (x - mx) * arrow.grow, my + (y - my) * arrow.grow) for x, y in path]
    ends = [build(pose, spec) for pose in (a, b)]
    (cx, cy), _ = (camera.point(body.landmark(arrow.around)) for body in ends)
    (x0, y0), (x1, y1) = (camera.point(body.landmark(arrow.at)) for body in ends)
    radius = (math.hypot(x0 - cx, y0 - cy) + math.hypot(x1 - cx, y1 - cy)) / 2
    start = math.atan2(y0 - cy, x0 - cx)
    sweep = (math.atan2(y1 - cy, x1 - cx) - start + math.pi) % math.tau - math.pi
    middle, sweep = start + sweep / 2, sweep * arrow.grow
    return [
        (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
        for angle in (middle + sweep * (i / ARROW_SAMPLES - 0.5) for i in range(ARROW_SAMPLES + 1))
    ]


def _arrows(spec: FigureSpec, camera: Camera) -> tuple[tuple[Point, ...], ...]:
    arrows = []
    for arrow in spec.arrows:
        dx, dy = arrow.offset[0] * camera.flip, arrow.offset[1]
        arrows.append(tuple((x + dx, y + dy) for x, y in _path(spec, camera, arrow)))
    return tuple(arrows)


def _badge(
    stretch: Stretch, spec: FigureSpec, camera: Camera, mirrored: bool, radius: float
) -> Badge | None:
    if spec.marker is None or not stretch.sided:
        return None
    body = build(spec.poses[work_index(stretch, spec)], spec)
    x, y = camera.point(body.landmark(spec.marker.at))
    dx, dy = spec.marker.offset
    return Badge((x + dx * camera.flip, y + dy), radius, "L" if mirrored else "R")


def scene(stretch: Stretch, mirrored: bool) -> Scene:
    """The stretch's scene on one side (mirrored: the left), worked out once."""
    spec = stretch.figure
    assert spec is not None
    camera = Camera(spec.view, mirrored)
    panels = _panels(spec)
    if mirrored:
        panels = tuple(tuple((-x, y) for x, y in panel) for panel in panels)
    ghost = draw(spec.pose(spec.ghost), spec, mirrored=mirrored) if spec.ghost else None
    arrows = _arrows(spec, camera)
    boxes = [frame.drawing(spec).extent() for frame in every_motion(stretch, mirrored)]
    points = [p for panel in panels for p in panel] + [p for arrow in arrows for p in arrow]
    if ghost:
        boxes.append(ghost.extent())
    boxes += [(x, y, x, y) for x, y in points]
    left, bottom, right, top = union(boxes)
    badge = _badge(stretch, spec, camera, mirrored, BADGE_SHARE * max(right - left, top - bottom))
    if badge:
        (x, y), r = badge.centre, badge.radius
        left, bottom, right, top = union([(left, bottom, right, top), (x - r, y - r, x + r, y + r)])
    return Scene(
        panels,
        ghost,
        arrows,
        badge,
        (
            left - STAGE_MARGIN,
            bottom - STAGE_MARGIN / 10,  # the floor stays near the bottom
            right + STAGE_MARGIN,
            top + STAGE_MARGIN,
        ),
    )


def _panels(spec: FigureSpec) -> tuple[tuple[Point, ...], ...]:
    boxes: list[tuple[Vec, Vec]] = []
    if Prop.CHAIR in spec.props:
        hip = solve(spec.poses[0], spec)["hip"]
        seat = hip[1] - 5.2  # the thighs' own thickness sits on the seat
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
        top = min(joints["left_wrist"][1] - WRIST_RADIUS, joints["left_fingers"][1] - FINGER_RADIUS)
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


def _middle(a: Vec, b: Vec) -> Vec:
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2)
