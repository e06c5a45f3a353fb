"""Supple in the tray for a working day: memory and the reminders' timing.

1. Eight simulated hours: the real window, reminder driver, reminder window and history, on a
   fake clock advanced tick by tick as the driver's timer asks (the timer's wait is taken from
   the driver, the clock is moved by it and the driver ticks, as QTimer would). Each reminder is
   answered in turn: snoozed, then the desk break started and run to its end, then skipped.
   RSS is read once the first round of answers is over (every page and window built) and at
   the end.
   Each reminder's time is checked against the time worked out here from the rules: the last
   answer plus the interval (or the snooze), or the end of the session plus the interval.
2. Real time: the same driver on the real clock, its count moved so that the next reminder is
   three seconds away, five times: how late the real QTimer brings it.

Run: QT_QPA_PLATFORM=offscreen python -m benchmarks.tray
Prints JSON. Budget: RSS growth under 2 MB over the eight hours, every reminder within one
second of its time.
"""

from __future__ import annotations

import json
import tempfile
import time
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.app import build_reminders, build_window
from desktop_app.core.clock import FakeClock, MonotonicClock
from desktop_app.core.reminders import ReminderOutcome, ReminderRules
from desktop_app.paths import AppPaths
from desktop_app.services.settings import Settings, save_settings
from desktop_app.ui.reminders.driver import PlainDesktop
from desktop_app.ui.reminders.link import ReminderLink
from desktop_app.ui.reminders.reminder_window import ReminderWindow
from desktop_app.ui.shell.application import make_application
from desktop_app.ui.shell.window import MainWindow

HOURS = 8
BUDGET_MB = 2.0
BUDGET_LATE_S = 1.0
REAL_RUNS = 5
REAL_LEAD_S = 3.0
# Monday 8:30: quiet until 9:00, then a working day of reminders.
MONDAY = datetime(2026, 1, 5, 8, 30).astimezone()


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * 4096 / 2**20


def make(paths: AppPaths, clock: FakeClock | MonotonicClock) -> tuple[MainWindow, ReminderLink]:
    window = build_window(paths, clock)
    window.open()
    window.show()
    assert window.host.history is not None
    window.host.history.open()
    # The plain count: the simulated day's clock is not the desktop's (see reminder_checks).
    link = build_reminders(window, ReminderWindow, PlainDesktop, lambda: None)
    link.start()
    return window, link


def close(window: MainWindow, link: ReminderLink) -> None:
    link.stop()
    window.close()
    assert window.host.history is not None
    window.host.history.close()


def simulated_day(paths: AppPaths) -> dict[str, object]:
    clock = FakeClock(wall_start=MONDAY)
    window, link = make(paths, clock)
    prompt = link.prompt
    assert isinstance(prompt, ReminderWindow)
    rules = link.driver.rules
    answers = [ReminderOutcome.SNOOZED, ReminderOutcome.STARTED, ReminderOutcome.SKIPPED]
    expected = clock.now() + 30 * 60 + rules.interval  # 9:00, the hours begin; then the count
    lateness: list[float] = []
    outcomes: list[str] = []
    start_rss = None  # after a first round of answers: every page and window built
    series: list[float] = []
    end = clock.now() + HOURS * 3600
    app = QApplication.instance()
    assert app is not None
    while clock.now() < end:
        armed = link.driver.armed
        session = window.host.driver.armed
        if session is not None:  # the desk break runs on its own timer
            clock.advance(session)
            window.host.driver.tick()
            if not window.host.driver.running:
                expected = clock.now() + rules.interval
            continue
        assert armed is not None, "the reminders stopped ticking"
        clock.advance(armed)
        link.driver.tick()
        app.processEvents()
        if prompt.isVisible():
            lateness.append(clock.now() - expected)
            answer = answers[len(outcomes) % len(answers)]
            outcomes.append(answer.value)
            {
                ReminderOutcome.SNOOZED: prompt.snooze_button,
                ReminderOutcome.STARTED: prompt.start_button,
                ReminderOutcome.SKIPPED: prompt.skip_button,
            }[answer].click()
            app.processEvents()
            series.append(rss_mb())
            if start_rss is None and len(outcomes) == len(answers) + 1:
                start_rss = series[-1]
            if answer is ReminderOutcome.SNOOZED:
                expected = clock.now() + rules.snooze
            elif answer is ReminderOutcome.SKIPPED:
                expected = clock.now() + rules.interval
    end_rss = rss_mb()
    close(window, link)
    return {
        "hours": HOURS,
        "reminders": len(lateness),
        "answers": outcomes,
        "latest_s": round(max(abs(x) for x in lateness), 6),
        "rss_after_first_round_mb": round(start_rss or 0, 2),
        "rss_at_each_answer_mb": [round(x, 1) for x in series],
        "rss_at_end_mb": round(end_rss, 2),
        "rss_growth_mb": round(end_rss - (start_rss or 0), 2),
    }


class _MovedClock(MonotonicClock):
    """The real clock, moved on by hand so that a 35-minute count ends in seconds."""

    def __init__(self) -> None:
        super().__init__()
        self.shift = 0.0

    def now(self) -> float:
        return super().now() + self.shift


def real_timer(paths: AppPaths) -> dict[str, object]:
    clock = _MovedClock()
    settings = Settings(reminders=ReminderRules(hours_only=False, weekends=True))
    save_settings(paths.settings_file, settings)
    window, link = make(paths, clock)
    prompt = link.prompt
    late: list[float] = []
    for _ in range(REAL_RUNS):
        # Fast forward to three seconds before the reminder, a minute at a time as the
        # heartbeat would (one jump of half an hour would look like the machine slept).
        while (seconds := link.driver.status().seconds or 0.0) > REAL_LEAD_S:
            clock.shift += min(60.0, seconds - REAL_LEAD_S)
            link.driver.tick()
        due = clock.now() + link.driver.status().seconds
        loop = QEventLoop()
        link.driver.offered.connect(loop.quit)
        guard = QTimer()
        guard.setSingleShot(True)
        guard.timeout.connect(loop.quit)
        guard.start(int((REAL_LEAD_S + 5) * 1000))
        loop.exec()
        guard.stop()
        link.driver.offered.disconnect(loop.quit)
        late.append(clock.now() - due)
        link.driver.answer(ReminderOutcome.SKIPPED)
        prompt.withdraw()
    close(window, link)
    return {
        "runs": REAL_RUNS,
        "late_ms": [round(x * 1000, 1) for x in late],
        "latest_ms": round(max(late) * 1000, 1),
    }


def main() -> None:
    make_application()
    with tempfile.TemporaryDirectory() as folder:
        paths = AppPaths.under(Path(folder) / "day")
        paths.ensure()
        day = simulated_day(paths)
        real_paths = AppPaths.under(Path(folder) / "real")
        real_paths.ensure()
        started = time.monotonic()
        real = real_timer(real_paths)
        real["seconds"] = round(time.monotonic() - started, 1)
    latest = max(float(day["latest_s"]), float(real["latest_ms"]) / 1000)  # type: ignore[arg-type]
    print(
        json.dumps(
            {
                "simulated_day": day,
                "real_timer": real,
                "budget": {"rss_growth_mb": BUDGET_MB, "late_s": BUDGET_LATE_S},
                "within_budget": float(day["rss_growth_mb"]) < BUDGET_MB  # type: ignore[arg-type]
                and latest <= BUDGET_LATE_S,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
