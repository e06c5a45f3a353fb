"""A private D-Bus session bus for tests that use real D-Bus clients and services.

`private_bus(folder)` starts a `dbus-daemon` that listens on a socket in `folder`, activates
nothing and lets everyone own any name (but the ones it is told to refuse), and yields its
address; it ends the daemon afterwards.
`read_line` waits (bounded) for a child process to say something on a pipe, so a service that
never starts fails the test instead of hanging it.
"""

from __future__ import annotations

import select
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pytest

STARTUP_SECONDS = 20.0  # for a daemon or a service to say it is ready

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>{refused}
  </policy>
</busconfig>
"""


def read_line(stream: IO[str], what: str) -> str:
    ready, _, _ = select.select([stream], [], [], STARTUP_SECONDS)
    if not ready:
        raise RuntimeError(f"{what} said nothing in {STARTUP_SECONDS} s")
    return stream.readline().strip()


@contextmanager
def private_bus(folder: Path, refused: tuple[str, ...] = ()) -> Iterator[str]:
    """A private session bus; skips the test where `dbus-daemon` is not installed. `refused`:
    names no one may own on it (as a sandbox's bus refuses them)."""
    daemon_path = shutil.which("dbus-daemon")
    if daemon_path is None:
        pytest.skip("dbus-daemon is not installed")
    config = folder / "bus.conf"
    denied = "".join(f'\n    <deny own="{name}"/>' for name in refused)
    config.write_text(BUS_CONFIG.format(socket=folder / "socket", refused=denied), encoding="utf-8")
    daemon = subprocess.Popen(
        [daemon_path, f"--config-file={config}", "--print-address", "--nofork"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # it says it cannot raise its file limit; no matter
        text=True,
    )
    try:
        assert daemon.stdout is not None
        yield read_line(daemon.stdout, "dbus-daemon")
    finally:
        daemon.terminate()
        daemon.wait(timeout=10)
        if daemon.stdout is not None:
            daemon.stdout.close()
