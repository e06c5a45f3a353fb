"""A stretch's [stretch.figure] in a content file: read in full, and every mistake reported
with its file and line like the rest of the content."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.catalogue import read_content_file
from desktop_app.core.figure import STANDING, Muscle, Prop

HEAD = """[[stretch]]
id = "mine"
name = "Mine"
position = "floor"
instructions = ["Lie down."]
"""

GOOD = (
    HEAD
    + """
[stretch.figure]
view = 0
anchor = "chest"
props = ["mat"]
muscles = ["iliopsoas"]

[[stretch.figure.pose]]
name = "lie"
torso = [-1, 0, 0]

[[stretch.figure.pose]]
name = "knee-up"
right_thigh = [-0.5, 1, 0]
"""
)


def read(tmp_path: Path, text: str):
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    return read_content_file(path, {})


def test_a_figure_is_read_with_each_pose_completed_from_the_one_before(tmp_path):
    loaded = read(tmp_path, GOOD)
    assert loaded.errors == []
    spec = loaded.stretches["mine"].figure
    assert spec.anchor == "chest" and spec.props == frozenset({Prop.MAT})
    assert spec.muscles == (Muscle.ILIOPSOAS,)
    lie, knee = spec.poses
    assert lie.directions["torso"] == (-1, 0, 0)
    assert lie.directions["right_thigh"] == STANDING["right_thigh"]
    assert knee.directions["torso"] == (-1, 0, 0)  # carried over
    assert knee.directions["right_thigh"] == (-0.5, 1, 0)


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (("torso = [-1, 0, 0]", "torso = [0, 0, 0]"), 15, "torso must be a direction"),
        (("torso = [-1, 0, 0]", "torso = [1, true, 0]"), 15, "torso must be a direction"),
        (("torso = [-1, 0, 0]", "tosro = [1, 0, 0]"), 15, "did you mean 'torso'"),
        (('name = "knee-up"', 'name = "lie"'), 18, "the pose name 'lie' is used twice"),
        (('anchor = "chest"', 'anchor = "nose"'), 9, "anchor must be a joint"),
        (('props = ["mat"]', 'props = ["sofa"]'), 10, "props must be one of"),
        (("view = 0", "view = 400"), 8, "view must be a bearing"),
        (('"iliopsoas"', '"psoas"'), 11, "muscles must be one of"),
        (
            ('muscles = ["iliopsoas"]', 'ghost = "sit"'),
            11,
            "ghost must be one of the figure's poses",
        ),
        (('muscles = ["iliopsoas"]', 'marker = { at = "nose" }'), 11, "marker at must be a joint"),
        (("view = 0", "colour = 1"), 8, "unknown key 'colour' in a figure"),
    ],
)
def test_a_mistake_in_a_figure_names_its_line(tmp_path, change, line, message):
    old, new = change
    loaded = read(tmp_path, GOOD.replace(old, new))
    assert loaded.stretches == {}
    assert [(e.line, message in e.message) for e in loaded.errors] == [(line, True)], loaded.errors


def test_a_figure_needs_two_poses(tmp_path):
    one_pose = GOOD[: GOOD.index('[[stretch.figure.pose]]\nname = "knee-up"')]
    loaded = read(tmp_path, one_pose)
    assert [e.line for e in loaded.errors] == [7]
    assert "needs 2 to 6" in loaded.errors[0].message


def test_the_lines_after_a_figure_still_belong_to_the_right_stretch(tmp_path):
    second = '\n[[stretch]]\nid = "two"\nname = "Two"\nposition = "floor"\ninstructions = [1]\n'
    loaded = read(tmp_path, GOOD + second)
    assert [e.line for e in loaded.errors] == [25]


def test_an_arrow_names_a_place_and_two_of_the_poses(tmp_path):
    arrow = '\n[[stretch.figure.arrow]]\nat = "right_knee"\nfrom = "lie"\nto = "knee-up"\n'
    loaded = read(tmp_path, GOOD + arrow)
    assert loaded.errors == []
    (made,) = loaded.stretches["mine"].figure.arrows
    assert (made.at, made.start, made.end, made.grow) == ("right_knee", "lie", "knee-up", 1.0)
    wrong = read(tmp_path, GOOD + arrow.replace('to = "knee-up"', 'to = "kneeup"'))
    assert [(e.line, "one of the figure's poses" in e.message) for e in wrong.errors] == [
        (24, True)
    ]
