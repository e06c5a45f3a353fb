"""Malformed content files: each is reported as `FILE:LINE: message`, skipped, and never crashes.

The corpus lives in tests/data/malformed/, one problem per file (a few have several). EXPECTED
says, for every file, which errors it must produce, in order: (line or None, a fragment of the
message). A new file without an entry here fails `test_every_file_has_an_expectation`.

Cases marked in BUGS are expectations the implementation does not meet yet; they are strict
xfails, so they start failing (and must be un-marked) once the bug is fixed.
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
from desktop_app.core.model import Stretch
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
    "syntax-deep-nesting.toml": [(2, "invalid TOML")],
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
    "unknown-stretch-id.toml": [(4, "unknown stretch 'lizzard-pose' (did you mean 'lizard-pose'?)")],
    "unknown-key-top.toml": [(2, "unknown key 'hodl'")],
    "unknown-key-step.toml": [(5, "unknown key 'side' in a [[step]] table")],
    "unknown-key-stretch.toml": [(5, "unknown key 'colour' in a [[stretch]] table")],
    "unknown-key-quoted-with-space.toml": [(2, "unknown key 'hold time'")],
    "unknown-table-top.toml": [(3, "unknown key 'settings'")],
    "unknown-key-with-newline.toml": [(2, "unknown key")],
    # rules of a step
    "step-hold-and-reps.toml": [(6, "never both")],
    "step-reps-on-held-stretch.toml": [(5, "'lizard-pose' is held, not counted")],
    "step-hold-on-dead-bug.toml": [(5, "'dead-bug' is counted in reps")],
    "step-sides-on-dead-bug.toml": [(5, "'dead-bug' is not a sided stretch")],
    "step-sides-on-own-unsided.toml": [(5, "'band-pull-apart' is not a sided stretch")],
    "step-bad-sides.toml": [(5, "sides must be one of both, left, right, not 'both-sides'")],
    "step-missing-stretch.toml": [(3, "step 1: missing required key 'stretch'")],
    "step-stretch-path.toml": [(4, "stretch must be lowercase letters")],
    "step-reps-on-declared-hold.toml": [(5, "'doorway-stretch' is held, not counted")],
    "step-names-invalid-own-stretch.toml": [(10, "position must be one of")],
    # the shape of a routine
    "routine-missing-name.toml": [(1, "missing required key 'name'")],
    "routine-missing-step.toml": [(1, "at least one [[step]]")],
    "routine-empty-step-list.toml": [(2, "at least one [[step]]")],
    "routine-step-string.toml": [(2, "'step' must be written as [[step]] tables")],
    "routine-step-single-table.toml": [(4, "'step' must be written as [[step]] tables")],
    "routine-name-too-long.toml": [(1, "name is 155 characters long; the most is 100")],
    "routine-name-blank.toml": [(1, "name must not be empty")],
    "routine-name-control-char.toml": [(1, "name contains a control character")],
    "routine-name-c1-control-char.toml": [(1, "name contains a control character")],
    "routine-name-newline.toml": [(1, "name contains a control character")],
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
    "stretch-empty-instructions.toml": [(5, "empty")],
    "stretch-empty-instruction-item.toml": [(5, "instructions[2] must not be empty")],
    "stretch-left-on-unsided.toml": [(4, "'left' is for sided stretches")],
    "stretch-hold-on-reps-kind.toml": [(4, "'hold' does not go with kind = \"reps\"")],
    "stretch-id-path.toml": [(2, "not '../lizard-pose'")],
    "stretch-id-with-newline.toml": [(2, "id must be lowercase letters")],
    "stretch-only-empty-list.toml": [(2, "stretch")],
    # bytes, encodings, empty files
    "encoding-latin1.toml": [(2, "is not UTF-8 text (byte 0xe9")],
    "encoding-utf16.toml": [(1, "is not UTF-8 text (byte 0xff at offset 0)")],
    "binary-nul.toml": [(1, "invalid TOML")],
    "binary-png.toml": [(1, "is not UTF-8 text (byte 0x89 at offset 0)")],
    "empty.toml": [(1, "missing required key 'name'"), (1, "at least one [[step]]")],
    "whitespace-only.toml": [(1, "missing required key 'name'"), (1, "at least one [[step]]")],
    "crlf-line-endings.toml": [(2, "hold must be a number of seconds from 1 to 3600, not 0")],
    "bom-then-error.toml": [(2, "prepare must be a number of seconds from 0 to 3600, not -5")],
    # line numbers where the text around the key could mislead a line finder
    "line-after-multiline-string.toml": [(6, "hold must be a number of seconds")],
    "line-after-line-separator.toml": [(3, "hold must be a number of seconds")],
}

# Expectations the implementation does not meet (strict xfail): file name -> what goes wrong.
BUGS: dict[str, str] = {
    "syntax-deep-nesting.toml": "BUG: a deeply nested array raises RecursionError out of "
    "read_content_file (tomllib recursion is not caught)",
    "syntax-unclosed-string-at-end.toml": "BUG: a TOML error 'at end of document' is reported "
    "at line 1 instead of the last line",
    "unknown-table-top.toml": "BUG: an unknown [table] is reported at line 1, not at its header",
    "routine-step-single-table.toml": "BUG: [step] written as a single table is reported at "
    "line 1, not at its header",
    "unknown-key-quoted-with-space.toml": "BUG: a quoted key with a space is reported at line 1",
    "unknown-key-with-newline.toml": "BUG: an escaped newline in a key name is printed raw, so "
    "the error spans two lines (and is reported at line 1)",
    "stretch-id-with-newline.toml": "BUG: the stretch label repeats a raw id, so an id with an "
    "escaped newline makes every error of that stretch span two lines",
    "routine-name-c1-control-char.toml": "BUG: C1 control characters (U+0080-U+009F, e.g. the "
    "terminal CSI U+009B) pass the control-character check",
    "routine-name-newline.toml": "BUG: a name with an escaped newline is accepted",
    "step-reps-on-declared-hold.toml": "BUG: reps on a user stretch declared kind = \"hold\" is "
    "accepted (only a default hold makes a stretch 'held')",
    "step-names-invalid-own-stretch.toml": "BUG: a step naming a stretch defined (invalidly) in "
    "the same file also gets a misleading 'unknown stretch' error",
    "stretch-empty-instructions.toml": "BUG: an empty list is told 'must be a list ..., not a "
    "list'",
    "stretch-empty-instruction-item.toml": "BUG: a bad list item is reported at the [[stretch]] "
    "header, not at the list's key",
    "stretch-only-empty-list.toml": "BUG: `stretch = []` alone is accepted as a valid file that "
    "defines nothing",
    "line-after-multiline-string.toml": "BUG: a 'hold = ...' line inside a multi-line string is "
    "taken for the key, so the real key's line is wrong",
    "line-after-line-separator.toml": "BUG: a raw U+2028 inside a string counts as a line break, "
    "so later lines are reported one too far",
}

# Files that break the command or the catalogue as a whole (not only their own report).
CRASHES = {"syntax-deep-nesting.toml"}
MULTILINE = {"unknown-key-with-newline.toml", "stretch-id-with-newline.toml"}
ACCEPTED = {
    "routine-name-c1-control-char.toml",
    "routine-name-newline.toml",
    "step-reps-on-declared-hold.toml",
    "stretch-only-empty-list.toml",
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
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=BUGS[name]), id=name)
        if name in BUGS
        else pytest.param(name, id=name)
        for name in names
    ]


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
        assert text.startswith(_prefix(path, line)), (text, line)
        assert fragment in text, (text, fragment)
        assert _is_one_line(text), repr(text)


def _run_check(files: list[Path], data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO),
                                                                   os.environ.get("PYTHONPATH")]))}  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", "--data-dir", str(data_dir), "check",
         *map(str, files)],  # fmt: skip
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
    assert set(BUGS) <= set(EXPECTED)
    assert CRASHES | MULTILINE | ACCEPTED <= set(BUGS)
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
    ("make", "fragment"),
    [
        pytest.param(lambda tmp: tmp / "missing.toml", "no such file", id="missing"),
        pytest.param(lambda tmp: _folder(tmp / "folder.toml"), "folder", id="folder"),
        pytest.param(lambda tmp: _big(tmp / "big.toml"), "at most", id="too-big"),
    ],
)
def test_whole_file_problems_have_no_line(
    tmp_path: Path, make: object, fragment: str, builtin_stretches: Mapping[str, Stretch]
) -> None:
    assert callable(make)
    path: Path = make(tmp_path)
    loaded = read_content_file(path, builtin_stretches)
    assert loaded.routine is None
    assert loaded.stretches == {}
    _assert_errors(path, loaded.errors, [(None, fragment)])


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


def _big(path: Path) -> Path:
    path.write_text('name = "Big"\n' + "# padding\n" * 120_000, encoding="utf-8")
    return path


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


@pytest.mark.slow
@pytest.mark.parametrize(
    "subset",
    [
        pytest.param(
            "all",
            marks=pytest.mark.xfail(
                strict=True,
                reason="BUG: syntax-deep-nesting.toml makes `check` stop with exit 1 and "
                "'supple: check failed: maximum recursion depth exceeded'; the newline-in-key "
                "files print errors that span two lines",
            ),
        ),
        pytest.param("without-known-bugs"),
    ],
)
def test_check_command_over_the_corpus(tmp_path: Path, subset: str) -> None:
    names = _corpus()
    if subset != "all":
        names = [name for name in names if name not in BUGS]
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


@pytest.mark.parametrize(
    "subset",
    [
        pytest.param(
            "all",
            marks=pytest.mark.xfail(
                strict=True,
                reason="BUG: syntax-deep-nesting.toml in the user's folder makes load_catalogue "
                "raise RecursionError, so nothing loads; invalid files that are accepted load "
                "as routines",
            ),
        ),
        pytest.param("without-known-bugs"),
    ],
)
def test_user_folder_with_malformed_files_still_loads_the_rest(tmp_path: Path, subset: str) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    names = _corpus()
    if subset != "all":
        names = [name for name in names if name not in BUGS]
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
