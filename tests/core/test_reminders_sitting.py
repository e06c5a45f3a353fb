"""The scheduler's sitting time and its reasons not to interrupt, on the fake clock: idle for
the break length is a natural break and a fresh count; a due reminder waits while a reason
holds and comes once, as soon as none does. The idle seconds and the reasons are what the
desktop's probes would say at each tick, given as the driver gives them."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.clock import FakeClock
from desktop_app.core.reminders import (
    AIM_AT_LEAST,
    HELD_POLL,
    MAX_WAIT,
    MISSED_AFTER,
    PRESENCE,
    Change,
    Mode,
    Reason,
    ReminderOutcome,
    ReminderRules,
    ReminderScheduler,
    answers_text,
    status_text,
)

MINUTE = 60.0


def at(hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(2026, 1, 5, hour, minute, second)  # the fake clock's Monday


class Desk:
    """The user at the machine, as the probes see them: when they last touched it, and what
    holds now. `asked` counts how often the reasons were asked for."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.last_input = clock.now()
        self.holding: frozenset[Reason] = frozenset()
        self.asked = 0

    def touch(self) -> None:
        self.last_input = self.clock.now()

    def idle(self) -> float:
        return self.clock.now() - self.last_input

    def reasons(self, wanted: frozenset[Reason]) -> frozenset[Reason]:
        self.asked += 1
        return self.holding & wanted


def tick(scheduler: ReminderScheduler, desk: Desk) -> Change | None:
    return scheduler.tick(desk.idle(), desk.reasons)


def run(scheduler: ReminderScheduler, desk: Desk, seconds: float, *, typing: bool) -> list:
    """Tick as the driver does (at next_tick, at least every minute) for `seconds`; the user
    types all along when `typing`. Returns (local time, change) for each change."""
    clock = desk.clock
    end = clock.now() + seconds
    changes = []
    while clock.now() < end - 1e-6:
        wait = scheduler.next_tick()
        step = MINUTE if wait is None else min(max(wait, 1e-3), MINUTE)
        clock.advance(min(step, end - clock.now()))
        if typing:
            desk.touch()
        change = tick(scheduler, desk)
        if change is not None:
            changes.append((clock.wall().replace(tzinfo=None), change))
    return changes


@pytest.fixture
def desk(clock) -> Desk:
    return Desk(clock)


def test_time_away_is_a_natural_break_and_the_count_starts_when_the_user_is_back(clock, desk):
    scheduler = ReminderScheduler(clock, ReminderRules(interval_minutes=35, break_minutes=5))
    assert run(scheduler, desk, 20 * MINUTE, typing=True) == []
    # Coffee: twelve minutes without a key; the fifth minute makes it a break.
    changes = run(scheduler, desk, 12 * MINUTE, typing=False)
    assert changes == [(at(9, 25), Change.NATURAL_BREAK)]
    assert scheduler.status().mode is Mode.AWAY
    assert status_text(scheduler.status(), clock.wall()).startswith("You are away")
    desk.touch()  # back at 9:32
    tick(scheduler, desk)
    assert scheduler.status().mode is Mode.WAITING
    assert scheduler.status().at == at(10, 7)
    # 9:35, when the old count would have been due, brings nothing.
    changes = run(scheduler, desk, 35 * MINUTE, typing=True)
    assert [change for _, change in changes] == [Change.OFFERED]
    assert changes[0][0] == at(10, 7)


def test_the_count_starts_from_the_moment_of_return_even_if_seen_late(clock, desk):
    scheduler = ReminderScheduler(clock, ReminderRules(interval_minutes=30, break_minutes=5))
    run(scheduler, desk, 10 * MINUTE, typing=False)  # away
    clock.advance(20)
    desk.touch()  # back at 9:10:20, seen at the next tick, 40 s later
    clock.advance(40)
    tick(scheduler, desk)
    assert scheduler.status().at == at(9, 40, 20)


def test_idle_shorter_than_the_break_keeps_the_count(clock, desk):
    scheduler = ReminderScheduler(clock, ReminderRules(interval_minutes=35, break_minutes=5))
    run(scheduler, desk, 10 * MINUTE, typing=True)
    assert run(scheduler, desk, 4 * MINUTE, typing=False) == []  # reading a page
    changes = run(scheduler, desk, 21 * MINUTE, typing=True)
    assert changes == [(at(9, 35), Change.OFFERED)]


def test_without_idle_time_the_plain_count(clock):
    scheduler = ReminderScheduler(clock, ReminderRules(interval_minutes=35))
    for _ in range(35):
        clock.advance(MINUTE)
        change = scheduler.tick(None)
    assert change is Change.OFFERED


