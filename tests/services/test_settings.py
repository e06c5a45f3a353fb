from __future__ import annotations

import dataclasses
import json
import os
from datetime import time

import pytest

from desktop_app.cli import main
from desktop_app.core.cues import Verbosity
from desktop_app.core.model import Timing
from desktop_app.core.reminders import Reason, ReminderRules
from desktop_app.services.settings import MAX_BYTES, Settings, load_settings, save_settings
from desktop_app.services.speech import VoiceSettings


def test_no_file_means_defaults(tmp_path):
    loaded = load_settings(tmp_path / "settings.json")
    assert loaded.settings == Settings()
    assert loaded.warnings == []


def test_round_trip(tmp_path):
    path = tmp_path / "deeper" / "settings.json"
    chosen = Settings(timing=Timing(hold=45, prepare=8, switch=0, rest=12.5), notice_seen=True)
    save_settings(path, chosen)
    assert load_settings(path).settings == chosen
    assert json.loads(path.read_text())["version"] == 1
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]  # no temp file left


def test_bad_values_fall_back_one_by_one_with_a_warning(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {
                "session": {"hold": 0, "prepare": True, "switch": 3, "rest": "long", "pace": 1},
                "notice_seen": "yes",
                "colour": "red",
            }
        )
    )
    loaded = load_settings(path)
    assert loaded.settings.timing == Timing(switch=3)
    assert loaded.settings.notice_seen is False
    text = "\n".join(loaded.warnings)
    for fragment in (
        "session.hold must be a number of seconds from 1 to 3600, not 0; using the default (30)",
        "session.prepare must be a number of seconds from 0 to 3600, not true",
        "session.rest must be a number of seconds from 0 to 3600, not 'long'",
        "unknown setting 'colour'",
        "unknown setting 'session.pace'",
        'notice_seen = "yes"',
    ):
        assert fragment in text
    assert path.exists()  # readable JSON is left where it is


def test_the_check_ins_are_asked_unless_switched_off(tmp_path):
    path = tmp_path / "settings.json"
    assert Settings().checkins  # as they come
    save_settings(path, Settings(checkins=False))
    assert load_settings(path).settings.checkins is False
    path.write_text('{"version": 1, "checkins": "no"}')
    loaded = load_settings(path)
    assert loaded.settings.checkins is True  # a bad value: the default, and a word why
    assert loaded.warnings == [f'{path}: checkins = "no" is not true or false; using true']


