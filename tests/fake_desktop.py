"""Fake desktop services for the reminders' probes, on a private bus: GNOME's Mutter idle
monitor and session manager, KDE's screen saver and notification service, and logind's
manager, each at its real name, path and interface, with its real methods' signatures.

Run as a process (`python -m tests.fake_desktop ADDRESS NAME...`): it owns the NAMEs given
(so a test chooses which desktop it is), says "ready", and answers until it is ended. A call
with the wrong argument types gets InvalidArgs, as from a typed service; an unknown method,
UnknownMethod. The test sets what the services say through a control object:
`Set(key, json_value)` at /control, interface io.github.supple.FakeDesktop.

`FakeDesktop` starts it for a test and sets its values.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from jeepney import (
    DBusAddress,
    HeaderFields,
    MessageType,
    message_bus,
    new_error,
    new_method_call,
    new_method_return,
)
from jeepney.io.blocking import open_dbus_connection

from tests.dbus_bus import read_line

CONTROL = DBusAddress("/control", interface="io.github.supple.FakeDesktop")
NAMES = {
    "mutter": "org.gnome.Mutter.IdleMonitor",
    "gnome-session": "org.gnome.SessionManager",
    "kde-screensaver": "org.freedesktop.ScreenSaver",
    "notifications": "org.freedesktop.Notifications",
    "logind": "org.freedesktop.login1",
}


class State:
    def __init__(self) -> None:
        self.values: dict[str, Any] = {
            "mutter_idle_ms": 0,
            "kde_idle_ms": 0,
            "notifications_inhibited": False,
            "session_inhibited_flags": 0,  # GNOME's flags held by inhibitors, or-ed
            "inhibitors": [],  # logind's: [what, who, why, mode, uid, pid]
        }

    def answer(self, path: str, interface: str, member: str, body: tuple) -> tuple[str, tuple]:
        """(signature, body) of the reply; raises KeyError for an unknown method."""
        v = self.values
        if (path, interface, member) == ("/control", CONTROL.interface, "Set"):
            key, value = body
            v[key] = json.loads(value)
            return "", ()
        methods = {
            ("/org/gnome/Mutter/IdleMonitor/Core", NAMES["mutter"], "GetIdletime"): lambda: (
                "t",
                (v["mutter_idle_ms"],),
            ),
            (
                "/org/freedesktop/ScreenSaver",
                NAMES["kde-screensaver"],
                "GetSessionIdleTime",
            ): lambda: ("u", (v["kde_idle_ms"],)),
            ("/org/gnome/SessionManager", NAMES["gnome-session"], "IsInhibited"): lambda: (
                "b",
                (bool(v["session_inhibited_flags"] & body[0]),),
            ),
            (
                "/org/freedesktop/login1",
                "org.freedesktop.login1.Manager",
                "ListInhibitors",
            ): lambda: ("a(ssssuu)", ([tuple(i) for i in v["inhibitors"]],)),
        }
        if (path, interface, member) == (
            "/org/freedesktop/Notifications",
            "org.freedesktop.DBus.Properties",
            "Get",
        ) and body == (NAMES["notifications"], "Inhibited"):
            return "v", (("b", v["notifications_inhibited"]),)
        return methods[path, interface, member]()


SIGNATURES = {"IsInhibited": "u", "Get": "ss", "Set": "ss"}  # what the methods take


def serve(address: str, names: list[str]) -> int:
    connection = open_dbus_connection(address)
    for name in names:
        connection.send_and_get_reply(message_bus.RequestName(NAMES[name]))
    state = State()
    print("ready", flush=True)
    while True:
        message = connection.receive()
        if message.header.message_type is not MessageType.method_call:
            continue
        fields = message.header.fields
        member = fields.get(HeaderFields.member, "")
        taken = fields.get(HeaderFields.signature, "")
        if taken != SIGNATURES.get(member, ""):
            connection.send(
                new_error(message, "org.freedesktop.DBus.Error.InvalidArgs", "s", (taken,))
            )
            continue
        try:
            signature, body = state.answer(
                fields.get(HeaderFields.path, ""),
                fields.get(HeaderFields.interface, ""),
                member,
                message.body,
            )
        except KeyError:
            connection.send(
                new_error(message, "org.freedesktop.DBus.Error.UnknownMethod", "s", (member,))
            )
            continue
        connection.send(new_method_return(message, signature or None, body))


class FakeDesktop:
    """The fake services in a process of their own, owning `names` on the bus at
    `address`."""

    def __init__(self, address: str, names: list[str]) -> None:
        self.address = address
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.fake_desktop", address, *names],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:  # whatever fails from here, the process is not left running
            assert self.process.stdout is not None
            said = read_line(self.process.stdout, "the fake desktop")
            if said != "ready":
                raise RuntimeError(f"the fake desktop said {said!r}")
            self._control = open_dbus_connection(address)
            # The control object is on the service's own connection: found by its unique name.
            self._owner = self._unique_name(names[0])
        except BaseException:
            self.stop()
            raise

    def _unique_name(self, name: str) -> str:
        reply = self._control.send_and_get_reply(
            new_method_call(message_bus, "GetNameOwner", "s", (NAMES[name],))
        )
        return str(reply.body[0])

    def set(self, key: str, value: Any) -> None:
        address = DBusAddress(CONTROL.object_path, self._owner, CONTROL.interface)
        reply = self._control.send_and_get_reply(
            new_method_call(address, "Set", "ss", (key, json.dumps(value))), timeout=10
        )
        assert reply.header.message_type is MessageType.method_return, reply.body

    def stop(self) -> None:
        if getattr(self, "_control", None) is not None:
            self._control.close()
        self.process.terminate()
        self.process.wait(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()


if __name__ == "__main__":
    sys.exit(serve(sys.argv[1], sys.argv[2:]))
