"""Which Qt platform we run on, where that changes what we may ask of it."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication


def on_test_platform() -> bool:
    """Qt's offscreen and minimal platforms have no stacking order and no tray: raising a
    window or showing a tray icon there only warns."""
    return QGuiApplication.platformName() in ("offscreen", "minimal")
