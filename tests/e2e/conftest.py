"""Fixtures for the tests that run Supple as a process."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator

import pytest


@pytest.fixture
def environ() -> Iterator[dict[str, str]]:
    """The environment for a `supple` process: offscreen, with a runtime folder of its own,
    short enough for a socket's path."""
    runtime = tempfile.mkdtemp(prefix="supple-e2e-", dir="/tmp")
    yield {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": runtime}
    shutil.rmtree(runtime, ignore_errors=True)
