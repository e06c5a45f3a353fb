"""What the media controls cost a session in CPU.

Runs `supple start desk-break --quit-when-done --no-voice` in a temporary data folder, --runs
times each way and in turn:

- on: with a private session bus (a `dbus-daemon` started here), where Supple takes
  `org.mpris.MediaPlayer2.supple`, and `playerctl --follow metadata` listening as a desktop's
  panel does, so every PropertiesChanged is sent and read;
- off: with no session bus (DBUS_SESSION_BUS_ADDRESS names no socket), so the media controls
  give up at the start and the session runs as it did before them.

After --settle seconds (the session under way), the parent reads the child's CPU time (user +
system, all threads, from /proc/PID/stat) over the next --cpu-seconds, as a share of one core.
It prints, as JSON, every run's share and each way's median, and the difference. Linux only
(the media controls are MPRIS, and /proc is read); it exits 1 if `dbus-daemon` or `playerctl`
is missing or a child fails.

    python -m benchmarks.media [--runs N] [--settle S] [--cpu-seconds S]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.dbus_bus import private_bus

ROUTINE = "desk-break"  # 3:15: longer than the settling time and the CPU window together
ROOT = Path(__file__).resolve().parent.parent


def cpu_seconds_of(pid: int) -> float:
    """User + system CPU seconds of a process, all its threads."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one_run(bus: str | None, folder: Path, settle: float, window: float) -> float:
    """The CPU share of one core that a session used over `window` seconds."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["DBUS_SESSION_BUS_ADDRESS"] = bus or f"unix:path={folder}/no-bus"
    data = tempfile.mkdtemp(prefix="data-", dir=folder)
    command = [sys.executable, "-m", "desktop_app", "start", ROUTINE, "--quit-when-done"]
    child = subprocess.Popen(
        [*command, "--no-voice", "--data-dir", data],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    follower = None
    if bus is not None:
        follower = subprocess.Popen(
            ["playerctl", "-p", "supple", "--follow", "metadata"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    try:
        time.sleep(settle)
        if child.poll() is not None:
            sys.exit(f"media.py: the session ended early (exit code {child.returncode})")
        used, began = cpu_seconds_of(child.pid), time.monotonic()
        time.sleep(window)
        used, took = cpu_seconds_of(child.pid) - used, time.monotonic() - began
        if bus is not None:
            log = Path(data, "logs", "supple.log").read_text()
            if "org.mpris.MediaPlayer2.supple taken" not in log:
                sys.exit("media.py: the media controls did not take their name")
        return used / took
    finally:
        for process in (follower, child):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--settle", type=float, default=8.0)
    parser.add_argument("--cpu-seconds", type=float, default=30.0)
    args = parser.parse_args()
    if shutil.which("dbus-daemon") is None or shutil.which("playerctl") is None:
        sys.exit("media.py: needs dbus-daemon and playerctl")
    with tempfile.TemporaryDirectory(prefix="supple-media-") as name:
        folder = Path(name)
        with private_bus(folder) as address:
            shares: dict[str, list[float]] = {"on": [], "off": []}
            for _ in range(args.runs):  # in turn, so that a busy moment weighs on both
                for way, bus in (("on", address), ("off", None)):
                    share = one_run(bus, folder, args.settle, args.cpu_seconds)
                    shares[way].append(round(share * 100, 3))
    on, off = statistics.median(shares["on"]), statistics.median(shares["off"])
    print(
        json.dumps(
            {
                "routine": ROUTINE,
                "settle_s": args.settle,
                "cpu_window_s": args.cpu_seconds,
                "cpu_percent_of_core_on": on,
                "cpu_percent_of_core_off": off,
                "difference_percent_of_core": round(on - off, 3),
                "runs_percent_on": shares["on"],
                "runs_percent_off": shares["off"],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
