"""Guards against known defects of the Qt binding that would crash a long session."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class Emitter(QObject):
    ping = Signal()


def test_emitting_a_signal_keeps_the_reference_to_true(qtbot):
    # PySide6 6.12.0 returned True from Signal.emit() without a reference of its own: every
    # emit took one from True, and Python 3.11 aborted after a thousand or so (a session
    # emits ten a second). pyproject.toml keeps that version out; this notices if it returns.
    emitter = Emitter()
    emitter.ping.connect(lambda: None)
    before = sys.getrefcount(True)
    for _ in range(100):
        emitter.ping.emit()
    assert sys.getrefcount(True) >= before - 5
