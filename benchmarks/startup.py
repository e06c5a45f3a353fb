"""Is Supple as light as a bare window?

Starts, one process at a time, Supple (`supple start desk-break --quit-when-done --no-voice`, in
a temporary data folder) and a bare PySide6 script (a QMainWindow with a title, the size of
Supple's window so that both have the same backing store), alternately, --runs times each. Each
child reports when its event loop is next free after the first Paint event of a top-level window
(time.monotonic(), one clock for all processes on Linux; the parent reads it just before starting
the child) and its resident set size (VmRSS) 5 s after that. In the last run of each, the child
then counts the CPU time it uses (user + system, all threads) over the next --cpu-seconds of the
running session, as a share of one core. One start of each, not counted, comes first, so that
both run from cached bytecode and warm file caches, as an installed program would, and Supple's
data folder says the first-run notice was read, as it is on every start but the first.

It prints, as JSON, the medians and every run's figures for both, Supple's ratios to the bare
window and the budgets: within 1.3x of the bare window for time and memory, under 2% of a core.
It exits 0 whether or not the budgets are met, 1 when a child fails. Qt runs offscreen unless a
display is set or QT_QPA_PLATFORM says otherwise.

    python benchmarks/startup.py [--runs N] [--cpu-seconds S]
    xvfb-run -a -s "-screen 0 1280x800x24" python benchmarks/startup.py
"""

from __future__ import annotations

# This file is also the children's program, and their start-up time counts every import: at the
# top only what the bare window loads anyway (PySide6 loads argparse, pathlib, tempfile and
# typing itself) and json; subprocess and statistics load where the parent uses them.
import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROUTINE = "desk-break"  # 2:11, longer than the settling time and the CPU window together
WINDOW_SIZE = (1200, 780)  # MainWindow's
SETTLE_S = 5.0
TIME_BUDGET = 1.3
RSS_BUDGET = 1.3
CPU_BUDGET_PERCENT = 2.0
KINDS = ("bare", "supple")


# -- the child: one window, measured from inside --------------------------------------------------


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def cpu_time() -> float:
    times = os.times()
    return times.user + times.system


class Probe(QObject):
    """Watches every event until the first Paint of a top-level window, then measures on timers
    and quits the application; `busy` says whether the window still did its work at the end."""

    def __init__(
        self, app: QApplication, cpu_seconds: float, busy: Callable[[QWidget], bool]
    ) -> None:
        super().__init__()
        self.app = app
        self.cpu_seconds = cpu_seconds
        self.busy = busy
        self.window: QWidget | None = None
        self.measured: dict[str, float | str | bool | None] = {}
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.isWindow()
        ):
            self.app.removeEventFilter(self)
            self.window = watched
            QTimer.singleShot(0, self._painted)  # after the whole paint and flush
        return False

    def _painted(self) -> None:
        self.measured["painted"] = time.monotonic()
        self.measured["platform"] = QGuiApplication.platformName()
        QTimer.singleShot(round(SETTLE_S * 1000), self._settled)

    def _settled(self) -> None:
        self.measured["rss_kib"] = rss_kib()
        wall, cpu = time.monotonic(), cpu_time()

        def done() -> None:
            share = (cpu_time() - cpu) / (time.monotonic() - wall) if self.cpu_seconds else None
            self.measured["cpu_share"] = share
            self.measured["busy"] = self.window is not None and self.busy(self.window)
            self.app.quit()

        QTimer.singleShot(round(self.cpu_seconds * 1000), done)


def run_supple(app: QApplication, cpu_seconds: float, data_dir: str) -> tuple[int, Probe]:
    # Imported after the QApplication, which Supple then reuses; the bare window loads none of it.
    from desktop_app import cli  # noqa: PLC0415
    from desktop_app.ui.main_window import MainWindow  # noqa: PLC0415

    def session_running(window: QWidget) -> bool:
        return isinstance(window, MainWindow) and window.driver.running

    probe = Probe(app, cpu_seconds, session_running)
    argv = ["start", ROUTINE, "--quit-when-done", "--no-voice", "--data-dir", data_dir]
    return cli.main(argv), probe


def run_bare(app: QApplication, cpu_seconds: float) -> tuple[int, Probe]:
    probe = Probe(app, cpu_seconds, QWidget.isVisible)
    window = QMainWindow()
    window.setWindowTitle("Bare")
    window.resize(*WINDOW_SIZE)
    window.show()
    return app.exec(), probe


