"""The seam between a session and a system's media controls.

A system's media controls (MPRIS on Linux; Windows' System Media Transport Controls and
macOS' Now Playing could follow) are told when a session begins, shown each snapshot, and told
when it ends; what the user presses comes back through `MediaCommands`. `MediaLink` joins them
to the session host: it is the only part that knows both."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject

from desktop_app.core.engine import State
from desktop_app.core.media import Press, meaning
from desktop_app.core.snapshot import Snapshot

if TYPE_CHECKING:
    from desktop_app.core.summary import Summary
    from desktop_app.ui.session.host import SessionHost

log = logging.getLogger(__name__)


class MediaCommands(Protocol):
    """What media controls may ask of Supple."""

    def press(self, press: Press) -> None:
        """A media button: play, pause, next..."""
        ...

    def raise_window(self) -> None: ...

    def snapshot(self) -> Snapshot | None:
        """The session now (None: none runs): where its position is at the moment asked."""
        ...

    def now(self) -> float:
        """The clock the snapshots are taken on."""
        ...


class MediaControls(Protocol):
    """A system's media controls, for one session at a time."""

    def begin(self) -> None:
        """A session starts: appear as the player."""
        ...

    def show(self, snapshot: Snapshot) -> None:
        """The session as it is now (after every tick and command)."""
        ...

    def end(self) -> None:
        """The session ended: the player goes."""
        ...

    def close(self) -> None:
        """Supple is quitting."""
        ...


class OtherPlayers(Protocol):
    """The desktop's other media players, paused for a session and resumed after it."""

    def pause_playing(self) -> None: ...

    def resume_paused(self) -> None: ...

    def close(self) -> None: ...


class MediaLink(QObject):
    """Joins the session host to the media controls: each frame to `show`, the session's start
    and end to `begin` and `end`, and the buttons to the host's commands, each the same command
    as the window's keys, so that a media button is answered by the same spoken word.

    The controls (and the other players) are built by `warm_up`, with their modules (D-Bus,
    the figure's export), which the app calls after the window's first paint: `supple start`
    paints its session first, and the controls then join the session under way."""

    def __init__(
        self,
        host: SessionHost,
        make_controls: Callable[[MediaCommands], MediaControls | None],
        raise_window: Callable[[], None],
        make_others: Callable[[], OtherPlayers] | None = None,
        pause_others: Callable[[], bool] = lambda: False,
    ) -> None:
        """`pause_others`: asked at each start, since the setting may change."""
        super().__init__(host)
        self.host = host
        self._make_controls = make_controls
        self._raise_window = raise_window
        self._make_others = make_others
        self._pause_others = pause_others
        self.controls: MediaControls | None = None
        self.others: OtherPlayers | None = None
        self._warm = False
        self._active = False  # a session runs, and the controls were told it began
        self._last: Snapshot | None = None  # the latest frame, for controls built after it
        host.frame.connect(self._frame)
        host.finished.connect(self._finished)

    def warm_up(self) -> None:
        """Build the controls; a session under way begins in them at once."""
        if self._warm:
            return
        self._warm = True
        self.controls = self._make_controls(self)
        last = self._last
        if last is not None and last.state in (State.RUNNING, State.PAUSED):
            self._frame(last)

    def _frame(self, snapshot: Snapshot) -> None:
        self._last = snapshot
        if not self._warm:
            return
        if not self._active:
            if snapshot.state not in (State.RUNNING, State.PAUSED):
                return
            self._begin()
        if self.controls is not None:
            self.controls.show(snapshot)

    def _begin(self) -> None:
        self._active = True
        if self.controls is not None:
            self.controls.begin()
        if self._make_others is not None and self._pause_others():
            if self.others is None:
                self.others = self._make_others()
            self.others.pause_playing()

    def _finished(self, _summary: Summary) -> None:
        self._last = None
        if not self._active:
            return
        self._active = False
        if self.controls is not None:
            self.controls.end()
        if self.others is not None:
            self.others.resume_paused()  # the ones it paused, if any

    def close(self) -> None:
        for part in (self.controls, self.others):
            if part is not None:
                part.close()

    # -- MediaCommands ---------------------------------------------------------------------

    def press(self, press: Press) -> None:
        host = self.host
        if not host.running:
            return
        actions: dict[Press, Callable[[], None]] = {
            Press.PLAY: host.resume,
            Press.PAUSE: host.pause,
            Press.TOGGLE: host.toggle_pause,
            Press.SKIP: host.skip,
            Press.BACK: host.back,
            Press.AGAIN: host.say_again,
            Press.STOP: host.stop,
        }
        done = meaning(press, host.snapshot())
        log.info("media controls: %s (%s)", press.value, done.value)
        actions[done]()

    def raise_window(self) -> None:
        self._raise_window()

    def snapshot(self) -> Snapshot | None:
        return self.host.snapshot() if self.host.running else None

    def now(self) -> float:
        return self.host.clock.now()


def has_mpris(platform: str = sys.platform) -> bool:
    """Whether this system's media controls are MPRIS on a D-Bus session bus: Linux and the
    other Unix desktops, not Windows or macOS."""
    return platform not in ("win32", "darwin")


def make_controls(
    commands: MediaCommands, cache: Path, platform: str = sys.platform
) -> MediaControls | None:
    """This system's media controls, or None where Supple has none yet (only the systems with
    MPRIS for now)."""
    if not has_mpris(platform):
        log.info("media controls: none on %s yet", platform)
        return None
    from desktop_app.ui.media.art import FigureArt  # noqa: PLC0415
    from desktop_app.ui.media.mpris import MprisPlayer  # noqa: PLC0415 (jeepney)

    return MprisPlayer(commands, FigureArt(cache))
