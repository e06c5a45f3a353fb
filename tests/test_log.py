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


def test_a_bug_in_a_log_call_is_not_said_to_be_the_disk(tmp_path, capsys):
    handler = LogFile(tmp_path / "supple.log", encoding="utf-8")
    logger = logging.getLogger("test_log.bug")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        logger.error("two numbers: %d %d", 1)  # noqa: PLE1206 (the bug under test)
        handler.stream.close()
        handler.stream = FullDisk()  # type: ignore[assignment]
        logger.error("then the disk fills")
    finally:
        logger.removeHandler(handler)
        handler.close()
    err = capsys.readouterr().err
    assert "--- Logging error ---" in err  # logging's own report of the bad call
    assert err.count("supple: cannot write the log") == 1
    assert err.endswith("[Errno 28] No space left on device\n")
