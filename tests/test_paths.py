from __future__ import annotations

import stat
from pathlib import Path

from desktop_app.paths import DATA_DIR_ENV, AppPaths


def test_data_dir_holds_everything_in_the_fixed_layout(tmp_path):
    paths = AppPaths.resolve(str(tmp_path / "d"), environ={})
    assert paths.routines_dir == tmp_path / "d" / "routines"
    assert paths.history_db == tmp_path / "d" / "history.sqlite3"
    assert paths.log_file == tmp_path / "d" / "logs" / "supple.log"
    assert paths.cache_dir == tmp_path / "d" / "cache"
    assert paths.settings_file.parent == tmp_path / "d"
    assert not (tmp_path / "d").exists()  # nothing until ensure()


def test_the_option_wins_over_the_environment_which_wins_over_the_platform(tmp_path):
    env = {DATA_DIR_ENV: str(tmp_path / "env")}
    assert AppPaths.resolve(str(tmp_path / "opt"), env).data_dir == tmp_path / "opt"
    assert AppPaths.resolve(None, env).data_dir == tmp_path / "env"
    platform = AppPaths.resolve(None, {})
    assert platform == AppPaths.platform()
    assert "Supple" in str(platform.data_dir)


def test_ensure_makes_the_folders_and_keeps_the_data_private(tmp_path):
    paths = AppPaths.under(tmp_path / "d")
    paths.ensure()
    for folder in (paths.routines_dir, paths.cache_dir, paths.log_dir):
        assert folder.is_dir()
    assert stat.S_IMODE(paths.data_dir.stat().st_mode) == 0o700
    paths.ensure()  # again: harmless


def test_the_log_folder_is_private_wherever_it_is_and_made_so_if_it_was_not(tmp_path):
    paths = AppPaths(
        config_dir=tmp_path / "config",
        data_dir=tmp_path / "data",
        cache_dir=tmp_path / "cache",
        log_dir=tmp_path / "state" / "log",  # as the platform's folders are: apart
    )
    paths.log_dir.mkdir(parents=True, mode=0o755)  # as an older Supple made it
    assert paths.ensure() == []
    assert stat.S_IMODE(paths.log_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(paths.data_dir.stat().st_mode) == 0o700
    under = AppPaths.under(tmp_path / "d")
    under.ensure()
    assert stat.S_IMODE(under.log_dir.stat().st_mode) == 0o700


def test_a_folder_that_cannot_be_made_is_said_and_the_data_folder_is_made_all_the_same(
    tmp_path, monkeypatch
):
    paths = AppPaths(
        config_dir=tmp_path / "config",
        data_dir=tmp_path / "data",
        cache_dir=tmp_path / "root-owned" / "cache",  # after a `sudo` run
        log_dir=tmp_path / "state",
    )
    (tmp_path / "root-owned").mkdir()
    real_mkdir = Path.mkdir

    def owned_by_root(path, *args, **kwargs):
        if path.parent.name == "root-owned":
            raise PermissionError(13, "Permission denied", str(path))
        real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", owned_by_root)
    [problem] = paths.ensure()
    assert problem.filename == str(paths.cache_dir)
    assert paths.data_dir.is_dir() and paths.log_dir.is_dir() and paths.routines_dir.is_dir()


def test_relative_and_home_paths_are_made_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert AppPaths.under(Path("rel")).data_dir == tmp_path / "rel"
    monkeypatch.setenv("HOME", str(tmp_path))
    assert AppPaths.under(Path("~/x")).data_dir == tmp_path / "x"


def test_ensure_changes_nothing_in_a_folder_already_made(tmp_path, monkeypatch):
    paths = AppPaths.under(tmp_path / "data")
    paths.ensure()

    def read_only(*_args):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr("os.chmod", read_only)
    monkeypatch.setattr("os.mkdir", read_only)
    paths.ensure()  # a disk gone read-only: nothing to change, so nothing fails