def test_a_due_reminder_waits_for_the_microphone_and_comes_once_after(clock, desk):
    scheduler = ReminderScheduler(clock, ReminderRules(interval_minutes=35))
    run(scheduler, desk, 30 * MINUTE, typing=True)
    desk.holding = frozenset({Reason.MICROPHONE})  # a call begins at 9:30
    assert run(scheduler, desk, 20 * MINUTE, typing=True) == []
    status = scheduler.status()
    assert (status.mode, status.reason) == (Mode.HELD, Reason.MICROPHONE)
    assert status_text(status, clock.wall()) == (
        "Time for a break, waiting: the microphone is in use"
    )
    assert scheduler.next_tick() == HELD_POLL
    desk.holding = frozenset()  # the call ends
    changes = run(scheduler, desk, 5 * MINUTE, typing=True)
    assert changes == [(at(9, 51), Change.OFFERED)]  # at the next look, once
    assert scheduler.delayed_by is Reason.MICROPHONE


def test_the_first_reason_is_kept_and_the_tray_names_the_one_holding_now(clock, desk):
    scheduler = ReminderScheduler(clock, ReminderRules(interval_minutes=35))
    desk.holding = frozenset({Reason.CAMERA, Reason.MICROPHONE})
    run(scheduler, desk, 36 * MINUTE, typing=True)
    assert scheduler.status().reason is Reason.MICROPHONE
    desk.holding = frozenset({Reason.FULL_SCREEN})
    run(scheduler, desk, 1 * MINUTE, typing=True)
    assert scheduler.status().reason is Reason.FULL_SCREEN
    desk.holding = frozenset()
    run(scheduler, desk, 1 * MINUTE, typing=True)
    assert scheduler.offered
    assert scheduler.delayed_by is Reason.MICROPHONE


def test_an_offer_on_time_is_not_delayed(clock, desk):
    scheduler = ReminderScheduler(clock, ReminderRules(interval_minutes=35))
    run(scheduler, desk, 35 * MINUTE, typing=True)
    assert scheduler.offered and scheduler.delayed_by is None


def test_a_reason_switched_off_does_not_hold(clock, desk):
    rules = ReminderRules(interval_minutes=35, wait_for=frozenset(Reason) - {Reason.FULL_SCREEN})
    scheduler = ReminderScheduler(clock, rules)
    desk.holding = frozenset({Reason.FULL_SCREEN})
    assert [c for _, c in run(scheduler, desk, 35 * MINUTE, typing=True)] == [Change.OFFERED]


def test_the_reasons_are_asked_only_when_a_reminder_is_due(clock, desk):
    scheduler = ReminderScheduler(clock, ReminderRules(interval_minutes=35))
    run(scheduler, desk, 34 * MINUTE, typing=True)
    assert desk.asked == 0
    desk.holding = frozenset({Reason.DO_NOT_DISTURB})
    run(scheduler, desk, 1 * MINUTE + 10 * HELD_POLL, typing=True)
    assert desk.asked == 11  # at 9:35, then at every look while it waits


@pytest.mark.parametrize("reason", sorted(PRESENCE, key=lambda r: r.value))
def test_idle_in_a_call_or_a_film_is_sitting_not_a_break(clock, desk, reason):
    scheduler = ReminderScheduler(clock, ReminderRules(interval_minutes=35, break_minutes=5))
    desk.holding = frozenset({reason})
    changes = run(scheduler, desk, 50 * MINUTE, typing=False)  # a film, hands off the keys
    assert changes == []
    assert scheduler.status().mode is Mode.HELD
    desk.holding = frozenset()
    desk.touch()
    assert [c for _, c in run(scheduler, desk, MINUTE, typing=True)] == [Change.OFFERED]


def test_do_not_disturb_alone_does_not_show_the_user_is_there(clock, desk):
    scheduler = ReminderScheduler(clock, ReminderRules(interval_minutes=35, break_minutes=5))
    desk.holding = frozenset({Reason.DO_NOT_DISTURB})
    changes = run(scheduler, desk, 36 * MINUTE, typing=False)
    assert changes == [(at(9, 5), Change.NATURAL_BREAK)]


