"""Shared fixtures. Qt runs offscreen in tests; every test gets its own data folder."""

from __future__ import annotations

import os
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
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Nothing a test runs may touch the real user's folders.
    monkeypatch.setenv("SUPPLE_DATA_DIR", str(tmp_path / "supple-data"))
