"""Running code that hangs or fills the memory when it is wrong (a named pipe read, /dev/zero
read to the end) in a child process with a time limit and a memory limit: a failing test then
fails, in seconds, instead of hanging the run or the machine."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECONDS = 60  # far more than any of these takes; only a failing test waits so long
MEMORY = 2 * 1024**3  # bytes of address space: plenty for Python, far less than /dev/zero

_PROLOGUE = f"import resource\nresource.setrlimit(resource.RLIMIT_AS, ({MEMORY}, {MEMORY}))\n"


def run_python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `code` with `args` in a bounded child Python; its environment is this test's."""
    return subprocess.run(
        [sys.executable, "-c", _PROLOGUE + code, *args],
        capture_output=True,
        text=True,
        timeout=SECONDS,
        check=False,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def run_supple(*argv: str) -> subprocess.CompletedProcess[str]:
    """The `supple` command, bounded."""
    return run_python(
        "import sys\nfrom desktop_app.cli import main\nsys.exit(main(sys.argv[1:]))", *argv
    )


def make_socket(path: Path) -> None:
    """A socket file at `path`, as a program listening on it leaves (closed, it stays)."""
    with socket.socket(socket.AF_UNIX) as bound:
        bound.bind(str(path))
