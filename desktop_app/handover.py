"""One Supple at a time per data folder: what a second `supple` says to the running one, and the
client that says it. The running one listens with Qt (`ui/shell/instance.py`); the protocol is
one line of JSON each way:

    request  {"show": true}                         bring the window forward
             {"start": "<routine id or .toml path>"}  start that routine there (and come forward)
    reply    {"ok": true, "message": "..."}  or  {"ok": false, "message": "..."}

The client is a plain AF_UNIX socket rather than QLocalSocket (which would work without a
QCoreApplication, measured): a handed-over `supple` then never loads Qt, which costs about 140 ms
to import. On Unix, QLocalServer listens on an ordinary Unix socket at the path it is given."""

from __future__ import annotations

import json
import logging
import os
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from desktop_app.core.model import Routine
from desktop_app.exit_codes import EXIT_FAILURE, EXIT_OK
from desktop_app.paths import AppPaths, RuntimeDirError

log = logging.getLogger(__name__)

MAX_LINE = 16 * 1024  # bytes, the newline included: an absolute path fits many times over
REPLY_TIMEOUT_MS = 5000  # the running window may be busy for a moment (loading routines)
PROBE_TIMEOUT_S = 1.0


class ProtocolError(Exception):
    """A line that is not a request or reply of this protocol; the message says what is wrong."""


def _decode(line: bytes) -> dict[str, Any]:
    if len(line) > MAX_LINE:
        raise ProtocolError(f"longer than {MAX_LINE} bytes")
    try:
        value = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        raise ProtocolError("not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise ProtocolError(f"not JSON ({exc.msg} at character {exc.pos})") from None
    if not isinstance(value, dict):
        raise ProtocolError(f"a JSON {type(value).__name__}, not an object")
    return value


def _encode(value: dict[str, Any]) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8") + b"\n"


@dataclass(frozen=True)
class Request:
    """What a later `supple` asks: start a routine (an id, or an absolute .toml path) and come
    forward, or with `start` None only come forward."""

    start: str | None = None

    def encode(self) -> bytes:
        return _encode({"start": self.start} if self.start is not None else {"show": True})

    @classmethod
    def decode(cls, line: bytes) -> Request:
        value = _decode(line)
        start = value.get("start")
        if isinstance(start, str) and start:
            return cls(start)
        if start is None and value.get("show") is True:
            return cls()
        raise ProtocolError('neither {"show": true} nor {"start": "<routine>"}')


@dataclass(frozen=True)
class Reply:
    ok: bool
    message: str = ""

    def encode(self) -> bytes:
        return _encode({"ok": self.ok, "message": self.message})

    @classmethod
    def decode(cls, line: bytes) -> Reply:
        value = _decode(line)
        ok, message = value.get("ok"), value.get("message", "")
        if not isinstance(ok, bool) or not isinstance(message, str):
            raise ProtocolError('not {"ok": true|false, "message": "..."}')
        return cls(ok, message)


def routine_reference(routine: Routine) -> str:
    """How to name a routine to another process: a built-in one by id, the others by their file,
    made absolute because the other process has its own working folder."""
    if routine.source == "built-in":
        return routine.id
    return str(Path(routine.source).absolute())


def answers(path: Path) -> bool:
    """Does a live Supple listen at `path`? A socket file left by a crash refuses connections.
    The kernel accepts for a listener whose window is busy, so this never waits on it."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(PROBE_TIMEOUT_S)
        try:
            probe.connect(os.fspath(path))
        except OSError:
            return False
    return True


def hand_over(path: Path, request: Request, timeout_ms: int = REPLY_TIMEOUT_MS) -> Reply | None:
    """Ask the Supple listening at `path`. Its reply, or None when none answers: no socket, one
    left by a crash, or a listener that says nothing sensible in time (logged)."""
    deadline = time.monotonic() + timeout_ms / 1000
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(timeout_ms / 1000)
            conn.connect(os.fspath(path))
            conn.sendall(request.encode())
            line = _read_line(conn, deadline)
        return Reply.decode(line)
    except (FileNotFoundError, ConnectionRefusedError):
        return None  # nobody there: this process carries on alone
    except (OSError, ProtocolError) as exc:  # TimeoutError is an OSError
        log.warning("instance: no usable answer from %s: %s", path, exc)
        return None


def _read_line(conn: socket.socket, deadline: float) -> bytes:
    data = b""
    while b"\n" not in data:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("no reply in time")
        conn.settimeout(remaining)
        chunk = conn.recv(4096)
        if not chunk:
            raise ProtocolError("the connection closed before a reply")
        data += chunk
        if len(data) > MAX_LINE:
            raise ProtocolError(f"a reply longer than {MAX_LINE} bytes")
    return data.split(b"\n", 1)[0]


def hand_over_to_running(
    paths: AppPaths, routine: Routine | None, out: TextIO, err: TextIO
) -> int | None:
    """Give the window, or the routine, to a Supple already running on the same data: the exit
    code once it answered, or None when none did (this process opens its own window)."""
    try:
        socket = paths.instance_socket()
    except RuntimeDirError as exc:
        print(f"supple: {exc}; not looking for a running Supple", file=err)
        return None
    reply = hand_over(socket, Request(routine_reference(routine) if routine else None))
    if reply is None:
        return None
    if not reply.ok:
        print(f"supple: {reply.message}", file=err)
        return EXIT_FAILURE
    # --quit-when-done means nothing here: the running Supple stays, as it was started.
    if routine is None:
        print("supple: brought the running Supple forward", file=out)
    else:
        print(f"supple: the running Supple started '{routine.name}'", file=out)
    return EXIT_OK
