"""A self-check's answer as a big button: its key on top, its words under it.

The answers of a question are all the same width. Each asks for the width the longest answer
takes on one line, and gives way, down to what the longest needs on two lines, as the page
narrows; since they all ask alike, the grid shares the row evenly. An answer that no longer
fits on one line goes onto two rather than being clipped.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QPushButton, QSizePolicy, QStyle, QStyleOptionButton, QWidget


def two_lines(words: str) -> str:
    """`words` broken at the space nearest their middle (unchanged without a space)."""
    spaces = [at for at, char in enumerate(words) if char == " "]
    if not spaces:
        return words
    middle = min(spaces, key=lambda at: abs(at - len(words) / 2))
    return f"{words[:middle]}\n{words[middle + 1 :]}"


class AnswerButton(QPushButton):
    def __init__(self, key: str, words: str, parent: QWidget | None = None) -> None:
        super().__init__(f"{key}\n{words}", parent)
        self.key, self.words = key, words
        self._shared = (0, 0)  # the widths every answer asks for, and gives way to
        self.setAccessibleName(words)
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Preferred)  # may shrink below its hint
        self.setSizePolicy(policy)

    def width_for(self, text: str) -> int:
        """The width this button takes to show `text` whole, as its style draws it."""
        option = QStyleOptionButton()
        self.initStyleOption(option)
        inside = self.fontMetrics().size(0, text)
        size = self.style().sizeFromContents(
            QStyle.ContentsType.CT_PushButton, option, inside, self
        )
        return size.width()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(self._shared[0] or hint.width(), hint.height())

    def minimumSizeHint(self) -> QSize:
        least = super().minimumSizeHint()
        return QSize(self._shared[1] or least.width(), least.height())

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.Polish):
            even_out(self.parentWidget())  # its words' widths changed: and so the others'
        return handled

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """One line where the width allows, else two."""
        one_line = f"{self.key}\n{self.words}"
        fits = self.width_for(one_line) <= self.width()
        self.setText(one_line if fits else f"{self.key}\n{two_lines(self.words)}")

    def share(self, preferred: int, least: int) -> None:
        if (preferred, least) != self._shared:
            self._shared = (preferred, least)
            self.updateGeometry()


def even_out(parent: QWidget | None) -> None:
    """Every answer under `parent` asks for the same widths: the longest's, on one line and
    on two."""
    if parent is None:
        return
    explicit = Qt.WidgetAttribute.WA_WState_ExplicitShowHide
    # Not those hidden on their way out (a new question's are hidden only until shown).
    buttons: Sequence[AnswerButton] = [
        b
        for b in parent.findChildren(AnswerButton)
        if not (b.testAttribute(explicit) and b.isHidden())
    ]
    if not buttons:
        return
    preferred = max(b.width_for(f"{b.key}\n{b.words}") for b in buttons)
    least = max(b.width_for(f"{b.key}\n{two_lines(b.words)}") for b in buttons)
    for button in buttons:
        button.share(preferred, least)
