"""The reminders' chime: a short, soft sound played with each reminder, through the same
players as the spoken cues (pw-play, paplay or aplay, each in a process group of its own).

It plays on a thread of its own, so the tray never waits for the sound; a chime asked for
while one plays is dropped (two reminders do not come within a second). A sound that cannot
play is logged, never shown: the reminder itself is what matters.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from desktop_app.services.speech import AudioPlayer, SpeechError, platform_player

log = logging.getLogger(__name__)

TIMEOUT_S = 5.0  # a 0.6 s sound: a player still running after this has hung


class Chime:
    def __init__(self, path: Path, player: Callable[[], AudioPlayer] = platform_player) -> None:
        """`player`: makes the player when first needed."""
        self._path = path
        self._make_player = player
        self._player: AudioPlayer | None = None
        self._playing: threading.Thread | None = None

    def ring(self) -> threading.Thread | None:
        """Start playing; the thread it plays on, or None if one plays already."""
        if self._playing is not None and self._playing.is_alive():
            return None
        self._playing = threading.Thread(target=self._play, name="chime", daemon=True)
        self._playing.start()
        return self._playing

    def stop(self) -> None:
        """Cut a chime short (quitting)."""
        if self._player is not None and self._playing is not None and self._playing.is_alive():
            self._player.interrupt()
            self._playing.join(TIMEOUT_S)

    def _play(self) -> None:
        try:
            if self._player is None:
                self._player = self._make_player()
            self._player.play(self._path, TIMEOUT_S)
        except SpeechError as exc:
            log.warning("reminders: the chime cannot play (%s)", exc)
        except Exception as exc:  # Interrupted, or anything else: the reminder still comes
            log.info("reminders: the chime stopped (%s)", type(exc).__name__)
