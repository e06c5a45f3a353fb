"""Malformed content files: each is reported as `FILE:LINE: message`, skipped, and never crashes.

The corpus lives in tests/data/malformed/, one problem per file (a few have several). EXPECTED
says, for every file, which errors it must produce, in order: (line or None, a fragment of the
message). A new file without an entry here fails `test_every_file_has_an_expectation`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from desktop_app.core.catalogue import ContentError, load_catalogue, read_content_file
from desktop_app.core.model import StepKind, Stretch
from desktop_app.resources import assets_dir

REPO = Path(__file__).resolve().parents[2]
MALFORMED = REPO / "tests" / "data" / "malformed"

Expected = list[tuple[int | None, str]]

# file name -> the errors it must produce, sorted by line: (line or None, fragment of the message)
EXPECTED: dict[str, Expected] = {
    # TOML syntax
    "syntax-unclosed-string.toml": [(2, "invalid TOML")],
    "syntax-unclosed-string-at-end.toml": [(4, "invalid TOML")],
    "syntax-duplicate-key.toml": [(3, "invalid TOML")],
    "syntax-bad-table-header.toml": [(3, "invalid TOML")],
    # tomllib does not say where its recursion ran out: the whole file is named at line 1
    "syntax-deep-nesting.toml": [(1, "invalid TOML: nested too deeply")],
    # tomllib's int() refuses more than 4300 digits with a plain ValueError
    "syntax-number-too-long.toml": [(1, "invalid TOML: a number far too long")],
    # wrong types
    "type-string-for-number.toml": [(2, "hold must be a number of seconds")],
    "type-number-for-string.toml": [(2, "name must be a string, not 42")],
    "type-list-for-string.toml": [(1, "name must be a string, not a list")],
    "type-date-for-number.toml": [(2, "rest must be a number of seconds")],
    "type-string-for-bool.toml": [(4, "sided must be true or false, not 'no'")],
    "number-bool.toml": [(2, "not true")],
    "number-nan.toml": [(3, "rest must be a number of seconds from 0 to 3600, not nan")],
    "number-inf.toml": [(5, "step 1: hold must be a number of seconds from 1 to 3600, not inf")],
    "number-neg-inf.toml": [(2, "switch must be a number of seconds from 0 to 3600, not -inf")],
    # out of range
    "range-hold-zero.toml": [(2, "hold must be a number of seconds from 1 to 3600, not 0")],
    "range-hold-3601.toml": [(5, "step 1: hold must be a number of seconds from 1 to 3600")],
    "range-prepare-negative.toml": [(2, "prepare must be a number of seconds from 0 to 3600")],
    "range-reps-zero.toml": [(5, "step 1: reps must be a whole number from 1 to 100, not 0")],
    "range-reps-101.toml": [(5, "step 1: reps must be a whole number from 1 to 100, not 101")],
    "range-repeat-float.toml": [(5, "step 1: repeat must be a whole number")],
    "range-too-many-steps.toml": [(603, "at most 200 steps")],
    # unknown ids, keys and tables
    "unknown-stretch-id.toml": [
        (4, "unknown stretch 'lizzard-pose' (did you mean 'lizard-pose'?)")
    ],
    "unknown-key-top.toml": [(2, "unknown key 'hodl'")],
    "unknown-key-step.toml": [(5, "unknown key 'side' in a [[step]] table")],
    "unknown-key-stretch.toml": [(5, "unknown key 'colour' in a [[stretch]] table")],
    "unknown-key-quoted-with-space.toml": [(2, "unknown key 'hold time'")],
    "unknown-table-top.toml": [(3, "unknown key 'settings'")],
    "unknown-key-with-newline.toml": [(2, "unknown key")],
    "unknown-array-of-tables.toml": [(6, "unknown key 'stpe' in a routine file")],
    # rules of a step
    "step-hold-and-reps.toml": [(6, "never both")],
    "step-reps-on-held-stretch.toml": [(5, "'lizard-pose' is held, not counted")],
    "step-hold-on-dead-bug.toml": [(5, "'dead-bug' is counted in reps")],
    "step-sides-on-dead-bug.toml": [(5, "'dead-bug' is not a sided stretch")],
    "step-sides-on-own-unsided.toml": [(5, "'band-pull-apart' is not a sided stretch")],
    "step-bad-sides.toml": [(5, "sides must be one of both, left, right, not 'both-sides'")],
    "step-missing-stretch.toml": [(3, "step 1: missing required key 'stretch'")],
    "step-stretch-path.toml": [(4, "stretch must be lowercase letters")],
    "step-names-invalid-own-stretch.toml": [(10, "position must be one of")],
    "step-inline-table-typo.toml": [(6, "step 4: unknown key 'hodl' in a [[step]] table")],
    # the shape of a routine
    "routine-missing-name.toml": [(1, "missing required key 'name'")],
    "routine-missing-step.toml": [(1, "at least one [[step]]")],
    "routine-empty-step-list.toml": [(2, "at least one [[step]]")],
    "routine-step-string.toml": [(2, "'step' must be written as [[step]] tables")],
    "routine-step-single-table.toml": [(4, "'step' must be written as [[step]] tables")],
    "routine-name-too-long.toml": [(1, "name is 155 characters long; the most is 100")],
    "routine-name-blank.toml": [(1, "name must not be empty")],
    "routine-name-control-char.toml": [(1, "name contains a line break or control character")],
    "routine-name-c1-control-char.toml": [(1, "name contains a line break or control character")],
    "routine-name-newline.toml": [(1, "name contains a line break or control character")],
    "several-problems.toml": [
        (3, "hold must be a number of seconds from 1 to 3600, not 'thirty'"),
        (4, "unknown key 'rset' in a routine file (did you mean 'rest'?)"),
        (10, "step 2: unknown stretch 'pigeon-pose'"),
    ],
    # ids that try path tricks or break the pattern
    "id-path-traversal.toml": [(1, "id must be lowercase letters, digits and single '-'")],
    "id-slash.toml": [(1, "not 'a/b'")],
    "id-upper.toml": [(1, "not 'UPPER'")],
    "id-trailing-dash.toml": [(1, "not 'evening-'")],
    # "$" in a pattern lets one final newline by; an id is matched whole
    "id-trailing-newline.toml": [(1, "not 'nl-test\\n'")],
    # the user's own stretches
    "stretch-reuses-builtin-id.toml": [(3, "'lizard-pose' is already a built-in stretch")],
    "stretch-duplicate-id.toml": [(14, "'band-pull-apart' is defined twice in this file")],
    "stretch-bad-position.toml": [(4, "position must be one of standing, seated, kneeling, floor")],
    "stretch-bad-kind.toml": [(3, "kind must be one of hold, reps, check, not 'timed'")],
    "stretch-check-missing-question.toml": [
        (1, "missing required key 'question'"),
        (1, "missing required key 'answers'"),
    ],
    "stretch-check-one-answer.toml": [(8, "answers must be a list of two or more")],
    "stretch-check-answer-problems.toml": [
        (11, "answer 3: the id 'yes' is used twice"),
        (12, "answer 4: id must be lowercase letters"),
    ],
    "stretch-empty-instructions.toml": [(5, "empty")],
    "stretch-empty-instruction-item.toml": [(5, "instructions[2] must not be empty")],
    "stretch-instruction-unknown-key.toml": [
        (5, "unknown key 'secs' in instructions[2] (did you mean 'seconds'?)")
    ],
    "stretch-instruction-bad-kind.toml": [
        (5, "instructions[1].kind must be one of move, adjust, settle, not 'stretch'")
    ],
    "stretch-instruction-no-text.toml": [(5, "instructions[1] is missing its 'text'")],
    "stretch-instruction-seconds-90.toml": [
        (5, "instructions[2].seconds must be a number from 0 to 60, not 90")
    ],
    "stretch-instruction-kind-and-seconds.toml": [(5, "instructions[1] gives a kind or seconds")],
    "stretch-instruction-again-not-a-flag.toml": [
        (5, "instructions[1].again must be true or false, not 'yes'")
    ],
    "stretch-left-on-unsided.toml": [(4, "'left' is for sided stretches")],
    "stretch-hold-on-reps-kind.toml": [(4, "'hold' does not go with kind = \"reps\"")],
    "stretch-id-path.toml": [(2, "not '../lizard-pose'")],
    "stretch-id-with-newline.toml": [(2, "id must be lowercase letters")],
    "stretch-only-empty-list.toml": [(2, "stretch")],
    # bytes, encodings, empty files
    "encoding-latin1.toml": [(2, "is not UTF-8 text (byte 0xe9")],
    "encoding-utf16.toml": [(1, "is not UTF-8 text (byte 0xff at offset 0)")],
    "binary-nul.toml": [(1, "is not a text file (a NUL byte at offset")],
    "binary-png.toml": [(1, "is not UTF-8 text (byte 0x89 at offset 0)")],
    "empty.toml": [(1, "missing required key 'name'"), (1, "at least one [[step]]")],
    "whitespace-only.toml": [(1, "missing required key 'name'"), (1, "at least one [[step]]")],
    "crlf-line-endings.toml": [(2, "hold must be a number of seconds from 1 to 3600, not 0")],
    "bom-then-error.toml": [(2, "prepare must be a number of seconds from 0 to 3600, not -5")],
    # line numbers where the text around the key could mislead a line finder
    "line-after-multiline-string.toml": [(6, "hold must be a number of seconds")],
    # a one-line string or a comment holding three quotes begins no multi-line string
    "line-after-triple-quotes-in-one-line-strings.toml": [(5, "step 1: unknown key 'hodl'")],
    "line-after-line-separator.toml": [
        (2, "description contains a line break or control character"),
        (3, "hold must be a number of seconds"),
    ],
}


BUILTIN_ROUTINES = {"big-three", "iliopsoas", "desk-break", "full-lower-back", "thomas-self-test"}

VALID_ROUTINE = """\
id = "my-evening"
name = "My evening routine"
hold = 30
prepare = 5
switch = 5
rest = 10

