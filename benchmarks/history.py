"""How fast is the history with twenty years of daily sessions?

Generates --years of one session a day (6 or 7 stretches, all but one sided: about 12 steps a
session: 7,300 sessions and about 90,000 steps for 20 years) into a store in a
temporary folder, then measures, --runs times each, in this process:

- open the store: its quick_check of the whole file and the check for sessions left open (the
  window does this when it is first shown);
- open the history view, the store being open: read the sessions, work out the streak, the
  totals and the calendar, fill the table, show the page and paint it for the first time
  (time.perf_counter() until the event loop is free after the first paint);
- export CSV: every session with its steps from the store, written to a file;
- export JSON: the same as the backup `supple history --json` writes;
- the commands `supple history --json` and `--csv`, each a new process (bytecode as it is),
  their output to a file: what a user waits for, start-up, the store's check and the readers'
  start included (services/history_json.py). The CSV's is the baseline of the same run;
- the sessions' JSON text of the newest 5,000, 10,000, 20,000, 50,000 and 100,000 sessions
  (as many of these as there are), read here and by reader processes: where the readers
  start to pay (history_json.PARALLEL_FROM).

It prints, as JSON, the size of the data, the readers a long export starts, the median and
every run's figures in milliseconds, and the budgets: view under 150 ms, CSV and JSON under
1 s, the JSON command under 3 s (a 100,000-session history). It exits 0 whether or not they
are met. Qt runs offscreen unless a display is set or QT_QPA_PLATFORM says otherwise.
--sessions N takes the newest N sessions instead (100000: the exports of a history far
longer than any). Start-up figures are a user's with `env -u PYTHONDONTWRITEBYTECODE`.

    python -m benchmarks.history [--years N | --sessions N] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from desktop_app.core.clock import MonotonicClock
from desktop_app.core.engine import SessionStatus
from desktop_app.core.model import Kind, Side
from desktop_app.core.records import SessionInfo, SessionRecord, StepRecord, totals
from desktop_app.services.history_json import default_readers

VIEW_BUDGET_MS = 150.0
CSV_BUDGET_MS = 1000.0
JSON_BUDGET_MS = 1000.0
JSON_COMMAND_BUDGET_MS = 3000.0
STRETCHES = [
    ("half-kneeling-hip-flexor", "Half-kneeling hip flexor stretch", True),
    ("seated-figure-four", "Seated figure-four", True),
    ("standing-tfl-cross-over", "Standing TFL cross-over", True),
    ("kneeling-hip-flexor", "Kneeling hip flexor", True),
    ("lizard-pose", "Lizard pose", True),
    ("dead-bug", "Dead bug", False),
    ("thomas-test", "Thomas test", True),
]
ROUTINES = [("big-three", "The big three"), ("full-lower-back", "Full lower back")]


def generate(years: int, today: date, seed: int = 20) -> list[SessionRecord]:
    chance = random.Random(seed)
    zone = timezone(timedelta(hours=1))
    records = []
    for n in range(years * 365):
        day = today - timedelta(days=n)
        start = datetime(day.year, day.month, day.day, 7, chance.randrange(60), tzinfo=zone)
        steps: list[StepRecord] = []
        for stretch_id, name, sided in chance.sample(STRETCHES, chance.randint(6, 7)):
            for side in (Side.LEFT, Side.RIGHT) if sided else (None,):
                reps = stretch_id == "dead-bug"
                skipped = chance.random() < 0.05
                steps.append(
                    StepRecord(
                        seq=len(steps),
                        stretch_id=stretch_id,
                        stretch_name=name,
                        side=side,
                        kind=Kind.REPS if reps else Kind.HOLD,
                        round=1,
                        planned_seconds=48.0 if reps else 30.0,
                        held_seconds=chance.uniform(5, 20) if skipped else 30.0,
                        reps_planned=8 if reps else None,
                        reps_done=(3 if skipped else 8) if reps else None,
                        completed=not skipped,
                        skipped=skipped,
                        ended_at=start + timedelta(seconds=45 * (len(steps) + 1)),
                    )
                )
        routine_id, routine_name = chance.choice(ROUTINES)
        info = SessionInfo(
            id=f"bench-{n}",
            routine_id=routine_id,
            routine_name=routine_name,
            started_at=start,
            ended_at=start + timedelta(seconds=45 * (len(steps) + 1)),
            status=SessionStatus.COMPLETED,
            planned_seconds=45.0 * len(steps),
            steps_planned=len(steps),
        )
        records.append(SessionRecord(replace(info, **totals(steps)), tuple(steps)))
    return records


def time_open(db: Path) -> float:
    """Milliseconds to open the store: its quick_check reads the whole file."""
    from desktop_app.services.history import open_history  # noqa: PLC0415

    began = time.perf_counter()
    open_history(db, MonotonicClock().wall).store.close()
    return (time.perf_counter() - began) * 1000


def time_view(db: Path, today: date) -> float:
    """Milliseconds from the store open to the history page painted."""
    from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from desktop_app.services.history_keeper import HistoryKeeper  # noqa: PLC0415
    from desktop_app.ui.history.history_page import HistoryPage  # noqa: PLC0415

    app = QApplication.instance()
    assert app is not None
    painted: list[float] = []

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not painted:
                # The loop is free again after this paint: stop the clock there.
                QTimer.singleShot(0, lambda: painted.append(time.perf_counter()) or app.quit())
                painted.append(0.0)
            return False

    # The window opens the store when it is first shown, long before the page is asked for.
    keeper = HistoryKeeper(db, MonotonicClock().wall)
    keeper.store()
    began = time.perf_counter()
    view = HistoryPage(keeper, lambda: today)
    view.resize(1200, 780)
    view.refresh()
    probe = FirstPaint()
    view.installEventFilter(probe)
    view.show()
    app.exec()
    took = (painted[-1] - began) * 1000
    view.removeEventFilter(probe)
    view.close()
    view.deleteLater()
    keeper.close()
    return took


def time_export(db: Path, out: Path, form: str) -> float:
    from desktop_app.services.history import open_history  # noqa: PLC0415
    from desktop_app.services.history_export import export_file  # noqa: PLC0415

    began = time.perf_counter()
    store = open_history(db, MonotonicClock().wall).store
    export_file(out, store, form, None)
    store.close()
    return (time.perf_counter() - began) * 1000


def time_command(folder: Path, out: Path, form: str) -> float:
    """Milliseconds for `supple history --FORM` run as a command, its output to `out`."""
    command = [sys.executable, "-m", "desktop_app", "--data-dir", str(folder), "history"]
    with out.open("wb") as output:
        began = time.perf_counter()
        subprocess.run([*command, f"--{form}"], stdout=output, check=True)
        return (time.perf_counter() - began) * 1000


def time_readers(db: Path, runs: int) -> dict[str, dict[str, float]]:
    """Median milliseconds to read the newest N sessions' JSON here and with readers."""
    import sqlite3  # noqa: PLC0415
    from contextlib import closing  # noqa: PLC0415

    from desktop_app.services.history import open_history  # noqa: PLC0415
    from desktop_app.services.history_json import json_rows  # noqa: PLC0415

    store = open_history(db, MonotonicClock().wall).store
    order = [session.id for session in store.sessions()]  # newest first, as the export
    store.close()
    with closing(sqlite3.connect(db)) as connection:

        def read(ids: list[str], parallel_from: int) -> float:
            began = time.perf_counter()
            for _row in json_rows(connection, db.as_uri(), ids, parallel_from=parallel_from):
                pass
            return (time.perf_counter() - began) * 1000

        medians = {}
        for size in (n for n in (5000, 10000, 20000, 50000, 100000) if n <= len(order)):
            here, readers = [], []
            for _ in range(runs):  # interleaved
                here.append(read(order[:size], len(order) + 1))
                readers.append(read(order[:size], 1))
            medians[str(size)] = {
                "here_ms": round(statistics.median(here), 1),
                "readers_ms": round(statistics.median(readers), 1),
            }
        return medians


