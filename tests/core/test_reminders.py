"""The reminder scheduler on the fake clock: the interval, snooze, pauses, quiet hours and
weekends, sleep gaps and sessions in between. The fake clock starts on Monday 5 January 2026
at 9:00 (UTC)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, tzinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.clock import FakeClock
from desktop_app.core.reminders import (
    MISSED_AFTER,
    Change,
    Mode,
    Reminded,
    ReminderOutcome,
    ReminderRules,
    ReminderScheduler,
    break_ended,
    status_text,
)

MINUTE = 60.0
HEARTBEAT = 60.0  # how often the tray's driver ticks at most


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A local time in January 2026 (the scheduler's times have no offset)."""
    return datetime(2026, 1, day, hour, minute)


def clock_at(when: datetime) -> FakeClock:
    return FakeClock(wall_start=when.replace(tzinfo=UTC))


def run(scheduler: ReminderScheduler, clock: FakeClock, seconds: float) -> list[tuple]:
    """Tick as the driver does, at each next_tick() but at least every HEARTBEAT, and not at
    all while next_tick() is None (in a session, or off); returns (local time, change) for
    every change."""
    end = clock.now() + seconds
    changes = []
    while clock.now() < end - 1e-6:  # the fake clock keeps whole microseconds
        wait = scheduler.next_tick()
        if wait is None:
            clock.set(end)
            break
        clock.advance(min(max(min(wait, HEARTBEAT), 1e-3), end - clock.now()))
        change = scheduler.tick()
        if change is not None:
            changes.append((clock.wall().replace(tzinfo=None), change))
    return changes


def offers(changes) -> list[datetime]:
    return [when for when, change in changes if change is Change.OFFERED]


def test_the_first_reminder_comes_one_interval_after_start(clock):
    scheduler = ReminderScheduler(clock, ReminderRules())
    changes = run(scheduler, clock, 34 * MINUTE)
    assert changes == []
    assert scheduler.status().mode is Mode.WAITING
    assert scheduler.next_tick() == pytest.approx(MINUTE)
    assert offers(run(scheduler, clock, MINUTE)) == [at(5, 9, 35)]
    assert scheduler.offered


def test_skipping_counts_again_from_the_answer(clock):
    scheduler = ReminderScheduler(clock, ReminderRules(interval_minutes=20))
    run(scheduler, clock, 20 * MINUTE)
    run(scheduler, clock, 3 * MINUTE)  # the user looks at it for three minutes
    scheduler.answer(ReminderOutcome.SKIPPED)
    assert offers(run(scheduler, clock, 25 * MINUTE)) == [at(5, 9, 43)]


def test_snooze_offers_again_after_the_snooze(clock):
    scheduler = ReminderScheduler(clock, ReminderRules(snooze_minutes=10))
    run(scheduler, clock, 35 * MINUTE)
    scheduler.answer(ReminderOutcome.SNOOZED)
    assert scheduler.status().seconds == pytest.approx(10 * MINUTE)
    changes = run(scheduler, clock, 10 * MINUTE)
    assert offers(changes) == [at(5, 9, 45)]
    scheduler.answer(ReminderOutcome.SKIPPED)  # after a snooze, the full interval again
    assert scheduler.status().seconds == pytest.approx(35 * MINUTE)


def test_an_unanswered_offer_is_missed_and_the_count_starts_again(clock):
    scheduler = ReminderScheduler(clock, ReminderRules())
    run(scheduler, clock, 35 * MINUTE)
    assert scheduler.next_tick() == pytest.approx(MISSED_AFTER)
    changes = run(scheduler, clock, MISSED_AFTER)
    assert changes == [(at(5, 9, 45), Change.MISSED)]
    assert not scheduler.offered
    assert offers(run(scheduler, clock, 35 * MINUTE)) == [at(5, 10, 20)]


def test_a_session_holds_reminders_and_counts_from_its_end(clock):
    scheduler = ReminderScheduler(clock, ReminderRules())
    run(scheduler, clock, 30 * MINUTE)
    scheduler.session_started()
    assert scheduler.next_tick() is None
    assert run(scheduler, clock, 50 * MINUTE) == []  # a long session: no reminder in it
    assert scheduler.status().mode is Mode.IN_SESSION
    scheduler.session_ended()
    assert offers(run(scheduler, clock, 35 * MINUTE)) == [at(5, 10, 55)]


