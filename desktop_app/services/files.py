"""Writing the user's files so that a failure never leaves half of one, keeping a broken file
aside under a new name instead of deleting it, and reading a JSON file of records."""

from __future__ import annotations

import json
import math
import os
import stat
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from desktop_app.core.records import RecordError
from desktop_app.core.regular_file import FileRefused, read_regular_file


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path`: a crash leaves either the old file or the new one, never half."""
    write_atomic_with(path, lambda handle: handle.write(text))


def write_atomic_bytes(path: Path, data: bytes) -> None:
    """write_atomic for a picture to share: with the mode the umask gives a new file, or the
    one the file it replaces had (the others are private, 0600, as health data should be)."""
    _write_atomic(path, lambda handle: handle.write(data), binary=True, shared=True)


def write_atomic_with(path: Path, fill: Callable[[TextIO], object]) -> None:
    """Let `fill` write the new file, then put it in place as write_atomic does."""
    _write_atomic(path, fill, binary=False)


def _write_atomic(
    path: Path, fill: Callable[[Any], object], *, binary: bool, shared: bool = False
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)  # 0600
    try:
        if shared:
            os.chmod(fd, _shared_mode(path))
        opened = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        with opened as handle:
            fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # make the rename itself durable
    finally:
        os.close(directory)


def _shared_mode(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0o022)  # read it: the only way there is
        os.umask(umask)
        return 0o666 & ~umask


def aside_path(path: Path, label: str, now: datetime) -> Path:
    """A free name beside `path` for keeping it, e.g. `history.sqlite3.damaged-20261121-0930`."""
    stamp = now.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.{label}-{stamp}")
    number = 1
    while aside.exists():
        number += 1
        aside = path.with_name(f"{path.name}.{label}-{stamp}-{number}")
    return aside


def move_aside(path: Path, label: str, now: datetime) -> Path:
    """Keep `path` under a free name beside it (never deleted); where it went. Raises
    OSError."""
    aside = aside_path(path, label, now)
    path.rename(aside)
    return aside


def json_loads(text: str) -> Any:
    """json.loads, but an integer too long for Python to convert (over 4300 digits) reads as
    infinite, which every field's check then refuses by name, instead of failing the file."""
    return json.loads(text, parse_int=_whole_number)


def _whole_number(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        return math.inf


# Far more than any history: ten years of daily sessions make about 20 MB.
MAX_JSON_BYTES = 512 * 1024 * 1024


def read_json_list(
    path: Path, expected: str, *, other: Callable[[bytes], str | None] | None = None
) -> list[Any]:
    """The list a JSON file holds; raises RecordError naming the file and what is wrong
    (`expected` says what the list should be; `other`, given the bytes of a file that is not
    JSON, may say what it is instead)."""
    try:
        raw = read_regular_file(path, MAX_JSON_BYTES)
    except FileRefused as exc:
        raise RecordError(str(exc)) from None
    except OSError as exc:
        raise RecordError(f"{path}: cannot read it: {exc.strerror}") from None
    try:
        data = json_loads(raw.decode("utf-8-sig"))  # with or without a BOM
    except UnicodeDecodeError:
        raise RecordError(f"{path}: not a JSON file (it is not text)") from None
    except (ValueError, RecursionError) as exc:
        instead = other(raw) if other is not None else None
        raise RecordError(f"{path}: {instead or f'not a JSON file: {exc}'}") from None
    if not isinstance(data, list):
        raise RecordError(f"{path}: expected {expected}")
    return data
