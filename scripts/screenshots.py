"""Take the README's screenshots: the real window, driven on a fake clock to the moments worth
showing, grabbed at 1280x800 in the light and the dark palette (a held side, and the floor view,
at 1920x1080 too), and the dialogs (settings, About).

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python scripts/screenshots.py [OUT_DIR]
        [--size WxH] [--palette light|dark|both]

`--size` grabs at another window size (800x600, the smallest laptops', to check that every page
still fits), and names the files with it: home-800x600-light.png; the home page is then also
taken with the first-run notice still open (home-notice-800x600-light.png)."""

from __future__ import annotations

import argparse
import os
import random
import tempfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop_app.app import build_window
from desktop_app.core.clock import FakeClock
from desktop_app.core.engine import SessionStatus
from desktop_app.core.model import Kind, Side
from desktop_app.core.plan import Phase
from desktop_app.core.records import CheckIn, Moment, SessionInfo, SessionRecord, StepRecord
from desktop_app.paths import AppPaths
from desktop_app.services.cue_service import CueService
from desktop_app.services.speech import VoiceSettings
from desktop_app.ui.dialogs.about_dialog import AboutDialog
from desktop_app.ui.dialogs.settings_dialog import SettingsDialog
from desktop_app.ui.look.theme import SCHEME_ENV
from desktop_app.ui.reminders.reminder_window import ReminderWindow
from desktop_app.ui.shell.application import make_application
from desktop_app.ui.shell.window import MainWindow

SIZE = (1280, 800)  # the README's
LARGE = (1920, 1080)  # a full-HD screen: the session page and the floor view grown


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def run_until(window: MainWindow, clock: FakeClock, done: Callable[[], bool]) -> None:
    """Advance the fake clock tick by tick, the way the driver's timer would."""
    driver = window.host.driver
    for _ in range(100_000):
        if done():
            return
        armed = driver.armed
        if armed is None:
            raise RuntimeError("the session stopped before the moment to capture")
        clock.advance(armed)
        driver.tick()
    raise RuntimeError("the moment to capture never came")


class Unheard:
    """A player that plays nothing: the screenshots need the voice's timing, not its sound."""

    def play(self, path: Path, timeout: float) -> None:
        pass

    def interrupt(self) -> None:
        pass


def phase_is(window: MainWindow, phase: Phase, seconds_in: float = 0.0) -> Callable[[], bool]:
    def check() -> bool:
        engine = window.host.driver.engine
        step = engine.current if engine else None
        return step is not None and step.phase is phase and engine.elapsed() >= seconds_in

    return check


def shoot(app: QApplication, window: MainWindow, path: Path) -> None:
    settle(app)
    window.grab().save(str(path))
    print(path)


def past_sessions(now: datetime) -> list[SessionRecord]:
    """Ten weeks of a plausible habit: most mornings, a few gaps, longer on Sundays; the back
    a little easier after each session and over the weeks; the Thomas test every Saturday,
    the left hip tight at first."""
    chance = random.Random(3)
    records = []
    sides = ((Side.LEFT, "half-kneeling-hip-flexor"), (Side.RIGHT, "half-kneeling-hip-flexor"))
    for days_ago in range(1, 70):
        if chance.random() < 0.25:
            continue
        start = (now - timedelta(days=days_ago)).replace(hour=7, minute=chance.randrange(60))
        rounds = 3 if start.weekday() == 6 else chance.randint(1, 2)
        record = SessionRecord(
            SessionInfo(
                f"past-{days_ago}",
                "big-three",
                "The Big 3",
                start,
                start + timedelta(minutes=4 * rounds),
                SessionStatus.COMPLETED,
                240.0 * rounds,
                2 * rounds,
            )
        )
        for seq in range(2 * rounds):
            side, stretch = sides[seq % 2]
            record = record.with_step(
                StepRecord(
                    seq,
                    stretch,
                    "Half-kneeling hip flexor stretch",
                    side,
                    Kind.HOLD,
                    seq // 2 + 1,
                    90.0,
                    90.0,
                    None,
                    None,
                    True,
                    False,
                )
            )
        if chance.random() < 0.7:  # most days the questions were answered
            before = max(0, min(10, round(2 + days_ago / 14 + chance.gauss(0, 0.8))))
            after = max(0, before - chance.choice((1, 2, 2, 3)))
            record = record.with_checkin(CheckIn(Moment.BEFORE, before, start))
            record = record.with_checkin(
                CheckIn(Moment.AFTER, after, record.info.ended_at or start)
            )
        records.append(record)
        if start.weekday() == 5:
            records.append(thomas_session(start + timedelta(hours=1), days_ago))
    return records


def thomas_session(start: datetime, days_ago: int) -> SessionRecord:
    left = "lifts" if days_ago > 45 else "bends" if days_ago > 25 else "neither"
    info = SessionInfo(
        f"thomas-{days_ago}",
        "thomas-self-test",
        "Thomas self-test",
        start,
        start + timedelta(minutes=1),
        SessionStatus.COMPLETED,
        53.0,
        2,
    )
    record = SessionRecord(info)
    for seq, (side, answer) in enumerate(((Side.LEFT, left), (Side.RIGHT, "neither"))):
        record = record.with_step(
            StepRecord(
                seq,
                "thomas-test",
                "Thomas test",
                side,
                Kind.CHECK,
                1,
                15.0,
                15.0,
                None,
                None,
                True,
                False,
                answer,
            )
        )
    return record


