"""The children of startup.py: one window each, measured from inside.

Each reports when its event loop is next free after the first Paint event of the first window
it shows, its resident set size (VmRSS) a settling time after that, and the CPU time it then uses
over a window of seconds. Only what the bare window loads anyway is imported here.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSize, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

WINDOW_SIZE = QSize(1200, 780)  # MainWindow's (within the screen): one size of backing store

Measured = dict[str, float | str | bool | None]


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def cpu_time() -> float:
    times = os.times()
    return times.user + times.system


class Probe(QObject):
    """Watches the first window shown until its first Paint, then measures on timers and quits
    the application; `busy` says whether the window still did its work at the end."""

    def __init__(
        self, settle_s: float, cpu_seconds: float, busy: Callable[[QWidget], bool]
    ) -> None:
        super().__init__()
        self.settle_s = settle_s
        self.cpu_seconds = cpu_seconds
        self.busy = busy
        self.window: QWidget | None = None
        self.measured: Measured = {}
        self._watch_first_window()

    def _watch_first_window(self) -> None:
        # Not an event filter on the whole application: it would see the events of every
        # internal object, and the first one whose type PySide does not know makes it load all
        # of QtWidgets' classes to find out (about 10 ms, which neither program pays without it).
        show = QWidget.show

        def watched_show(widget: QWidget) -> None:
            if self.window is None and widget.isWindow():
                self.window = widget
                widget.installEventFilter(self)
            show(widget)

        QWidget.show = watched_show  # type: ignore[method-assign]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched is self.window:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._painted)  # after the whole paint and flush
        return False

    def _painted(self) -> None:
        self.measured["painted"] = time.monotonic()
        self.measured["platform"] = QGuiApplication.platformName()
        QTimer.singleShot(round(self.settle_s * 1000), self._settled)

    def _settled(self) -> None:
        self.measured["rss_kib"] = rss_kib()
        wall, cpu = time.monotonic(), cpu_time()

        def done() -> None:
            share = (cpu_time() - cpu) / (time.monotonic() - wall) if self.cpu_seconds else None
            self.measured["cpu_share"] = share
            self.measured["busy"] = self.window is not None and self.busy(self.window)
            # Supple's window refuses Qt's quit while reminders keep it in the tray.
            getattr(self.window, "quit_app", QApplication.quit)()

        QTimer.singleShot(round(self.cpu_seconds * 1000), done)

    def result(self, kind: str, code: int) -> Measured | None:
        if code != 0 or not self.measured.get("busy"):
            problem = f"startup.py: {kind} exited with {code}, measured {self.measured}"
            print(problem, file=sys.stderr)
            return None
        return self.measured


def _doing_its_work(window: QWidget) -> bool:
    """A session under way where one was started, else the window still shown."""
    # Duck-typed so as not to import Supple's window before its command line does.
    host = getattr(window, "host", None)  # the session host, which owns the driver
    if host is not None and host.routine_name is not None:
        return bool(host.running)
    return window.isVisible()


def measure_supple(
    main: Callable[[Sequence[str]], int], argv: Sequence[str], settle_s: float, cpu_seconds: float
) -> Measured | None:
    """Supple's command line, which makes its own application and window."""
    probe = Probe(settle_s, cpu_seconds, _doing_its_work)
    return probe.result("supple", main(argv))


def measure_bare(settle_s: float, cpu_seconds: float) -> Measured | None:
    app = QApplication(sys.argv[:1])
    probe = Probe(settle_s, cpu_seconds, QWidget.isVisible)
    window = QMainWindow()
    window.setWindowTitle("Bare")
    window.resize(WINDOW_SIZE.boundedTo(app.primaryScreen().availableGeometry().size()))
    window.show()
    return probe.result("bare", app.exec())
