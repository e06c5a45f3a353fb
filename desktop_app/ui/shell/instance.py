"""The running Supple's end of `handover`: a QLocalServer on the data folder's socket that takes
one request a connection, asks a handler for the reply and writes it back.

Claiming the socket cannot rely on listen() failing with "address in use": with
UserAccessOption, Qt binds in a temporary folder and renames the socket over the path, which
silently replaces a live instance's socket (measured with Qt 6.11). So we first connect: if a
Supple answers, it is the instance; if not, any file there was left by a crash and is removed.
A lock on the runtime folder keeps two Supples starting at once from both finding it free."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from desktop_app.handover import MAX_LINE, ProtocolError, Reply, Request, answers

log = logging.getLogger(__name__)

Handler = Callable[[Request], Reply]
IDLE_MS = 10_000  # a client that says nothing for this long is dropped


class InstanceError(Exception):
    """The socket cannot be listened on; the message says why."""


@contextlib.contextmanager
def _folder_lock(folder: Path) -> Iterator[None]:
    if sys.platform == "win32":  # no flock; and no Unix socket to claim either
        yield
        return
    import fcntl  # noqa: PLC0415 (Unix only)

    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)  # held for milliseconds: a probe and a listen
        yield
    finally:
        os.close(descriptor)  # which releases the lock


def _not_ready(_request: Request) -> Reply:
    return Reply(False, "Supple is still starting; try again in a moment")


class InstanceServer(QObject):
    """Listens for later Supples. `handler` answers each request; it may be set after listen(),
    since requests are read only once the event loop runs."""

    def __init__(self, handler: Handler | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.handler: Handler = handler or _not_ready
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)

    def listen(self, path: Path) -> bool:
        """Listen on `path`: True when listening, False when a live Supple already does (hand
        the request to it). InstanceError when the socket cannot be made."""
        with _folder_lock(path.parent):
            if answers(path):
                return False
            if path.exists() or path.is_symlink():
                log.info("instance: removed %s, left by a Supple that did not close", path)
                QLocalServer.removeServer(str(path))
            if not self._server.listen(str(path)):
                raise InstanceError(f"cannot listen on {path}: {self._server.errorString()}")
        log.info("instance: listening on %s", path)
        return True

    def close(self) -> None:
        """Stop listening (Qt removes the socket file) and drop any connection still open."""
        self._server.close()
        for child in self.children():
            if isinstance(child, _Connection):
                child.drop()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            if socket is not None:
                _Connection(socket, self._answer, self)

    def _answer(self, line: bytes) -> Reply:
        try:
            request = Request.decode(line)
        except ProtocolError as exc:
            log.warning("instance: ignored a request that is %s", exc)
            return Reply(False, f"not a request Supple understands: {exc}")
        try:
            return self.handler(request)
        except Exception as exc:  # the window carries on; the asker hears why
            log.exception("instance: the request %s failed", request)
            return Reply(False, f"the running Supple could not do it: {exc}")


class _Connection(QObject):
    """One client: read a line (at most MAX_LINE bytes), reply, close."""

    def __init__(self, socket: QLocalSocket, answer: Callable[[bytes], Reply], parent: QObject):
        super().__init__(parent)
        self._socket = socket
        socket.setParent(self)
        self._answer = answer
        self._buffer = b""
        self._done = False
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._timed_out)
        self._idle.start(IDLE_MS)
        socket.readyRead.connect(self._read)
        socket.disconnected.connect(self._closed)
        self._read()  # what arrived before we listened

    def _read(self) -> None:
        if self._done:
            return
        self._buffer += self._socket.read(MAX_LINE + 1 - len(self._buffer)).data()
        line, newline, _rest = self._buffer.partition(b"\n")
        if newline:
            self._finish(self._answer(line))
        elif len(self._buffer) > MAX_LINE:
            log.warning("instance: dropped a request longer than %d bytes", MAX_LINE)
            self.drop()

    def _finish(self, reply: Reply) -> None:
        self._done = True
        self._idle.stop()
        self._socket.write(reply.encode())
        self._socket.disconnectFromServer()  # after the reply is written

    def _timed_out(self) -> None:
        log.warning("instance: dropped a connection that sent no request in %d ms", IDLE_MS)
        self.drop()

    def drop(self) -> None:
        self._done = True
        self._idle.stop()
        self._socket.abort()
        self.deleteLater()

    def _closed(self) -> None:
        if not self._done and self._buffer:
            log.warning("instance: a client left in the middle of a request")
        # A probe (see handover.answers) connects and leaves without a word: nothing to say.
        self._done = True
        self._idle.stop()
        self.deleteLater()
