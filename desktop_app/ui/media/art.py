"""The figure of a stretch's pose as a PNG in the cache: the art the media controls show.

Each stretch and side is drawn once, by the same painter as `supple figure`, into
`cache/media-art/`; the file's name carries a digest of the figure and the colours, so a
changed figure gets a new file and an unchanged one is never drawn again. A stretch without a
figure (the user's own) has no art; a cache that cannot be written says so once in the log."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from desktop_app.core.model import Side, Stretch
from desktop_app.services.files import write_atomic_bytes
from desktop_app.ui.look import theme
from desktop_app.ui.look.figure_export import render_figure

log = logging.getLogger(__name__)

SIZE = 256  # pixels: what a lock screen or a phone shows, no more
FOLDER = "media-art"


class FigureArt:
    def __init__(self, cache: Path) -> None:
        self.folder = cache / FOLDER
        # The files there, by name, digest and all: a theme changed from light to dark
        # meanwhile asks for another file.
        self._there: set[Path] = set()
        self._failed = False

    def path(self, stretch: Stretch, side: Side | None) -> Path | None:
        """The PNG of `stretch` on `side` in today's colours, drawn now if it is not in the
        cache yet."""
        if stretch.figure is None or self._failed:
            return None
        colours = theme.current()
        digest = hashlib.sha256(
            f"{stretch.figure!r}|{SIZE}|{colours.panel.name()}|{colours.accent.name()}".encode()
        ).hexdigest()[:16]
        path = self.folder / f"{stretch.id}-{side.value if side else 'both'}-{digest}.png"
        if path not in self._there:
            if not self._draw(path, stretch, side, colours):
                return None
            self._there.add(path)
        return path

    def _draw(self, path: Path, stretch: Stretch, side: Side | None, colours: theme.Theme) -> bool:
        if path.is_file():
            return True
        try:
            write_atomic_bytes(path, render_figure(stretch, side, ".png", SIZE, colours))
        except OSError as exc:
            self._failed = True
            log.warning("media controls: no figure art, the cache cannot be written (%s)", exc)
            return False
        return True
