"""What the session page and the floor view both show, drawn one way: plain labels whose text
is set only when it changes (a tick repaints nothing that stayed the same), the side in its
colour, and the countdown's face."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QWidget

from desktop_app.core.snapshot import Snapshot, Tint, ring_face, shown_side, side_label
from desktop_app.ui.look import theme
from desktop_app.ui.session.countdown_ring import CountdownRing


def plain_label(parent: QWidget, name: str, *, wrap: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def set_text(label: QLabel, text: str) -> None:
    if label.text() != text:
        label.setText(text)


def show_side(label: QLabel, snapshot: Snapshot) -> None:
    """ "LEFT" or "RIGHT" in the side's colour, or nothing where no side is worked."""
    set_text(label, side_label(snapshot))
    colour = theme.current().side(shown_side(snapshot))
    if label.palette().color(QPalette.ColorRole.WindowText) != colour:
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        label.setPalette(palette)


def show_countdown(ring: CountdownRing, snapshot: Snapshot) -> None:
    colours = theme.current()
    face = ring_face(snapshot)
    tint = {
        Tint.SIDE: colours.side(shown_side(snapshot)),
        Tint.ACCENT: colours.accent,
        Tint.PLAIN: None,
    }
    ring.show_time(face.fraction, face.big, face.small, tint[face.tint], dimmed=face.dimmed)