def test_sessions_start_in_the_floor_view_when_chosen(tmp_path):
    path = tmp_path / "settings.json"
    assert not Settings().floor_view  # as they come: the whole session page
    save_settings(path, Settings(floor_view=True))
    assert json.loads(path.read_text())["floor_view"] is True
    assert load_settings(path).settings.floor_view is True
    path.write_text('{"version": 1, "floor_view": 1}')
    loaded = load_settings(path)
    assert loaded.settings.floor_view is False  # a bad value: the default, and a word why
    assert loaded.warnings == [f"{path}: floor_view = 1 is not true or false; using false"]


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe\x00", b"", b"[" * 100_000])
def test_a_damaged_file_is_kept_aside_and_defaults_used(tmp_path, content):
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    (aside,) = tmp_path.glob("settings.json.damaged-*")
    assert aside.read_bytes() == content
    assert not path.exists()
    assert len(loaded.warnings) == 1 and aside.name in loaded.warnings[0]


def test_a_file_over_the_limit_is_kept_aside_unread_and_defaults_used(tmp_path):
    path = tmp_path / "settings.json"
    content = b'{"version": 1, "notice_seen": true, "pad": "' + b"x" * MAX_BYTES + b'"}'
    path.write_bytes(content)
    loaded = load_settings(path)
    assert loaded.settings == Settings()  # notice_seen unread
    (aside,) = tmp_path.glob("settings.json.damaged-*")
    assert aside.read_bytes() == content  # kept, for the next save would have replaced it
    assert loaded.warnings == [
        f"{path} was damaged; kept it as {aside.name} and started from the defaults"
    ]


def test_a_failed_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    path = tmp_path / "settings.json"
    save_settings(path, Settings(notice_seen=True))
    before = path.read_bytes()

    def broken_replace(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space"):
        save_settings(path, Settings(timing=Timing(hold=99, prepare=1, switch=1, rest=1)))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_routine_lengths_follow_the_users_default_seconds(tmp_path, capsys):
    save_settings(
        tmp_path / "settings.json", Settings(timing=Timing(hold=60, prepare=5, switch=5, rest=10))
    )
    (tmp_path / "routines").mkdir()
    (tmp_path / "routines" / "open.toml").write_text(
        'name = "Open"\n[[step]]\nstretch = "seated-figure-four"\n'
    )
    # Without the voice, whose words would lengthen the lead-ins.
    assert main(["--data-dir", str(tmp_path), "routines", "--json", "--no-voice"]) == 0
    lengths = {r["id"]: r["seconds"] for r in json.loads(capsys.readouterr().out)}
    assert lengths["open"] == 5 + 60 + 5 + 60  # the user's hold beats the stretch's advice
    assert lengths["big-three"] == 242 + 6 * 30
    assert lengths["desk-break"] == 195  # a routine that sets its own seconds keeps them
    assert lengths["thomas-self-test"] == 53  # and a self-check keeps its own hold


def test_voice_settings_round_trip(tmp_path):
    path = tmp_path / "settings.json"
    voice = VoiceSettings(enabled=False, voice="gmw/en", rate=190, volume=0.5)
    save_settings(path, Settings(voice=dataclasses.replace(voice, verbosity=Verbosity.DETAILED)))
    loaded = load_settings(path)
    assert loaded.warnings == []
    assert loaded.settings.voice == dataclasses.replace(voice, verbosity=Verbosity.DETAILED)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("enabled", "yes"),
        ("rate", 5),
        ("rate", 170.5),
        ("rate", True),
        ("volume", 2),
        ("verbosity", "chatty"),
        ("voice", 7),
    ],
)
def test_a_bad_voice_value_falls_back_alone(tmp_path, key, value):
    path = tmp_path / "settings.json"
    section = {"rate": 200, key: value}
    path.write_text(json.dumps({"voice": section}))
    loaded = load_settings(path)
    assert len(loaded.warnings) == 1
    assert f"voice.{key}" in loaded.warnings[0]
    assert getattr(loaded.settings.voice, key) == getattr(VoiceSettings(), key)
    if key != "rate":
        assert loaded.settings.voice.rate == 200  # the good value next to it is kept


def test_reminders_round_trip(tmp_path):
    path = tmp_path / "settings.json"
    rules = ReminderRules(
        enabled=False,
        interval_minutes=50,
        snooze_minutes=5,
        hours_only=True,
        active_from=time(7, 30),
        active_until=time(16, 0),
        weekends=True,
        routine="big-three",
        break_minutes=12,
        wait_for=frozenset({Reason.CAMERA, Reason.DO_NOT_DISTURB}),
        chime=False,
    )
    save_settings(path, Settings(reminders=rules, tray_told=True))
    written = json.loads(path.read_text())["reminders"]
    assert (written["active_from"], written["active_until"]) == ("07:30", "16:00")
    assert written["wait_for"] == ["do-not-disturb", "camera"]
    loaded = load_settings(path)
    assert loaded.settings.reminders == rules
    assert loaded.settings.tray_told is True
    assert loaded.warnings == []


