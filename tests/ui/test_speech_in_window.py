"""The window with a voice: each event's cues reach the speech service in order, the user's
skip, back, pause and stop quiet it, lead-ins grow to fit their words, and speech trouble is
shown once while the session goes on and the ring lights up instead."""

from __future__ import annotations

import dataclasses
import io
import json
import wave

import pytest
from PySide6.QtCore import Qt

from desktop_app.app import build_window
from desktop_app.cli import main
from desktop_app.core.catalogue import load_catalogue
from desktop_app.core.cues import (
    COUNT_ROOM,
    PHRASES,
    Cue,
    Priority,
    Verbosity,
    again_words,
    fit_lead_ins,
    hurt_words,
)
from desktop_app.core.model import Timing
from desktop_app.core.overview import duration_text
from desktop_app.core.plan import Phase, build_plan
from desktop_app.core.script import Spoken
from desktop_app.core.script import estimated as script_estimated
from desktop_app.resources import assets_dir
from desktop_app.services.speech import VoiceInfo, VoiceSettings, timed
from desktop_app.services.speech_cache import cache_name
from desktop_app.ui.dialogs.settings_dialog import SettingsDialog
from desktop_app.ui.dialogs.voice_tab import VoiceTab
from desktop_app.ui.shell.application import make_application
from tests.ui.conftest import run_for, run_to_end
from tests.ui.fakes import FakeSpeech


def window_with(speech, qtbot, paths, clock):
    """The app's window, built as the app builds it, with `speech` as its cue service."""
    make_application()
    window = build_window(paths, clock, speech=speech)
    qtbot.addWidget(window)
    window.open()
    return window


@pytest.fixture
def voiced(qtbot, paths, clock, speech):
    window = window_with(speech, qtbot, paths, clock)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


def start(window, routine_id):
    assert window.catalogue is not None
    window.start_routine(window.catalogue.routines[routine_id])


def test_a_whole_routine_is_spoken_with_a_switch_and_the_side_in_the_words(voiced, clock, speech):
    start(voiced, "big-three")
    run_to_end(voiced, clock)
    texts = [cue.text for cue in speech.said]
    assert texts[0].startswith("The Big 3. Three exercises, about")
    switches = [t for t in texts if t.startswith("Release. Switch sides. ")]
    assert len(switches) == 3  # three sided stretches
    for routine_step in voiced.catalogue.routines["big-three"].steps:
        for words in routine_step.stretch.side_words.values():
            assert any(words in t for t in texts), words
    assert texts[-1].startswith("Release. Session complete.")
    # Rendered ahead: every cue said was prepared when the session started.
    assert set(texts[:-1]) <= set(speech.prepared)
    dues = [cue.due for cue in speech.said]
    assert dues == sorted(dues)


def test_lead_ins_grow_to_fit_the_words(voiced, clock, speech):
    speech.seconds = 6.0
    start(voiced, "desk-break")
    plan = voiced.host.driver.engine.plan
    plain = build_plan(voiced.catalogue.routines["desk-break"], voiced.settings.timing)
    assert plan.total_seconds > plain.total_seconds
    prepare = plan.steps[0]
    assert prepare.phase is Phase.PREPARE
    assert prepare.duration >= 6.0 + 3  # the words, then the count
    voiced.host.driver.stop()


def test_the_home_page_says_how_long_a_session_with_this_voice_takes(voiced, clock, speech):
    speech.seconds = 6.0
    voiced.show_home()
    home = voiced.home
    home.select("desk-break")
    listed = home.facts.text().split()[0]  # "2:58  ·  2 stretches  ·  ..."
    start(voiced, "desk-break")
    assert listed == duration_text(voiced.host.driver.engine.plan.total_seconds)
    plain = build_plan(voiced.catalogue.routines["desk-break"], voiced.settings.timing)
    assert listed != duration_text(plain.total_seconds)  # the words take longer than 5 s
    voiced.host.driver.stop()


def test_before_the_speech_is_there_the_home_page_counts_the_words_by_estimate(
    qtbot, paths, clock, speech
):
    window = window_with(speech, qtbot, paths, clock)  # opened on the home page, not painted
    assert not window.host.built("speech")  # it loads after the first paint
    routine = window.catalogue.routines["big-three"]
    plain = build_plan(routine, window.settings.timing)
    window.home.select("big-three")
    estimated = window.home.facts.text().split()[0]
    assert estimated != duration_text(plain.total_seconds)  # the words take time already
    speech.seconds = 6.0
    window.host.warm_up()  # the speech is there: measured, and the page says so at once
    measured = window.home.facts.text().split()[0]
    start(window, "big-three")
    assert measured == duration_text(window.host.driver.engine.plan.total_seconds)
    window.host.driver.stop()


