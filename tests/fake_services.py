"""More fake desktop services for the reminders' probes, where tests/fake_desktop.py's well
behaved ones are not enough: KDE's power management policy agent, and services that
misbehave as real ones can (one that never answers, one whose replies have another shape).

Run as a process (`python -m tests.fake_services ADDRESS KIND`): it owns KIND's name on the
bus at ADDRESS, says "ready", and then serves until it is ended, writing one line for each
method call it receives ("asked N", N counting from 1), so a test knows what was asked:
- "policy-agent": org.kde.Solid.PowerManagement.PolicyAgent's HasInhibition(u types) -> b,
  true when an inhibition of one of those types is held; the types held are set with
  SetHeld(u) on the same object (a control of this fake's own, not KDE's).
- "silent": owns org.gnome.SessionManager and never answers.
- "odd": owns org.gnome.SessionManager and answers IsInhibited with a string.

`FakeService` starts one for a test. `silent_bus_socket` is a socket that authenticates a
D-Bus client, as a bus does, and then never answers its Hello: a hung bus.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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

POLICY_AGENT = DBusAddress(
    "/org/kde/Solid/PowerManagement/PolicyAgent",
    bus_name="org.kde.Solid.PowerManagement.PolicyAgent",
    interface="org.kde.Solid.PowerManagement.PolicyAgent",
)
NAMES = {
    "policy-agent": POLICY_AGENT.bus_name,
    "silent": "org.gnome.SessionManager",
    "odd": "org.gnome.SessionManager",
}


def serve(address: str, kind: str) -> int:
    connection = open_dbus_connection(address)
    connection.send_and_get_reply(message_bus.RequestName(NAMES[kind]))
    print("ready", flush=True)
    held = 0  # the policy agent's inhibited types, or-ed
    asked = 0
    while True:
        message = connection.receive()
        if message.header.message_type is not MessageType.method_call:
            continue
        asked += 1
        print(f"asked {asked}", flush=True)
        fields = message.header.fields
        member = fields.get(HeaderFields.member, "")
        taken = fields.get(HeaderFields.signature, "")
        if kind == "silent":
            continue
        if kind == "odd":
            connection.send(new_method_return(message, "s", ("yes",)))
        elif member in ("HasInhibition", "SetHeld") and taken == "u":
            if member == "SetHeld":
                held = message.body[0]
                connection.send(new_method_return(message))
            else:
                connection.send(new_method_return(message, "b", (bool(held & message.body[0]),)))
        else:
            error = "org.freedesktop.DBus.Error.UnknownMethod"
            connection.send(new_error(message, error, "s", (member,)))


class FakeService:
    """A fake of `kind` in a process of its own, on the bus at `address`."""

    def __init__(self, address: str, kind: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.fake_services", address, kind],
            stdout=subprocess.PIPE,
            text=True,
        )
        self._address = address
        try:
            assert self.process.stdout is not None
            said = read_line(self.process.stdout, f"the fake {kind}")
            if said != "ready":
                raise RuntimeError(f"the fake {kind} said {said!r}")
        except BaseException:
            self.stop()
            raise

    def next_line(self) -> str:
        assert self.process.stdout is not None
        return read_line(self.process.stdout, "the fake service")

    def hold(self, types: int) -> None:
        """The policy agent's inhibitions: these types held now."""
        with open_dbus_connection(self._address) as control:
            control.send_and_get_reply(
                new_method_call(POLICY_AGENT, "SetHeld", "u", (types,)), timeout=10
            )
        assert self.next_line().startswith("asked")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()


@contextmanager
def silent_bus_socket(folder: Path) -> Iterator[str]:
    """The address of a socket that takes one client through D-Bus's authentication and
    then reads what it says without ever answering."""
    path = folder / "silent-bus"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.listen(1)
    stop = threading.Event()

    def answer() -> None:
        server.settimeout(0.1)
        while True:  # until the client comes, or the test is over
            try:
                client, _ = server.accept()
                break
            except TimeoutError:
                if stop.is_set():
                    return
        with client:
            said = b""
            while not said.endswith(b"\r\n"):  # the NUL byte and "AUTH EXTERNAL ..."
                said += client.recv(1024)
            client.sendall(b"OK 0123456789abcdef0123456789abcdef\r\n")
            client.settimeout(0.1)
            while not stop.is_set():  # BEGIN, then Hello: read, never answered
                try:
                    if not client.recv(1024):
                        return
                except TimeoutError:
                    continue

    listener = threading.Thread(target=answer, daemon=True)
    listener.start()
    try:
        yield f"unix:path={path}"
    finally:
        stop.set()
        listener.join(timeout=10)
        server.close()
        path.unlink()


if __name__ == "__main__":
    sys.exit(serve(sys.argv[1], sys.argv[2]))
