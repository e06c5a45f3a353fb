"""`supple script`: what a session says and when, printed without running it or opening a window."""

from __future__ import annotations

import json
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from desktop_app.core.catalogue import load_catalogue
from desktop_app.core.cues import PHRASES, Verbosity, rehearse
from desktop_app.core.overview import duration_text
from desktop_app.core.plan import Plan, build_plan
from desktop_app.core.script import estimated
from desktop_app.resources import assets_dir
from desktop_app.services.speech import VoiceSettings, timed
from desktop_app.services.speech_cache import cache_name
from tests.core.test_own_stretches import MINE, STEPS
from tests.test_cli import ROOT, VALID, call

HEADING = "Iliopsoas release and strength (iliopsoas): what a session says, and when"


def script(data_dir: Path, *argv: str) -> tuple[int, list[str], str]:
    code, out, err = call("--data-dir", str(data_dir), "script", *argv)
    return code, out.splitlines(), err


def settings(data_dir: Path, **sections: object) -> None:
    data_dir.mkdir(exist_ok=True)
    (data_dir / "settings.json").write_text(json.dumps(sections))


def fitted_iliopsoas() -> Plan:
    """The iliopsoas session as a session with the default voice runs it, estimated."""
    routine = load_catalogue(assets_dir(), None).routines["iliopsoas"]
    voice = VoiceSettings()
    return timed(build_plan(routine), voice, estimated(voice.rate))[0]


# What the home page says of the iliopsoas session with the default voice, estimated.
HOME_LENGTH = duration_text(fitted_iliopsoas().total_seconds)


def test_it_prints_a_heading_the_steps_and_their_cues(tmp_path):
    code, lines, err = script(tmp_path, "iliopsoas")
    assert (code, err) == (0, "")
    assert lines[:3] == [
        HEADING,
        "Level: normal. Holds: as the routine says.",
        "Voice: the speech engine's own voice at 165 words a minute.",
    ]
    assert lines[3].startswith(f"Length: {HOME_LENGTH}. ")  # as the home page gives it
    assert lines[3].endswith(" cues, every length estimated (~).")
    assert lines[4].startswith("Cut candidates: ")
    assert "0:00.0  Kneeling hip flexor stretch, left: get into position, 64 s" in lines
    assert any("Iliopsoas release and strength. Three exercises, about" in line for line in lines)
    assert lines[-1].startswith(">  ")


def test_the_level_chosen_overrides_the_settings(tmp_path):
    settings(tmp_path, voice={"verbosity": "detailed"})
    _code, detailed, _err = script(tmp_path, "iliopsoas")
    code, minimal, err = script(tmp_path, "iliopsoas", "--level", "minimal")
    assert (code, err) == (0, "")
    assert detailed[1].startswith("Level: detailed.")
    assert any("You should feel" in line for line in detailed)
    assert minimal[1].startswith("Level: minimal.")
    said = " ".join(" ".join(line.split()) for line in minimal)  # the words wrap
    assert "Kneeling hip flexor stretch, left side." in said
    assert not any("Come down to your knees" in line for line in minimal)


def test_the_hold_chosen_overrides_the_routines_holds(tmp_path):
    code, lines, err = script(tmp_path, "iliopsoas", "--hold", "15")
    assert (code, err) == (0, "")
    assert lines[1] == "Level: normal. Holds: 15 s each."
    assert "1:04.0  Kneeling hip flexor stretch, left: hold, 15 s" in lines
    assert any(line.endswith("Hold for 15 seconds.") for line in lines)


def test_the_users_timing_sets_the_plan(tmp_path):
    settings(tmp_path, session={"hold": 40, "rest": 20})
    _code, lines, _err = script(tmp_path, "iliopsoas")
    assert "1:04.0  Kneeling hip flexor stretch, left: hold, 40 s" in lines
    assert any(line.endswith("  Rest, 20 s (then Lizard pose)") for line in lines)


@pytest.mark.parametrize("value", ["0", "0.5", "3601", "abc", "nan", "inf", "-5", ""])
def test_a_bad_hold_is_one_line_and_exit_2(tmp_path, value):
    code, lines, err = script(tmp_path, "iliopsoas", "--hold", value)
    assert (code, lines) == (2, [])
    assert err.startswith("supple: --hold must be a number of seconds from 1 to 3600, not ")
    assert err.count("\n") == 1