def take(scheme: str, out: Path, size: tuple[int, int] = SIZE) -> None:
    os.environ[SCHEME_ENV] = scheme
    app = make_application()
    with tempfile.TemporaryDirectory() as folder:
        paths = AppPaths.under(Path(folder))
        paths.ensure()
        clock = FakeClock()
        # The voice as a session has it (its lead-ins paced to its words), heard by no one.
        speech = CueService(clock, paths.speech_cache, VoiceSettings(), player=Unheard)
        window = build_window(paths, clock, speech=speech)
        window.resize(*size)
        window.open()
        window.show()
        # The README's names at its size; others say theirs.
        tag = scheme if size == SIZE else f"{size[0]}x{size[1]}-{scheme}"
        if size != SIZE:  # does the notice leave room for the routines?
            window.home.select("big-three")
            shoot(app, window, out / f"home-notice-{tag}.png")
        for banner in window.banners:
            banner.button.click()  # the first-run notice, read and dismissed
        window.home.select("big-three")
        shoot(app, window, out / f"home-{tag}.png")

        catalogue = window.catalogue
        assert catalogue is not None
        window.start_routine(catalogue.routines["big-three"], ask=False)
        # The voice at the second step of the set-up, which the screen marks with it.
        lead_in = window.host.driver.engine.plan.steps[0]
        second = next((b.at for b in lead_in.beats if b.instruction == 1), 6.0)
        run_until(window, clock, phase_is(window, Phase.PREPARE, second + 1))
        shoot(app, window, out / f"prepare-{tag}.png")
        run_until(window, clock, phase_is(window, Phase.HOLD, 11.4))
        shoot(app, window, out / f"hold-left-{tag}.png")
        # The same moment on a large screen, and in the floor view (F) read from across it.
        window.resize(*LARGE)
        shoot(app, window, out / f"hold-left-large-{tag}.png")
        window.session.toggle_floor_view()
        shoot(app, window, out / f"floor-{tag}.png")
        window.session.toggle_floor_view()
        window.resize(*size)
        run_until(window, clock, phase_is(window, Phase.SWITCH, 1.5))
        shoot(app, window, out / f"switch-{tag}.png")
        window.host.driver.stop()

        window.show_home()
        window.start_routine(catalogue.routines["full-lower-back"], ask=False)
        run_until(window, clock, phase_is(window, Phase.REPS, 15.5))
        shoot(app, window, out / f"reps-{tag}.png")
        window.host.driver.skip()
        window.host.driver.stop()
        shoot(app, window, out / f"summary-{tag}.png")

        # The outcomes: the question before, the Thomas test's question, "this hurts", and
        # the question after.
        window.show_home()
        window.start_routine(catalogue.routines["thomas-self-test"])
        shoot(app, window, out / f"checkin-{tag}.png")
        window.checkin.scale.choose(5)
        run_until(window, clock, phase_is(window, Phase.CHECK))
        shoot(app, window, out / f"thomas-question-{tag}.png")
        window.host.driver.answer("bends")
        run_until(window, clock, phase_is(window, Phase.CHECK))
        window.host.driver.answer("neither")
        window.show_home()
        window.start_routine(catalogue.routines["desk-break"])
        window.checkin.scale.choose(5)
        run_until(window, clock, lambda: not window.host.driver.running)
        window.summary.scale.choose(3)
        shoot(app, window, out / f"summary-checkin-{tag}.png")
        window.show_home()
        window.start_routine(catalogue.routines["big-three"], ask=False)
        run_until(window, clock, phase_is(window, Phase.HOLD, 8))
        window.host.driver.hurt()
        shoot(app, window, out / f"hurt-{tag}.png")
        window.host.driver.stop()

        assert window.host.history is not None
        window.host.history.keeper.store().add(past_sessions(clock.wall()))
        window.show_history()
        shoot(app, window, out / f"history-{tag}.png")
        window.history_page.tabs.setCurrentIndex(1)
        shoot(app, window, out / f"history-pain-{tag}.png")
        window.history_page.tabs.setCurrentIndex(2)
        shoot(app, window, out / f"history-stretches-{tag}.png")

        # Supple's own reminder window (where the desktop's notifications have no buttons)
        # and the Reminders page of the settings.
        reminder = ReminderWindow()
        reminder.offer("Desk break", 10)
        settle(app)
        reminder.grab().save(str(out / f"reminder-{tag}.png"))
        reminder.withdraw()
        dialog = SettingsDialog(
            window.settings,
            paths.settings_file,
            speech,
            window.routine_names(),
            ["supple"],
            idle_time_from="the X server (XScreenSaver)",
        )
        dialog.tabs.setCurrentWidget(dialog.reminders_tab)
        dialog.show()
        settle(app)
        dialog.grab().save(str(out / f"settings-reminders-{tag}.png"))
        # The Voice page with speech unticked: Test voice greyed out.
        dialog.tabs.setCurrentWidget(dialog.voice_tab)
        dialog.voice_tab.enabled.setChecked(False)
        settle(app)
        dialog.grab().save(str(out / f"settings-voice-off-{tag}.png"))
        dialog.close()
        window.show_about()
        (about,) = window.findChildren(AboutDialog)
        settle(app)
        about.grab().save(str(out / f"about-{tag}.png"))
        about.close()
        window.close()
        window.deleteLater()
        settle(app)


def window_size(text: str) -> tuple[int, int]:
    width, _, height = text.partition("x")
    try:
        return int(width), int(height)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not WIDTHxHEIGHT: {text!r}") from None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--size", type=window_size, default=SIZE, metavar="WxH")
    parser.add_argument("--palette", choices=("light", "dark", "both"), default="both")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for scheme in ("light", "dark") if args.palette == "both" else (args.palette,):
        take(scheme, args.out, args.size)


if __name__ == "__main__":
    main()
