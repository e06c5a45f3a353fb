"""Waiting on the speech threads without fixed sleeps: poll a condition, give up after WAIT."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

WAIT = 10.0  # the longest a test waits on a thread or a process; only a failing test waits so long


def wait_until(predicate: Callable[[], bool], what: str) -> None:
    """For state with no condition variable to wait on: polls every few milliseconds."""
    tick = threading.Event()
    deadline = time.monotonic() + WAIT
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        tick.wait(0.005)
