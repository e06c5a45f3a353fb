"""Export every built-in stretch's figure, each side, and each of its key poses, with
`supple figure`, and one contact sheet of all the stretches that the README shows.

    python scripts/figures.py [FOLDER]

FOLDER (docs/figures) gets ID-SIDE.svg for each stretch, poses/ID-SIDE-POSE.svg for each key
pose, and contact-sheet.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QImage, QPainter

from desktop_app.cli import main
from desktop_app.core.catalogue import load_catalogue
from desktop_app.core.model import Stretch
from desktop_app.resources import assets_dir
from desktop_app.ui.look import theme

TILE = 360  # pixels, each picture on the sheet
CAPTION = 64  # pixels under each picture for its name and side
COLUMNS = 5


def _figure(stretch: Stretch, side: str | None, out: Path, size: int, pose: str | None) -> None:
    args = ["figure", stretch.id, "--out", str(out), "--size", str(size)]
    args += ["--side", side] if side else []
    args += ["--pose", pose] if pose else []
    if main(args) != 0:
        raise SystemExit(f"could not draw {out.name}")


def _sides(stretch: Stretch) -> tuple[str | None, ...]:
    return ("left", "right") if stretch.sided else (None,)


def _sheet(tiles: list[tuple[str, Path]], out: Path) -> None:
    """The pictures in a grid, each with its caption, on the light palette's window colour."""
    colours = theme.LIGHT
    rows = -(-len(tiles) // COLUMNS)
    sheet = QImage(COLUMNS * TILE, rows * (TILE + CAPTION), QImage.Format.Format_RGB32)
    sheet.fill(colours.window)
    painter = QPainter(sheet)
    font = QFont(painter.font())
    font.setPixelSize(22)
    font.setWeight(QFont.Weight.DemiBold)
    painter.setFont(font)
    painter.setPen(colours.text)
    for number, (caption, picture) in enumerate(tiles):
        row, column = divmod(number, COLUMNS)
        x, y = column * TILE, row * (TILE + CAPTION)
        painter.drawImage(x, y, QImage(str(picture)))
        text = QRectF(x + 8, y + TILE, TILE - 16, CAPTION)
        painter.drawText(
            text, int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap), caption
        )
    painter.end()
    sheet.save(str(out))
    print(out)


def export(folder: Path) -> None:
    stretches = sorted(load_catalogue(assets_dir(), None).stretches.values(), key=lambda s: s.id)
    (folder / "poses").mkdir(parents=True, exist_ok=True)
    tiles: list[tuple[str, Path]] = []
    with tempfile.TemporaryDirectory() as scratch:
        for stretch in stretches:
            assert stretch.figure is not None  # every built-in stretch has one
            for side in _sides(stretch):
                name = f"{stretch.id}-{side}" if side else stretch.id
                _figure(stretch, side, folder / f"{name}.svg", 400, None)
                for pose in stretch.figure.poses:
                    _figure(
                        stretch, side, folder / "poses" / f"{name}-{pose.name}.svg", 400, pose.name
                    )
                tile = Path(scratch) / f"{name}.png"
                _figure(stretch, side, tile, TILE, None)
                tiles.append((f"{stretch.name}{f', {side} side' if side else ''}", tile))
        _sheet(tiles, folder / "contact-sheet.png")


if __name__ == "__main__":
    export(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/figures"))
