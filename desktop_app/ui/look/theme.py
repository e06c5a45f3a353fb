"""Colours: a light and a dark palette that follow the system, one accent, and a colour for each
side so that LEFT and RIGHT can be told apart at a glance (blue and orange, which stay distinct
for the common kinds of colour blindness)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from desktop_app.core.model import Side

# SUPPLE_COLOR_SCHEME=light|dark overrides the system's choice (screenshots, odd desktops).
SCHEME_ENV = "SUPPLE_COLOR_SCHEME"


@dataclass(frozen=True)
class Theme:
    window: QColor
    panel: QColor  # cards and the placeholder behind the figure
    text: QColor
    muted: QColor  # secondary text
    line: QColor  # borders and the ring's track
    accent: QColor
    on_accent: QColor
    left: QColor
    right: QColor
    warning: QColor

    def side(self, side: Side | None) -> QColor:
        if side is Side.LEFT:
            return self.left
        if side is Side.RIGHT:
            return self.right
        return self.accent


LIGHT = Theme(
    window=QColor("#f5f3ef"),
    panel=QColor("#ffffff"),
    text=QColor("#1f2426"),
    muted=QColor("#5d6669"),
    line=QColor("#dcd8d0"),
    accent=QColor("#1f7a6d"),
    on_accent=QColor("#ffffff"),
    left=QColor("#2563b8"),
    right=QColor("#c2571a"),
    warning=QColor("#9a5b00"),
)
DARK = Theme(
    window=QColor("#1b1e20"),
    panel=QColor("#25292c"),
    text=QColor("#e9e6e1"),
    muted=QColor("#a3aaad"),
    line=QColor("#3a4044"),
    accent=QColor("#4fb8a6"),
    on_accent=QColor("#0f1413"),
    left=QColor("#6ea8ff"),
    right=QColor("#ff9d5c"),
    warning=QColor("#f0b35a"),
)


def _wants_dark() -> bool:
    forced = os.environ.get(SCHEME_ENV, "").lower()
    if forced in ("light", "dark"):
        return forced == "dark"
    return QGuiApplication.styleHints().colorScheme() is Qt.ColorScheme.Dark


def current() -> Theme:
    return DARK if _wants_dark() else LIGHT


def apply(app: QApplication) -> Theme:
    """Our palette; the system decides light or dark."""
    theme = current()
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: theme.window,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.panel,
        QPalette.ColorRole.AlternateBase: theme.window,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.Button: theme.panel,
        QPalette.ColorRole.ButtonText: theme.text,
        QPalette.ColorRole.PlaceholderText: theme.muted,
        QPalette.ColorRole.ToolTipBase: theme.panel,
        QPalette.ColorRole.ToolTipText: theme.text,
        QPalette.ColorRole.Highlight: theme.accent,
        QPalette.ColorRole.HighlightedText: theme.on_accent,
        QPalette.ColorRole.Link: theme.accent,
        QPalette.ColorRole.Mid: theme.line,
        QPalette.ColorRole.Midlight: theme.line,
        QPalette.ColorRole.Accent: theme.accent,
    }
    for role, colour in roles.items():
        palette.setColor(role, colour)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, theme.muted)
    app.setPalette(palette)
    return theme


def mix(base: QColor, top: QColor, amount: float) -> QColor:
    """`top` laid over `base` at `amount` (0 to 1) opacity, as an opaque colour."""
    return QColor.fromRgbF(
        base.redF() + (top.redF() - base.redF()) * amount,
        base.greenF() + (top.greenF() - base.greenF()) * amount,
        base.blueF() + (top.blueF() - base.blueF()) * amount,
    )