def test_minimal_verbosity_fits_its_lead_ins_to_its_fewer_words(qtbot, paths, clock):
    speech = FakeSpeech(VoiceSettings(verbosity=Verbosity.MINIMAL), seconds=20.0)
    window = window_with(speech, qtbot, paths, clock)
    start(window, "desk-break")
    plan = window.host.driver.engine.plan
    plain = build_plan(window.catalogue.routines["desk-break"], window.settings.timing)
    normal = fit_lead_ins(plain, Verbosity.NORMAL, speech.seconds_of)
    # The first lead-in holds the safety line, 20 s here, and the count after it.
    assert plan.steps[0].duration == 20 + COUNT_ROOM
    assert plain.total_seconds < plan.total_seconds <= normal.total_seconds
    window.host.driver.stop()


def test_skip_back_pause_and_stop_quiet_the_queue(voiced, clock, speech):
    start(voiced, "big-three")
    run_for(voiced, clock, 2)
    for command in (voiced.host.driver.skip, voiced.host.driver.back, voiced.host.driver.pause):
        before = speech.flushes
        command()
        assert speech.flushes == before + 1, command
    voiced.host.driver.resume()
    # Back to the start, then paused: going on says the quieted opening words again.
    assert speech.said[-1].text.startswith("Carry on. The Big 3. Three exercises")
    assert speech.said[-1].text in speech.prepared  # rendered ahead: heard at once
    before = speech.flushes
    voiced.host.driver.stop()
    assert speech.flushes == before + 1
    assert speech.said[-1].text == PHRASES["stopped_empty"]  # nothing was held in 2 s


def test_no_voice_means_no_speech_service(paths, clock, qtbot):
    make_application()
    window = build_window(paths, clock, voice=False)
    qtbot.addWidget(window)
    assert window.host.speech is None


def test_speech_turned_off_in_the_settings_says_nothing(qtbot, paths, clock):
    speech = FakeSpeech(VoiceSettings(enabled=False))
    window = window_with(speech, qtbot, paths, clock)
    start(window, "desk-break")
    run_for(window, clock, 10)
    assert speech.said == []
    window.host.driver.stop()


def test_trouble_is_shown_once_and_the_session_goes_on(qtbot, voiced, clock, speech):
    start(voiced, "desk-break")
    run_for(voiced, clock, 1)
    speech.on_trouble("No sound: aplay cannot play")  # as the play thread would
    qtbot.waitUntil(voiced.session.notes.isVisible)
    assert "No sound: aplay cannot play" in voiced.session.notes.text()
    # A critical cue nobody heard lights the ring up for a moment, on the session's clock.
    speech.on_cue(Cue("Three.", Priority.CRITICAL, clock.now(), 0, "count"), False)
    qtbot.waitUntil(lambda: voiced.session.ring.pulsing)
    run_for(voiced, clock, 1)
    assert not voiced.session.ring.pulsing
    run_to_end(voiced, clock)
    assert voiced.pages.currentWidget() is voiced.summary


def test_a_passing_trouble_is_no_longer_shown_once_cues_are_heard(qtbot, voiced, clock, speech):
    start(voiced, "desk-break")
    run_for(voiced, clock, 1)
    speech.on_trouble("Cannot make speech: the disk is full")
    qtbot.waitUntil(voiced.session.notes.isVisible)
    speech.on_recovered()  # as the play thread does once a cue played to its end
    qtbot.waitUntil(lambda: not voiced.session.notes.isVisible())
    voiced.host.driver.stop()


def test_the_voice_page_saves_its_choices(qtbot, voiced, paths, speech):
    voiced.open_settings()
    dialog = voiced.findChild(SettingsDialog)
    page = dialog.voice_tab
    page.rate.setValue(190)
    page.verbosity.setCurrentIndex(page.verbosity.findData("detailed"))
    page.enabled.setChecked(False)
    dialog.save()
    assert voiced.settings.voice == dataclasses.replace(
        VoiceSettings(), rate=190, verbosity=Verbosity.DETAILED, enabled=False
    )
    assert speech.settings == voiced.settings.voice  # the service follows at once
    assert '"rate": 190' in paths.settings_file.read_text()


def test_test_voice_says_why_it_was_not_heard(qtbot, voiced, speech):
    voiced.open_settings()
    page = voiced.findChild(SettingsDialog).voice_tab
    speech.test_result = "No sound: aplay cannot play: audio open error"
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.test_button.isEnabled)
    assert page.result.text() == speech.test_result
    assert speech.tested[0][0] == page.chosen()
    speech.test_result = None
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.result.text() == "You should have heard it.")


