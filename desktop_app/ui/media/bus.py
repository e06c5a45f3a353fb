"""A session bus connection that never holds up the GUI thread.

jeepney rather than QtDBus: QtDBus types a call only from the other side's description, and
cannot export properties whose types (an object path and int64s inside a dict of variants)
a Python value does not spell; jeepney takes every signature as written. The connection is
opened on a short-lived thread (authenticating and saying Hello to a hung bus would block),
then belongs to the GUI thread: the Qt event loop watches its socket with a QSocketNotifier,
so calls to Supple and answers to its own calls are read when they arrive, with no thread
polling. The socket is non-blocking: Supple's own calls and its answers are written at once,
their replies come back to a callback, and a bus too hung to take them is given up.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable

from jeepney import HeaderFields, Message, MessageType
from jeepney.io.blocking import DBusConnection
from PySide6.QtCore import QObject, QSocketNotifier, Signal

from desktop_app.services.dbus_calls import open_first, session_bus_addresses

CONNECT_S = 2.0  # the longest the opening thread waits for the bus to authenticate us
# On the opening thread, so a slow bus may take longer than a call from the GUI thread would.
connect_first = functools.partial(open_first, timeout=CONNECT_S)

Handler = Callable[[Message], None]
Opener = Callable[[list[str]], DBusConnection]


class SessionBus(QObject):
    """One connection of Supple's own. `open()` starts connecting; `opened` or `unavailable`
    (with why) follows on the GUI thread. Method calls made to Supple go to `on_call`. A
    connection that breaks (the bus quit, or hung) is closed and `lost` says why; whoever uses
    the bus decides whether to open it again. `opener` makes the connection on the opening
    thread (`connect_first` of `addresses`; tests pass one they can hold back)."""

    opened = Signal()
    unavailable = Signal(str)
    lost = Signal(str)
    _connected = Signal(object, str, int)  # from the opening thread: connection or why, attempt

    def __init__(
        self,
        addresses: list[str] | None = None,
        parent: QObject | None = None,
        opener: Opener = connect_first,
    ) -> None:
        super().__init__(parent)
        self._addresses = addresses if addresses is not None else session_bus_addresses()
        self._opener = opener
        self._bus: DBusConnection | None = None
        self._watch: QSocketNotifier | None = None
        self._opening = False
        # Counts opens and closes: a connection made for an attempt that a close() has ended
        # since (Supple quit while the bus authenticated) is closed, never adopted.
        self._attempt = 0
        self._replies: dict[int, tuple[Handler | None, Handler | None]] = {}
        self.on_call: Handler = lambda _message: None
        self._connected.connect(self._take)

    @property
    def is_open(self) -> bool:
        return self._bus is not None

    def open(self) -> None:
        """Connect, unless connected or connecting already."""
        if self._bus is not None or self._opening:
            return
        self._opening = True
        self._attempt += 1
        threading.Thread(
            target=self._connect, args=(self._attempt,), name="supple-bus", daemon=True
        ).start()

    def _connect(self, attempt: int) -> None:  # on the opening thread
        try:
            bus, why = self._opener(self._addresses), ""
        except Exception as exc:
            bus, why = None, str(exc) or type(exc).__name__
        try:
            self._connected.emit(bus, why, attempt)
        except RuntimeError:  # this object was deleted meanwhile (Supple is quitting)
            if bus is not None:
                bus.close()

    def _take(self, bus: DBusConnection | None, why: str, attempt: int) -> None:
        if attempt != self._attempt:  # closed while it was opening
            if bus is not None:
                bus.close()
            return
        self._opening = False
        if bus is None:
            self.unavailable.emit(f"no session bus ({why})")
            return
        # Never wait on the socket: a bus that stops reading (hung) fills the socket's buffer,
        # and a send that cannot go out at once is a lost bus, not a frozen window.
        bus.sock.setblocking(False)
        self._bus = bus
        self._watch = QSocketNotifier(bus.sock.fileno(), QSocketNotifier.Type.Read, self)
        self._watch.activated.connect(self._read)
        self.opened.emit()
        self._read()  # anything that came with Hello's answer

    def call(
        self, message: Message, on_reply: Handler | None = None, on_error: Handler | None = None
    ) -> int | None:
        """Send a method call; its reply (or error) goes to the callbacks when it comes. Its
        serial, or None when it could not be sent (no connection)."""
        serial = self.send(message)
        if serial is not None and (on_reply or on_error):
            self._replies[serial] = (on_reply, on_error)
        return serial

    def send(self, message: Message) -> int | None:
        """Send a message without waiting (a local socket takes it at once; one that cannot
        means the bus has hung, and the connection is given up); its serial, or None when
        there is no connection."""
        if self._bus is None:
            return None
        try:
            serial: int = next(self._bus.outgoing_serial)
            self._bus.send(message, serial=serial)
        except OSError as exc:
            self._lost(exc)
            return None
        return serial

    def _read(self) -> None:
        while (bus := self._bus) is not None:  # a handler may close it
            try:
                message = bus.receive(timeout=0)
            except TimeoutError:  # nothing more for now
                return
            except OSError as exc:
                self._lost(exc)
                return
            self._dispatch(message)

    def _dispatch(self, message: Message) -> None:
        kind = message.header.message_type
        if kind is MessageType.method_call:
            self.on_call(message)
            return
        if kind not in (MessageType.method_return, MessageType.error):
            return  # a signal: nothing Supple listens to
        serial = message.header.fields.get(HeaderFields.reply_serial)
        on_reply, on_error = self._replies.pop(serial, (None, None))
        handler = on_error if kind is MessageType.error else on_reply
        if handler is not None:
            handler(message)

    def _lost(self, exc: OSError) -> None:
        self.close()
        self.lost.emit(f"the session bus went away ({exc or type(exc).__name__})")

    def close(self) -> None:
        """Close the connection, or give up the one being opened."""
        self._attempt += 1
        self._opening = False
        if self._watch is not None:
            self._watch.setEnabled(False)
            self._watch.deleteLater()
            self._watch = None
        bus, self._bus = self._bus, None
        self._replies.clear()
        if bus is not None:
            bus.close()
