"""Reading a file the user names or leaves in one of Supple's folders: only a regular file, and
only up to a limit. A named pipe waits for a writer for ever, a device such as /dev/zero never
ends, a socket cannot be read at all: each is refused with a reason instead. In core, not in
services, because the content's loading reads its files here too."""

from __future__ import annotations

import os
import stat
from pathlib import Path

# Not on every system (Windows has neither); there, no file waits when opened.
_NO_WAIT = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


class FileRefused(OSError):
    """The file was not read; `strerror` says why, as words to follow the file's name."""

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(None, why, str(path))

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"


class FileTooLarge(FileRefused):
    """A regular file over the limit: the user's, perhaps, to be kept rather than replaced."""


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path` (a link to one is followed). Raises FileRefused
    for anything else, FileTooLarge for more than `limit`
    bytes, and OSError when it cannot be read."""
    _check(path, os.stat(path).st_mode)  # so a device is never even opened
    # Without waiting: a named pipe put in its place since then would wait for a writer.
    descriptor = os.open(path, os.O_RDONLY | _NO_WAIT)
    with open(descriptor, "rb") as handle:
        found = os.fstat(descriptor)
        _check(path, found.st_mode)
        # The size first, so a huge file is never read; then at most one byte past the limit,
        # for a file that grows, or says it is empty (/proc).
        if found.st_size > limit or len(data := handle.read(limit + 1)) > limit:
            raise FileTooLarge(path, f"too large (Supple reads at most {_amount(limit)})")
    return data


def _check(path: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise FileRefused(path, "a folder, not a file")
    if stat.S_ISFIFO(mode):
        what = "a named pipe (FIFO)"
    elif stat.S_ISSOCK(mode):
        what = "a socket"
    else:  # what is left once links are followed: a character or block device
        what = "a device"
    raise FileRefused(path, f"{what}, not a regular file")


def _amount(size: int) -> str:
    mib = 1024 * 1024
    return f"{size // mib} MB" if size >= mib and size % mib == 0 else f"{size} bytes"
