"""Where Supple keeps its files: the platform's user folders, or everything under one folder
given with --data-dir (or SUPPLE_DATA_DIR). Nothing is created until `ensure()` is called, or
`instance_socket()` for the runtime folder."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from desktop_app import APP_NAME

DATA_DIR_ENV = "SUPPLE_DATA_DIR"
RUNTIME_DIR_ENV = "XDG_RUNTIME_DIR"
# A Unix socket's path must fit in sun_path: 108 bytes on Linux and 104 on macOS, with its NUL.
SOCKET_PATH_LIMIT = 100


class RuntimeDirError(Exception):
    """The folder for the instance's socket cannot be used; the message says why in one line."""


@dataclass(frozen=True)
class AppPaths:
    config_dir: Path
    data_dir: Path
    cache_dir: Path
    log_dir: Path
    root: Path | None = None  # the --data-dir folder, if one was given

    @classmethod
    def under(cls, root: Path) -> AppPaths:
        """The fixed layout of --data-dir: one folder holds everything."""
        root = root.expanduser().absolute()
        return cls(
            config_dir=root,
            data_dir=root,
            cache_dir=root / "cache",
            log_dir=root / "logs",
            root=root,
        )

    @classmethod
    def platform(cls) -> AppPaths:
        import platformdirs  # noqa: PLC0415 (not needed, nor paid for, under --data-dir)

        return cls(
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)),
            log_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        )

    @classmethod
    def resolve(cls, data_dir: str | None, environ: Mapping[str, str] = os.environ) -> AppPaths:
        """--data-dir first, then SUPPLE_DATA_DIR, then the platform's folders."""
        chosen = data_dir or environ.get(DATA_DIR_ENV)
        return cls.under(Path(chosen)) if chosen else cls.platform()

    @property
    def routines_dir(self) -> Path:
        return self.config_dir / "routines"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def history_db(self) -> Path:
        return self.data_dir / "history.sqlite3"

    def waiting_places(self, environ: Mapping[str, str] = os.environ) -> list[Path]:
        """Where writes the history cannot take may wait when its own folder cannot keep them
        either, in order: the runtime folder (in memory on most systems, so another
        filesystem), the cache, and a private folder in the temporary one."""
        places: list[Path] = []
        for where in (environ, None, {}):  # None: the cache; {}: no XDG_RUNTIME_DIR, so /tmp
            try:
                place = self.cache_dir if where is None else runtime_dir(where)
            except RuntimeDirError:
                continue  # one place fewer; the others may do
            if place not in places:
                places.append(place)
        return places

    @property
    def speech_cache(self) -> Path:
        """The spoken cues, one WAV file each (see services/speech_cache.py)."""
        return self.cache_dir / "speech"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "supple.log"

    @property
    def instance_name(self) -> str:
        """The file name of the socket a running Supple listens on: one per data folder, so that
        Supples on different data (tests, a second profile) never take each other's requests."""
        if self.root is None:
            return "instance.sock"
        import hashlib  # noqa: PLC0415 (OpenSSL's 3.5 MB, only for a --data-dir)

        # Resolved, so that two spellings of one folder (a symlink, '..') meet all the same.
        digest = hashlib.sha256(os.fsencode(self.root.resolve())).hexdigest()
        return f"instance-{digest[:12]}.sock"

    def instance_socket(self, environ: Mapping[str, str] = os.environ) -> Path:
        """The socket's full path, in the runtime folder (made if needed; see `runtime_dir`)."""
        path = runtime_dir(environ) / self.instance_name
        if len(os.fsencode(path)) > SOCKET_PATH_LIMIT:
            raise RuntimeDirError(
                f"{path} is too long for a socket (at most {SOCKET_PATH_LIMIT} bytes)"
            )
        return path

    def ensure(self) -> list[OSError]:
        """Create the folders, the data folder first: it holds health data. It and the log
        folder (whose lines may name sessions) are for the user alone, wherever they are.
        Raises OSError when the data folder cannot be made; returns why others could not be,
        which Supple does without (a root-owned cache after a `sudo` run: no speech cache)."""
        problems = [_make_own(self.data_dir)]
        for folder in (self.config_dir, self.routines_dir, self.cache_dir):
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                problems.append(exc)
        try:
            problems.append(_make_own(self.log_dir))
        except OSError as exc:
            problems.append(exc)
        return [problem for problem in problems if problem is not None]


def _make_own(folder: Path) -> OSError | None:
    """Make `folder` 0700, or make it 0700 if an older Supple made it open to others. Raises
    OSError when it cannot be made; returns why it could not be closed to others."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if stat.S_IMODE(folder.stat().st_mode) != 0o700:
        try:
            os.chmod(folder, 0o700)
        except OSError as exc:
            if exc.errno != errno.EROFS:  # a read-only folder says so once, for the log
                return exc
    return None


def runtime_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The user's private folder for the instance's socket, made on first use: Supple in
    $XDG_RUNTIME_DIR, or supple-runtime-<uid> in the temporary folder when that is not set.
    Not platformdirs.user_runtime_dir: it warns when XDG_RUNTIME_DIR is unset."""
    if not hasattr(os, "getuid"):
        raise RuntimeDirError("a private runtime folder needs a Unix-like system")
    base = environ.get(RUNTIME_DIR_ENV, "")
    if os.path.isabs(base):  # the XDG spec: a relative value is to be ignored
        folder = Path(base) / APP_NAME
    else:
        folder = Path(tempfile.gettempdir()) / f"supple-runtime-{os.getuid()}"
    _make_private(folder)
    return folder


def _make_private(folder: Path) -> None:
    """Make `folder` 0700, or check that it is ours and 0700. In a shared temporary folder
    another user could have made it first, to read or replace our socket: then we refuse."""
    try:
        folder.mkdir(mode=0o700)
        os.chmod(folder, 0o700)  # whatever the umask took away
    except FileExistsError:
        pass
    except OSError as exc:
        raise RuntimeDirError(f"cannot make the folder {folder}: {exc.strerror}") from exc
    seen = folder.lstat()  # a symbolic link is refused, not followed
    if not stat.S_ISDIR(seen.st_mode):
        raise RuntimeDirError(f"{folder} is not a folder; remove it so Supple can make one")
    if seen.st_uid != os.getuid():
        raise RuntimeDirError(
            f"{folder} belongs to another user (uid {seen.st_uid}); Supple will not put its "
            "socket there"
        )
    mode = stat.S_IMODE(seen.st_mode)
    if mode != 0o700:
        raise RuntimeDirError(
            f"{folder} has mode {mode:o}, not 700, so others may reach it; Supple will not put "
            f"its socket there (chmod 700 {folder} if it is yours)"
        )
