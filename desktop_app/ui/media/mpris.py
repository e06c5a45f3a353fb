"""Supple as an MPRIS player while a session runs, so that the desktop's media keys, headset
buttons, panel and lock-screen controls, and phones (KDE Connect, GSConnect) reach it.

The desktop takes the media keys before any window sees them and hands them to a player it
knows over D-Bus: the one at `org.mpris.MediaPlayer2.<name>`. Supple takes that name when a
session starts and gives it up when it ends; the name is asked for with DO_NOT_QUEUE, so a
second Supple (or a sandbox that refuses it) leaves the session running as it would without a
bus, and says why once in the log. A bus that goes away mid-session (its daemon quit) is asked
for again once at once, then at each session's start: never in a loop.

The types are the MPRIS 2.2 specification's: Metadata is a{sv} with mpris:trackid an object
path and mpris:length an int64 of microseconds; Position an int64 read from the clock when
asked (clients move it on themselves from Position and Rate, so it is never signalled as it
runs); Seeked only when the position jumps within a step."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from jeepney import DBusAddress, HeaderFields, Message, message_bus, new_error, new_signal
from jeepney.wrappers import new_method_return
from PySide6.QtCore import QObject, Signal

from desktop_app import APP_ID, APP_NAME
from desktop_app.core.media import STOPPED, Player, Press, Track, jumped, player, position
from desktop_app.core.snapshot import Snapshot
from desktop_app.ui.media.art import FigureArt
from desktop_app.ui.media.bus import SessionBus

if TYPE_CHECKING:  # the seam builds this player: no import back at run time
    from desktop_app.ui.media.controls import MediaCommands

log = logging.getLogger(__name__)

BUS_NAME = "org.mpris.MediaPlayer2.supple"
PATH = "/org/mpris/MediaPlayer2"
ROOT = "org.mpris.MediaPlayer2"
PLAYER = "org.mpris.MediaPlayer2.Player"
PROPERTIES = "org.freedesktop.DBus.Properties"
INTROSPECTABLE = "org.freedesktop.DBus.Introspectable"
PEER = "org.freedesktop.DBus.Peer"
NO_TRACK = "/org/mpris/MediaPlayer2/TrackList/NoTrack"
TRACK_PATH = "/io/github/supple/Supple/step/{number}"  # not under /org/mpris: the spec's rule
QUIT_REFUSED = "io.github.supple.Supple.Error.SessionRunning"
DO_NOT_QUEUE = 4
PRIMARY_OWNER, ALREADY_OWNER = 1, 4
MICRO = 1_000_000
NO_REPLY_EXPECTED = 1  # a call's flag: send nothing back

PRESSES = {
    "Play": Press.PLAY,
    "Pause": Press.PAUSE,
    "PlayPause": Press.TOGGLE,
    "Next": Press.SKIP,
    "Previous": Press.BACK,
    "Stop": Press.STOP,
}

INTROSPECTION = """<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">
<node>
  <interface name="org.freedesktop.DBus.Introspectable">
    <method name="Introspect"><arg name="xml_data" type="s" direction="out"/></method>
  </interface>
  <interface name="org.freedesktop.DBus.Peer">
    <method name="Ping"/>
  </interface>
  <interface name="org.freedesktop.DBus.Properties">
    <method name="Get">
      <arg name="interface_name" type="s" direction="in"/>
      <arg name="property_name" type="s" direction="in"/>
      <arg name="value" type="v" direction="out"/>
    </method>
    <method name="GetAll">
      <arg name="interface_name" type="s" direction="in"/>
      <arg name="properties" type="a{sv}" direction="out"/>
    </method>
    <method name="Set">
      <arg name="interface_name" type="s" direction="in"/>
      <arg name="property_name" type="s" direction="in"/>
      <arg name="value" type="v" direction="in"/>
    </method>
    <signal name="PropertiesChanged">
      <arg name="interface_name" type="s"/>
      <arg name="changed_properties" type="a{sv}"/>
      <arg name="invalidated_properties" type="as"/>
    </signal>
  </interface>
  <interface name="org.mpris.MediaPlayer2">
    <method name="Raise"/>
    <method name="Quit"/>
    <property name="CanQuit" type="b" access="read"/>
    <property name="CanRaise" type="b" access="read"/>
    <property name="HasTrackList" type="b" access="read"/>
    <property name="Identity" type="s" access="read"/>
    <property name="DesktopEntry" type="s" access="read"/>
    <property name="SupportedUriSchemes" type="as" access="read"/>
    <property name="SupportedMimeTypes" type="as" access="read"/>
  </interface>
  <interface name="org.mpris.MediaPlayer2.Player">
    <method name="Next"/>
    <method name="Previous"/>
    <method name="Pause"/>
    <method name="PlayPause"/>
    <method name="Stop"/>
    <method name="Play"/>
    <method name="Seek"><arg name="Offset" type="x" direction="in"/></method>
    <method name="SetPosition">
      <arg name="TrackId" type="o" direction="in"/>
      <arg name="Position" type="x" direction="in"/>
    </method>
    <method name="OpenUri"><arg name="Uri" type="s" direction="in"/></method>
    <signal name="Seeked"><arg name="Position" type="x"/></signal>
    <property name="PlaybackStatus" type="s" access="read"/>
    <property name="Rate" type="d" access="readwrite"/>
    <property name="Metadata" type="a{sv}" access="read"/>
    <property name="Volume" type="d" access="readwrite"/>
    <property name="Position" type="x" access="read"/>
    <property name="MinimumRate" type="d" access="read"/>
    <property name="MaximumRate" type="d" access="read"/>
    <property name="CanGoNext" type="b" access="read"/>
    <property name="CanGoPrevious" type="b" access="read"/>
    <property name="CanPlay" type="b" access="read"/>
    <property name="CanPause" type="b" access="read"/>
    <property name="CanSeek" type="b" access="read"/>
    <property name="CanControl" type="b" access="read"/>
  </interface>
