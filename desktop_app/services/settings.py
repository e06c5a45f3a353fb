"""The settings file: small JSON, written atomically, forgiving when read.

A value that is missing or wrong falls back to its default with a warning; a file that is not
JSON at all is moved aside (never deleted) and defaults are used. Nothing here stops the app.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop_app.core import fields
from desktop_app.core.cues import Verbosity
from desktop_app.core.model import DEFAULT_TIMING, UNSET_TIMING, Timing
from desktop_app.services.files import aside_path, write_atomic
from desktop_app.services.speech import RATES, VoiceSettings

log = logging.getLogger(__name__)

VERSION = 1
DEFAULT_VOICE = VoiceSettings()  # frozen, so one shared default is safe
SESSION_KEYS = ("hold", "prepare", "switch", "rest")


@dataclass(frozen=True)
class Settings:
    # The seconds the user chose; None where they leave it to the routine and the stretch.
    timing: Timing = UNSET_TIMING
    notice_seen: bool = False  # the general-guidance notice was shown once
    voice: VoiceSettings = DEFAULT_VOICE


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
    for key in sorted(set(data) - {"version", "session", "notice_seen", "voice"}):
        warnings.append(f"unknown setting '{key}' ignored")
    session = data.get("session", {})
    if not isinstance(session, dict):
        warnings.append("'session' is not an object; using the default seconds")
        session = {}
    for key in sorted(set(session) - set(SESSION_KEYS)):
        warnings.append(f"unknown setting 'session.{key}' ignored")
    timing = Timing(**{key: _seconds(session, key, warnings) for key in SESSION_KEYS})
    notice_seen = data.get("notice_seen", False)
    if not isinstance(notice_seen, bool):
        warnings.append(f"notice_seen = {json.dumps(notice_seen)} is not true or false")
        notice_seen = False
    return Settings(timing=timing, notice_seen=notice_seen, voice=_voice(data, warnings))


def _voice(data: dict[str, Any], warnings: list[str]) -> VoiceSettings:
    section = data.get("voice", {})
    if not isinstance(section, dict):
        warnings.append("'voice' is not an object; using the default voice settings")
        return DEFAULT_VOICE
    for key in sorted(set(section) - set(VOICE_KEYS)):
        warnings.append(f"unknown setting 'voice.{key}' ignored")
    values: dict[str, Any] = {}
    for key, valid in VOICE_KEYS.items():
        if key not in section:
            continue
        value = section[key]
        if valid(value):
            values[key] = CONVERT.get(key, lambda v: v)(value)
        else:
            shown = json.dumps(_voice_json(DEFAULT_VOICE)[key])
            warnings.append(f"voice.{key} = {json.dumps(value)} is not valid; using {shown}")
    return VoiceSettings(**values)


CONVERT: dict[str, Any] = {"rate": int, "volume": float, "verbosity": Verbosity}
VOICE_KEYS: dict[str, Any] = {
    "enabled": lambda v: isinstance(v, bool),
    "voice": lambda v: isinstance(v, str) and len(v) < 200,
    "rate": lambda v: fields.is_number(v) and float(v).is_integer() and RATES[0] <= v <= RATES[1],
    "volume": lambda v: fields.is_number(v) and 0 <= v <= 1,
    "verbosity": lambda v: v in {level.value for level in Verbosity},
}


def _set_aside(path: Path) -> Path:
    aside = aside_path(path, "damaged", datetime.now())
    path.rename(aside)
    return aside


def load_settings(path: Path) -> Loaded:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Loaded(Settings())
    except OSError as exc:
        return Loaded(Settings(), [f"cannot read {path}: {exc.strerror}; using the defaults"])
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        try:
            aside = _set_aside(path)
        except OSError as exc:
            return Loaded(
                Settings(),
                [
                    f"{path} is damaged and could not be moved aside "
                    f"({exc.strerror}); using the defaults"
                ],
            )
        return Loaded(
            Settings(),
            [f"{path} was damaged; kept it as {aside.name} and started from the defaults"],
        )
    warnings: list[str] = []
    settings = _parse(data, warnings)
    for warning in warnings:
        log.warning("settings: %s", warning)
    return Loaded(settings, [f"{path}: {w}" for w in warnings])


def to_json(settings: Settings) -> dict[str, Any]:
    timing = settings.timing
    return {
        "version": VERSION,
        "session": {
            key: getattr(timing, key) for key in SESSION_KEYS if getattr(timing, key) is not None
        },
        "notice_seen": settings.notice_seen,
        "voice": _voice_json(settings.voice),
    }


def _voice_json(voice: VoiceSettings) -> dict[str, Any]:
    """The voice settings as the file has them, in their fields' order."""
    return {**asdict(voice), "verbosity": voice.verbosity.value}


def save_settings(path: Path, settings: Settings) -> None:
    write_atomic(path, json.dumps(to_json(settings), indent=2) + "\n")
