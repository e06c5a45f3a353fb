"""The driver's one timer: re-armed for the countdown's next tenth (so every whole second lands
on a tick), and stopped whenever nothing can fall due."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.engine import EventKind, SessionStatus, State
from desktop_app.core.model import Position, Sides
from desktop_app.core.plan import build_plan
from desktop_app.ui.session.driver import FRAME, SessionDriver, delay_to_next_frame
from tests.core.builders import routine, step, stretch

SEATED = Position.SEATED  # where a session starts: no time added to get there


@pytest.mark.parametrize(
    ("remaining", "delay"),
    [(30.0, 0.1), (29.95, 0.05), (25.7, 0.1), (0.1, 0.1), (0.04, 0.04), (3.0001, 0.0001)],
)
def test_the_delay_reaches_the_next_tenth(remaining, delay):
    assert delay_to_next_frame(remaining) == pytest.approx(delay, abs=1e-9)


@given(st.integers(min_value=1, max_value=3_600_000_000))
def test_a_tick_never_jumps_over_a_whole_second(microseconds):
    remaining = microseconds / 1_000_000
    delay = delay_to_next_frame(remaining)
    assert 0 < delay <= FRAME + 1e-9
    # No whole second lies strictly between now and the tick.
    assert math.floor(remaining - 1e-9) <= remaining - delay + 1e-9


@pytest.fixture
def driver(qtbot, clock):
    made = SessionDriver(clock)
    yield made
    made.stop()


def plan(hold=5.0):
    return build_plan(
        routine(step(stretch(sided=False, position=SEATED)), hold=hold, prepare=0, rest=0)
    )


def test_no_session_no_timer(driver):
    assert driver.armed is None
    assert not driver.running


def test_digits_change_on_the_tick_that_lands_on_the_second(driver, clock):
    shown = []
    driver.frame.connect(lambda: shown.append((clock.now(), driver.engine.remaining())))
    driver.start(plan(hold=3))
    start = clock.now()
    while driver.armed is not None:
        clock.advance(driver.armed)
        driver.tick()
    whole_seconds = {round(now - start, 6) for now, _ in shown if (now - start) % 1 < 1e-6}
    assert whole_seconds == {0.0, 1.0, 2.0, 3.0}
    assert len(shown) == 31  # the start, then every tenth of a second to the end


def test_the_timer_stops_when_paused_and_restarts_on_resume(driver, clock):
    driver.start(plan())
    driver.toggle_pause()
    assert driver.engine.state is State.PAUSED and driver.armed is None
    driver.toggle_pause()
    assert driver.armed == pytest.approx(0.1)


def test_a_finished_session_leaves_no_timer_and_reports_its_summary(qtbot, driver, clock):
    driver.start(plan(hold=2))
    with qtbot.waitSignal(driver.finished) as finished:
        while driver.armed is not None:
            clock.advance(driver.armed)
            driver.tick()
    assert finished.args[0].status is SessionStatus.COMPLETED
    assert not driver.running


def test_events_arrive_in_order_with_the_switch(driver, clock):
    kinds = []
    driver.happened.connect(lambda event: kinds.append(event.kind))
    driver.start(build_plan(routine(step(stretch()), hold=2, prepare=0, switch=1, rest=0)))
    while driver.armed is not None:
        clock.advance(driver.armed)
        driver.tick()
    assert kinds.count(EventKind.SWITCH_SIDES) == 1
    assert kinds[0] is EventKind.SESSION_STARTED and kinds[-1] is EventKind.SESSION_FINISHED


def test_a_long_gap_between_ticks_pauses_instead_of_racing_ahead(driver, clock):
    driver.start(plan(hold=60))
    clock.advance(120)  # the machine slept
    driver.tick()
    assert driver.engine.state is State.PAUSED and driver.armed is None


def test_one_session_at_a_time(driver):
    driver.start(plan())
    with pytest.raises(RuntimeError):
        driver.start(plan())


def test_a_one_sided_routine_runs_one_side(driver, clock):
    driver.start(build_plan(routine(step(stretch(), sides=Sides.LEFT), hold=2, prepare=0)))
    sides = {driver.engine.current.side}
    while driver.armed is not None:
        clock.advance(driver.armed)
        driver.tick()
        if driver.engine.current is not None:
            sides.add(driver.engine.current.side)
    assert {s.value for s in sides} == {"left"}
