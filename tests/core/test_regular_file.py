"""Only a regular file is read, and only up to a limit: a named pipe, a device or a socket is
refused at once with its kind named, never waited on nor read to the end."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop_app.core.regular_file import FileRefused, FileTooLarge, read_regular_file
from tests.bounded import make_socket, run_python

# The reader in a bounded child: a wrong one would wait for ever on a pipe, or fill the memory.
READ = """
import sys
from pathlib import Path
from desktop_app.core.regular_file import FileRefused, read_regular_file
try:
    read_regular_file(Path(sys.argv[1]), 1024)
except FileRefused as exc:
    print(type(exc).__name__, exc)
else:
    print("read")
"""


@pytest.mark.parametrize(
    ("make", "why"),
    [
        (os.mkfifo, "a named pipe (FIFO), not a regular file"),
        (lambda path: path.symlink_to("/dev/zero"), "a device, not a regular file"),
        (make_socket, "a socket, not a regular file"),
        (lambda path: path.mkdir(), "a folder, not a file"),
    ],
    ids=["fifo", "dev-zero", "socket", "folder"],
)
def test_anything_but_a_regular_file_is_refused_at_once_by_its_kind(tmp_path: Path, make, why):
    path = tmp_path / "x.toml"
    make(path)
    done = run_python(READ, str(path))
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"FileRefused {path}: {why}\n"


def test_a_regular_file_and_a_link_to_one_are_read_to_the_limit(tmp_path: Path):
    path = tmp_path / "r.toml"
    path.write_bytes(b"x" * 1024)
    (tmp_path / "link.toml").symlink_to(path)
    assert read_regular_file(path, 1024) == b"x" * 1024
    assert read_regular_file(tmp_path / "link.toml", 1024) == b"x" * 1024


def test_a_file_over_the_limit_is_refused_naming_the_limit(tmp_path: Path):
    path = tmp_path / "big.json"
    path.write_bytes(b"x" * 1025)
    with pytest.raises(FileTooLarge) as caught:
        read_regular_file(path, 1024)
    assert str(caught.value) == f"{path}: too large (Supple reads at most 1024 bytes)"
    path.write_bytes(b"x" * (2 * 1024 * 1024 + 1))
    with pytest.raises(FileTooLarge, match=r"at most 2 MB\)$"):
        read_regular_file(path, 2 * 1024 * 1024)


def test_a_file_that_says_it_is_empty_is_still_read_no_further_than_the_limit():
    # /proc's files have a size of 0 and any length; the limit holds all the same.
    with pytest.raises(FileTooLarge):
        read_regular_file(Path("/proc/self/maps"), 16)


def test_a_missing_file_is_an_os_error_not_a_refusal(tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        read_regular_file(tmp_path / "none.toml", 1024)
    assert issubclass(FileRefused, OSError)  # callers that say "cannot read" say this too
