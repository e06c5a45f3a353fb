"""Shared fixtures. Qt runs offscreen in tests; every test gets its own data folder."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop_app.core.catalogue import Catalogue, load_catalogue
from desktop_app.core.clock import FakeClock
from desktop_app.resources import assets_dir


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue(assets_dir(), None)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # Nothing a test runs may touch the real user's folders (the autostart entry included),
    # nor meet a running Supple's socket. The runtime folder is short: a socket's path is.
    monkeypatch.setenv("SUPPLE_DATA_DIR", str(tmp_path / "supple-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    runtime = tempfile.mkdtemp(prefix="supple-rt-")
    monkeypatch.setenv("XDG_RUNTIME_DIR", runtime)
    yield
    shutil.rmtree(runtime, ignore_errors=True)