def test_test_voice_follows_speak_the_cues(qtbot, voiced, speech):
    voiced.open_settings()
    page = voiced.findChild(SettingsDialog).voice_tab
    assert page.test_button.isEnabled()
    page.enabled.setChecked(False)  # not saved yet: the button follows the box at once
    assert not page.test_button.isEnabled()
    assert "Speak the cues" in page.test_button.toolTip()
    page.test()  # as a shortcut might: still nothing is played
    assert speech.tested == []
    page.enabled.setChecked(True)
    assert page.test_button.isEnabled()
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(page.test_button.isEnabled)
    assert len(speech.tested) == 1


def test_this_hurts_quiets_the_queue_and_says_a_calm_word_rendered_ahead(voiced, clock, speech):
    start(voiced, "big-three")
    while voiced.host.driver.engine.current.phase is not Phase.HOLD:
        run_for(voiced, clock, 1)
    run_for(voiced, clock, 3)
    before = speech.flushes
    voiced.host.driver.hurt()
    assert speech.flushes == before + 1  # the countdown and halfway words of the side it ended
    calm = speech.said[-1]
    assert (calm.text, calm.priority) == (hurt_words(waiting=True), Priority.CRITICAL)
    assert calm.text in speech.prepared
    voiced.host.driver.resume()
    assert speech.said[-1].text.startswith("Carry on. Switch sides. ")  # only now, in order
    voiced.host.driver.stop()


@pytest.mark.parametrize("leave", ["close", "quit"])
def test_closing_or_quitting_mid_session_asks_nothing_aloud(voiced, clock, speech, leave):
    # Nobody can answer a window going away, or a Supple quitting at logout.
    voiced.settings = dataclasses.replace(voiced.settings, checkins=True)
    voiced.start_routine(voiced.routine("desk-break"), ask=False)
    run_for(voiced, clock, 20)
    if leave == "close":
        voiced.close()
    else:
        voiced.quit_app()
        voiced.host.driver.stop()  # as run() does once the event loop has ended
    assert not voiced.host.driver.running
    assert PHRASES["ask_after"] not in [cue.text for cue in speech.said]


@pytest.mark.parametrize("checkins", [True, False])
def test_the_question_after_is_said_after_the_closing_words(voiced, clock, speech, checkins):
    voiced.settings = dataclasses.replace(voiced.settings, checkins=checkins)
    voiced.start_routine(voiced.routine("desk-break"), ask=False)
    run_to_end(voiced, clock)
    texts = [cue.text for cue in speech.said]
    if checkins:
        assert texts[-2].startswith("Release. Session complete.")
        assert texts[-1] == PHRASES["ask_after"]
        assert speech.said[-1].step == speech.said[-2].step  # neither drops the other
        assert PHRASES["ask_after"] in speech.prepared
    else:
        assert texts[-1].startswith("Release. Session complete.")


def test_the_voice_list_offers_the_cues_language_first_and_the_rest_on_request(qtbot):
    make_application()
    speech = FakeSpeech()
    speech.voices = [
        VoiceInfo("de", "German", ("de",)),
        VoiceInfo("en-gb", "English (Great Britain)", ("en-gb", "en")),
        VoiceInfo("fr", "French", ("fr-fr",)),
        VoiceInfo("en-us", "English (America)", ("en-us",)),
    ]
    tab = VoiceTab(VoiceSettings(voice="fr"), speech)  # chosen once, in another language
    qtbot.addWidget(tab)
    listed = [tab.voice.itemData(i) for i in range(tab.voice.count())]
    assert listed == ["", "en-us", "en-gb", "fr"]  # the chosen one stays, and stays chosen
    assert tab.voice.currentData() == "fr"
    tab.show_all.setChecked(True)
    listed = [tab.voice.itemData(i) for i in range(tab.voice.count())]
    assert listed == ["", "en-us", "en-gb", "fr", "de"]  # by name: French, German
    assert tab.chosen().voice == "fr"


def test_what_the_users_hand_brings_is_rendered_ahead_too(voiced, speech):
    start(voiced, "big-three")
    holds = [s for s in voiced.host.driver.engine.plan.steps if s.phase is Phase.HOLD]
    for words in (again_words(holds[0]), PHRASES["paused"], PHRASES["resumed"], "Halfway."):
        assert words in speech.prepared, words
    voiced.host.driver.stop()