</node>
"""

Variant = tuple[str, Any]


def micro(seconds: float) -> int:
    return round(seconds * MICRO)


def metadata(track: Track | None, art_url: str | None) -> dict[str, Variant]:
    """The track's Metadata, typed as the specification says."""
    if track is None:
        return {"mpris:trackid": ("o", NO_TRACK)}
    data: dict[str, Variant] = {
        "mpris:trackid": ("o", TRACK_PATH.format(number=track.number)),
        "xesam:title": ("s", track.title),
        "xesam:artist": ("as", [track.artist]),
        "xesam:album": ("s", track.album),
    }
    if track.length is not None:  # a question has no length: it waits for its answer
        data["mpris:length"] = ("x", micro(track.length))
    if art_url:
        data["mpris:artUrl"] = ("s", art_url)
    return data


def root_properties(*, session: bool) -> dict[str, Variant]:
    return {
        "CanQuit": ("b", not session),  # Quit is refused while a session runs
        "CanRaise": ("b", True),
        "HasTrackList": ("b", False),
        "Identity": ("s", APP_NAME),
        "DesktopEntry": ("s", APP_ID),
        "SupportedUriSchemes": ("as", []),
        "SupportedMimeTypes": ("as", []),
    }


def player_properties(player: Player, art_url: str | None) -> dict[str, Variant]:
    """The Player's properties but Position, which is read from the clock when asked."""
    return {
        "PlaybackStatus": ("s", player.status.value),
        "Rate": ("d", 1.0),
        "Metadata": ("a{sv}", metadata(player.track, art_url)),
        "Volume": ("d", 1.0),
        "MinimumRate": ("d", 1.0),
        "MaximumRate": ("d", 1.0),
        "CanGoNext": ("b", player.can_next),
        "CanGoPrevious": ("b", player.can_previous),
        "CanPlay": ("b", player.can_play),
        "CanPause": ("b", player.can_pause),
        "CanSeek": ("b", False),
        "CanControl": ("b", True),
    }


