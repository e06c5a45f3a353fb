from __future__ import annotations

import io
import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app import __version__
from desktop_app.cli import main
from tests.core.test_malformed import TAKEN_IDS, write_taken_ids
from tests.test_content import ROUTINES

ROOT = Path(__file__).resolve().parent.parent
VALID = """\
name = "My evening"
hold = 20
[[step]]
stretch = "lizard-pose"
[[step]]
stretch = "band-pull-apart"
reps = 8
[[stretch]]
id = "band-pull-apart"
name = "Band pull-apart"
position = "standing"
instructions = ["Hold a band at shoulder height.", "Pull it apart slowly, then return."]
"""


def call(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_routines_lists_the_builtin_ones(tmp_path):
    code, out, err = call("--data-dir", str(tmp_path), "routines")
    assert code == 0 and err == ""
    assert {line.split()[0] for line in out.splitlines()} == ROUTINES


def test_routines_json_includes_the_users_file_and_reports_broken_ones(tmp_path):
    (tmp_path / "routines").mkdir()
    (tmp_path / "routines" / "my-evening.toml").write_text(VALID)
    (tmp_path / "routines" / "broken.toml").write_text('name = "x"\n[[step]]\nstretch = 3\n')
    code, out, err = call("routines", "--json", "--data-dir", str(tmp_path))
    assert code == 0  # the app goes on without the broken file
    assert err.splitlines() == [
        f"{tmp_path / 'routines' / 'broken.toml'}:3: step 1: stretch must be lowercase "
        "letters, digits and single '-' (at most 64), not 3"
    ]
    data = {r["id"]: r for r in json.loads(out)}
    assert set(data) == ROUTINES | {"my-evening"}
    mine = data["my-evening"]
    assert mine["source"] == str(tmp_path / "routines" / "my-evening.toml")
    assert [s["kind"] for s in mine["steps"]] == ["hold", "reps"]
    assert mine["positions"] == ["kneeling", "standing"]
    assert data["big-three"]["seconds"] > 242  # with the voice's words
    assert data["big-three"]["estimated"]  # never rendered here
    quiet = call("routines", "--json", "--data-dir", str(tmp_path), "--no-voice")[1]
    assert {r["id"]: r["seconds"] for r in json.loads(quiet)}["big-three"] == 242


def test_check_says_ok_for_valid_files(tmp_path):
    good = tmp_path / "good.toml"
    good.write_text(VALID)
    code, out, err = call(
        "--no-voice", "check", str(good), str(ROOT / "assets/stretches/dead-bug.toml")
    )
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"{good}: ok: routine 'good', 2 steps, 2:05",
        f"{ROOT / 'assets/stretches/dead-bug.toml'}: ok: 1 stretch",
    ]
    one = tmp_path / "one.toml"
    one.write_text('name = "One"\n[[step]]\nstretch = "lizard-pose"\n')
    assert call("check", str(one))[1].startswith(f"{one}: ok: routine 'one', 1 step, ")


def test_check_exits_2_with_one_line_per_problem(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nhold = nan\n[[step]]\nstretch = "lizard-pose"\nreps = true\n')
    code, _out, err = call("check", str(bad), str(tmp_path / "missing.toml"))
    assert code == 2
    assert err.splitlines() == [
        f"{bad}:2: hold must be a number of seconds from 1 to 3600, not nan",
        f"{bad}:5: step 1: reps must be a whole number from 1 to 100, not true",
        f"{tmp_path / 'missing.toml'}: no such file",
    ]


def test_global_options_go_before_or_after_the_command(tmp_path):
    before = call("--data-dir", str(tmp_path / "a"), "routines")
    after = call("routines", "--data-dir", str(tmp_path / "b"))
    assert before == after
    assert (tmp_path / "a" / "logs").is_dir() and (tmp_path / "b" / "logs").is_dir()


def test_bad_usage_exits_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["check"])
    assert exit_info.value.code == 2
    assert "supple" in capsys.readouterr().err


