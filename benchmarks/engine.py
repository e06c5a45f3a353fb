"""Does the session engine keep time?

1. A 45-minute session with random pauses on a fake clock, ticked every 100 ms.
2. A 60-second session on the real monotonic clock, driven by a 100 ms tick loop.

For each it prints, as JSON, the largest lateness of any event against the time it was due (how
long after its due time a tick delivered it), and the drift at the end: when the session ended
minus when it should have (start + planned seconds + seconds paused).

    python -m benchmarks.engine [--seed N] [--real-seconds S]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import replace

from desktop_app.core.catalogue import load_catalogue
from desktop_app.core.clock import Clock, FakeClock, MonotonicClock
from desktop_app.core.engine import Event, EventKind, SessionEngine, State
from desktop_app.core.model import Routine, RoutineStep, Timing
from desktop_app.core.plan import Plan, build_plan
from desktop_app.resources import assets_dir

TICK = 0.1


def long_plan(minutes: float) -> Plan:
    """The full lower-back routine, each stretch repeated until it lasts `minutes`."""
    routine = load_catalogue(assets_dir(), None).routines["full-lower-back"]
    repeat = 1
    while build_plan(_repeated(routine, repeat)).total_seconds < minutes * 60:
        repeat += 1
    return build_plan(_repeated(routine, repeat))


def _repeated(routine: Routine, repeat: int) -> Routine:
    return replace(routine, steps=tuple(replace(s, repeat=repeat) for s in routine.steps))


def short_plan(seconds: float) -> Plan:
    """The Big 3 twice with short lead-ins, holds sized so the whole lasts `seconds`: many
    boundaries in little time."""
    routine = load_catalogue(assets_dir(), None).routines["big-three"]
    timing = Timing(prepare=1, switch=1, rest=1)

    def plan_with(hold: float) -> Plan:
        steps = tuple(RoutineStep(s.stretch, hold) for s in routine.steps) * 2
        return build_plan(Routine("bench", "Bench", steps, timing))

    holds = 2 * len(routine.steps) * 2  # sides per step, steps, twice
    fixed = plan_with(1.0).total_seconds - holds
    return plan_with(max(1.0, (seconds - fixed) / holds))


def measure(plan: Plan, clock: Clock, wait, pauses: list[tuple[float, float]]) -> dict[str, float]:
    """Tick every TICK seconds (through `wait`) until the session ends; pause as scripted:
    pauses are (at seconds into the session, for seconds)."""
    engine = SessionEngine(plan, clock)
    start = clock.now()
    events: list[tuple[float, Event]] = [(start, e) for e in engine.start()]
    pending = sorted(pauses)
    next_tick = start
    while engine.state is not State.FINISHED:
        next_tick += TICK
        wait(next_tick)
        now = clock.now()
        if pending and now - start >= pending[0][0] and engine.state is State.RUNNING:
            _, length = pending.pop(0)
            events += [(now, e) for e in engine.pause()]
            next_tick += length
            wait(next_tick)
            events += [(clock.now(), e) for e in engine.resume()]
        else:
            events += [(clock.now(), e) for e in engine.tick()]
    end = next(e.due for _, e in events if e.kind is EventKind.SESSION_FINISHED)
    delivered_end = next(t for t, e in events if e.kind is EventKind.SESSION_FINISHED)
    lateness = [t - e.due for t, e in events]
    paused_total = sum(e.due for _, e in events if e.kind is EventKind.RESUMED) - sum(
        e.due for _, e in events if e.kind is EventKind.PAUSED
    )
    return {
        "planned_s": round(plan.total_seconds, 3),
        "paused_s": round(paused_total, 3),
        "pauses": len(pauses) - len(pending),
        "events": len(events),
        "max_event_lateness_ms": round(max(lateness) * 1000, 3),
        "end_drift_ms": round((end - (start + plan.total_seconds + paused_total)) * 1000, 6) + 0.0,
        "end_delivered_late_ms": round((delivered_end - end) * 1000, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--real-seconds", type=float, default=60.0)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    fake = FakeClock()
    plan = long_plan(45)
    pauses = [(rng.uniform(0, plan.total_seconds), rng.uniform(2, 120)) for _ in range(20)]
    fake_result = measure(plan, fake, fake.set, pauses)

    real = MonotonicClock()

    def sleep_until(when: float) -> None:
        time.sleep(max(0.0, when - real.now()))

    real_plan = short_plan(args.real_seconds)
    real_pauses = [(args.real_seconds / 3, 1.3), (args.real_seconds * 2 / 3, 0.7)]
    real_result = measure(real_plan, real, sleep_until, real_pauses)
    print(
        json.dumps(
            {
                "tick_ms": TICK * 1000,
                "fake_clock_45_min": fake_result,
                "monotonic_clock": real_result,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
