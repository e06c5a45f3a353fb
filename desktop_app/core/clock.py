"""Where the time comes from: injected everywhere so that tests never sleep."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds on a clock that never goes backwards; only differences mean anything."""
        ...

    def wall(self) -> datetime:
        """The local date and time with its UTC offset, for records a person reads."""
        ...


def _boot_time() -> float:
    # CLOCK_BOOTTIME keeps counting while the machine is suspended, so the engine sees the
    # gap and pauses; CLOCK_MONOTONIC (time.monotonic on Linux) would stop during suspend.
    return time.clock_gettime(time.CLOCK_BOOTTIME)


class MonotonicClock:
    """The real clock."""

    def __init__(self) -> None:
        self._source = _boot_time if hasattr(time, "CLOCK_BOOTTIME") else time.monotonic

    def now(self) -> float:
        return self._source()

    def wall(self) -> datetime:
        return datetime.now().astimezone()


class FakeClock:
    """A clock that moves only when told to. Time is kept in whole microseconds so that any
    number of small steps adds up exactly."""

    def __init__(
        self,
        start: float = 1000.0,
        wall_start: datetime = datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
    ) -> None:
        self._us = round(start * 1_000_000)
        self._start_us = self._us
        self._wall_start = wall_start

    def now(self) -> float:
        return self._us / 1_000_000

    def wall(self) -> datetime:
        return self._wall_start + timedelta(microseconds=self._us - self._start_us)

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError(f"a clock cannot go back ({seconds} s)")
        self._us += round(seconds * 1_000_000)

    def set(self, when: float) -> None:
        """Move to an absolute time, never backwards."""
        self.advance(when - self.now())
