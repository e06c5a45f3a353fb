"""Fixtures for the tests that run Supple as a process."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator

import pytest

from tests import sound


@pytest.fixture
def environ() -> Iterator[dict[str, str]]:
    """The environment for a `supple` process: offscreen, with a runtime folder of its own,
    short enough for a socket's path."""
    runtime = tempfile.mkdtemp(prefix="supple-e2e-", dir="/tmp")
    yield {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": runtime}
    shutil.rmtree(runtime, ignore_errors=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # CI installs PulseAudio (scripts/bootstrap test), so there these tests run.
    missing = sound.missing_programs()
    if not missing:
        return
    skip = pytest.mark.skip(reason=sound.NOT_INSTALLED.format(missing=", ".join(missing)))
    for item in items:
        if item.get_closest_marker("pulseaudio"):
            item.add_marker(skip)


@pytest.fixture(scope="module")
def null_sink() -> Iterator[dict[str, str]]:
    """A private PulseAudio server whose output is a null sink, playing in real time (see
    tests/sound.py); gives what a child process adds to its environment to play there
    (PULSE_SERVER), and stops the server at the end. For tests marked `pulseaudio`."""
    if missing := sound.missing_programs():
        pytest.skip(sound.NOT_INSTALLED.format(missing=", ".join(missing)))
    with sound.NullSinkServer() as server:
        yield dict(server.environment)
