"""Where Supple keeps its files: the platform's user folders, or everything under one folder
given with --data-dir (or SUPPLE_DATA_DIR). Nothing is created until `ensure()` is called."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from desktop_app import APP_NAME

DATA_DIR_ENV = "SUPPLE_DATA_DIR"


@dataclass(frozen=True)
class AppPaths:
    config_dir: Path
    data_dir: Path
    cache_dir: Path
    log_dir: Path

    @classmethod
    def under(cls, root: Path) -> AppPaths:
        """The fixed layout of --data-dir: one folder holds everything."""
        root = root.expanduser().absolute()
        return cls(config_dir=root, data_dir=root, cache_dir=root / "cache", log_dir=root / "logs")

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

    @property
    def log_file(self) -> Path:
        return self.log_dir / "supple.log"

    def ensure(self) -> None:
        """Create the folders. The data folder holds health data: only the user may enter it."""
        for folder in (self.config_dir, self.routines_dir, self.cache_dir, self.log_dir):
            folder.mkdir(parents=True, exist_ok=True)
        self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.data_dir, 0o700)
