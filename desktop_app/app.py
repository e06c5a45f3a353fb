"""The composition root of the window: paths, settings, content, clock, the cue service, the
history keeper, the session host, the main window and the reminders, wired together; and the
order in which they shut down. The command line calls `run()` once it knows there is a
screen."""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop_app.core.catalogue import Catalogue, load_catalogue, load_notice
from desktop_app.core.clock import Clock, MonotonicClock
from desktop_app.core.model import Routine
from desktop_app.handover import Reply, Request, hand_over_to_running
from desktop_app.paths import AppPaths, RuntimeDirError
from desktop_app.resources import assets_dir
from desktop_app.services.settings import load_settings
from desktop_app.ui.session.host import SessionHost
from desktop_app.ui.shell.application import make_application, route_messages
from desktop_app.ui.shell.instance import InstanceError, InstanceServer
from desktop_app.ui.shell.interrupt import InterruptWaker
from desktop_app.ui.shell.window import MainWindow

# What a session, the history and the reminders need loads after the first paint.
if TYPE_CHECKING:
    from desktop_app.services.cue_service import CueService
    from desktop_app.services.history_keeper import HistoryKeeper
    from desktop_app.ui.media.controls import MediaControls, MediaLink
    from desktop_app.ui.reminders.driver import Desktop
    from desktop_app.ui.reminders.link import ReminderLink
    from desktop_app.ui.reminders.prompt import ReminderPrompt

log = logging.getLogger(__name__)

FINAL_WORDS_SECONDS = 6.0


def build_window(
    paths: AppPaths,
    clock: Clock,
    *,
    voice: bool = False,
    speech: CueService | None = None,
    history: HistoryKeeper | None = None,
) -> MainWindow:
    """The window over its session host. `voice`: speak the cues with a cue service of our
    own (unless the settings turned speech off); `speech`: this cue service instead;
    `history`: this keeper instead of one of the history under `paths`."""
    loaded = load_settings(paths.settings_file)

    def catalogue() -> Catalogue:
        return load_catalogue(assets_dir(), paths.routines_dir)

    def make_speech() -> CueService:
        if speech is not None:
            return speech
        from desktop_app.services.cue_service import CueService  # noqa: PLC0415

        # The settings as they are when the speech is first needed.
        return CueService(clock, paths.speech_cache, window.settings.voice)

    def make_history() -> HistoryKeeper:
        if history is not None:
            return history
        from desktop_app.services.history_keeper import HistoryKeeper  # noqa: PLC0415

        return HistoryKeeper(paths.history_db, clock.wall, places=paths.waiting_places())

    voiced = voice or speech is not None
    host = SessionHost(
        clock, make_speech if voiced else None, make_history, speech_cache=paths.speech_cache
    )
    window = MainWindow(
        paths, loaded.settings, host, catalogue, load_notice(assets_dir()), loaded.warnings
    )
    host.setParent(window)  # the host lives as long as the window that shows it
    return window


def build_reminders(
    window: MainWindow,
    make_prompt: Callable[[], ReminderPrompt] | None = None,
    desktop: Callable[[], Desktop] | None = None,
    ring: Callable[[], object] | None = None,
) -> ReminderLink:
    """The tray icon, the prompt and the reminders' timer, joined to the session host and the
    window. `make_prompt`: how a reminder asks (the desktop's notification, or a window of
    our own where it has none); `desktop`: what tells idle time and the reasons not to
    interrupt (else whatever answers here); `ring`: plays the chime (else the cues' player)."""

    from desktop_app.resources import chime_sound  # noqa: PLC0415
    from desktop_app.services.chime import Chime  # noqa: PLC0415
    from desktop_app.services.desktop_state import DesktopState  # noqa: PLC0415
    from desktop_app.ui.reminders.link import ReminderLink  # noqa: PLC0415
    from desktop_app.ui.reminders.tray import Tray  # noqa: PLC0415

    def prompt() -> ReminderPrompt:
        from desktop_app.ui.reminders.prompt import make_prompt  # noqa: PLC0415 (jeepney)

        return make_prompt(window)

    tray = Tray(window.routine_names, window)
    reminders = ReminderLink(
        window.host,
        window,
        window.settings,
        make_prompt or prompt,
        tray,
        desktop=desktop or (lambda: DesktopState.find(clock=window.host.clock)),
        ring=ring or Chime(chime_sound()).ring,
    )
    window.settings_changed.connect(reminders.settings_changed)
    window.quitting.connect(reminders.stop)
    window.background = reminders  # with reminders on, closing the window keeps Supple running
    return reminders


