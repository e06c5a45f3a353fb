"""How big a session's text is: one rule for the session page and the floor view, so both grow
with the window and read the same from the floor at every size."""

from __future__ import annotations

from PySide6.QtCore import QSize

SMALLEST = 13  # pixels, at the smallest window (800x600)
LARGEST = 40  # pixels, reached a little short of 4K: larger adds nothing at two metres
# A line of body text takes this share of the window's height and of its width; the smaller
# wins, so a wide window does not swell text into a column it cannot fit.
HEIGHT_SHARE = 46
WIDTH_SHARE = 76


def text_pixels(window: QSize) -> int:
    """The body text's size in pixels for a window of this size; headings are multiples."""
    fitting = min(window.height() / HEIGHT_SHARE, window.width() / WIDTH_SHARE)
    return max(SMALLEST, min(LARGEST, round(fitting)))