def test_starting_a_session_from_the_offer(clock):
    scheduler = ReminderScheduler(clock, ReminderRules())
    run(scheduler, clock, 35 * MINUTE)
    scheduler.answer(ReminderOutcome.STARTED)
    scheduler.session_started()
    run(scheduler, clock, 3 * MINUTE)
    scheduler.session_ended()
    assert scheduler.status().at == at(5, 10, 13)


def test_pause_for_half_an_hour_then_the_count_starts_again(clock):
    scheduler = ReminderScheduler(clock, ReminderRules())
    run(scheduler, clock, 20 * MINUTE)
    scheduler.pause_for(30 * MINUTE)
    status = scheduler.status()
    assert (status.mode, status.at) == (Mode.PAUSED, at(5, 9, 50))
    assert scheduler.next_tick() == pytest.approx(30 * MINUTE)
    assert offers(run(scheduler, clock, 30 * MINUTE + 35 * MINUTE)) == [at(5, 10, 25)]


def test_pause_is_ended_by_resume(clock):
    scheduler = ReminderScheduler(clock, ReminderRules())
    scheduler.pause_for(60 * MINUTE)
    run(scheduler, clock, 10 * MINUTE)
    scheduler.resume()
    assert scheduler.status().at == at(5, 9, 45)


def test_pause_until_tomorrow_lasts_to_the_start_of_tomorrows_hours(clock):
    scheduler = ReminderScheduler(clock, ReminderRules())
    run(scheduler, clock, 60 * MINUTE)
    scheduler.pause_until_tomorrow()
    assert scheduler.paused_until == at(6, 9)
    changes = run(scheduler, clock, 23 * 60 * MINUTE + 36 * MINUTE)
    assert offers(changes) == [at(6, 9, 35)]


def test_quiet_hours_hold_reminders_and_the_count_starts_with_the_hours():
    clock = clock_at(at(5, 17, 30))
    scheduler = ReminderScheduler(clock, ReminderRules())
    assert offers(run(scheduler, clock, 30 * MINUTE)) == []
    status = scheduler.status()
    assert (status.mode, status.at) == (Mode.QUIET, at(6, 9))
    changes = run(scheduler, clock, 15 * 60 * MINUTE + 36 * MINUTE)
    assert offers(changes) == [at(6, 9, 35)]


def test_weekends_are_quiet_unless_chosen():
    friday_evening = at(9, 17, 0)
    clock = clock_at(friday_evening)
    scheduler = ReminderScheduler(clock, ReminderRules(interval_minutes=30))
    changes = run(scheduler, clock, 3 * 24 * 60 * MINUTE)
    # Friday's (missed: nobody answers here), then none until Monday
    assert offers(changes)[:2] == [at(9, 17, 30), at(12, 9, 30)]

    clock = clock_at(friday_evening)
    rules = ReminderRules(interval_minutes=30, weekends=True)
    scheduler = ReminderScheduler(clock, rules)
    saturday = [w for w in offers(_answered(scheduler, clock, 3 * 24 * 60)) if w.day == 10]
    assert saturday[0] == at(10, 9, 30)


def _answered(scheduler: ReminderScheduler, clock: FakeClock, minutes: int) -> list[tuple]:
    """Run, skipping each offer as it comes."""
    changes = []
    for _ in range(minutes):
        for change in run(scheduler, clock, MINUTE):
            changes.append(change)
            if change[1] is Change.OFFERED:
                scheduler.answer(ReminderOutcome.SKIPPED)
    return changes


def test_hours_across_midnight_for_a_night_shift():
    rules = ReminderRules(active_from=time(22), active_until=time(6), weekends=True)
    assert not rules.quiet(at(5, 23))
    assert not rules.quiet(at(6, 5, 59))
    assert rules.quiet(at(6, 6))
    assert rules.quiet(at(6, 12))
    assert rules.quiet_until(at(6, 12)) == at(6, 22)
    # "Until tomorrow" in the small hours of Monday night's shift: until Tuesday night's.
    assert rules.tomorrow(at(6, 2)) == at(6, 22)
    assert rules.tomorrow(at(5, 23)) == at(6, 22)


