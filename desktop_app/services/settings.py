"""The settings file: small JSON, written atomically, forgiving when read.

A value that is missing or wrong falls back to its default with a warning; a file that is not
JSON at all is moved aside (never deleted) and defaults are used. Nothing here stops the app.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, time
from pathlib import Path
from typing import Any

from desktop_app.core import fields
from desktop_app.core.cues import Verbosity
from desktop_app.core.model import DEFAULT_TIMING, UNSET_TIMING, Timing
from desktop_app.core.regular_file import FileTooLarge, read_regular_file
from desktop_app.core.reminders import BREAKS, INTERVALS, SNOOZES, Reason, ReminderRules
from desktop_app.services.files import json_loads, move_aside, write_atomic
from desktop_app.services.speech import RATES, VoiceSettings

log = logging.getLogger(__name__)

VERSION = 1
DEFAULT_VOICE = VoiceSettings()  # frozen, so one shared default is safe
DEFAULT_REMINDERS = ReminderRules()
SESSION_KEYS = ("hold", "prepare", "switch", "rest")
MAX_BYTES = 1024 * 1024  # the file Supple writes is well under 1 kB
MAX_FOLDER = 4096  # Linux's longest path


@dataclass(frozen=True)
class Settings:
    # The seconds the user chose; None where they leave it to the routine and the stretch.
    timing: Timing = UNSET_TIMING
    notice_seen: bool = False  # the general-guidance notice was shown once
    voice: VoiceSettings = DEFAULT_VOICE
    reminders: ReminderRules = DEFAULT_REMINDERS
    tray_told: bool = False  # the user was told once that closing the window keeps Supple
    checkins: bool = True  # ask how the back feels before and after a session
    floor_view: bool = False  # sessions start in the floor view: the figure, side, time, step
    history_folder: str = ""  # where the history was last exported or imported ("": not yet)
    # Pause the desktop's other media players for a session, and resume them after it.
    pause_other_players: bool = False


@dataclass
class Loaded:
    settings: Settings
    warnings: list[str] = field(default_factory=list)


def _seconds(section: dict[str, Any], key: str, warnings: list[str]) -> float | None:
    if key not in section:
        return None
    try:
        return fields.seconds(section[key], f"session.{key}", allow_zero=key != "hold")
    except fields.FieldError as error:
        warnings.append(f"{error}; using the default ({getattr(DEFAULT_TIMING, key):g})")
        return None


def _parse(data: Any, warnings: list[str]) -> Settings:
    if not isinstance(data, dict):
        warnings.append("the settings are not a JSON object; using the defaults")
        return Settings()
    known = {
        "version",
        "session",
        "notice_seen",
        "voice",
        "reminders",
        "tray_told",
        "checkins",
        "floor_view",
        "history_folder",
        "pause_other_players",
    }
    for key in sorted(set(data) - known):
        warnings.append(f"unknown setting '{key}' ignored")
    session = data.get("session", {})
    if not isinstance(session, dict):
        warnings.append("'session' is not an object; using the default seconds")
        session = {}
    for key in sorted(set(session) - set(SESSION_KEYS)):
        warnings.append(f"unknown setting 'session.{key}' ignored")
    timing = Timing(**{key: _seconds(session, key, warnings) for key in SESSION_KEYS})
    return Settings(
        timing=timing,
        notice_seen=_flag(data, "notice_seen", warnings),
        voice=VoiceSettings(
            **_section(data, "voice", VOICE_KEYS, _voice_json(DEFAULT_VOICE), warnings)
        ),
        reminders=ReminderRules(
            **_section(
                data, "reminders", REMINDER_KEYS, _reminders_json(DEFAULT_REMINDERS), warnings
            )
        ),
        tray_told=_flag(data, "tray_told", warnings),
        checkins=_flag(data, "checkins", warnings, default=True),
        floor_view=_flag(data, "floor_view", warnings),
        history_folder=_folder(data, "history_folder", warnings),
        pause_other_players=_flag(data, "pause_other_players", warnings),
    )


def _flag(data: dict[str, Any], key: str, warnings: list[str], *, default: bool = False) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        warnings.append(
            f"{key} = {json.dumps(value)} is not true or false; using {json.dumps(default)}"
        )
        return default
    return value


def _folder(data: dict[str, Any], key: str, warnings: list[str]) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or len(value) > MAX_FOLDER or "\0" in value:
        warnings.append(f"{key} is not a folder's name; starting in the documents folder")
        return ""
    return value


# A section's keys: how to tell a good value, and how to turn it into the field's value.
Check = tuple[Callable[[Any], bool], Callable[[Any], Any]]


def _section(
    data: dict[str, Any],
    name: str,
    keys: dict[str, Check],
    defaults: dict[str, Any],
    warnings: list[str],
) -> dict[str, Any]:
    """The good values of one section, by field; a bad or unknown one is a warning."""
    section = data.get(name, {})
    if not isinstance(section, dict):
        warnings.append(f"'{name}' is not an object; using the default {name} settings")
        return {}
    for key in sorted(set(section) - set(keys)):
        warnings.append(f"unknown setting '{name}.{key}' ignored")
    values: dict[str, Any] = {}
    for key, (valid, convert) in keys.items():
        if key not in section:
            continue
        value = section[key]
        if valid(value):
            values[key] = convert(value)
        else:
            shown = json.dumps(defaults[key])
            wrote = json.dumps(value)
            wrote = wrote if len(wrote) <= 40 else wrote[:37] + "..."  # a warning is one line
            warnings.append(f"{name}.{key} = {wrote} is not valid; using {shown}")
    return values


def _same(value: Any) -> Any:
    return value


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool)


def _whole(low: int, high: int) -> Callable[[Any], bool]:
    return lambda v: fields.is_number(v) and float(v).is_integer() and low <= v <= high


def _is_clock_time(value: Any) -> bool:
    """ "9:00" or "09:00"; hours and minutes only."""
    if not isinstance(value, str) or len(value) > 5:
        return False
    hours, _, minutes = value.partition(":")
    return (
        hours.isascii()  # str.isdigit() takes "²" too
        and hours.isdigit()
        and minutes.isascii()
        and minutes.isdigit()
        and int(hours) < 24
        and len(minutes) == 2
        and int(minutes) < 60
    )


def _clock_time(value: str) -> time:
    hours, _, minutes = value.partition(":")
    return time(int(hours), int(minutes))


def _are_reasons(value: Any) -> bool:
    """A list of reasons a reminder waits for, by name ("microphone"), each once."""
    known = {reason.value for reason in Reason}
    return (
        isinstance(value, list)
        and all(isinstance(name, str) and name in known for name in value)
        and len(set(value)) == len(value)
    )


VOICE_KEYS: dict[str, Check] = {
    "enabled": (_is_bool, _same),
    "voice": (lambda v: isinstance(v, str) and len(v) < 200, _same),
    "rate": (_whole(*RATES), int),
    "volume": (lambda v: fields.is_number(v) and 0 <= v <= 1, float),
    "verbosity": (lambda v: v in {level.value for level in Verbosity}, Verbosity),
}
REMINDER_KEYS: dict[str, Check] = {
    "enabled": (_is_bool, _same),
    "interval_minutes": (_whole(*INTERVALS), int),
    "snooze_minutes": (_whole(*SNOOZES), int),
    "hours_only": (_is_bool, _same),
    "active_from": (_is_clock_time, _clock_time),
    "active_until": (_is_clock_time, _clock_time),
    "weekends": (_is_bool, _same),
    "routine": (lambda v: isinstance(v, str) and fields.ID_PATTERN.fullmatch(v) is not None, _same),
    "break_minutes": (_whole(*BREAKS), int),
    "wait_for": (_are_reasons, lambda v: frozenset(Reason(name) for name in v)),
    "chime": (_is_bool, _same),
}


def load_settings(path: Path) -> Loaded:
    try:
        raw = read_regular_file(path, MAX_BYTES)
    except FileNotFoundError:
        return Loaded(Settings())
    except FileTooLarge:
        return _set_aside(path)
    except OSError as exc:  # a named pipe or a device among them, said and left alone
        return Loaded(Settings(), [f"cannot read {path}: {exc.strerror}; using the defaults"])
    try:
        data = json_loads(raw.decode("utf-8-sig"))  # a BOM, as some editors write it, is no damage
    except (UnicodeDecodeError, ValueError, RecursionError):
        return _set_aside(path)
    warnings: list[str] = []
    settings = _parse(data, warnings)
    for warning in warnings:
        log.warning("settings: %s", warning)
    return Loaded(settings, [f"{path}: {w}" for w in warnings])


def _set_aside(path: Path) -> Loaded:
    """The defaults, with the file that could not be used kept beside it (never deleted)."""
    try:
        aside = move_aside(path, "damaged", datetime.now())
    except OSError as exc:
        return Loaded(
            Settings(),
            [
                f"{path} is damaged and could not be moved aside "
                f"({exc.strerror}); using the defaults"
            ],
        )
    return Loaded(
        Settings(), [f"{path} was damaged; kept it as {aside.name} and started from the defaults"]
    )


def to_json(settings: Settings) -> dict[str, Any]:
    timing = settings.timing
    return {
        "version": VERSION,
        "session": {
            key: getattr(timing, key) for key in SESSION_KEYS if getattr(timing, key) is not None
        },
        "notice_seen": settings.notice_seen,
        "voice": _voice_json(settings.voice),
        "reminders": _reminders_json(settings.reminders),
        "tray_told": settings.tray_told,
        "checkins": settings.checkins,
        "floor_view": settings.floor_view,
        "history_folder": settings.history_folder,
        "pause_other_players": settings.pause_other_players,
    }


def _voice_json(voice: VoiceSettings) -> dict[str, Any]:
    """The voice settings as the file has them, in their fields' order."""
    return {**asdict(voice), "verbosity": voice.verbosity.value}


def _reminders_json(rules: ReminderRules) -> dict[str, Any]:
    return {
        **asdict(rules),
        "active_from": f"{rules.active_from:%H:%M}",
        "active_until": f"{rules.active_until:%H:%M}",
        "wait_for": [reason.value for reason in Reason if reason in rules.wait_for],
    }


def save_settings(path: Path, settings: Settings) -> None:
    write_atomic(path, json.dumps(to_json(settings), indent=2) + "\n")
