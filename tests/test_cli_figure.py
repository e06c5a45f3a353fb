"""`supple figure`: one stretch's figure into an SVG or PNG file, and clear errors otherwise."""

from __future__ import annotations

import io
import math
import os
import stat

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage

from desktop_app.cli import main
from desktop_app.core.catalogue import load_catalogue
from desktop_app.core.figure_scene import scene
from desktop_app.resources import assets_dir
from desktop_app.ui.look.figure_export import MARGIN
from desktop_app.ui.look.figure_paint import Placement


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_a_png_of_the_size_asked_and_the_same_every_time(tmp_path):
    first, second = tmp_path / "a.png", tmp_path / "b.png"
    assert run("figure", "lizard-pose", "--out", str(first), "--size", "300")[0] == 0
    assert run("figure", "lizard-pose", "--out", str(second), "--size", "300")[0] == 0
    image = QImage(str(first))
    assert (image.width(), image.height()) == (300, 300)
    assert first.read_bytes() == second.read_bytes()  # rendering is deterministic


def test_a_picture_to_share_is_not_made_private(tmp_path):
    old_umask = os.umask(0o022)
    try:
        new = tmp_path / "new.svg"
        assert (
            run("--data-dir", str(tmp_path / "d"), "figure", "dead-bug", "--out", str(new))[0] == 0
        )
        assert stat.S_IMODE(new.stat().st_mode) == 0o644  # as the umask makes any new file
        kept = tmp_path / "kept.png"
        kept.write_bytes(b"")
        kept.chmod(0o664)
        assert (
            run("--data-dir", str(tmp_path / "d"), "figure", "dead-bug", "--out", str(kept))[0] == 0
        )
        assert stat.S_IMODE(kept.stat().st_mode) == 0o664  # the file it replaced had
    finally:
        os.umask(old_umask)


def test_the_two_sides_are_mirror_images(tmp_path):
    left, right = tmp_path / "l.png", tmp_path / "r.png"
    run("figure", "kneeling-hip-flexor", "--side", "left", "--out", str(left), "--size", "200")
    run("figure", "kneeling-hip-flexor", "--side", "right", "--out", str(right), "--size", "200")
    mirrored = QImage(str(right)).flipped(Qt.Orientation.Horizontal)
    assert QImage(str(left)) != QImage(str(right))
    # The side's letter reads L on one and R on the other; the muscle's name reads left to
    # right on both: everything else is the mirror image.
    stretch = load_catalogue(assets_dir(), None).stretches["kneeling-hip-flexor"]
    kept = scene(stretch, mirrored=True)
    inset = 200 * MARGIN
    place = Placement(kept.stage, QRectF(inset, inset, 200 - 2 * inset, 200 - 2 * inset))
    letter = place.point(*kept.badge.centre)
    reach = (kept.badge.radius + 1) * place.scale + 2  # with its outline
    compared = [
        (x, y)
        for x in range(0, 200, 4)
        for y in range(32, 200, 4)
        if math.hypot(x - letter.x(), y - letter.y()) > reach
    ]
    drawn = QImage(str(left))
    differing = sum(_far(drawn.pixel(x, y), mirrored.pixel(x, y)) for x, y in compared)
    assert differing < len(compared) * 0.01


def _far(a: int, b: int) -> bool:
    """Two colours apart by more than antialiasing makes at an edge."""
    return max(abs((a >> shift & 255) - (b >> shift & 255)) for shift in (0, 8, 16)) > 40


def test_an_svg_with_a_title(tmp_path):
    out = tmp_path / "f.svg"
    code, printed, _ = run("figure", "dead-bug", "--out", str(out))
    assert code == 0 and printed.strip() == str(out)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "<title>Dead bug variation</title>" in text
    assert "<path" in text or "<polyline" in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("nope",), "no built-in stretch 'nope'"),
        (("lizzard-pose",), "did you mean 'lizard-pose'"),
        (("dead-bug", "--side", "left"), "not a sided stretch"),
        (("dead-bug", "--size", "10"), "--size must be from 64"),
        (
            ("dead-bug", "--pose", "flying"),
            "--pose must be one of knees-bent, bridge, table, lower",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, argv, message):
    code, _, err = run("figure", *argv, "--out", str(tmp_path / "f.png"))
    assert code == 2
    assert err.count("\n") == 1 and message in err
    assert not (tmp_path / "f.png").exists()


def test_a_wrong_suffix_is_exit_2_and_an_unwritable_place_exit_1(tmp_path):
    code, _, err = run("figure", "dead-bug", "--out", str(tmp_path / "f.jpg"))
    assert code == 2 and "must end in .svg or .png" in err
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = run("figure", "dead-bug", "--out", str(blocker / "f.png"))
    assert code == 1 and err.startswith("supple: cannot write") and err.count("\n") == 1


def test_a_key_pose_on_its_own(tmp_path):
    start, stretch = tmp_path / "start.png", tmp_path / "stretch.png"
    run("figure", "thomas-test", "--side", "right", "--pose", "lie", "--out", str(start))
    code, _, _ = run("figure", "thomas-test", "--side", "right", "--out", str(stretch))
    assert code == 0 and QImage(str(start)) != QImage(str(stretch))


def test_a_repetition_is_drawn_at_its_start_with_its_far_end_faint(tmp_path):
    """Both legs up for the dead bug, the lowered leg as the ghost: the start and the way."""
    default, table = tmp_path / "default.png", tmp_path / "table.png"
    run("figure", "dead-bug", "--out", str(default))
    run("figure", "dead-bug", "--pose", "table", "--out", str(table))
    assert QImage(str(default)) == QImage(str(table))