def test_bad_reminder_values_fall_back_one_by_one(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps(
            {
                "reminders": {
                    "interval_minutes": 5,
                    "snooze_minutes": 20,
                    "active_from": "25:00",
                    "active_until": "17:30",
                    "weekends": "no",
                    "routine": "../etc",
                    "every": 3,
                    "break_minutes": 0,
                    "wait_for": ["camera", "camera"],
                    "chime": "soft",
                }
            }
        )
    )
    loaded = load_settings(path)
    assert loaded.settings.reminders == ReminderRules(snooze_minutes=20, active_until=time(17, 30))
    text = "\n".join(loaded.warnings)
    for fragment in (
        "reminders.interval_minutes = 5 is not valid; using 35",
        'reminders.active_from = "25:00" is not valid; using "09:00"',
        'reminders.weekends = "no" is not valid; using false',
        'reminders.routine = "../etc" is not valid; using "desk-break"',
        "unknown setting 'reminders.every' ignored",
        "reminders.break_minutes = 0 is not valid; using 5",
        'reminders.wait_for = ["camera", "camera"] is not valid; using ["do-not-disturb", ',
        'reminders.chime = "soft" is not valid; using true',
    ):
        assert fragment in text


@pytest.mark.parametrize(
    ("section", "key", "value"),
    [
        ("session", "hold", 10**400),  # too large for a float
        ("voice", "rate", 10**400),
        ("voice", "volume", -(10**400)),
        ("reminders", "interval_minutes", 10**400),
        ("reminders", "active_from", "²:00"),  # a digit to str.isdigit(), not a time
        ("reminders", "active_until", "1٧:30"),
    ],
)
def test_numbers_no_float_can_hold_and_digits_of_other_scripts_fall_back(
    tmp_path, section, key, value
):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({section: {key: value}}))
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    [warning] = loaded.warnings
    assert f"{section}.{key}" in warning and len(warning) < len(str(path)) + 150


def test_a_byte_order_mark_an_editor_wrote_is_no_damage(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text('{"version": 1, "voice": {"rate": 150}}', encoding="utf-8-sig")
    loaded = load_settings(path)
    assert (loaded.settings.voice.rate, loaded.warnings) == (150, [])
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_a_number_too_long_for_python_falls_back_alone(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text('{"session": {"hold": 1' + "0" * 5000 + ', "rest": 7}}')
    loaded = load_settings(path)
    assert loaded.settings.timing == Timing(rest=7)  # the file was read, the value refused
    [warning] = loaded.warnings
    assert "session.hold" in warning
    assert path.exists()  # not taken for a damaged file


def test_a_routine_id_with_a_final_newline_is_refused(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"reminders": {"routine": "desk-break\n"}}))
    loaded = load_settings(path)
    assert loaded.settings.reminders.routine == "desk-break"
    assert "reminders.routine" in loaded.warnings[0]


def test_the_history_folder_is_remembered_and_a_bad_one_forgotten(tmp_path):
    path = tmp_path / "settings.json"
    assert Settings().history_folder == ""  # as they come: the documents folder
    save_settings(path, Settings(history_folder="/home/me/Backups"))
    assert json.loads(path.read_text())["history_folder"] == "/home/me/Backups"
    assert load_settings(path).settings.history_folder == "/home/me/Backups"
    for bad in ("42", '"a\\u0000b"', f'"{"x" * 5000}"'):
        path.write_text(f'{{"version": 1, "history_folder": {bad}}}')
        loaded = load_settings(path)
        assert loaded.settings.history_folder == ""
        assert loaded.warnings == [
            f"{path}: history_folder is not a folder's name; starting in the documents folder"
        ]


def test_pausing_other_players_is_off_until_chosen(tmp_path):
    path = tmp_path / "settings.json"
    assert not Settings().pause_other_players
    save_settings(path, Settings(pause_other_players=True))
    assert json.loads(path.read_text())["pause_other_players"] is True
    assert load_settings(path).settings.pause_other_players is True
    path.write_text('{"version": 1, "pause_other_players": "yes"}')
    loaded = load_settings(path)
    assert loaded.settings.pause_other_players is False
    assert loaded.warnings == [
        f'{path}: pause_other_players = "yes" is not true or false; using false'
    ]
