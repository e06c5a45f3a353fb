"""Ctrl+C in the terminal, closing it, or logging out, quits cleanly: `on_interrupt`, which
closes the windows until the app sets how it quits. Python runs signal handlers only between
bytecodes, and while Qt's loop waits no Python runs at all; the signal's number, written to a
socket that Qt watches, wakes the loop, and `on_interrupt` runs from the loop, never from the
handler itself: a signal that comes before the loop runs (just as the window is shown) would
otherwise ask a loop not yet running to quit, and be lost, and one that comes while the main
thread holds a lock would run the quit inside that lock."""

from __future__ import annotations

import contextlib
import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtWidgets import QApplication


class InterruptWaker(QObject):
    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        signal.set_wakeup_fd(self._writer.fileno())
        self.on_interrupt: Callable[[], object] = app.closeAllWindows
        # Ctrl+C, the end of the desktop session (logout sends SIGTERM) and the terminal it
        # was started from closing (SIGHUP, unless `nohup` asked to ignore it): a clean quit,
        # so a session's end is written and the socket removed.
        numbers = [signal.SIGINT, signal.SIGTERM]
        hangup = getattr(signal, "SIGHUP", None)  # none on Windows
        if hangup is not None and signal.getsignal(hangup) is not signal.SIG_IGN:
            numbers.append(hangup)
        self.numbers = frozenset(int(number) for number in numbers)
        for number in numbers:
            # A Python handler of its own, so that the number is written to the socket (and
            # Ctrl+C raises no KeyboardInterrupt); the work is done in _drain, from the loop.
            signal.signal(number, lambda _number, _frame: None)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def close(self) -> None:
        """Stop listening: the socket closed, the wake-up left to no one."""
        signal.set_wakeup_fd(-1)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()

    def _drain(self) -> None:
        with contextlib.suppress(BlockingIOError):
            if self.numbers.intersection(self._reader.recv(64)):
                self.on_interrupt()
