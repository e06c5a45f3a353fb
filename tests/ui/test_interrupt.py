"""Ctrl+C, a closed terminal and logging out quit through the event loop, never from inside
the signal handler: a signal that comes before the loop runs (just as the window is shown) is
acted on once it runs, not lost."""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest

from desktop_app.ui.shell.application import make_application
from desktop_app.ui.shell.interrupt import InterruptWaker

OURS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


@pytest.fixture
def calls() -> Iterator[list[str]]:
    """What the waker's on_interrupt was called for, in order."""
    app = make_application()
    saved = {number: signal.getsignal(number) for number in (*OURS, signal.SIGUSR1)}
    made = InterruptWaker(app)
    called: list[str] = []
    made.on_interrupt = lambda: called.append("quit")
    try:
        yield called
    finally:
        made.close()
        for number, handler in saved.items():
            signal.signal(number, handler)
        made.setParent(None)
        made.deleteLater()


@pytest.mark.parametrize("number", OURS)
def test_a_signal_quits_from_the_loop_not_from_the_handler(qtbot, calls, number):
    signal.raise_signal(number)  # the handler has run when this returns
    assert calls == []  # before: the quit ran here, and a loop not yet running lost it
    qtbot.waitUntil(lambda: calls == ["quit"])


def test_another_signal_wakes_the_loop_but_quits_nothing(qtbot, calls):
    signal.signal(signal.SIGUSR1, lambda _number, _frame: None)  # also written to the socket
    signal.raise_signal(signal.SIGUSR1)
    signal.raise_signal(signal.SIGINT)
    qtbot.waitUntil(lambda: calls == ["quit"])  # one quit: SIGUSR1's byte was not one
