"""Are the spoken cues heard whole, in real time, against a real sound server?

Each combination of routine, level (verbosity) and hold runs as a real process, `supple start
ROUTINE` with voice on, in a data folder of its own whose settings.json sets the level
(`voice.verbosity`) and the hold (`session.hold`; "default" leaves it out). The session runs to
its end and asks the question after it ("How does your back feel now?"); once that has been
said (ASK_SAID_S after it began), the process is stopped as a user would close it. It plays
through its own private PulseAudio server with a null sink (`tests/sound.py`, the tests' own
server), where playback takes as long as the audio, as on a desktop: cues queue behind one
another, a countdown cuts the cue before it, and a cue that waited too long is dropped, none of
which ALSA's null device shows.

From the session's log (the cue service logs what became of every cue, and the speech link how
many the plan says), per combination: the cues the plan says and the question after, the cues
played whole, cut short, dropped (too late, or replaced by a newer step's before they began),
flushed, not heard, failed to play, and missing from the log; the lateness of the cues that
began (due to playback start), p50, p95 and max; the texts of those cut and dropped, and of the
three latest to begin.

A routine's own hold wins over the settings' hold (the desk break holds 25 s): such a run says
so in `holds_s`, and a combination whose plan is the same as one already run is not run again.
A routine with a self-check waits for an answer nobody gives here: it is skipped. The
recordings are kept in one cache for the whole run, as a user's are (`--cold` gives each run an
empty cache); each run says how many were there before it. `--plain-null-sink` plays through a
null sink without the silent loopback that keeps its blocks small: paplay then returns only at
the sink's next 2 s boundary, as in issue 22's first measurement.

Progress goes to stderr, the JSON to stdout. Every built-in routine, at minimal, normal and
detailed, with the default hold, 15 and 60 s, takes hours; one combination takes the length of
its session plus about 20 s. It exits 0 whatever it measured.

    python -m benchmarks.cues_realtime [--routine ID ...] [--level L ...] [--hold S ...]
        [--cold] [--plain-null-sink]
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from desktop_app.core.catalogue import load_catalogue
from desktop_app.core.cues import PHRASES, Verbosity
from desktop_app.core.model import Kind, Routine, Timing
from desktop_app.core.plan import Phase, build_plan
from desktop_app.resources import assets_dir
from tests.sound import NOT_INSTALLED, Cues, NullSinkServer, missing_programs, percentile, read_cues

LEVELS = tuple(level.value for level in Verbosity)
HOLDS = ("default", "15", "60")
START_WAIT_S = 120.0  # for the log to say what the plan is, once the process has started
OVERRUN_S = 60.0  # beyond the plan's length before a session counts as stuck
STOP_WAIT_S = 15.0  # after SIGTERM, before SIGKILL
ASK_SAID_S = 10.0  # after the question after began: it takes about 6 s to say
ASK = PHRASES["ask_after"]


def say(line: str) -> None:
    print(f"cues_realtime: {line}", file=sys.stderr, flush=True)


def hold_value(text: str) -> float | None:
    if text == "default":
        return None
    seconds = float(text)
    if not 0 < seconds <= 3600:
        raise argparse.ArgumentTypeError(f"not a hold in seconds: {text}")
    return seconds


def hold_name(hold: float | None) -> str | float:
    return "default" if hold is None else (int(hold) if hold.is_integer() else hold)


def planned_holds(routine: Routine, hold: float | None) -> list[float]:
    """The seconds of each hold the plan has with this hold in the settings."""
    plan = build_plan(routine, Timing(hold=hold))
    return [step.duration or 0.0 for step in plan.steps if step.phase is Phase.HOLD]


def waits_for_an_answer(routine: Routine) -> bool:
    return any(step.stretch.kind is Kind.CHECK for step in routine.steps)


def settings_json(level: str, hold: float | None) -> str:
    settings: dict[str, Any] = {"version": 1, "notice_seen": True, "voice": {"verbosity": level}}
    if hold is not None:
        settings["session"] = {"hold": hold}
    return json.dumps(settings)


def read_log(logs: Path) -> str:
    """The log with its rotated parts, oldest first."""
    parts = sorted(logs.glob("supple.log.*"), key=lambda p: -int(p.suffix[1:] or 0))
    parts.append(logs / "supple.log")
    return "".join(p.read_text(errors="replace") for p in parts if p.exists())


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # Supple's own shutdown: the history is kept
        try:
            process.wait(STOP_WAIT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run_session(
    routine_id: str, level: str, hold: float | None, cache: Path | None, plain: bool
) -> dict[str, Any]:
    """One session through its own server; what its log says of its cues."""
    with tempfile.TemporaryDirectory(prefix="supple-cues-", dir="/tmp") as folder:
        data = Path(folder) / "data"
        data.mkdir()
        (data / "settings.json").write_text(settings_json(level, hold), encoding="utf-8")
        if cache is not None:
            (data / "cache").symlink_to(cache, target_is_directory=True)
        runtime = Path(folder) / "run"
        runtime.mkdir(mode=0o700)
        cached = len(list(cache.rglob("*.wav"))) if cache is not None else 0
        with NullSinkServer(small_blocks=not plain) as server:
            environ = server.client_environment(
                {
                    **os.environ,
                    "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                    "XDG_RUNTIME_DIR": str(runtime),
                    "XDG_CONFIG_HOME": str(Path(folder) / "config"),
                }
            )
            command = [sys.executable, "-m", "desktop_app", "start", routine_id]
            errors = Path(folder) / "stderr"
            began = time.monotonic()
            with errors.open("wb") as stderr:
                process = subprocess.Popen(
                    [*command, "--data-dir", str(data)],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=stderr,
                    env=environ,
                )
                finished, stuck = wait_for_session(process, data / "logs", began)
            took = time.monotonic() - began
        log = read_log(data / "logs")
        said = errors.read_text(errors="replace").strip().splitlines()
    cues = read_cues(log)
    if cues.planned is not None:
        cues.planned += 1  # the question after: the plan's count leaves it out
    result = figures(cues)
    result.update(
        ran_s=round(took, 1),
        finished=finished and process.returncode == 0,
        cache_files_before=cached,
    )
    if stuck:
        result["stuck"] = stuck
    if process.returncode not in (0, None):
        result["exit_status"] = process.returncode
        result["stderr"] = said[-3:]
    return result


def wait_for_session(
    process: subprocess.Popen[bytes], logs: Path, began: float
) -> tuple[bool, str | None]:
    """Waits for the session to end and its question after to be said, then stops the
    process as a user closing it would: until its plan's length and OVERRUN_S have passed,
    once the log says what the plan is. True if the question came; else why it was stopped."""
    deadline = began + START_WAIT_S
    planned = False
    asked_at: float | None = None
    while process.poll() is None:
        cues = read_cues(read_log(logs))
        if not planned and (seconds := cues.planned_seconds) is not None:
            planned = True
            deadline = time.monotonic() + seconds + OVERRUN_S
        if asked_at is None and any(text.startswith(ASK) for text in told(cues)):
            asked_at = time.monotonic()
        if asked_at is not None and time.monotonic() > asked_at + ASK_SAID_S:
            stop(process)
            return True, None
        if time.monotonic() > deadline:
            stop(process)
            if planned:
                return False, f"no question after {OVERRUN_S:.0f} s past its planned end"
            return False, f"its log named no plan within {START_WAIT_S:.0f} s"
        time.sleep(0.5)
    return False, f"it ended by itself (exit status {process.returncode})"


def told(cues: Cues) -> list[str]:
    """Every cue the log says became of something: begun, dropped, quieted or not heard."""
    return [*cues.started, *cues.dropped, *cues.flushed, *cues.not_heard]


def figures(cues: Cues) -> dict[str, Any]:
    lateness = cues.lateness_ms
    return {
        "planned_cues": cues.planned,
        "planned_s": cues.planned_seconds,
        "whole": cues.whole,
        "cut": len(cues.cut),
        "dropped": len(cues.dropped),
        "flushed": len(cues.flushed),
        "not_heard": len(cues.not_heard),
        "failed": len(cues.failed),
        "missing": cues.missing,
        "lateness_ms": {
            "p50": percentile(lateness, 0.5),
            "p95": percentile(lateness, 0.95),
            "max": max(lateness, default=None),
        },
        "cut_cues": cues.cut,
        "dropped_cues": cues.dropped,
        "latest_cues": [
            {"text": text, "late_ms": late}
            for late, text in sorted(zip(lateness, cues.started, strict=True), reverse=True)[:3]
        ],
    }


def measure(
    routine_ids: list[str], levels: list[str], holds: list[float | None], cold: bool, plain: bool
) -> dict[str, Any]:
    routines = load_catalogue(assets_dir(), None).routines
    runs: list[dict[str, Any]] = []
    ran: dict[tuple[str, str, tuple[float, ...]], str | float] = {}
    with tempfile.TemporaryDirectory(prefix="supple-cues-cache-") as shared:
        for routine_id, level, hold in itertools.product(routine_ids, levels, holds):
            routine = routines[routine_id]
            holds_s = planned_holds(routine, hold)
            run: dict[str, Any] = {
                "routine": routine_id,
                "level": level,
                "hold": hold_name(hold),
                "holds_s": sorted(set(holds_s)),
            }
            same = ran.get((routine_id, level, tuple(holds_s)))
            if waits_for_an_answer(routine):
                run["skipped"] = "its self-check waits for an answer --quit-when-done cannot give"
            elif same is not None:
                run["skipped"] = f"the routine's own hold wins: the same plan as hold={same}"
            else:
                ran[(routine_id, level, tuple(holds_s))] = hold_name(hold)
                say(f"{routine_id} {level} hold={hold_name(hold)}")
                cache = None if cold else Path(shared)
                run.update(run_session(routine_id, level, hold, cache, plain))
                say(
                    f"  {run['whole']} whole, {run['cut']} cut, {run['dropped']} dropped "
                    f"of {run['planned_cues']} planned, in {run['ran_s']} s"
                )
            runs.append(run)
    done = [run for run in runs if "skipped" not in run]
    return {
        "measured": datetime.date.today().isoformat(),
        "server": "PulseAudio, private, null sink"
        + (" (plain: 2 s blocks)" if plain else " with small blocks"),
        "cache": "empty for each run" if cold else "shared by the runs",
        "runs": runs,
        "totals": {
            key: sum(run[key] or 0 for run in done)
            for key in ("planned_cues", "whole", "cut", "dropped", "flushed", "not_heard")
        },
        "every_cue_whole": all(
            run["finished"] and run["whole"] == run["planned_cues"] for run in done
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    routines = sorted(load_catalogue(assets_dir(), None).routines)
    parser.add_argument(
        "--routine",
        action="append",
        choices=routines,
        metavar="ID",
        help=f"{', '.join(routines)} (all of them)",
    )
    parser.add_argument("--level", action="append", choices=LEVELS, help="(all three)")
    parser.add_argument(
        "--hold",
        action="append",
        type=hold_value,
        metavar="S",
        help="seconds, or 'default' (default, 15 and 60)",
    )
    parser.add_argument("--cold", action="store_true", help="an empty cache for each run")
    parser.add_argument(
        "--plain-null-sink", action="store_true", help="without small blocks (2 s blocks)"
    )
    args = parser.parse_args()
    if missing := missing_programs():
        sys.exit("cues_realtime: " + NOT_INSTALLED.format(missing=", ".join(missing)))
    holds = args.hold or [hold_value(h) for h in HOLDS]
    result = measure(
        args.routine or routines,
        args.level or list(LEVELS),
        holds,
        args.cold,
        args.plain_null_sink,
    )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