def test_R_says_the_instruction_under_way_again(qtbot, voiced, clock, speech):
    start(voiced, "big-three")
    lead_in = voiced.host.snapshot().step
    first = next(beat for beat in lead_in.beats if beat.instruction == 0)
    run_for(voiced, clock, first.at + 1.5)
    said = speech.said[-1].text
    assert said == lead_in.stretch.instructions[0]
    qtbot.keyClick(voiced, Qt.Key.Key_R)
    assert speech.said[-1].text == said  # that instruction again
    assert voiced.host.snapshot().elapsed == pytest.approx(first.at)  # with its time to do it
    voiced.host.skip()  # into the hold: the stretch and its side, and the time runs on
    run_for(voiced, clock, 4)
    remaining = voiced.host.snapshot().remaining
    qtbot.keyClick(voiced, Qt.Key.Key_R)
    hold = voiced.host.snapshot()
    assert speech.said[-1].text.startswith(f"{hold.step.stretch.name}, left side.")
    assert speech.said[-1].text in speech.prepared  # rendered ahead: heard at once
    assert hold.remaining == remaining and hold.step.phase is Phase.HOLD
    voiced.host.stop()


def record_every_word(paths, routine, voice: VoiceSettings, seconds: float) -> None:
    """Recordings of `seconds` each, in the speech cache, of every word a session of `routine`
    fits its lead-ins to, as pyttsx3 would have left them after a session."""
    asked: list[str] = []

    def lengths(text: str) -> Spoken:
        asked.append(text)
        return Spoken(seconds, estimated=False)

    timed(build_plan(routine, Timing()), voice, lengths)
    paths.speech_cache.mkdir(parents=True, exist_ok=True)
    for text in set(asked):
        with wave.open(str(paths.speech_cache / cache_name("pyttsx3", voice, text)), "wb") as f:
            f.setnchannels(1)
            f.setsampwidth(2)
            f.setframerate(1000)
            f.writeframes(b"\0\0" * round(seconds * 1000))


def cli_lengths(paths, *argv: str) -> dict[str, tuple[str, bool]]:
    out, err = io.StringIO(), io.StringIO()
    assert main(["--data-dir", str(paths.root), "routines", *argv], out, err) == 0, err.getvalue()
    if "--json" in argv:
        return {
            r["id"]: (duration_text(r["seconds"]), r["estimated"])
            for r in json.loads(out.getvalue())
        }
    shown = {}
    for line in out.getvalue().splitlines():  # "iliopsoas  about 5:26  3 stretches ..."
        routine_id, first, second = line.split()[:3]
        shown[routine_id] = (second, True) if first == "about" else (first, False)
    return shown


def test_the_home_page_the_command_and_the_session_give_one_length(qtbot, paths, clock):
    """Rendered before (a session earlier): the home page, before the speech is loaded and
    after, `supple routines` and the session itself give the same length, none an estimate."""
    voice = VoiceSettings()
    routine = load_catalogue(assets_dir(), None).routines["iliopsoas"]
    record_every_word(paths, routine, voice, 2.5)
    speech = FakeSpeech(voice, seconds=2.5)  # the same recordings, as the service measures them
    window = window_with(speech, qtbot, paths, clock)
    window.home.select("iliopsoas")
    before = window.home.facts.text().split("  ·  ")[0]
    window.host.warm_up()
    after = window.home.facts.text().split("  ·  ")[0]
    start(window, "iliopsoas")
    session = duration_text(window.host.driver.engine.plan.total_seconds)
    window.host.driver.stop()
    plain = duration_text(build_plan(routine, Timing()).total_seconds)
    assert before == after == session != plain
    assert cli_lengths(paths, "--json")["iliopsoas"] == (session, False)
    assert cli_lengths(paths)["iliopsoas"] == (session, False)
    assert cli_lengths(paths, "--json", "--no-voice")["iliopsoas"] == (plain, False)


def test_a_length_counted_from_words_never_rendered_says_it_is_an_estimate(qtbot, paths, clock):
    window = window_with(FakeSpeech(), qtbot, paths, clock)
    window.home.select("iliopsoas")
    shown = window.home.facts.text().split("  ·  ")[0]
    routine = window.catalogue.routines["iliopsoas"]
    plan, estimated = timed(build_plan(routine, Timing()), VoiceSettings(), script_estimated(165))
    assert estimated
    assert shown == f"about {duration_text(plan.total_seconds)}"
    assert cli_lengths(paths)["iliopsoas"] == (duration_text(plan.total_seconds), True)
    assert cli_lengths(paths, "--json")["iliopsoas"] == (duration_text(plan.total_seconds), True)


def test_with_the_voice_off_for_the_run_the_length_is_the_routines_own(qtbot, paths, clock):
    make_application()
    window = build_window(paths, clock)  # --no-voice: no cue service
    qtbot.addWidget(window)
    window.open()
    window.home.select("iliopsoas")
    routine = window.catalogue.routines["iliopsoas"]
    plain = duration_text(build_plan(routine, Timing()).total_seconds)
    assert window.home.facts.text().split("  ·  ")[0] == plain
