"""The log file: a log that cannot be written says so once and never in a traceback."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

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


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_log_is_for_the_user_alone_whatever_the_umask(tmp_path):
    old = os.umask(0o000)  # the loosest a user may set: a new file would be 0666
    try:
        handler = LogFile(tmp_path / "supple.log", maxBytes=50, backupCount=2, encoding="utf-8")
    finally:
        os.umask(old)
    logger = logging.getLogger("test_log.private")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        for n in range(5):  # past maxBytes: the log rolls over to a new file
            logger.error("record number %d of several", n)
    finally:
        logger.removeHandler(handler)
        handler.close()
    assert (tmp_path / "supple.log.1").exists()
    logs = sorted(tmp_path.glob("supple.log*"))
    assert [mode(log) for log in logs] == [0o600] * len(logs)


def test_a_log_an_older_supple_left_readable_is_made_private(tmp_path):
    log = tmp_path / "supple.log"
    log.write_text("an older line\n")
    log.chmod(0o644)
    handler = LogFile(log, encoding="utf-8")
    handler.close()
    assert mode(log) == 0o600
    assert log.read_text() == "an older line\n"  # appended to, never emptied


def test_supple_without_a_data_dir_logs_into_folders_only_the_user_enters(tmp_path):
    # The platform's folders, here under a home of the test's own (the case the attack found:
    # 0644 in 0755 folders there, where --data-dir was already private).
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "SUPPLE_"))}
    done = subprocess.run(
        [sys.executable, "-m", "desktop_app", "routines"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
        env={**env, "HOME": str(home)},
    )
    assert done.returncode == 0, done.stderr
    [log] = home.glob("**/supple.log")
    assert mode(log) == 0o600
    assert mode(log.parent) == 0o700
