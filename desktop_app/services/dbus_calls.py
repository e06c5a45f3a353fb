"""Method calls to the desktop's D-Bus services, through jeepney on a connection of our own.

jeepney takes a call's signature as written (QtDBus can type a call only from the service's
own description, which GLib services give in a form it cannot read). A connection is opened
when first needed and again after it broke; each call waits at most CALL_S, so a hung service
costs the tray a moment, never a hang.
"""

from __future__ import annotations

import os
from typing import Any

from jeepney import DBusAddress, Properties, new_method_call
from jeepney.io.blocking import DBusConnection, open_dbus_connection
from jeepney.wrappers import DBusErrorResponse, unwrap_msg

CALL_S = 0.5
SYSTEM_BUS = "unix:path=/run/dbus/system_bus_socket"


class CallFailed(Exception):
    """No bus, no such service, an error reply or no reply in time; the message says why."""


def session_bus_addresses() -> list[str]:
    """Each address DBUS_SESSION_BUS_ADDRESS lists, else the usual socket in the runtime
    folder."""
    if listed := os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return listed.split(";")
    return [f"unix:path={os.environ.get('XDG_RUNTIME_DIR', '/nonexistent')}/bus"]


def system_bus_addresses() -> list[str]:
    return [os.environ.get("DBUS_SYSTEM_BUS_ADDRESS") or SYSTEM_BUS]


def open_first(addresses: list[str], timeout: float = CALL_S) -> DBusConnection:
    """A connection to the first of `addresses` that takes one, authenticated within
    `timeout`; raises ConnectionError saying what each address answered."""
    problems = []
    for address in addresses:
        try:
            return open_dbus_connection(address, auth_timeout=timeout)
        except Exception as exc:  # no socket, refused, an address kind jeepney cannot use
            problems.append(f"{address}: {exc or type(exc).__name__}")
    raise ConnectionError("; ".join(problems) or "no address")


class Bus:
    """One bus, at the first of `addresses` that takes a connection."""

    def __init__(self, addresses: list[str]) -> None:
        self._addresses = addresses
        self._connection: DBusConnection | None = None

    def call(
        self, address: DBusAddress, method: str, signature: str = "", body: tuple[Any, ...] = ()
    ) -> tuple[Any, ...]:
        """The reply's body; raises CallFailed."""
        return self._send(new_method_call(address, method, signature, body))

    def property(self, address: DBusAddress, name: str) -> Any:
        """A property's value, by org.freedesktop.DBus.Properties.Get."""
        [(_signature, value)] = self._send(Properties(address).get(name))
        return value

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _send(self, message: Any) -> tuple[Any, ...]:
        connection = self._connect()
        try:
            reply = connection.send_and_get_reply(message, timeout=CALL_S)
            return tuple(unwrap_msg(reply))
        except DBusErrorResponse as exc:
            raise CallFailed(f"{exc.name}: {exc.data[0] if exc.data else ''}") from None
        except TimeoutError:
            raise CallFailed(f"no reply in {CALL_S} s") from None
        except OSError as exc:
            self.close()  # a bus that went away: a new connection next time
            raise CallFailed(f"the bus closed ({exc})") from None

    def _connect(self) -> DBusConnection:
        if self._connection is None:
            try:
                self._connection = open_first(self._addresses)
            except ConnectionError as exc:
                raise CallFailed(f"no bus ({exc})") from None
        return self._connection