def test_a_bad_level_is_bad_usage(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call("--data-dir", str(tmp_path), "script", "iliopsoas", "--level", "chatty")
    assert exit_info.value.code == 2
    assert "invalid choice: 'chatty'" in capsys.readouterr().err


def test_an_unknown_routine_is_bad_usage(tmp_path):
    code, lines, err = script(tmp_path, "iliopsoa")
    assert (code, lines) == (2, [])
    assert err.startswith("supple: no routine 'iliopsoa' (did you mean 'iliopsoas'?)")
    assert err.count("\n") == 1


def test_a_routine_file(tmp_path):
    path = tmp_path / "my-evening.toml"
    path.write_text(VALID)
    code, lines, err = script(tmp_path / "data", str(path))
    assert (code, err) == (0, "")
    assert lines[0] == "My evening (my-evening): what a session says, and when"
    assert any(line.endswith("Band pull-apart: 8 repetitions, 48 s") for line in lines)


def test_a_broken_routine_file_names_the_line(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('name = "x"\n[[step]]\nstretch = 3\n')
    code, lines, err = script(tmp_path / "data", str(path))
    assert (code, lines) == (2, [])
    assert err.startswith(f"{path}:3: step 1: stretch must be")


@pytest.mark.parametrize(
    ("argv", "voice", "why"),
    [
        (["--no-voice"], {}, "--no-voice"),
        ([], {"enabled": False}, "in the settings"),
    ],
)
def test_with_the_voice_off_it_says_so_and_prints_the_script_anyway(tmp_path, argv, voice, why):
    settings(tmp_path, voice=voice)
    code, lines, err = script(tmp_path, "iliopsoas", *argv)
    assert (code, err) == (0, "")
    assert lines[3] == f"The voice is off ({why}): a session says nothing; it would say this."
    assert lines[4].startswith(f"Length: {HOME_LENGTH}. ")  # fitted as with the voice on
    assert any("about 8 minutes." in line for line in lines)


def write_silence(path: Path, seconds: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(8000)
        audio.writeframes(b"\0\0" * round(seconds * 8000))


def test_lengths_rendered_before_with_this_voice_are_measured(tmp_path):
    speech = tmp_path / "cache" / "speech"
    write_silence(speech / cache_name("pyttsx3", VoiceSettings(), "Hold for 30 seconds."), 2.4)
    # Another voice's recording does not count.
    write_silence(speech / cache_name("espeak-ng", VoiceSettings(rate=200), "Three."), 3.0)
    code, lines, err = script(tmp_path, "iliopsoas")
    assert (code, err) == (0, "")
    assert "   1:04.0     2.4      Hold for 30 seconds." in lines
    assert "   1:01.0    ~0.6      Three." in lines
    cues = len(rehearse(fitted_iliopsoas(), Verbosity.NORMAL)) + 1  # and the question after
    estimated = f"{cues - 4} of their lengths estimated (~)."  # the 4 holds are measured
    assert lines[3] == f"Length: {HOME_LENGTH}. {cues} cues, {estimated}"


def test_long_measured_words_grow_their_lead_in_as_in_a_session(tmp_path):
    # The session's speech link fits each lead-in to its measured words: so does the script.
    thomas = load_catalogue(assets_dir(), None).stretches["thomas-test"]
    text = f"{PHRASES['switch']} {thomas.change_sides}"  # the first words of the switch
    _code, lines, _err = script(tmp_path, "thomas-self-test")
    assert "1:21.0  Thomas test, right: switch sides, 26 s" in lines
    write_silence(
        tmp_path / "cache" / "speech" / cache_name("espeak-ng", VoiceSettings(), text), 30
    )
    code, lines, err = script(tmp_path, "thomas-self-test")
    assert (code, err) == (0, "")
    assert "1:21.0  Thomas test, right: switch sides, 49 s" in lines
    assert any(line.startswith("   1:21.0    30.0      Switch sides.") for line in lines)


def test_it_loads_no_qt_and_no_speech_engine(tmp_path):
    program = (
        "import sys\n"
        "from desktop_app.cli import main\n"
        f"code = main(['--data-dir', {str(tmp_path)!r}, 'script', 'big-three'])\n"
        "loaded = [m for m in ('PySide6', 'pyttsx3') if m in sys.modules]\n"
        "print(code, loaded, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.stderr == "0 []\n"
    assert result.stdout.startswith("The Big 3 (big-three): what a session says, and when\n")


def test_a_stretch_of_ones_own_with_only_its_steps_says_them_on_the_second_side_too(tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text(MINE, encoding="utf-8")
    code, lines, err = script(tmp_path / "data", str(mine))
    assert (code, err) == (0, "")
    words = [line.split(maxsplit=2)[-1] for line in lines if line.startswith("   ")]
    right = words.index("Right side.")
    assert words[right + 1 : right + 3] == STEPS
    assert "5 repetitions" not in " ".join(words)
    assert "6 repetitions, 3 seconds each." in words  # the tempo, with no kind = "reps"