[[step]]
stretch = "lizard-pose"
sides = "left"

[[step]]
stretch = "band-pull-apart"
reps = 10

[[stretch]]
id = "band-pull-apart"
name = "Band pull-apart"
sided = false
position = "standing"
instructions = ["Hold a band at shoulder height.", "Pull it apart slowly, then return."]
"""

VALID_STRETCHES = """\
[[stretch]]
id = "band-pull-apart"
name = "Band pull-apart"
sided = false
position = "standing"
instructions = ["Hold a band at shoulder height.", "Pull it apart slowly, then return."]

[[stretch]]
id = "wall-check"
name = "Wall check"
kind = "check"
position = "standing"
instructions = ["Stand with your back to a wall."]
question = "Could your lower back touch the wall?"
answers = [{ id = "yes", label = "Yes" }, { id = "no", label = "No" }]
"""


def _params(names: list[str]) -> list[object]:
    return [pytest.param(name, id=name) for name in names]


def _corpus() -> list[str]:
    return sorted(p.name for p in MALFORMED.iterdir())


def _prefix(path: Path, line: int | None) -> str:
    return f"{path}: " if line is None else f"{path}:{line}: "


def _is_one_line(text: str) -> bool:
    return text.splitlines() == [text]


def _assert_errors(path: Path, errors: list[ContentError], expected: Expected) -> None:
    texts = [str(error) for error in errors]
    assert len(texts) == len(expected), texts
    for text, (line, fragment) in zip(texts, expected, strict=True):
        prefix = _prefix(path, line)
        assert text.startswith(prefix), (text, line)
        assert fragment in text.removeprefix(prefix), (text, fragment)  # not in the file's name
        assert _is_one_line(text), repr(text)


def _run_check(files: list[Path], data_dir: Path) -> subprocess.CompletedProcess[str]:
    python_path = [str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(python_path)}
    command = [sys.executable, "-m", "desktop_app", "--data-dir", str(data_dir), "check"]
    return subprocess.run(
        [*command, *map(str, files)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=env,
        cwd=REPO,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def builtin_stretches() -> Mapping[str, Stretch]:
    return load_catalogue(assets_dir(), None).stretches


def test_every_file_has_an_expectation() -> None:
    on_disk = set(_corpus())
    assert on_disk == set(EXPECTED), {
        "files without an expectation": sorted(on_disk - set(EXPECTED)),
        "expectations without a file": sorted(set(EXPECTED) - on_disk),
    }
    assert len(on_disk) >= 35
    assert all(not (MALFORMED / name).is_dir() for name in on_disk)


@pytest.mark.parametrize("name", _params(sorted(EXPECTED)))
def test_malformed_file_is_reported_and_skipped(
    name: str, builtin_stretches: Mapping[str, Stretch]
) -> None:
    path = MALFORMED / name
    loaded = read_content_file(path, builtin_stretches)
    assert loaded.routine is None
    assert loaded.stretches == {}
    _assert_errors(path, loaded.errors, EXPECTED[name])


@pytest.mark.parametrize(
    ("problem", "fragment"),
    [("missing", "no such file"), ("folder", "is a folder"), ("too-big", "at most")],
)
def test_whole_file_problems_have_no_line(
    tmp_path: Path, problem: str, fragment: str, builtin_stretches: Mapping[str, Stretch]
) -> None:
    path = tmp_path / f"{problem}.toml"
    if problem == "folder":
        path.mkdir()
    elif problem == "too-big":
        path.write_text('name = "Big"\n' + "# padding\n" * 120_000, encoding="utf-8")
    loaded = read_content_file(path, builtin_stretches)
    assert loaded.routine is None
    assert loaded.stretches == {}
    _assert_errors(path, loaded.errors, [(None, fragment)])


def test_valid_stretch_only_file_is_fine(
    tmp_path: Path, builtin_stretches: Mapping[str, Stretch]
) -> None:
    # Not in malformed/ on purpose: a file of only [[stretch]] tables is a valid stretch file.
    path = tmp_path / "my-stretches.toml"
    path.write_text(VALID_STRETCHES, encoding="utf-8")
    loaded = read_content_file(path, builtin_stretches)
    assert loaded.errors == []
    assert loaded.routine is None
    assert sorted(loaded.stretches) == ["band-pull-apart", "wall-check"]


def test_an_instruction_says_how_long_it_takes_by_its_kind_or_in_seconds(
    tmp_path: Path, builtin_stretches: Mapping[str, Stretch]
) -> None:
    path = tmp_path / "my-stretches.toml"
    path.write_text(
        '[[stretch]]\nid = "roll"\nname = "Roll"\nposition = "floor"\nreps = 4\n'
        'rep_return = "And roll back."\n'
        'instructions = ["Lie down.", { text = "Hug your knees.", kind = "move" },\n'
        '    { text = "Roll.", seconds = 2.5, again = true },\n'
        '    { text = "Breathe.", kind = "settle" }]\n',
        encoding="utf-8",
    )
    loaded = read_content_file(path, builtin_stretches)
    assert loaded.errors == []
    roll = loaded.stretches["roll"]
    assert roll.instructions == ("Lie down.", "Hug your knees.", "Roll.", "Breathe.")
    assert [roll.seconds_to_do(n) for n in range(4)] == [
        StepKind.ADJUST.seconds,  # a plain string is an adjustment
        StepKind.MOVE.seconds,
        2.5,
        StepKind.SETTLE.seconds,
    ]
    assert roll.rep_return == "And roll back."
    assert roll.again == (2,)  # said again when switching sides


@pytest.mark.slow
def test_check_command_over_the_corpus(tmp_path: Path) -> None:
    names = _corpus()
    files = [MALFORMED / name for name in names]
    result = _run_check(files, tmp_path / "data")
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines
    prefixes = tuple(f"{path}:" for path in files)
    strays = [line for line in lines if not line.startswith(prefixes)]
    assert strays == []
    reported = {path for path in files if any(line.startswith(f"{path}:") for line in lines)}
    assert reported == set(files), sorted(str(p) for p in set(files) - reported)
    assert result.stdout == ""


@pytest.mark.slow
def test_check_command_accepts_valid_files(tmp_path: Path) -> None:
    stretches = tmp_path / "my-stretches.toml"
    stretches.write_text(VALID_STRETCHES, encoding="utf-8")
    routine = tmp_path / "my-evening.toml"
    routine.write_text(VALID_ROUTINE, encoding="utf-8")
    result = _run_check([stretches, routine], tmp_path / "data")
    assert (result.returncode, result.stderr) == (0, "")
    assert f"{stretches}: ok: 2 stretches" in result.stdout
    assert f"{routine}: ok: routine 'my-evening'" in result.stdout


def test_user_folder_with_malformed_files_still_loads_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    names = _corpus()
    for name in names:
        shutil.copyfile(MALFORMED / name, folder / name)
    (folder / "my-evening.toml").write_text(VALID_ROUTINE, encoding="utf-8")

    catalogue = load_catalogue(assets_dir(), folder)

    assert set(catalogue.routines) == BUILTIN_ROUTINES | {"my-evening"}
    mine = catalogue.routines["my-evening"]
    assert [step.stretch.id for step in mine.steps] == ["lizard-pose", "band-pull-apart"]
    assert mine.source == str(folder / "my-evening.toml")
    # Every malformed file is listed, and nothing else is.
    paths = {error.path for error in catalogue.errors}
    assert paths == {str(folder / name) for name in names}
    assert all(_is_one_line(str(error)) for error in catalogue.errors)
    # The user's own stretches stay in their file: the catalogue's stretches are the built-ins.
    assert "band-pull-apart" not in catalogue.stretches


ONE_STEP = 'name = "Mine"\n[[step]]\nstretch = "lizard-pose"\n'
# The routines folder's files whose ids are taken, and what is said of each, in folder order.
TAKEN_IDS = {
    "a.toml": ('id = "same"\n' + ONE_STEP, None),
    "b.toml": (
        'id = "same"\n' + ONE_STEP,
        "routine id 'same' is already used by {a}; choose another",
    ),
    "big-three.toml": (
        ONE_STEP,
        "routine id 'big-three', from the file's name, is already used by built-in; "
        'rename the file or add id = "..."',
    ),
    "mine.toml": (
        'id = "iliopsoas"\n' + ONE_STEP,
        "routine id 'iliopsoas' is already used by built-in; choose another",
    ),
}


def write_taken_ids(folder: Path) -> list[str]:
    """The files of TAKEN_IDS in `folder`, and the lines said of them."""
    folder.mkdir(exist_ok=True)
    said = []
    for name, (text, message) in TAKEN_IDS.items():
        (folder / name).write_text(text, encoding="utf-8")
        if message is not None:
            said.append(f"{folder / name}:1: {message.format(a=folder / 'a.toml')}")
    return said


def test_the_folder_takes_no_routine_whose_id_is_taken(tmp_path: Path) -> None:
    said = write_taken_ids(tmp_path / "routines")
    catalogue = load_catalogue(assets_dir(), tmp_path / "routines")
    assert [str(error) for error in catalogue.errors] == said
    assert catalogue.routines["same"].source == str(tmp_path / "routines" / "a.toml")
    assert catalogue.routines["big-three"].source == "built-in"
