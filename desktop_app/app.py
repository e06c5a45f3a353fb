"""The composition root of the window: paths, settings, content, clock and the main window,
wired together. The command line calls `run()` once it knows there is a screen."""

from __future__ import annotations

import functools
import io
import logging
import sys
from typing import TYPE_CHECKING

from desktop_app.cli import find_routine, hand_over_to_running
from desktop_app.core.catalogue import Catalogue, load_catalogue, load_notice
from desktop_app.core.clock import Clock, MonotonicClock
from desktop_app.core.model import Routine
from desktop_app.handover import Reply, Request
from desktop_app.paths import AppPaths, RuntimeDirError
from desktop_app.resources import assets_dir
from desktop_app.services.cue_service import CueService
from desktop_app.services.history_keeper import HistoryKeeper
from desktop_app.services.settings import load_settings
from desktop_app.ui.application import make_application, route_messages
from desktop_app.ui.instance import InstanceError, InstanceServer
from desktop_app.ui.interrupt import InterruptWaker
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.reminder_link import ReminderLink
from desktop_app.ui.tray import Tray

if TYPE_CHECKING:
    from desktop_app.ui.reminder_prompt import ReminderPrompt

log = logging.getLogger(__name__)

FINAL_WORDS_SECONDS = 6.0


def build_window(paths: AppPaths, clock: Clock, *, voice: bool = False) -> MainWindow:
    """`voice`: speak the cues (unless the settings turned speech off)."""
    loaded = load_settings(paths.settings_file)

    def catalogue() -> Catalogue:
        return load_catalogue(assets_dir(), paths.routines_dir)

    speech = None
    if voice:
        speech = CueService(clock, paths.cache_dir / "speech", loaded.settings.voice)
    return MainWindow(
        paths,
        clock,
        loaded.settings,
        catalogue,
        load_notice(assets_dir()),
        loaded.warnings,
        speech,
        HistoryKeeper(paths.history_db, clock.wall),
    )


def build_reminders(window: MainWindow) -> ReminderLink:
    """The tray icon, the prompt and the reminders' timer."""

    def prompt() -> ReminderPrompt:
        from desktop_app.ui.reminder_prompt import make_prompt  # noqa: PLC0415 (jeepney)

        return make_prompt(window)

    return ReminderLink(window, prompt, Tray(window.routine_names, window))


def run(
    paths: AppPaths,
    routine: Routine | None = None,
    *,
    quit_when_done: bool = False,
    voice: bool = True,
    in_tray: bool = False,
) -> int:
    """`in_tray`: start without the window (at login), in the tray or else minimised."""
    route_messages()
    app = make_application()
    waker = InterruptWaker(app)
    instance = InstanceServer(parent=app)
    handed = _listen(instance, paths, routine)
    if handed is not None:
        return handed
    window = build_window(paths, MonotonicClock(), voice=voice)
    instance.handler = functools.partial(answer_request, window, paths)
    waker.on_interrupt = window.quit_app
    if quit_when_done:
        window.quit_when_done = True
        window.session_finished.connect(window.quit_app)
    window.open(routine)
    reminders = build_reminders(window)
    reminders.start()
    if in_tray:
        reminders.start_in_tray()
    else:
        window.show()
        log.info("window shown")
    try:
        return app.exec()
    finally:
        instance.close()  # first: a later Supple must not wait on one that is leaving
        reminders.stop()
        window.driver.stop()  # quit from the tray mid-session: what was done stays done
        if window.history is not None:
            try:
                window.history.close()
            except Exception:  # the history's own trouble must not keep the speech running
                log.exception("history: could not close")
        if window.speech is not None:
            # Let the last words ("session complete") play; then no player is left running.
            window.speech.service.close(finish_within=FINAL_WORDS_SECONDS)


def _listen(server: InstanceServer, paths: AppPaths, routine: Routine | None) -> int | None:
    """Listen for later Supples on the same data, before a window is built. If one that started
    at the same moment got there first, it takes our request: the exit code; None otherwise."""
    try:
        if server.listen(paths.instance_socket()):
            return None
    except (RuntimeDirError, InstanceError) as exc:
        log.warning("instance: %s; a later supple will open a window of its own", exc)
        return None
    log.info("instance: another Supple listens already; handing over to it")
    return hand_over_to_running(paths, routine, sys.stdout, sys.stderr)


def answer_request(window: MainWindow, paths: AppPaths, request: Request) -> Reply:
    """A later `supple` asked for the window, or for a routine: the routine is found as the
    command line finds it (an id, or a .toml file), and never replaces a running session."""
    window.bring_forward()
    if request.start is None:
        log.info("instance: brought forward at another supple's request")
        return Reply(True, "brought forward")
    engine = window.driver.engine
    if window.driver.running and engine is not None:
        name = engine.plan.routine.name
        return Reply(False, f"Supple is in a session ({name}); stop it there first, or let it end")
    problems = io.StringIO()
    routine = find_routine(request.start, paths, problems)
    if routine is None:
        lines = problems.getvalue().strip().splitlines()
        return Reply(False, "\n".join(line.removeprefix("supple: ") for line in lines))
    log.info("instance: starting %s at another supple's request", routine.id)
    window.start_routine(routine, ask=False)  # as `supple start` promises: straight in
    return Reply(True, f"started '{routine.name}'")
