"""Another media player on a test's private bus: `python -m tests.ui.fake_player ADDRESS NAME
STATUS` owns `org.mpris.MediaPlayer2.NAME`, plays (or not: STATUS), answers PlaybackStatus,
and prints each Play and Pause it is sent, one a line, after "ready"."""

from __future__ import annotations

import sys

from jeepney import HeaderFields, MessageType, message_bus, new_error, new_method_return
from jeepney.io.blocking import open_dbus_connection

PLAYER = "org.mpris.MediaPlayer2.Player"


def main(address: str, name: str, status: str) -> None:
    bus = open_dbus_connection(address)
    bus.send_and_get_reply(message_bus.RequestName(f"org.mpris.MediaPlayer2.{name}", 4))
    print("ready", flush=True)
    while True:
        call = bus.receive()
        if call.header.message_type is not MessageType.method_call:
            continue
        member = call.header.fields.get(HeaderFields.member)
        if member == "Get" and tuple(call.body) == (PLAYER, "PlaybackStatus"):
            bus.send(new_method_return(call, "v", (("s", status),)))
        elif member in ("Play", "Pause"):
            status = "Playing" if member == "Play" else "Paused"
            print(member, flush=True)
            bus.send(new_method_return(call))
        else:
            bus.send(new_error(call, "org.freedesktop.DBus.Error.UnknownMethod", "s", ("no",)))


if __name__ == "__main__":
    main(*sys.argv[1:4])
