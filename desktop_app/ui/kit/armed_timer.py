"""A precise single-shot timer that remembers how long it was set to wait."""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer

# Fire a little after the boundary rather than a little before it.
MARGIN_MS = 1


class ArmedTimer(QObject):
    """A precise single shot that says how long it was last set to wait (what tests read)."""

    def __init__(self, timeout: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(timeout)
        self._armed: float | None = None

    @property
    def armed(self) -> float | None:
        """Seconds the timer was last set to wait, or None when it is stopped."""
        return self._armed if self._timer.isActive() else None

    def arm(self, seconds: float | None) -> None:
        """Fire in `seconds` (a hair after, never before); None stops it."""
        self._armed = seconds
        if seconds is None:
            self._timer.stop()
        else:
            self._timer.start(math.ceil(seconds * 1000) + MARGIN_MS)
