"""The log file: rotating, so it never grows without bound, and for the user's eyes alone:
0600, in a folder only the user may enter (AppPaths.ensure). Health data is never logged
(ids and counts only), but a log is where mistakes end up."""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

MAX_BYTES = 1_000_000
BACKUPS = 3


class LogFile(RotatingFileHandler):
    """A log that cannot be written (a full disk) says so once, in one line, and then stays
    quiet: logging's own report is a traceback for every record."""

    said = False

    def _open(self) -> io.TextIOWrapper:
        # Made 0600 whatever the umask, and a log an older Supple left readable is closed too.
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with contextlib.suppress(OSError):  # a disk without modes (FAT): its folder says so
            os.chmod(self.baseFilename, 0o600)
        return open(descriptor, "a", encoding=self.encoding, errors=self.errors)

    def handleError(self, record: logging.LogRecord) -> None:
        error = sys.exc_info()[1]
        if not isinstance(error, OSError):  # a bug in a log call: logging's own report
            super().handleError(record)
            return
        if not self.said and sys.stderr is not None:  # with stderr closed, print goes to stdout
            self.said = True
            print(f"supple: cannot write the log {self.baseFilename}: {error}", file=sys.stderr)


def setup_logging(log_file: Path, level: int = logging.INFO) -> None:
    handler = LogFile(log_file, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, RotatingFileHandler)]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(level)