def child(kind: str, cpu_seconds: float, data_dir: str) -> int:
    """Run one window until measured; print what was measured as one line of JSON."""
    app = QApplication(sys.argv[:1])
    if kind == "supple":
        code, probe = run_supple(app, cpu_seconds, data_dir)
    else:
        code, probe = run_bare(app, cpu_seconds)
    if code != 0 or not probe.measured.get("busy"):
        print(f"startup.py: {kind} exited with {code}, measured {probe.measured}", file=sys.stderr)
        return 1
    print(json.dumps(probe.measured))
    return 0


# -- the parent: the children in turn, and the figures ------------------------------------------


class Run(NamedTuple):
    startup_s: float
    rss_kib: int
    cpu_share: float | None
    platform: str


class Figures(NamedTuple):
    startup_ms: float  # median
    rss_mib: float  # median
    cpu_percent_of_core: float | None
    startup_runs_ms: list[float]
    rss_runs_mib: list[float]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    # An installed program runs from cached bytecode; a checkout with writing it turned off
    # would compile every module on every start and measure the compiler instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not any(env.get(name) for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")):
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def measure(kind: str, cpu_seconds: float, data_dir: str) -> Run:
    """Start one child and time it from just before it started to its first paint."""
    import subprocess  # noqa: PLC0415

    command = [sys.executable, __file__, "--child", kind, "--cpu-seconds", str(cpu_seconds)]
    command += ["--data-dir", data_dir]
    env = child_env()
    started = time.monotonic()
    try:
        done = subprocess.run(
            command,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            check=False,
            timeout=SETTLE_S + cpu_seconds + 60,
        )
    except subprocess.TimeoutExpired:
        sys.exit(f"startup.py: the {kind} window did not finish in time")
    if done.returncode != 0:
        sys.exit(f"startup.py: the {kind} window failed with exit code {done.returncode}")
    measured = json.loads(done.stdout.splitlines()[-1])
    return Run(
        measured["painted"] - started,
        measured["rss_kib"],
        measured["cpu_share"],
        measured["platform"],
    )


def figures(runs: list[Run]) -> Figures:
    import statistics  # noqa: PLC0415

    startup = [round(r.startup_s * 1000, 1) for r in runs]
    rss = [round(r.rss_kib / 1024, 1) for r in runs]
    cpu = [round(r.cpu_share * 100, 3) for r in runs if r.cpu_share is not None]
    cpu_percent = cpu[-1] if cpu else None
    return Figures(statistics.median(startup), statistics.median(rss), cpu_percent, startup, rss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cpu-seconds", type=float, default=30.0)
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        sys.exit(child(args.child, args.cpu_seconds, args.data_dir))

    runs: dict[str, list[Run]] = {kind: [] for kind in KINDS}
    with tempfile.TemporaryDirectory() as data_dir:
        # A usual start: the first-run notice has been read (it is shown until dismissed).
        with open(os.path.join(data_dir, "settings.json"), "w", encoding="utf-8") as settings:
            settings.write('{"version": 1, "notice_seen": true}\n')
        for kind in KINDS:  # a first start, not counted: bytecode written, files in the cache
            measure(kind, 0.0, data_dir)
        for run in range(args.runs):
            cpu_seconds = args.cpu_seconds if run == args.runs - 1 else 0.0
            for kind in KINDS:
                runs[kind].append(measure(kind, cpu_seconds, data_dir))
    bare, supple = figures(runs["bare"]), figures(runs["supple"])
    time_ratio = round(supple.startup_ms / bare.startup_ms, 3)
    rss_ratio = round(supple.rss_mib / bare.rss_mib, 3)
    cpu = supple.cpu_percent_of_core
    print(
        json.dumps(
            {
                "platform": runs["supple"][0].platform,
                "runs": args.runs,
                "rss_after_s": SETTLE_S,
                "cpu_window_s": args.cpu_seconds,
                "bare": bare._asdict(),
                "supple": supple._asdict(),
                "time_ratio": time_ratio,
                "time_budget": TIME_BUDGET,
                "time_ok": time_ratio <= TIME_BUDGET,
                "rss_ratio": rss_ratio,
                "rss_budget": RSS_BUDGET,
                "rss_ok": rss_ratio <= RSS_BUDGET,
                "cpu_percent_of_core": cpu,
                "cpu_budget_percent": CPU_BUDGET_PERCENT,
                "cpu_ok": cpu is not None and cpu < CPU_BUDGET_PERCENT,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
