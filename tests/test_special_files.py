"""A named pipe, a device or a socket where Supple reads a file (a routine, the settings, the
kept writes, a file named on the command line) is named in one line and the rest loads; nothing
waits on it or reads it to the end. Each runs as a bounded process (tests/bounded.py): before,
a pipe hung every command and a link to /dev/zero read until the memory ran out."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.bounded import make_socket, run_python, run_supple
from tests.test_cli import VALID
from tests.test_content import ROUTINES

SPECIAL = [
    (os.mkfifo, "a named pipe (FIFO), not a regular file"),
    (lambda path: path.symlink_to("/dev/zero"), "a device, not a regular file"),
    (make_socket, "a socket, not a regular file"),
]
IDS = ["fifo", "dev-zero", "socket"]


def test_special_files_among_the_routines_are_named_and_the_others_load(tmp_path: Path):
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "my-evening.toml").write_text(VALID)
    for (make, _why), name in zip(SPECIAL, IDS, strict=True):
        make(routines / f"{name}.toml")
    done = run_supple("--data-dir", str(tmp_path), "routines", "--json")
    assert done.returncode == 0
    assert sorted(done.stderr.splitlines()) == sorted(
        f"{routines / name}.toml: is {why}" for (_make, why), name in zip(SPECIAL, IDS, strict=True)
    )
    assert {routine["id"] for routine in json.loads(done.stdout)} == ROUTINES | {"my-evening"}


@pytest.mark.parametrize(("make", "why"), SPECIAL, ids=IDS)
def test_special_settings_are_named_and_the_defaults_used(tmp_path: Path, make, why):
    make(tmp_path / "settings.json")
    done = run_supple("--data-dir", str(tmp_path), "routines")
    assert done.returncode == 0
    assert done.stderr == (
        f"supple: cannot read {tmp_path / 'settings.json'}: {why}; using the defaults\n"
    )
    assert {line.split()[0] for line in done.stdout.splitlines()} == ROUTINES


@pytest.mark.parametrize(("make", "why"), SPECIAL, ids=IDS)
def test_check_names_a_special_file_and_checks_the_others(tmp_path: Path, make, why):
    special, good = tmp_path / "special.toml", tmp_path / "good.toml"
    make(special)
    good.write_text(VALID)
    done = run_supple("--data-dir", str(tmp_path / "d"), "check", str(special), str(good))
    assert (done.returncode, done.stderr) == (2, f"{special}: is {why}\n")
    assert done.stdout.startswith(f"{good}: ok")


def test_start_names_a_named_pipe_and_starts_nothing(tmp_path: Path):
    special = tmp_path / "pipe.toml"
    os.mkfifo(special)
    done = run_supple("--data-dir", str(tmp_path / "d"), "start", str(special))
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"{special}: is a named pipe (FIFO), not a regular file\n"


KEEP = """
import json, sys
from pathlib import Path
from desktop_app.core.recorder import Began
from desktop_app.services.history_keeper import HistoryKeeper
from tests.services.test_history import info, now
keeper = HistoryKeeper(Path(sys.argv[1]), now)
stored = keeper.write(Began(info("s1")))
print(json.dumps([stored, keeper.take_notices()]))
keeper.close()
"""


@pytest.mark.parametrize(("make", "why"), SPECIAL, ids=IDS)
def test_kept_writes_that_are_a_special_file_are_moved_aside_and_new_ones_stored(
    tmp_path: Path, make, why
):
    history = tmp_path / "history.sqlite3"
    kept = tmp_path / "history.sqlite3.kept.json"
    make(kept)
    done = run_python(KEEP, str(history))
    assert done.returncode == 0, done.stderr  # which holds the log's errors: no log set up
    stored, [notice] = json.loads(done.stdout)
    assert stored  # the new write is in the history
    assert f"could not be read ({kept}: {why})" in notice
    assert not kept.exists() and not kept.is_symlink()  # moved aside, never deleted
    [aside] = tmp_path.glob("history.sqlite3.kept.json.damaged-*")
    assert str(aside) in notice


IMPORT_TOO_LARGE = """
import sys
from pathlib import Path
from desktop_app.core.records import RecordError
from desktop_app.services.files import read_json_list
try:
    read_json_list(Path(sys.argv[1]), "a list")
except RecordError as exc:
    print(exc)
"""


def test_a_json_file_over_the_limit_is_named_with_the_limit_and_never_read(tmp_path: Path):
    from desktop_app.services.files import MAX_JSON_BYTES  # noqa: PLC0415

    backup = tmp_path / "backup.json"
    with backup.open("wb") as sparse:  # no room taken on the disk: a hole
        sparse.truncate(MAX_JSON_BYTES + 1)
    done = run_python(IMPORT_TOO_LARGE, str(backup))
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"{backup}: too large (Supple reads at most 512 MB)\n"