def test_a_held_reminder_is_dropped_by_time_away(clock, desk):
    scheduler = ReminderScheduler(clock, ReminderRules(interval_minutes=35, break_minutes=5))
    desk.holding = frozenset({Reason.DO_NOT_DISTURB})
    run(scheduler, desk, 40 * MINUTE, typing=True)
    assert scheduler.status().mode is Mode.HELD
    changes = run(scheduler, desk, 6 * MINUTE, typing=False)
    assert [c for _, c in changes] == [Change.NATURAL_BREAK]
    desk.holding = frozenset()
    desk.touch()
    assert run(scheduler, desk, 30 * MINUTE, typing=True) == []


def test_a_sleep_of_the_break_length_is_a_natural_break(clock, desk):
    scheduler = ReminderScheduler(clock, ReminderRules(interval_minutes=35, break_minutes=5))
    assert run(scheduler, desk, 20 * MINUTE, typing=True) == []
    clock.advance(20 * MINUTE)  # the lid closed at 9:20, opened at 9:40: no tick between
    desk.touch()
    assert tick(scheduler, desk) is Change.NATURAL_BREAK
    assert scheduler.status().at == at(10, 15)  # counted from the return
    changes = run(scheduler, desk, 35 * MINUTE, typing=True)
    assert changes == [(at(10, 15), Change.OFFERED)]


def test_a_sleep_in_quiet_hours_is_no_natural_break(clock, desk):
    scheduler = ReminderScheduler(clock, ReminderRules(interval_minutes=35, break_minutes=5))
    run(scheduler, desk, 9 * 60 * MINUTE, typing=True)  # to 18:00: quiet from then
    clock.advance(15 * 60 * MINUTE)  # asleep overnight, woken at 9:00 on Tuesday
    desk.touch()
    assert tick(scheduler, desk) is None


def test_idle_in_a_call_is_sitting_though_its_switch_is_off(clock, desk):
    rules = ReminderRules(interval_minutes=35, wait_for=frozenset(Reason) - {Reason.MICROPHONE})
    scheduler = ReminderScheduler(clock, rules)
    desk.holding = frozenset({Reason.MICROPHONE})  # an hour's call, hands off the keys
    changes = run(scheduler, desk, 60 * MINUTE, typing=False)
    # not held by it, and no break at 9:05: the offer nobody answered is taken back
    assert changes == [(at(9, 35), Change.OFFERED), (at(9, 45), Change.MISSED)]


class StoppingDesk(Desk):
    """As the desktop's probes ask: they stop looking once a reason that shows the user is
    there holds, so of the `wanted` reasons only those up to the first such are told."""

    def reasons(self, wanted: frozenset[Reason]) -> frozenset[Reason]:
        told: set[Reason] = set()
        for reason in sorted(self.holding & wanted, key=lambda r: r.value, reverse=True):
            told.add(reason)
            if reason in PRESENCE:
                break
        self.asked += 1
        return frozenset(told)


def test_a_reason_switched_on_holds_though_one_switched_off_shows_presence(clock):
    desk = StoppingDesk(clock)
    rules = ReminderRules(interval_minutes=35, wait_for=frozenset({Reason.DO_NOT_DISTURB}))
    scheduler = ReminderScheduler(clock, rules)
    desk.holding = frozenset({Reason.FULL_SCREEN, Reason.DO_NOT_DISTURB})  # a film, and DND
    assert run(scheduler, desk, 40 * MINUTE, typing=False) == []
    assert scheduler.status().reason is Reason.DO_NOT_DISTURB


def test_a_reason_that_never_ends_holds_the_reminder_for_an_hour_at_most(clock, desk):
    scheduler = ReminderScheduler(clock, ReminderRules(interval_minutes=35))
    desk.holding = frozenset({Reason.DO_NOT_DISTURB})  # left on all day
    assert run(scheduler, desk, 35 * MINUTE, typing=True) == []
    status = scheduler.status()
    assert (status.mode, status.at) == (Mode.HELD, at(10, 35))
    changes = run(scheduler, desk, MAX_WAIT, typing=True)
    assert changes == [(at(10, 35), Change.OFFERED)]
    assert scheduler.delayed_by is Reason.DO_NOT_DISTURB


def test_an_absence_just_over_the_break_length_is_seen(clock, desk):
    scheduler = ReminderScheduler(clock, ReminderRules(interval_minutes=35, break_minutes=5))
    run(scheduler, desk, 10 * MINUTE, typing=True)  # ticks on the minute, the last at 9:10
    desk.last_input = clock.now() + 30  # the user types on until 9:10:30
    back = clock.now() + 5 * MINUTE + 40  # then is away for 5 min 10 s, to 9:15:40
    changes = []
    while clock.now() < back + MINUTE:  # ticking as the driver does
        step = scheduler.next_tick()
        clock.advance(MINUTE if step is None else min(step, MINUTE))
        if clock.now() >= back:
            desk.last_input = max(desk.last_input, back)
        if change := tick(scheduler, desk):
            changes.append((clock.wall().replace(tzinfo=None), change))
    assert changes == [(at(9, 15, 30), Change.NATURAL_BREAK)]


