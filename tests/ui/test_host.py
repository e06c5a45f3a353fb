"""The session host on its own, as the app composes it but with no window: it starts a session,
tells each frame as a snapshot, records the session and says its end, and owns the notes."""

from __future__ import annotations

from desktop_app.core.catalogue import load_catalogue
from desktop_app.core.engine import EventKind, State
from desktop_app.core.model import Timing
from desktop_app.core.plan import Phase
from desktop_app.core.records import Moment
from desktop_app.core.snapshot import Snapshot
from desktop_app.resources import assets_dir
from tests.ui.conftest import run_for, run_to_end


def routine(paths, routine_id):
    return load_catalogue(assets_dir(), paths.routines_dir).routines[routine_id]


def test_a_session_is_told_as_events_snapshots_and_a_summary(host, paths, clock, speech):
    events, frames, ends = [], [], []
    host.happened.connect(events.append)
    host.frame.connect(frames.append)
    host.finished.connect(ends.append)
    host.start(routine(paths, "desk-break"), Timing(), pain_before=3)
    assert host.running and host.routine_name == "Desk break"
    assert events[0].kind is EventKind.SESSION_STARTED
    first = frames[-1]
    assert isinstance(first, Snapshot) and first.step.phase is Phase.PREPARE
    run_for(host, clock, 1.0)
    assert frames[-1].at == clock.now() and frames[-1].elapsed > first.elapsed
    run_to_end(host, clock)
    assert not host.running and frames[-1].state is State.FINISHED
    assert len(ends) == 1 and ends[0].routine_name == "Desk break"
    assert speech.said and speech.said[0].text.startswith("Desk break")  # the voice heard it
    (stored,) = host.history.keeper.store().records()  # the record, with the answer before
    assert (stored.info.routine_id, stored.pain(Moment.BEFORE)) == ("desk-break", 3)


def test_the_users_commands_reach_the_session(host, paths, clock):
    host.start(routine(paths, "big-three"), Timing())
    host.pause()
    assert host.snapshot().paused
    host.toggle_pause()
    assert not host.snapshot().paused
    index = host.snapshot().step.index
    host.skip()
    assert host.snapshot().step.index == index + 1
    host.back()
    assert host.snapshot().step.index == index
    host.stop()
    assert not host.running


def test_speech_trouble_is_one_note_kept_for_a_page_built_later(host):
    notes = []
    host.note.connect(lambda topic, message: notes.append((topic, message)))
    host.speech.trouble.emit("No sound")
    assert host.notes == {
        "voice": "No sound. The session goes on; the ring lights up for each cue."
    }
    host.speech.recovered.emit()
    assert host.notes == {}
    assert [message is None for _, message in notes] == [False, True]


def test_a_check_in_after_goes_to_the_latest_session(host, paths, clock):
    host.start(routine(paths, "desk-break"), Timing())
    run_to_end(host, clock)
    host.check_in(Moment.AFTER, 2)
    (stored,) = host.history.keeper.store().records()
    assert stored.pain(Moment.AFTER) == 2