def test_an_unusable_data_dir_is_one_line_and_exit_1(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    code, _out, err = call("--data-dir", str(blocker / "sub"), "routines")
    assert code == 1
    assert err.startswith("supple: cannot use the folder ") and err.count("\n") == 1


@pytest.mark.parametrize("argv", [["--data-dir", "", "history"], ["history", "--data-dir", " "]])
def test_an_empty_data_dir_is_refused_not_taken_for_the_real_one(argv, capsys, monkeypatch):
    monkeypatch.setattr("desktop_app.paths.AppPaths.platform", pytest.fail)
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    assert "--data-dir: an empty folder name" in capsys.readouterr().err


def test_started_with_its_output_closed_it_still_works(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stdout", None)  # as Python has it after `supple >&-`
    monkeypatch.setattr(sys, "stderr", None)
    assert main(["--data-dir", str(tmp_path), "history", "--json"]) == 0


def test_an_unexpected_failure_is_logged_not_shown(tmp_path, monkeypatch):
    def explode(*_args):
        raise RuntimeError("kaboom")

    monkeypatch.setitem(sys.modules["desktop_app.cli"].COMMANDS, "routines", explode)
    code, _out, err = call("--data-dir", str(tmp_path), "routines")
    assert code == 1
    assert err == f"supple: routines failed: kaboom (details in {tmp_path / 'logs/supple.log'})\n"
    assert "Traceback" in (tmp_path / "logs" / "supple.log").read_text()


def test_python_m_and_the_version(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--version"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, f"supple {__version__}\n", "")


def test_start_an_unknown_routine_is_bad_usage(tmp_path):
    code, out, err = call("--data-dir", str(tmp_path), "start", "big-thre")
    assert code == 2 and out == ""
    assert err.startswith("supple: no routine 'big-thre' (did you mean 'big-three'?)")
    assert err.count("\n") == 1


def test_start_an_invalid_file_names_the_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "Bad"\n[[step]]\nstretch = "lizard-pos"\n')
    code, _out, err = call("--data-dir", str(tmp_path), "start", str(bad))
    assert code == 2
    assert err.startswith(f"{bad}:3:") and "lizard-pose" in err


def test_start_a_file_without_a_routine(tmp_path):
    only = tmp_path / "only.toml"
    only.write_text(
        '[[stretch]]\nid = "x"\nname = "X"\nposition = "standing"\ninstructions = ["Do."]\n'
    )
    code, _out, err = call("--data-dir", str(tmp_path), "start", str(only))
    assert code == 2 and "no routine to start" in err


def test_start_a_missing_file(tmp_path):
    code, _out, err = call("--data-dir", str(tmp_path), "start", str(tmp_path / "gone.toml"))
    assert code == 2 and "gone.toml" in err and err.count("\n") == 1


def test_start_names_the_error_of_a_routine_that_failed_to_load(tmp_path):
    (tmp_path / "routines").mkdir()
    broken = tmp_path / "routines" / "evening.toml"
    broken.write_text('name = "Evening"\nhold = "long"\n[[step]]\nstretch = "lizard-pose"\n')
    code, _out, err = call("--data-dir", str(tmp_path), "start", "evening")
    assert code == 2
    first, second = err.splitlines()
    assert first.startswith(f"{broken}:2:")
    assert second.startswith("supple: no routine 'evening'")


def voices(data_dir):
    """`supple voices` as a process: pyttsx3 is loaded for this command alone."""
    return subprocess.run(
        [sys.executable, "-m", "desktop_app", "--data-dir", str(data_dir), "voices"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng")
def test_voices_lists_the_engines_voices_and_marks_the_chosen_one(tmp_path):
    (tmp_path / "settings.json").write_text('{"voice": {"voice": "gmw/en"}}')
    result = voices(tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) > 10
    assert [line for line in lines if line.startswith("*")] == [
        line for line in lines if " gmw/en " in line
    ]
    assert result.stderr == ""


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng")
def test_voices_with_none_chosen_says_which_is_used(tmp_path):
    result = voices(tmp_path)
    assert result.returncode == 0, result.stderr
    assert not [line for line in result.stdout.splitlines() if line.startswith("*")]
    assert result.stderr == (
        "supple: no voice chosen in the settings: the speech engine's own is used\n"
    )
    (tmp_path / "settings.json").write_text('{"voice": {"voice": "no/such"}}')
    result = voices(tmp_path)
    assert (
        result.stderr == "supple: the voice chosen in the settings, 'no/such', is not among these\n"
    )


def test_a_data_folder_that_cannot_be_used_is_one_line(tmp_path):
    (tmp_path / "a file").write_text("")
    code, _out, err = call("--data-dir", str(tmp_path / "a file"), "history")
    assert (code, err) == (1, f"supple: cannot use {tmp_path / 'a file'}: it is not a folder\n")
    long = tmp_path / ("a" * 300)
    code, _out, err = call("--data-dir", str(long), "history")
    assert (code, err) == (1, f"supple: cannot use the folder {long}: File name too long\n")


def test_a_folder_where_the_log_cannot_be_written_still_serves(tmp_path, monkeypatch):
    def read_only(path):
        raise OSError(30, "Read-only file system", str(path))

    monkeypatch.setattr("desktop_app.cli.setup_logging", read_only)
    monkeypatch.setattr(logging.getLogger(), "handlers", [])  # it adds one: this test's alone
    code, out, err = call("--data-dir", str(tmp_path), "routines")
    assert code == 0 and "big-three" in out
    log = tmp_path / "logs" / "supple.log"
    assert err == f"supple: cannot write {log}: Read-only file system; no log this time\n"


def test_with_no_log_a_failure_does_not_point_to_one(tmp_path, monkeypatch):
    def read_only(path):
        raise OSError(30, "Read-only file system", str(path))

    def explode(*_args):
        raise RuntimeError("kaboom")

    monkeypatch.setattr("desktop_app.cli.setup_logging", read_only)
    monkeypatch.setattr(logging.getLogger(), "handlers", [])
    monkeypatch.setitem(sys.modules["desktop_app.cli"].COMMANDS, "routines", explode)
    code, _out, err = call("--data-dir", str(tmp_path), "routines")
    assert code == 1
    assert err.splitlines()[-1] == "supple: routines failed: kaboom"


def test_check_refuses_what_the_routines_folder_refuses(tmp_path):
    # The same files, the same lines: an id that is a built-in's, a file named like a built-in
    # routine, two files with one id.
    said = write_taken_ids(tmp_path / "routines")
    files = [str(tmp_path / "routines" / name) for name in TAKEN_IDS]
    code, out, err = call("--data-dir", str(tmp_path), "--no-voice", "check", *files)
    assert code == 2
    assert err.splitlines() == said
    assert out == f"{files[0]}: ok: routine 'same', 1 step, 1:14\n"
    assert call("--data-dir", str(tmp_path), "routines")[2].splitlines() == said


def test_check_takes_the_builtin_files_and_a_file_given_twice(tmp_path):
    builtin = sorted(str(p) for p in (ROOT / "assets").glob("*/*.toml"))
    mine = tmp_path / "mine.toml"
    mine.write_text(VALID)
    code, out, err = call("--data-dir", str(tmp_path), "check", *builtin, str(mine), str(mine))
    assert (code, err) == (0, "")
    assert len(out.splitlines()) == len(builtin) + 2


def test_check_of_a_symlink_loop_is_one_line_naming_it(tmp_path):
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop)
    code, out, err = call("--data-dir", str(tmp_path), "check", str(loop))
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1
    assert err.startswith(f"{loop}: ") and "symbolic links" in err


NOT_UTF8 = os.fsdecode(b"caf\xe9 \x1b[31m.toml")  # Latin-1 and an escape code, as bytes


def strict_ascii() -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding="ascii", errors="strict")


def written(stream: io.TextIOWrapper) -> str:
    stream.flush()
    return stream.buffer.getvalue().decode("ascii")


@pytest.mark.parametrize("command", ["routines", "check"])
def test_a_file_name_that_is_not_utf8_is_printed_escaped_even_to_strict_ascii(tmp_path, command):
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / NOT_UTF8).write_text('name = "Caf\u00e9"\n[[step]]\nstretch = "lizard-pose"\n')
    (folder / f"bad-{NOT_UTF8}").write_text('name = "x"\n')
    out, err = strict_ascii(), strict_ascii()
    argv = ["--data-dir", str(tmp_path), command]
    if command == "check":
        argv += [str(folder / NOT_UTF8), str(folder / f"bad-{NOT_UTF8}")]
    code = main(argv, out, err)
    assert code == (0 if command == "routines" else 2)
    shown = f"{folder}/caf\\xe9 \\x1b[31m.toml"
    assert shown in written(out)
    assert f"{folder}/bad-caf\\xe9 \\x1b[31m.toml:1: " in written(err)
    assert "\x1b" not in written(out) + written(err)


def test_routines_json_names_a_file_that_is_not_utf8_as_python_reads_it(tmp_path):
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / NOT_UTF8).write_text('name = "Caf\u00e9"\n[[step]]\nstretch = "lizard-pose"\n')
    out = strict_ascii()
    assert main(["--data-dir", str(tmp_path), "routines", "--json"], out, io.StringIO()) == 0
    mine = [r for r in json.loads(written(out)) if r["source"] != "built-in"]
    assert [r["name"] for r in mine] == ["Caf\u00e9"]
    assert Path(mine[0]["source"]).is_file()  # the same file, found again from the JSON