def build_media(
    window: MainWindow, make_controls: Callable[..., MediaControls | None] | None = None
) -> MediaLink:
    """The desktop's media controls (media keys, headset buttons, the panel, the lock screen,
    a phone), joined to the session host; built just after the window's first paint, off the
    path to it (`MediaLink.warm_up`). `make_controls`: this system's controls for the link's
    commands (the default: MPRIS on Linux)."""
    from desktop_app.ui.media import controls  # noqa: PLC0415

    def others() -> controls.OtherPlayers:
        from desktop_app.ui.media.other_players import OtherMprisPlayers  # noqa: PLC0415

        return OtherMprisPlayers(parent=window.host)

    def made(commands: controls.MediaCommands) -> MediaControls | None:
        if make_controls is not None:
            return make_controls(commands)
        return controls.make_controls(commands, window.paths.cache_dir)

    link = controls.MediaLink(
        window.host,
        made,
        window.bring_forward,
        others if controls.has_mpris() else None,
        lambda: window.settings.pause_other_players,
    )
    window.first_painted.connect(link.warm_up)
    return link


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
    media = build_media(window)
    instance.handler = functools.partial(answer_request, window, paths)
    waker.on_interrupt = functools.partial(window.quit_app, ask=False)  # nobody to ask
    if quit_when_done:
        window.quit_when_done = True
        window.session_finished.connect(window.quit_app)
    window.open(routine)
    started: list[ReminderLink] = []

    def start_reminders() -> None:
        """What the first paint need not wait for: the reminders with their tray icon."""
        reminders = build_reminders(window)
        reminders.start()
        started.append(reminders)
        if in_tray:
            reminders.start_in_tray()

    if in_tray:
        window.host.warm_up()  # as the window's first paint would
        media.warm_up()
        start_reminders()
    else:
        window.first_painted.connect(start_reminders)
        window.show()
        log.info("window shown")
    try:
        return app.exec()
    finally:
        waker.close()  # the loop is over: a signal now can only wait for the shutdown below
        shut_down(instance, started[0] if started else None, window.host, media)


def shut_down(
    instance: InstanceServer,
    reminders: ReminderLink | None,
    host: SessionHost,
    media: MediaLink | None = None,
) -> None:
    """In this order: stop listening (a later Supple must not wait on one that is leaving),
    the reminders, the session (quit from the tray mid-session: what was done stays done; the
    media controls hear it end and give the player's name up, and resume the players they
    paused), the media controls' connection, the history (its writes are on disk or kept),
    and last the speech, so that the last words ("session complete") play."""
    instance.close()
    if reminders is not None:
        reminders.stop()
    host.stop()
    if media is not None:
        media.close()
    host.close_history()
    host.close_speech(finish_within=FINAL_WORDS_SECONDS)


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
    if window.host.running:
        name = window.host.routine_name
        return Reply(False, f"Supple is in a session ({name}); stop it there first, or let it end")
    from desktop_app.routine_finder import find_routine  # noqa: PLC0415

    found = find_routine(request.start, paths)
    routine = found.routine
    if routine is None:
        return Reply(False, "\n".join(found.lines()))
    log.info("instance: starting %s at another supple's request", routine.id)
    window.start_routine(routine, ask=False)  # as `supple start` promises: straight in
    return Reply(True, f"started '{routine.name}'")
