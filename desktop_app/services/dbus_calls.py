"""Method calls to the desktop's D-Bus services, through jeepney on a connection of our own.

jeepney takes a call's signature as written (QtDBus can type a call only from the service's
own description, which GLib services give in a form it cannot read). A connection is opened
when first needed and again after it broke, within CALL_S (its Hello included); each call
waits at most CALL_S and its reply must have the signature the caller expects, so a hung or
odd service costs the tray a moment and a "cannot tell", never a hang or a crash.
"""

from __future__ import annotations

import os
import socket
import threading
from typing import Any

from jeepney import DBusAddress, HeaderFields, Properties, new_method_call
from jeepney.bus import get_bus
from jeepney.io.blocking import DBusConnection, prep_socket
from jeepney.wrappers import DBusErrorResponse, unwrap_msg

CALL_S = 0.5
SYSTEM_BUS = "unix:path=/run/dbus/system_bus_socket"


class CallFailed(Exception):
    """No bus, no such service, an error reply, a reply of another shape or no reply in
    time; the message says why. `timed_out`: nothing answered in time (a hung service or
    bus), which is worth not asking again soon."""

    def __init__(self, why: str, *, timed_out: bool = False) -> None:
        super().__init__(why)
        self.timed_out = timed_out


class BusUnreachable(ConnectionError):
    """No address took a connection; `timed_out`: one of them did not answer in time."""

    def __init__(self, why: str, *, timed_out: bool = False) -> None:
        super().__init__(why)
        self.timed_out = timed_out


def session_bus_addresses() -> list[str]:
    """Each address DBUS_SESSION_BUS_ADDRESS lists, else the usual socket in the runtime
    folder."""
    if listed := os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return listed.split(";")
    return [f"unix:path={os.environ.get('XDG_RUNTIME_DIR', '/nonexistent')}/bus"]


def system_bus_addresses() -> list[str]:
    return [os.environ.get("DBUS_SYSTEM_BUS_ADDRESS") or SYSTEM_BUS]


def open_first(addresses: list[str], timeout: float = CALL_S) -> DBusConnection:
    """A connection to the first of `addresses` that takes one, authenticated and greeted
    (Hello) within `timeout` each; raises BusUnreachable (a ConnectionError) saying what each
    address answered."""
    problems = []
    timed_out = False
    for address in addresses:
        try:
            return _open(address, timeout)
        except Exception as exc:  # no socket, refused, an address kind jeepney cannot use
            timed_out |= isinstance(exc, TimeoutError)
            problems.append(f"{address}: {exc or type(exc).__name__}")
    raise BusUnreachable("; ".join(problems) or "no address", timed_out=timed_out)


def _open(address: str, timeout: float) -> DBusConnection:
    """jeepney's open_dbus_connection bounds the authentication only: its connection then
    waits for the bus's answer to Hello with no limit. So the Hello is said on a thread, and
    a bus that does not answer in time has its socket shut, which ends the wait there."""
    sock = prep_socket(get_bus(address), timeout=timeout)
    # What is left of the authentication's limit would be the socket's; a whole `timeout`
    # for each send instead (a reply is waited for by select(), with the caller's limit).
    sock.settimeout(timeout)
    made: list[DBusConnection | BaseException] = []

    def hello() -> None:
        try:
            made.append(DBusConnection(sock))
        except BaseException as exc:  # handed to the caller below
            made.append(exc)

    greeter = threading.Thread(target=hello, name="D-Bus Hello", daemon=True)
    greeter.start()
    greeter.join(timeout)
    if greeter.is_alive():
        sock.shutdown(socket.SHUT_RDWR)
        greeter.join()
        sock.close()
        raise TimeoutError(f"the bus did not answer Hello in {timeout} s")
    [result] = made
    if isinstance(result, BaseException):
        sock.close()
        raise result
    return result


class Bus:
    """One bus, at the first of `addresses` that takes a connection."""

    def __init__(self, addresses: list[str]) -> None:
        self._addresses = addresses
        self._connection: DBusConnection | None = None

    def call(
        self,
        address: DBusAddress,
        method: str,
        returns: str,
        signature: str = "",
        body: tuple[Any, ...] = (),
    ) -> tuple[Any, ...]:
        """The reply's body, whose signature is `returns`; raises CallFailed."""
        return self._send(new_method_call(address, method, signature, body), returns)

    def property(self, address: DBusAddress, name: str, kind: str) -> Any:
        """A property's value, of the D-Bus type `kind`, by
        org.freedesktop.DBus.Properties.Get."""
        [(signature, value)] = self._send(Properties(address).get(name), "v")
        if signature != kind:
            raise CallFailed(f"{name} is of type {signature!r}, not {kind!r}")
        return value

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _send(self, message: Any, returns: str) -> tuple[Any, ...]:
        connection = self._connect()
        try:
            reply = connection.send_and_get_reply(message, timeout=CALL_S)
            body = tuple(unwrap_msg(reply))
        except DBusErrorResponse as exc:
            raise CallFailed(f"{exc.name}: {exc.data[0] if exc.data else ''}") from None
        except TimeoutError:
            raise CallFailed(f"no reply in {CALL_S} s", timed_out=True) from None
        except OSError as exc:
            self.close()  # a bus that went away: a new connection next time
            raise CallFailed(f"the bus closed ({exc})") from None
        # Callers unpack the body as the service's interface says it is; a service that
        # says otherwise is one that cannot tell.
        replied = reply.header.fields.get(HeaderFields.signature, "")
        if replied != returns:
            raise CallFailed(f"the reply was ({replied}), not ({returns})")
        return body

    def _connect(self) -> DBusConnection:
        if self._connection is None:
            try:
                self._connection = open_first(self._addresses)
            except BusUnreachable as exc:
                raise CallFailed(f"no bus ({exc})", timed_out=exc.timed_out) from None
        return self._connection