def figures(runs: list[float]) -> dict[str, object]:
    return {"median_ms": round(statistics.median(runs), 1), "runs_ms": [round(r, 1) for r in runs]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sizes = parser.add_mutually_exclusive_group()
    sizes.add_argument("--years", type=int, default=20)
    sizes.add_argument("--sessions", type=int, help="the newest N sessions, one a day")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from desktop_app.services.history import open_history  # noqa: PLC0415
    from desktop_app.ui.shell.application import make_application  # noqa: PLC0415

    today = date.today()
    if args.sessions:
        records = generate(-(-args.sessions // 365), today)[: args.sessions]
    else:
        records = generate(args.years, today)
    with tempfile.TemporaryDirectory(prefix="supple-history-bench-") as folder:
        db = Path(folder) / "history.sqlite3"
        began = time.perf_counter()
        store = open_history(db, MonotonicClock().wall).store
        store.add(records)
        store.close()
        fill_ms = (time.perf_counter() - began) * 1000
        make_application()
        opening = [time_open(db) for _ in range(args.runs)]
        view = [time_view(db, today) for _ in range(args.runs)]
        csv_file = Path(folder) / "export.csv"
        csv = [time_export(db, csv_file, "csv") for _ in range(args.runs)]
        json_file = Path(folder) / "export.json"
        json_runs = [time_export(db, json_file, "json") for _ in range(args.runs)]
        # Interleaved, so that a busy moment of the machine falls on both.
        commands: dict[str, list[float]] = {"json": [], "csv": []}
        for _ in range(args.runs):
            for form, runs in commands.items():
                runs.append(time_command(Path(folder), Path(folder) / f"command.{form}", form))
        readers = time_readers(db, args.runs)
        size = {
            "sessions": len(records),
            "steps": sum(len(r.steps) for r in records),
            "database_bytes": db.stat().st_size,
            "csv_bytes": csv_file.stat().st_size,
            "json_bytes": json_file.stat().st_size,
            "fill_ms": round(fill_ms),
        }
    result = {
        "data": size,
        "open_store": figures(opening),
        "open_view": figures(view) | {"budget_ms": VIEW_BUDGET_MS},
        "export_csv": figures(csv) | {"budget_ms": CSV_BUDGET_MS},
        "export_json": figures(json_runs) | {"budget_ms": JSON_BUDGET_MS},
        "command_json": figures(commands["json"]) | {"budget_ms": JSON_COMMAND_BUDGET_MS},
        "command_csv": figures(commands["csv"]),
        "json_here_or_readers": readers,
        "readers": default_readers(),
        "within_budget": statistics.median(view) < VIEW_BUDGET_MS
        and statistics.median(csv) < CSV_BUDGET_MS
        and statistics.median(json_runs) < JSON_BUDGET_MS
        and statistics.median(commands["json"]) < JSON_COMMAND_BUDGET_MS,
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
