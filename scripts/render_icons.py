"""Render the app icon into the PNG sizes of the hicolor icon theme under packaging/icons/, and
copy the app icon and the tray's symbolic variant beside them as scalable icons.

The PNGs are generated files that we commit, so packagers need no Qt. After changing
assets/icons/supple.svg or assets/icons/supple-tray-symbolic.svg, regenerate them with:

    .venv/bin/python scripts/render_icons.py

tests/test_icons.py fails while the PNGs are out of date.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display needed

from PySide6.QtGui import QGuiApplication, QImage, QImageWriter
from PySide6.QtSvg import QSvgRenderer

from desktop_app import APP_ID
from desktop_app.ui.look.svg_image import svg_image

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "assets" / "icons"
HICOLOR = ROOT / "packaging" / "icons" / "hicolor"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def render(svg: Path, size: int) -> QImage:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg}: not a valid SVG")
    return svg_image(renderer, size).convertToFormat(QImage.Format.Format_ARGB32)


def png_path(size: int) -> Path:
    return HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def write_png(image: QImage, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QImageWriter(str(path), b"png")
    writer.setQuality(0)  # for PNG (lossless) this is zlib's strongest compression
    if not writer.write(image):
        raise OSError(f"{path}: {writer.errorString()}")


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for size in SIZES:
        write_png(render(ICONS / "supple.svg", size), png_path(size))
    scalable = HICOLOR / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ICONS / "supple.svg", scalable / f"{APP_ID}.svg")
    symbolic = HICOLOR / "symbolic" / "apps"
    symbolic.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(ICONS / "supple-tray-symbolic.svg", symbolic / f"{APP_ID}-symbolic.svg")
    for path in sorted(HICOLOR.rglob(f"{APP_ID}*")):
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