def test_a_friday_night_shift_is_no_weekend():
    rules = ReminderRules(active_from=time(22), active_until=time(6))
    assert not rules.quiet(at(10, 2))  # Saturday 2:00 belongs to Friday night
    assert rules.quiet(at(10, 23))  # Saturday night
    assert rules.quiet(at(12, 2))  # Monday 2:00 belongs to Sunday night
    assert rules.quiet_until(at(10, 23)) == at(12, 22)


def test_all_day_reminders_start_again_at_midnight_after_a_weekend():
    for rules in (ReminderRules(hours_only=False), ReminderRules(active_until=time(9))):
        assert rules.quiet_until(at(10, 12)) == at(12, 0)
        assert rules.tomorrow(at(5, 15)) == at(6, 0)


class _Berlin(tzinfo):
    """Central European time with the 2026 change to summer time (29 March, 1:00 UTC)."""

    SWITCH = datetime(2026, 3, 29, 1, 0)

    def utcoffset(self, when: datetime | None) -> timedelta:
        assert when is not None
        utc = when.replace(tzinfo=None) - timedelta(hours=1)
        return timedelta(hours=2 if utc >= self.SWITCH else 1)

    def dst(self, when: datetime | None) -> timedelta:
        return self.utcoffset(when) - timedelta(hours=1)

    def fromutc(self, when: datetime) -> datetime:
        summer = when.replace(tzinfo=None) >= self.SWITCH
        return (when + timedelta(hours=2 if summer else 1)).replace(tzinfo=self)


class BerlinClock(FakeClock):
    """The fake clock with a wall that reads local time in Berlin, across the change."""

    def wall(self) -> datetime:
        return super().wall().astimezone(_Berlin())


def test_until_tomorrow_ends_at_9_on_the_wall_after_the_clocks_go_forward():
    saturday_afternoon = datetime(2026, 3, 28, 13, 0, tzinfo=UTC)  # 14:00 in Berlin
    clock = BerlinClock(wall_start=saturday_afternoon)
    scheduler = ReminderScheduler(clock, ReminderRules(weekends=True))
    scheduler.pause_until_tomorrow()
    assert scheduler.paused_until == datetime(2026, 3, 29, 9, 0)
    changes = run(scheduler, clock, (18 * 60 + 36) * MINUTE)  # to 7:36 UTC, 9:36 in Berlin
    # 9:00 in summer time is 7:00 UTC: the pause ends then, and the count starts.
    [first] = offers(changes)
    assert first == datetime(2026, 3, 29, 9, 35)


def test_without_quiet_hours_reminders_come_all_day():
    rules = ReminderRules(hours_only=False)
    assert not rules.quiet(at(5, 3))
    assert rules.quiet(at(10, 12))  # Saturday
    assert rules.quiet_until(at(10, 12)) == at(12, 0)


def test_a_sleep_longer_than_the_interval_is_a_break_not_a_backlog(clock):
    scheduler = ReminderScheduler(clock, ReminderRules())
    run(scheduler, clock, 30 * MINUTE)
    clock.advance(2 * 60 * MINUTE)  # the lid was closed: no tick for two hours
    assert scheduler.tick() is Change.NATURAL_BREAK  # no backlog of reminders
    assert scheduler.status().at == at(5, 12, 5)


def test_a_long_session_is_no_sleep(clock):
    scheduler = ReminderScheduler(clock, ReminderRules())
    run(scheduler, clock, 10 * MINUTE)
    scheduler.session_started()
    run(scheduler, clock, 40 * MINUTE)  # no ticks while it runs
    scheduler.session_ended()
    assert offers(run(scheduler, clock, 36 * MINUTE)) == [at(5, 10, 25)]


def test_switched_on_after_a_long_time_off_counts_from_then(clock):
    scheduler = ReminderScheduler(clock, ReminderRules(enabled=False))
    run(scheduler, clock, 3 * 60 * MINUTE)
    scheduler.configure(ReminderRules())
    assert offers(run(scheduler, clock, 36 * MINUTE)) == [at(5, 12, 35)]