def test_the_look_for_the_break_length_is_never_sooner_than_a_few_seconds(clock, desk):
    scheduler = ReminderScheduler(clock, ReminderRules(interval_minutes=35, break_minutes=5))
    run(scheduler, desk, 10 * MINUTE, typing=True)
    desk.last_input -= 5 * MINUTE - 1  # idle a second short of the break at the next tick
    tick(scheduler, desk)
    assert scheduler.next_tick() == AIM_AT_LEAST


def test_answers_text_counts_natural_breaks():
    counts = dict.fromkeys(ReminderOutcome, 0)
    counts[ReminderOutcome.STARTED] = 2
    counts[ReminderOutcome.NATURAL_BREAK] = 3
    assert answers_text(counts, 7, delayed=1) == (
        "Sit-break reminders in the last 7 days: 2 taken, 0 snoozed, 0 skipped, 0 missed, "
        "1 waited for a call, a film or do-not-disturb to end; 3 natural breaks away from the "
        "desk."
    )


# -- the properties ----------------------------------------------------------------------------

REASON_SETS = st.frozensets(st.sampled_from(list(Reason)))


@settings(max_examples=80, deadline=None)
@given(
    interval=st.integers(10, 60),
    break_minutes=st.integers(1, 10),
    wait_for=REASON_SETS,
    steps=st.lists(
        st.tuples(
            # seconds to the next tick: mostly as the driver ticks, sometimes a sleep
            st.one_of(st.floats(1, MINUTE), st.floats(1, MINUTE), st.floats(1, 15 * MINUTE)),
            st.one_of(st.none(), st.floats(0, 20 * MINUTE)),  # idle then (None: unknown)
            REASON_SETS,  # what holds then
            st.sampled_from(["leave", "skip", "snooze"]),  # what is done with an offer
        ),
        max_size=120,
    ),
)
def test_no_reminder_is_offered_while_a_reason_holds_unless_it_waited_the_most(
    interval, break_minutes, wait_for, steps
):
    clock = FakeClock()
    rules = ReminderRules(interval_minutes=interval, break_minutes=break_minutes, wait_for=wait_for)
    scheduler = ReminderScheduler(clock, rules)
    for seconds, idle, holding, answer in steps:
        before = scheduler.status()
        clock.advance(seconds)
        change = scheduler.tick(idle, lambda wanted, holding=holding: holding & wanted)
        if change is Change.OFFERED and holding & wait_for:
            # it waited, and for MAX_WAIT since it was due: the latest time the tray showed
            assert before.mode is Mode.HELD and before.seconds is not None
            assert seconds >= before.seconds
            assert scheduler.delayed_by is not None
        if scheduler.offered and answer != "leave":
            scheduler.answer(
                ReminderOutcome.SKIPPED if answer == "skip" else ReminderOutcome.SNOOZED
            )


@settings(max_examples=60, deadline=None)
@given(
    # held for under MAX_WAIT (a look every HELD_POLL)
    held=st.lists(
        st.frozensets(st.sampled_from(list(Reason)), min_size=1),
        min_size=1,
        max_size=int(MAX_WAIT // HELD_POLL) - 1,
    ),
    after=st.integers(1, int(MISSED_AFTER // HELD_POLL) - 1),  # the offer is not missed yet
)
def test_a_reminder_that_waited_is_offered_once_when_the_reasons_end(held, after):
    clock = FakeClock()
    scheduler = ReminderScheduler(clock, ReminderRules(interval_minutes=35))
    for _ in range(34):  # ticked every minute until it is due
        clock.advance(MINUTE)
        assert scheduler.tick(0.0) is None
    clock.advance(MINUTE)
    changes = []
    for holding in held:  # the user is at the machine all along: idle 0
        changes.append(scheduler.tick(0.0, lambda wanted, holding=holding: holding & wanted))
        clock.advance(HELD_POLL)
    for _ in range(after):  # nothing holds from now on, the offer left open
        changes.append(scheduler.tick(0.0))
        clock.advance(HELD_POLL)
    assert [c for c in changes if c is not None] == [Change.OFFERED]
    assert changes[len(held)] is Change.OFFERED  # at the first tick with nothing holding
    assert scheduler.delayed_by is min(held[0], key=list(Reason).index)
