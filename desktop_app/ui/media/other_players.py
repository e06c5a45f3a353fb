"""The desktop's other MPRIS players, paused while a session runs (a setting, off by default)
and resumed after it: only the ones that were playing and that Supple paused. Play to a
player that plays already does nothing (the specification's rule), so one the user started
again in between is left as it is. Every call is sent without waiting, the answers come back
through the bus's callbacks; the resuming Play needs no answer, so it goes out even when
Supple quits at once after the session. A Play that cannot go out (the bus went away) keeps its
player on the list, for the next session's end."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from jeepney import DBusAddress, Message, message_bus, new_method_call
from PySide6.QtCore import QObject

from desktop_app.ui.media.bus import Handler, SessionBus
from desktop_app.ui.media.mpris import BUS_NAME, PATH, PLAYER, PROPERTIES

log = logging.getLogger(__name__)

PREFIX = "org.mpris.MediaPlayer2."


class OtherMprisPlayers(QObject):
    def __init__(self, bus: SessionBus | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bus = bus if bus is not None else SessionBus(parent=self)
        self._bus.opened.connect(self._opened)
        self._bus.unavailable.connect(self._unavailable)
        self._bus.lost.connect(self._unavailable)
        self._told = False
        self._session = False
        self.paused: list[str] = []  # the players Supple paused, by bus name

    def pause_playing(self) -> None:
        self._session = True
        if self._bus.is_open:
            self._opened()
        else:
            self._bus.open()

    def resume_paused(self) -> None:
        self._session = False
        paused, self.paused = self.paused, []
        for name in paused:
            if self._command(name, "Play"):
                log.info("other players: %s resumed", name)
            else:
                self.paused.append(name)
        if self.paused:
            log.warning("other players: %s left paused, no session bus", ", ".join(self.paused))

    def close(self) -> None:
        self._bus.close()

    def _unavailable(self, why: str) -> None:
        if not self._told:  # once: the media controls say why too
            self._told = True
            log.info("other players: left alone, %s", why)

    def _opened(self) -> None:
        if self._session:
            self._bus.call(message_bus.ListNames(), self._listed)

    def _listed(self, reply: Message) -> None:
        [names] = reply.body
        for name in names:
            if name.startswith(PREFIX) and name != BUS_NAME:
                self._status(name, functools.partial(self._pause, name))

    def _status(self, name: str, then: Callable[[str], None]) -> None:
        address = DBusAddress(PATH, bus_name=name, interface=PROPERTIES)
        call = new_method_call(address, "Get", "ss", (PLAYER, "PlaybackStatus"))
        self._bus.call(call, lambda reply: then(reply.body[0][1]))

    def _pause(self, name: str, status: str) -> None:
        if status == "Playing" and self._session:
            self._command(name, "Pause", lambda _reply: self._was_paused(name))

    def _was_paused(self, name: str) -> None:
        if self._session:
            self.paused.append(name)
            log.info("other players: %s paused for the session", name)
        else:  # the session ended while it answered
            self._command(name, "Play")

    def _command(self, name: str, member: str, then: Handler | None = None) -> bool:
        """Whether the call went out."""
        address = DBusAddress(PATH, bus_name=name, interface=PLAYER)
        return self._bus.call(new_method_call(address, member), then) is not None
