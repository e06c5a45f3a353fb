"""The composition root of the window: paths, settings, content, clock and the main window,
wired together. The command line calls `run()` once it knows there is a screen."""

from __future__ import annotations

import logging

from desktop_app.core.catalogue import Catalogue, load_catalogue, load_notice
from desktop_app.core.clock import Clock, MonotonicClock
from desktop_app.core.model import Routine
from desktop_app.paths import AppPaths
from desktop_app.resources import assets_dir
from desktop_app.services.cue_service import CueService
from desktop_app.services.history_keeper import HistoryKeeper
from desktop_app.services.settings import load_settings
from desktop_app.ui.application import make_application, route_messages
from desktop_app.ui.interrupt import InterruptWaker
from desktop_app.ui.main_window import MainWindow

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


def run(
    paths: AppPaths,
    routine: Routine | None = None,
    *,
    quit_when_done: bool = False,
    voice: bool = True,
) -> int:
    route_messages()
    app = make_application()
    InterruptWaker(app)
    window = build_window(paths, MonotonicClock(), voice=voice)
    if quit_when_done:
        window.session_finished.connect(lambda _summary: app.quit())
    window.open(routine)
    window.show()
    log.info("window shown")
    try:
        return app.exec()
    finally:
        if window.history is not None:
            try:
                window.history.close()
            except Exception:  # the history's own trouble must not keep the speech running
                log.exception("history: could not close")
        if window.speech is not None:
            # Let the last words ("session complete") play; then no player is left running.
            window.speech.service.close(finish_within=FINAL_WORDS_SECONDS)
