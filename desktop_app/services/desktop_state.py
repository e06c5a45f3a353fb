"""What the reminders ask of the desktop, in one place: the user's idle seconds and the reasons
not to interrupt that hold now. Built at start from the sources and checks that answer here
(`DesktopState.find`); one that stops answering later counts as "not known" (idle) or "not
holding" (a reason), said once in the log and again only after it answered in between.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence

from desktop_app.core.reminders import PRESENCE, Reason
from desktop_app.services.dbus_calls import Bus, session_bus_addresses, system_bus_addresses
from desktop_app.services.idle_time import IdleSource, IdleUnknown, find_idle_source
from desktop_app.services.interruptions import Check, CheckFailed, find_checks
from desktop_app.services.x11 import X11Display, X11Error

log = logging.getLogger(__name__)


class DesktopState:
    def __init__(
        self,
        idle: IdleSource | None,
        checks: Sequence[Check],
        closing: Sequence[Bus | X11Display] = (),
    ) -> None:
        """`closing`: the connections the sources and checks use, closed by close()."""
        self.idle_source = idle
        self.checks = list(checks)
        self._closing = list(closing)
        self._failing: set[str] = set()  # what said it cannot tell, until it answers again

    @classmethod
    def find(
        cls,
        display: str | None = None,
        session_bus: list[str] | None = None,
        system_bus: list[str] | None = None,
    ) -> DesktopState:
        """From what answers: the X display `display` (else $DISPLAY, if set), the session
        and system buses at these addresses (else the usual ones)."""
        x11 = None
        if display or os.environ.get("DISPLAY"):
            try:
                x11 = X11Display(display)
            except X11Error as exc:
                log.info("reminders: %s", exc)
        session = Bus(session_bus or session_bus_addresses())
        system = Bus(system_bus or system_bus_addresses())
        closing: list[Bus | X11Display] = [session, system, *([x11] if x11 else [])]
        return cls(find_idle_source(session, x11), find_checks(session, system, x11), closing)

    @property
    def idle_time_from(self) -> str | None:
        return self.idle_source.name if self.idle_source else None

    @property
    def reasons_checked(self) -> frozenset[Reason]:
        return frozenset(check.reason for check in self.checks)

    def idle_seconds(self) -> float | None:
        """None where idle time is not known (here, or now)."""
        if self.idle_source is None:
            return None
        try:
            seconds = self.idle_source.idle_seconds()
        except IdleUnknown as exc:
            self._failed(self.idle_source.name, str(exc))
            return None
        self._failing.discard(self.idle_source.name)
        return seconds

    def reasons(self, wanted: frozenset[Reason] = frozenset(Reason)) -> frozenset[Reason]:
        """Which of the `wanted` reasons hold now, as far as the scheduler needs to know: the
        checks are asked cheapest first, and stop once a reason that shows the user is there
        holds (whatever else holds, the reminder waits and the user is not away)."""
        holding: set[Reason] = set()
        for check in self.checks:
            if check.reason in holding or check.reason not in wanted:
                continue
            try:
                if check.holds():
                    holding.add(check.reason)
            except CheckFailed as exc:
                self._failed(check.name, str(exc))
                continue
            self._failing.discard(check.name)
            if holding & PRESENCE:
                break
        return frozenset(holding)

    def close(self) -> None:
        for connection in self._closing:
            connection.close()

    def _failed(self, name: str, why: str) -> None:
        if name not in self._failing:
            self._failing.add(name)
            log.warning("reminders: %s cannot tell now (%s)", name, why)
