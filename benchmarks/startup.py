"""Is Supple as light as a bare window?

Starts, one process at a time and in turn, --runs times each: a bare PySide6 script (a
QMainWindow with a title, the size of Supple's window so that both have the same backing store),
Supple's home page (`supple --no-voice`) and a session (`supple start desk-break
--quit-when-done --no-voice`), both in a temporary data folder.

Each child reports when its event loop is next free after the first Paint event of the first
window it shows (time.monotonic(), one clock for all processes on Linux; the parent reads it just
before starting the child) and its resident set size (VmRSS) 5 s after that. In the last run of
each, the child then counts the CPU time it uses (user + system, all threads) over the next
--cpu-seconds, as a share of one core. The children's code is in first_paint.py; Supple's
children import desktop_app.cli first and let it make the application, as the `supple` command
does.

One start of each, not counted, comes first, so that all run from cached bytecode and warm file
caches, as an installed program would, and Supple's data folder says the first-run notice was
read, as it is on every start but the first.

It prints, as JSON, the medians and every run's figures for each, the home page's and the
session's ratios to the bare window and the budgets: within 1.5x of the bare window for the time
to the first paint, 1.3x for memory, under 2% of a core. It exits 0 whether or not the budgets
are met, 1 when a child fails. Qt runs offscreen unless a display is set or QT_QPA_PLATFORM says
otherwise.

    python -m benchmarks.startup [--runs N] [--cpu-seconds S]
    xvfb-run -a -s "-screen 0 1280x800x24" python -m benchmarks.startup
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROUTINE = "desk-break"  # 3:15, longer than the settling time and the CPU window together
SETTLE_S = 5.0
TIME_BUDGET = 1.5
RSS_BUDGET = 1.3
CPU_BUDGET_PERCENT = 2.0
KINDS = ("bare", "home", "session")
SUPPLE_ARGS = {
    "home": ["--no-voice"],
    "session": ["start", ROUTINE, "--quit-when-done", "--no-voice"],
}
ROOT = Path(__file__).resolve().parent.parent  # where `-m benchmarks.startup` finds the child


def child(kind: str, cpu_seconds: float, data_dir: str) -> int:
    """Run one window until measured; print what was measured as one line of JSON."""
    if kind != "bare":
        # The `supple` command's entry point imports desktop_app.cli before anything of Qt's.
        from desktop_app import cli  # noqa: PLC0415
    # The child's start-up time counts every import: the probe imports what the bare window loads.
    from benchmarks import first_paint  # noqa: PLC0415

    if kind != "bare":
        argv = [*SUPPLE_ARGS[kind], "--data-dir", data_dir]
        measured = first_paint.measure_supple(cli.main, argv, SETTLE_S, cpu_seconds)
    else:
        measured = first_paint.measure_bare(SETTLE_S, cpu_seconds)
    if measured is None:
        return 1
    print(json.dumps(measured))
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

    command = [sys.executable, "-m", "benchmarks.startup", "--child", kind]
    command += ["--cpu-seconds", str(cpu_seconds), "--data-dir", data_dir]
    env = child_env()
    started = time.monotonic()
    try:
        done = subprocess.run(
            command,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
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
    measured = {kind: figures(runs[kind]) for kind in KINDS}
    bare = measured["bare"]
    report: dict[str, object] = {
        "platform": runs["home"][0].platform,
        "runs": args.runs,
        "rss_after_s": SETTLE_S,
        "cpu_window_s": args.cpu_seconds,
        "time_budget": TIME_BUDGET,
        "rss_budget": RSS_BUDGET,
        "cpu_budget_percent": CPU_BUDGET_PERCENT,
    }
    for kind, found in measured.items():
        report[kind] = found._asdict()
        if kind == "bare":
            continue
        time_ratio = round(found.startup_ms / bare.startup_ms, 3)
        rss_ratio = round(found.rss_mib / bare.rss_mib, 3)
        cpu = found.cpu_percent_of_core
        report[f"{kind}_vs_bare"] = {
            "time_ratio": time_ratio,
            "time_ok": time_ratio <= TIME_BUDGET,
            "rss_ratio": rss_ratio,
            "rss_ok": rss_ratio <= RSS_BUDGET,
            "cpu_ok": cpu is not None and cpu < CPU_BUDGET_PERCENT,
        }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
