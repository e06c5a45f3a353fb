"""The log file: rotating, so it never grows without bound."""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

MAX_BYTES = 1_000_000
BACKUPS = 3


class LogFile(RotatingFileHandler):
    """A log that cannot be written (a full disk) says so once, in one line, and then stays
    quiet: logging's own report is a traceback for every record."""

    said = False

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
