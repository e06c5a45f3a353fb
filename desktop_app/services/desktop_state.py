"""What the reminders ask of the desktop, in one place: the user's idle seconds and the reasons
not to interrupt that hold now. Built at start from the sources and checks that answer here
(`DesktopState.find`); one that stops answering later, or fails in a way not foreseen, counts
as "not known" (idle) or "not holding" (a reason), said once in the log and again only after
it answered in between. One that did not answer in time (a hung service or command) is not
asked again for REST_S, then for twice as long after each further time out, up to
LONGEST_REST_S: the checks run on the GUI thread, and a hung one would cost every tick.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from desktop_app.core.clock import Clock, MonotonicClock
from desktop_app.core.reminders import PRESENCE, Reason
from desktop_app.services.dbus_calls import Bus, session_bus_addresses, system_bus_addresses
from desktop_app.services.idle_time import IdleSource, IdleUnknown, find_idle_source
from desktop_app.services.interruptions import Check, CheckFailed, find_checks
from desktop_app.services.x11 import X11Display, X11Error

log = logging.getLogger(__name__)

REST_S = 600.0
LONGEST_REST_S = 3600.0


@dataclass
class _Rest:
    until: float
    length: float


class DesktopState:
    def __init__(
        self,
        idle: IdleSource | None,
        checks: Sequence[Check],
        closing: Sequence[Bus | X11Display] = (),
        clock: Clock | None = None,
    ) -> None:
        """`closing`: the connections the sources and checks use, closed by close();
        `clock`: for how long one that did not answer rests (else the real clock)."""
        self.idle_source = idle
        self.checks = list(checks)
        self._closing = list(closing)
        self._now = (clock or MonotonicClock()).now
        self._failing: set[str] = set()  # what said it cannot tell, until it answers again
        self._resting: dict[str, _Rest] = {}  # what did not answer in time, by name

    @classmethod
    def find(
        cls,
        display: str | None = None,
        session_bus: list[str] | None = None,
        system_bus: list[str] | None = None,
        environ: Mapping[str, str] | None = None,
        clock: Clock | None = None,
    ) -> DesktopState:
        """From what answers: the X display `display` (else $DISPLAY, if set), the session
        and system buses at these addresses (else the usual ones). `environ`: the session's
        environment (else this process's), which tells Wayland and KDE apart."""
        env = os.environ if environ is None else environ
        x11 = None
        if env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE") == "wayland":
            # XWayland sees only X clients' input and windows: its idle time grows while the
            # user types in Wayland ones, and an X connection would start GNOME's on-demand
            # XWayland (and end Supple with it if it crashed).
            log.info("reminders: a Wayland session; nothing asked of X")
        elif display or env.get("DISPLAY"):
            try:
                x11 = X11Display(display or env.get("DISPLAY"))
            except X11Error as exc:
                log.info("reminders: %s", exc)
        kde = "KDE" in env.get("XDG_CURRENT_DESKTOP", "").upper().split(":")
        session = Bus(session_bus or session_bus_addresses())
        system = Bus(system_bus or system_bus_addresses())
        closing: list[Bus | X11Display] = [session, system, *([x11] if x11 else [])]
        now = (clock or MonotonicClock()).now
        return cls(
            find_idle_source(session, x11, screen_saver=kde),
            find_checks(session, system, x11, now),
            closing,
            clock,
        )

    @property
    def idle_time_from(self) -> str | None:
        return self.idle_source.name if self.idle_source else None

    @property
    def reasons_checked(self) -> frozenset[Reason]:
        return frozenset(check.reason for check in self.checks)

    def idle_seconds(self) -> float | None:
        """None where idle time is not known (here, or now)."""
        source = self.idle_source
        if source is None or self._rests(source.name):
            return None
        try:
            seconds = source.idle_seconds()
        except Exception as exc:  # IdleUnknown, or a failure not foreseen: cannot tell
            self._failed(source.name, exc)
            return None
        self._answered(source.name)
        return seconds

    def reasons(self, wanted: frozenset[Reason] = frozenset(Reason)) -> frozenset[Reason]:
        """Which of the `wanted` reasons hold now, as far as the scheduler needs to know: the
        checks are asked cheapest first, and stop once a reason that shows the user is there
        holds (whatever else holds, the reminder waits and the user is not away)."""
        holding: set[Reason] = set()
        for check in self.checks:
            if check.reason in holding or check.reason not in wanted or self._rests(check.name):
                continue
            try:
                if check.holds():
                    holding.add(check.reason)
            except Exception as exc:  # CheckFailed, or a failure not foreseen: cannot tell
                self._failed(check.name, exc)
                continue
            self._answered(check.name)
            if holding & PRESENCE:
                break
        return frozenset(holding)

    def close(self) -> None:
        for connection in self._closing:
            connection.close()

    def _rests(self, name: str) -> bool:
        rest = self._resting.get(name)
        return rest is not None and self._now() < rest.until

    def _answered(self, name: str) -> None:
        self._failing.discard(name)
        self._resting.pop(name, None)

    def _failed(self, name: str, exc: Exception) -> None:
        why = str(exc) if isinstance(exc, IdleUnknown | CheckFailed) else repr(exc)
        if isinstance(exc, IdleUnknown | CheckFailed) and exc.timed_out:
            last = self._resting.get(name)
            length = min(2 * last.length, LONGEST_REST_S) if last else REST_S
            self._resting[name] = _Rest(self._now() + length, length)
            why += f"; not asked again for {length / 60:.0f} min"
        else:  # it answered, if only with an error: asked as usual
            self._resting.pop(name, None)
        if name not in self._failing:
            self._failing.add(name)
            log.warning("reminders: %s cannot tell now (%s)", name, why)
