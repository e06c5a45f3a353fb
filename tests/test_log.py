"""The log file: a log that cannot be written says so once and never in a traceback."""

from __future__ import annotations

import logging

from desktop_app.log import LogFile


class FullDisk:
    def write(self, _text: str) -> int:
        raise OSError(28, "No space left on device")

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass


def test_a_log_that_cannot_be_written_says_so_once_in_one_line(tmp_path, capsys):
    handler = LogFile(tmp_path / "supple.log", encoding="utf-8")
    handler.stream.close()
    handler.stream = FullDisk()  # type: ignore[assignment]
    logger = logging.getLogger("test_log.full")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        for n in range(3):
            logger.error("record %d", n)
    finally:
        logger.removeHandler(handler)
        handler.close()
    err = capsys.readouterr().err
    assert err == (
        f"supple: cannot write the log {tmp_path / 'supple.log'}: "
        "[Errno 28] No space left on device\n"
    )
