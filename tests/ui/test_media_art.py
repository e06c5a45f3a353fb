"""The figure art the media controls show: drawn once per stretch, side and colours, and drawn
again in the other theme's colours when the desktop turns from light to dark."""

from __future__ import annotations

from desktop_app.core.catalogue import load_catalogue
from desktop_app.core.model import Side
from desktop_app.resources import assets_dir
from desktop_app.ui.look import theme
from desktop_app.ui.media.art import FigureArt


def test_a_theme_change_draws_the_art_in_the_new_colours(qapp, tmp_path, monkeypatch):
    stretch = load_catalogue(assets_dir(), tmp_path / "routines").stretches["lizard-pose"]
    art = FigureArt(tmp_path / "cache")
    monkeypatch.setenv(theme.SCHEME_ENV, "light")
    light = art.path(stretch, Side.LEFT)
    assert light is not None and light.is_file()
    assert art.path(stretch, Side.LEFT) == light  # drawn once

    monkeypatch.setenv(theme.SCHEME_ENV, "dark")
    dark = art.path(stretch, Side.LEFT)
    assert dark is not None and dark != light and dark.is_file()
    assert dark.read_bytes() != light.read_bytes()

    monkeypatch.setenv(theme.SCHEME_ENV, "light")
    assert art.path(stretch, Side.LEFT) == light