class MprisPlayer(QObject):
    """MediaControls over MPRIS, on a session bus connection of its own. `off` comes each
    time the controls cannot be had or are lost (the name taken or refused, no bus, the bus
    gone), with why; the log says each reason once."""

    off = Signal(str)

    def __init__(
        self,
        commands: MediaCommands,
        art: FigureArt,
        bus: SessionBus | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._commands = commands
        self._art = art
        self.bus = bus if bus is not None else SessionBus(parent=self)
        self.bus.on_call = self._answer
        self.bus.opened.connect(self._claim)
        self.bus.unavailable.connect(self._tell)
        self.bus.lost.connect(self._lost)
        self._session = False
        self._retried = False  # the bus was asked for again after a loss in this session
        self._owned = False
        self._told: set[str] = set()  # why the name could not be had, said once each
        self._player = STOPPED
        self._properties = player_properties(STOPPED, None)
        self._last: Snapshot | None = None

    @property
    def owns_name(self) -> bool:
        return self._owned

    # -- MediaControls ---------------------------------------------------------------------

    def begin(self) -> None:
        self._session = True
        self._retried = False
        if self.bus.is_open:
            self._claim()
        else:
            self.bus.open()

    def show(self, snapshot: Snapshot) -> None:
        last, self._last = self._last, snapshot
        if not self._owned:
            return  # nobody can see it yet (or ever, without a bus): no work at every frame
        now = player(snapshot)
        if now != self._player:
            self._player = now
            self._update(now)
        if last is not None and jumped(last, snapshot):
            pos = micro(position(snapshot, snapshot.at))
            self._signal(PLAYER, "Seeked", "x", (pos,))

    def end(self) -> None:
        self._session = False
        self._last = None
        self._player = STOPPED
        self._update(STOPPED)
        if self._owned:
            self._owned = False
            self.bus.call(message_bus.ReleaseName(BUS_NAME))
            log.info("media controls: %s released", BUS_NAME)

    def close(self) -> None:
        self.bus.close()

    # -- the name ----------------------------------------------------------------------------

    def _claim(self) -> None:
        if self._session and not self._owned:
            request = message_bus.RequestName(BUS_NAME, DO_NOT_QUEUE)
            self.bus.call(request, self._claimed, self._refused)

    def _claimed(self, reply: Message) -> None:
        [code] = reply.body
        if code not in (PRIMARY_OWNER, ALREADY_OWNER):
            self._tell(f"{BUS_NAME} is taken (another Supple?)")
            return
        self._owned = True
        log.info("media controls: %s taken", BUS_NAME)
        if not self._session:  # the session ended while the bus answered
            self.end()
        elif self._last is not None:  # the session as it is now, for the first GetAll
            self._player = player(self._last)
            self._update(self._player)

    def _refused(self, reply: Message) -> None:
        self._tell(f"the bus refused {BUS_NAME} ({_error_text(reply)})")

    def _lost(self, why: str) -> None:
        self._owned = False  # the bus took the name with it
        self._player = STOPPED
        self._properties = player_properties(STOPPED, None)
        self._tell(why)
        if self._session and not self._retried:
            # Once: a bus restarted at once comes back; one still gone is tried at the next
            # session's start, so a dead bus is never asked for in a loop.
            self._retried = True
            self.bus.open()

    def _tell(self, why: str) -> None:
        self.off.emit(why)
        if why not in self._told:
            self._told.add(why)
            log.warning("media controls: off for now: %s; the window's keys still work", why)

    # -- what changes ------------------------------------------------------------------------

    def _update(self, player: Player) -> None:
        properties = player_properties(player, self._art_url(player.track))
        changed = {
            name: value for name, value in properties.items() if self._properties[name] != value
        }
        self._properties = properties
        if changed and self._owned:
            self._signal(PROPERTIES, "PropertiesChanged", "sa{sv}as", (PLAYER, changed, []))

    def _art_url(self, track: Track | None) -> str | None:
        if track is None:
            return None
        path = self._art.path(track.stretch, track.side)
        return path.as_uri() if path is not None else None

    def _signal(self, interface: str, member: str, signature: str, body: tuple[Any, ...]) -> None:
        emitter = DBusAddress(PATH, interface=interface)
        self.bus.send(new_signal(emitter, member, signature, body))

    # -- what is asked -----------------------------------------------------------------------

    def _answer(self, call: Message) -> None:
        fields = call.header.fields
        path = fields.get(HeaderFields.path)
        interface = fields.get(HeaderFields.interface)
        member = fields.get(HeaderFields.member)
        signature = fields.get(HeaderFields.signature, "")
        if path != PATH:
            self._error(call, "org.freedesktop.DBus.Error.UnknownObject", f"No object {path}")
            return
        handlers = {
            INTROSPECTABLE: self._introspect,
            PEER: self._peer,
            PROPERTIES: self._properties_call,
            ROOT: self._root_call,
            PLAYER: self._player_call,
        }
        if interface is None:  # allowed by D-Bus: the member's name alone
            interface = next(
                (name for name in (PLAYER, ROOT) if member in _MEMBERS[name]), PROPERTIES
            )
        handler = handlers.get(interface)
        if handler is None:
            self._error(
                call, "org.freedesktop.DBus.Error.UnknownInterface", f"No interface {interface}"
            )
            return
        handler(call, member, signature)

    def _reply(self, call: Message, signature: str | None = None, body: Any = ()) -> None:
        if not call.header.flags & NO_REPLY_EXPECTED:
            self.bus.send(new_method_return(call, signature, body))

    def _error(self, call: Message, name: str, text: str) -> None:
        if not call.header.flags & NO_REPLY_EXPECTED:
            self.bus.send(new_error(call, name, "s", (text,)))

    def _unknown_method(self, call: Message, member: str | None, signature: str) -> None:
        self._error(
            call,
            "org.freedesktop.DBus.Error.UnknownMethod",
            f"No method {member} with signature '{signature}'",
        )

    def _introspect(self, call: Message, member: str | None, signature: str) -> None:
        if member == "Introspect" and signature == "":
            self._reply(call, "s", (INTROSPECTION,))
        else:
            self._unknown_method(call, member, signature)

    def _peer(self, call: Message, member: str | None, signature: str) -> None:
        if member == "Ping" and signature == "":
            self._reply(call)
        else:
            self._unknown_method(call, member, signature)

    def _all(self, interface: str) -> dict[str, Variant] | None:
        if interface == ROOT:
            return root_properties(session=self._session)
        if interface == PLAYER:
            now = self._commands.now()
            snapshot = self._commands.snapshot()
            at = micro(position(snapshot, now)) if snapshot is not None else 0
            return {**self._properties, "Position": ("x", at)}
        return None

    def _properties_call(self, call: Message, member: str | None, signature: str) -> None:
        if (member, signature) == ("GetAll", "s"):
            values = self._all(call.body[0])
            if values is None:
                self._error(call, "org.freedesktop.DBus.Error.UnknownInterface", call.body[0])
            else:
                self._reply(call, "a{sv}", (values,))
        elif (member, signature) == ("Get", "ss"):
            interface, name = call.body
            values = self._all(interface) or {}
            if name in values:
                self._reply(call, "v", (values[name],))
            else:
                self._error(
                    call, "org.freedesktop.DBus.Error.UnknownProperty", f"No property {name}"
                )
        elif (member, signature) == ("Set", "ssv"):
            self._set(call)
        else:
            self._unknown_method(call, member, signature)

    def _set(self, call: Message) -> None:
        interface, name, (kind, value) = call.body
        if interface == PLAYER and name == "Rate" and kind == "d" and value == 1.0:
            self._reply(call)  # the only rate there is
        elif interface == PLAYER and name in ("Rate", "Volume"):
            # The session runs on the clock, and the voice's volume is in Supple's settings.
            self._error(
                call, "org.freedesktop.DBus.Error.NotSupported", f"{name} cannot be changed here"
            )
        else:
            self._error(call, "org.freedesktop.DBus.Error.PropertyReadOnly", f"{name} is read-only")

    def _root_call(self, call: Message, member: str | None, signature: str) -> None:
        if signature != "" or member not in ("Raise", "Quit"):
            self._unknown_method(call, member, signature)
        elif member == "Raise":
            self._reply(call)
            self._commands.raise_window()
        elif self._session:
            self._error(call, QUIT_REFUSED, "A session is running: stop it first")
        else:
            self._reply(call)  # the name is held only during a session: nothing to quit

    def _player_call(self, call: Message, member: str | None, signature: str) -> None:
        if member in PRESSES and signature == "":
            self._reply(call)  # answered first: what the press does may take a moment
            self._commands.press(PRESSES[member])
        elif (member, signature) in (("Seek", "x"), ("SetPosition", "ox"), ("OpenUri", "s")):
            self._reply(call)  # CanSeek is false and no URI is supported: no effect, as specified
        else:
            self._unknown_method(call, member, signature)


_MEMBERS = {
    PLAYER: {*PRESSES, "Seek", "SetPosition", "OpenUri"},
    ROOT: {"Raise", "Quit"},
}


def _error_text(reply: Message) -> str:
    name = reply.header.fields.get(HeaderFields.error_name, "error")
    detail = reply.body[0] if reply.body and isinstance(reply.body[0], str) else ""
    return f"{name}: {detail}" if detail else str(name)
