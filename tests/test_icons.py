"""The icons: the app icon and the tray's symbolic variant are plain square SVGs that Qt renders,
the committed hicolor PNGs exist at every size and match the SVG (scripts/render_icons.py makes
them), the 16 px icon shows a figure, and the tray's glyph reads on dark and light panels."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QIcon, QImage
from PySide6.QtSvg import QSvgRenderer

from desktop_app import APP_ID
from desktop_app.resources import assets_dir
from desktop_app.ui.look.svg_image import svg_image
from desktop_app.ui.reminders.tray import _greyed, tray_icon
from desktop_app.ui.shell.application import make_application

ROOT = Path(__file__).resolve().parents[1]
HICOLOR = ROOT / "packaging" / "icons" / "hicolor"
ICONS = assets_dir() / "icons"
APP_SVG = ICONS / "supple.svg"
TRAY_SVG = ICONS / "supple-tray-symbolic.svg"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
# What desktop icon themes and Qt's SVG Tiny renderer both draw the same way.
PLAIN = {"svg", "g", "path", "circle", "ellipse", "rect", "line", "polyline", "polygon"}
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _app() -> None:
    make_application()


def render(svg: Path, size: int) -> QImage:
    return svg_image(QSvgRenderer(str(svg)), size).convertToFormat(QImage.Format.Format_ARGB32)


def pixels(image: QImage) -> list[QColor]:
    return [image.pixelColor(x, y) for y in range(image.height()) for x in range(image.width())]


def luminance(colour: QColor) -> float:
    """Relative luminance (WCAG), 0 black to 1 white."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(colour.redF())
        + 0.7152 * linear(colour.greenF())
        + 0.0722 * linear(colour.blueF())
    )


@pytest.mark.parametrize("svg", [APP_SVG, TRAY_SVG], ids=lambda p: p.name)
def test_the_svgs_are_plain_square_and_valid(svg: Path) -> None:
    renderer = QSvgRenderer(str(svg))
    assert renderer.isValid()
    box = renderer.viewBoxF()
    assert box.width() == box.height() > 0
    tags = {element.tag.removeprefix(SVG_NS) for element in ET.parse(svg).iter()}
    assert tags <= PLAIN, f"not plain SVG: {tags - PLAIN}"
    assert "class=" not in svg.read_text()  # no CSS: themes and Qt would differ


def test_the_tray_variant_is_one_colour() -> None:
    colours = {
        value
        for element in ET.parse(TRAY_SVG).iter()
        for key in ("fill", "stroke")
        if (value := element.get(key)) not in (None, "none")
    }
    assert len(colours) == 1, colours


@pytest.mark.parametrize("size", SIZES)
def test_each_png_exists_at_its_size_and_matches_the_svg(size: int) -> None:
    path = HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_ARGB32)
    assert not image.isNull(), f"{path} is missing: run scripts/render_icons.py"
    assert (image.width(), image.height()) == (size, size)
    alphas = [colour.alpha() for colour in pixels(image)] if size <= 64 else None
    if alphas is not None:
        assert alphas.count(0) > 0  # the rounded corners
        assert alphas.count(255) > size * size // 2  # the tile
    # Not stale: the picture the SVG draws now. Another Qt may shade an edge a few levels
    # apart; a moved or recoloured shape changes pixels by far more.
    fresh = render(APP_SVG, size)  # held: the bits are only valid while the image lives
    committed, expected = bytes(image.constBits()), bytes(fresh.constBits())
    assert len(committed) == len(expected)
    changed = {
        i // 4 for i, (a, b) in enumerate(zip(committed, expected, strict=True)) if abs(a - b) > 48
    }
    assert len(changed) <= size * size // 1000, "out of date: run scripts/render_icons.py"


def test_the_scalable_icons_are_the_assets() -> None:
    apps = HICOLOR / "scalable" / "apps"
    assert (apps / f"{APP_ID}.svg").read_bytes() == APP_SVG.read_bytes()
    symbolic = HICOLOR / "symbolic" / "apps" / f"{APP_ID}-symbolic.svg"
    assert symbolic.read_bytes() == TRAY_SVG.read_bytes()


def test_the_16_px_icon_shows_a_figure_on_its_tile() -> None:
    image = QImage(str(HICOLOR / "16x16" / "apps" / f"{APP_ID}.png"))
    opaque = [luminance(colour) for colour in pixels(image) if colour.alpha() == 255]
    assert opaque, "a blank icon"
    background = min(opaque)  # the teal tile; the figure is lighter
    figure = [value for value in opaque if value - background > 0.5]
    tile = [value for value in opaque if abs(value - background) < 0.05]
    assert len(figure) >= 20, "too few figure pixels stand out from the tile"
    assert len(tile) >= 60, "too little tile around the figure"
    contrast = (max(opaque) + 0.05) / (background + 0.05)
    assert contrast >= 4.5  # WCAG's ratio for text: the figure is the whole message


@pytest.mark.parametrize("size", [16, 22])
def test_the_tray_glyph_is_light_with_a_dark_edge(size: int) -> None:
    icon = tray_icon()
    assert {16, 22, 24, 32, 48} <= {s.width() for s in icon.availableSizes()}
    image = icon.pixmap(size).toImage().convertToFormat(QImage.Format.Format_ARGB32)
    assert (image.width(), image.height()) == (size, size)
    colours = pixels(image)
    light = [c for c in colours if c.alpha() == 255 and luminance(c) > 0.8]
    edge = [c for c in colours if c.alpha() > 64 and luminance(c) < 0.1]
    assert len(light) >= size  # reads on a dark panel
    assert len(edge) >= size  # and has an outline for a light one
    assert sum(c.alpha() == 0 for c in colours) > size * size // 5  # a glyph, not a tile


def test_the_paused_tray_icon_is_fainter() -> None:
    icon = tray_icon()

    def ink(of: QIcon) -> int:
        return sum(c.alpha() for c in pixels(of.pixmap(22).toImage()))

    assert ink(_greyed(icon)) < 0.7 * ink(icon)
