"""A frameless, see-through scroll area for text that may not fit a small window. The style
sheet makes its viewport transparent: asking for viewport() would make PySide load every widget
class of QtWidgets to find the viewport's type, about 10 ms at start-up."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


def text_scroller(content: QWidget, parent: QWidget) -> QScrollArea:
    scroll = QScrollArea(parent)
    scroll.setWidget(content)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    content.setAutoFillBackground(False)
    return scroll


def keyboard_scroller(content: QWidget, parent: QWidget, name: str) -> QScrollArea:
    """A text_scroller that Tab reaches (not a click: it must not take a page's keys), so that
    the arrow keys, Page Up and Page Down scroll it too, with a frame that shows when it has
    the focus (the style sheet's #keyScroll); `name`: what a screen reader calls it."""
    scroll = text_scroller(content, parent)
    scroll.setObjectName("keyScroll")
    scroll.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    scroll.setAccessibleName(name)
    return scroll
