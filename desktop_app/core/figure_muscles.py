"""Where each muscle a figure shows lies in the body, in its real shape: fixed to the segments
it joins, so that it lengthens as the pose deepens. Written for the right side.

A place is (segment, along its bone, to its front, to the body's right) in body units, in the
segment's own frame (`figure_body.Body.at`)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.core.figure import Muscle, Vec, other_side
from desktop_app.core.figure_body import Body

Place = tuple[str, float, float, float]


@dataclass(frozen=True)
class Band:
    """A long muscle: its path from origin to insertion, each place with its half-width."""

    path: tuple[tuple[Place, float], ...]


@dataclass(frozen=True)
class Sheet:
    """A flat muscle, drawn as its outline."""

    outline: tuple[Place, ...]


SHAPES: dict[Muscle, tuple[Band | Sheet, ...]] = {
    # From the lumbar spine and the inside of the pelvis, over the front rim of the pelvis, to
    # the inner top of the thigh: as the thigh goes back it wraps the front of the hip.
    Muscle.ILIOPSOAS: (
        Sheet(  # the iliacus, lining the inner wing of the pelvis
            (
                ("pelvis", 9.2, -1.5, 5.4),
                ("pelvis", 9.4, 2.6, 6.2),
                ("pelvis", 3.0, 3.9, 4.6),
                ("pelvis", 4.5, 0.0, 3.4),
            )
        ),
        Band(  # the psoas
            (
                (("torso", 9.0, -2.0, 1.2), 0.8),
                (("torso", 3.0, -1.2, 1.8), 1.4),
                (("pelvis", 6.5, 0.8, 3.2), 2.0),
                (("pelvis", 1.0, 3.9, 4.4), 1.9),
                (("right_thigh", 3.0, 1.4, -1.0), 1.4),
                (("right_thigh", 6.5, 0.2, -1.6), 0.8),
            )
        ),
    ),
    # A fan on the outer hip, from the crest of the pelvis to the top of the thigh bone.
    Muscle.GLUTEUS_MEDIUS: (
        Sheet(
            (
                ("pelvis", 8.0, -4.6, 7.6),
                ("pelvis", 10.3, -1.2, 7.8),
                ("pelvis", 9.4, 2.6, 8.0),
                ("pelvis", 7.0, 3.8, 8.2),
                ("right_thigh", 1.8, 1.0, 5.6),
                ("right_thigh", 2.4, -2.0, 5.4),
            )
        ),
    ),
    # Small, at the front and side of the hip, then the long IT band down the outer thigh.
    Muscle.TFL: (
        Band(
            (
                (("pelvis", 6.5, 5.0, 6.8), 1.3),
                (("right_thigh", 2.5, 2.2, 4.9), 1.8),
                (("right_thigh", 8.0, 1.2, 5.0), 1.0),
            )
        ),
        Band(
            (
                (("right_thigh", 7.5, 1.0, 5.1), 0.8),
                (("right_thigh", 16.0, 0.2, 4.6), 0.7),
                (("right_thigh", 23.5, 0.0, 3.8), 0.6),
                (("right_shin", 2.0, 0.8, 3.2), 0.6),
            )
        ),
    ),
    # The corset round the waist, from the lower ribs to the pelvis.
    Muscle.DEEP_ABDOMINALS: (
        Sheet(
            (
                ("torso", 8.5, 4.6, 0.5),
                ("torso", 8.5, 0.0, 6.6),
                ("torso", 7.0, -3.0, 6.3),
                ("pelvis", 9.0, -3.0, 6.5),
                ("pelvis", 7.0, 1.0, 8.0),
                ("pelvis", 2.0, 4.3, 4.8),
                ("pelvis", -1.0, 3.0, 0.5),
            )
        ),
    ),
}


def _place(body: Body, place: Place, swapped: bool) -> Vec:
    segment, along, front, side = place
    if swapped:  # the left leg's muscle: the other segment, the other way across
        return body.at(other_side(segment), along, front, -side)
    return body.at(segment, along, front, side)


def muscle_shapes(
    body: Body, muscle: Muscle, swapped: bool
) -> list[tuple[tuple[Vec, ...], tuple[float, ...] | None]]:
    """Each part of the muscle in space: a band's path with its half-widths, or a sheet's
    outline (None for the widths)."""
    shapes: list[tuple[tuple[Vec, ...], tuple[float, ...] | None]] = []
    for shape in SHAPES[muscle]:
        if isinstance(shape, Band):
            path = tuple(_place(body, place, swapped) for place, _ in shape.path)
            shapes.append((path, tuple(width for _, width in shape.path)))
        else:
            shapes.append((tuple(_place(body, place, swapped) for place in shape.outline), None))
    return shapes