def test_a_sleep_shorter_than_the_break_keeps_the_count(clock):
    scheduler = ReminderScheduler(clock, ReminderRules(break_minutes=5))
    run(scheduler, clock, 33 * MINUTE)
    clock.advance(4 * MINUTE)  # a short suspend past the reminder's time
    assert scheduler.tick() is Change.OFFERED


def test_a_sleep_with_an_offer_open_takes_it_back(clock):
    scheduler = ReminderScheduler(clock, ReminderRules())
    run(scheduler, clock, 35 * MINUTE)
    clock.advance(3 * 60 * MINUTE)
    assert scheduler.tick() is Change.MISSED
    assert scheduler.status().seconds == pytest.approx(35 * MINUTE)


def test_reminders_off_never_offer_and_need_no_ticks(clock):
    scheduler = ReminderScheduler(clock, ReminderRules(enabled=False))
    assert scheduler.next_tick() is None
    assert run(scheduler, clock, 5 * 60 * MINUTE) == []
    scheduler.configure(ReminderRules())  # switched on: the count starts now
    assert scheduler.status().seconds == pytest.approx(35 * MINUTE)


def test_a_shorter_interval_applies_to_the_count_under_way(clock):
    scheduler = ReminderScheduler(clock, ReminderRules())
    run(scheduler, clock, 15 * MINUTE)
    scheduler.configure(ReminderRules(interval_minutes=10))
    assert scheduler.tick() is Change.OFFERED


def test_status_text_in_words():
    clock = clock_at(at(5, 14, 12))
    scheduler = ReminderScheduler(clock, ReminderRules())
    assert status_text(scheduler.status(), clock.wall()) == "Next reminder at 14:47 (in 35 min)"
    scheduler.pause_until_tomorrow()
    assert status_text(scheduler.status(), clock.wall()) == "Reminders paused until tomorrow 9:00"
    friday = clock_at(at(9, 18, 30))
    quiet = ReminderScheduler(friday, ReminderRules())
    assert status_text(quiet.status(), friday.wall()) == "No reminders until Monday 9:00"
    scheduler.session_started()
    assert status_text(scheduler.status(), clock.wall()) == "No reminders during a session"


@settings(max_examples=60, deadline=None)
@given(
    interval=st.integers(10, 120),
    steps=st.lists(
        st.tuples(
            st.sampled_from(["wait", "sleep", "skip", "snooze", "session", "pause"]),
            st.floats(1, 400),
        ),
        max_size=30,
    ),
)
def test_never_an_offer_in_quiet_hours_in_a_pause_or_in_a_session(interval, steps):
    clock = clock_at(at(5, 7))
    scheduler = ReminderScheduler(clock, ReminderRules(interval_minutes=interval))
    for action, minutes in steps:
        if action == "sleep":
            clock.advance(minutes * MINUTE)
            changes = [(clock.wall(), scheduler.tick())]
        elif action == "session":
            scheduler.session_started()
            assert run(scheduler, clock, minutes * MINUTE) == []
            scheduler.session_ended()
            continue
        elif action == "pause":
            scheduler.pause_for(minutes * MINUTE)
            changes = run(scheduler, clock, minutes * MINUTE)
            assert offers(changes) == []
            continue
        else:
            changes = run(scheduler, clock, minutes * MINUTE)
        for when, change in changes:
            if change is Change.OFFERED:
                assert not scheduler.rules.quiet(when)
        if scheduler.offered and action in ("skip", "snooze"):
            scheduler.answer(
                ReminderOutcome.SKIPPED if action == "skip" else ReminderOutcome.SNOOZED
            )


def test_a_break_is_taken_only_if_something_was_held_in_it():
    started = Reminded(datetime(2026, 1, 5, 9, 35, tzinfo=UTC), ReminderOutcome.STARTED, "r")
    assert break_ended(started, held_anything=True) == started
    skipped = break_ended(started, held_anything=False)
    assert (skipped.outcome, skipped.at, skipped.routine_id) == (
        ReminderOutcome.SKIPPED,
        started.at,  # when the offer was answered
        "r",
    )
