"""The summary's words for each side, and for the check-in after a session."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop_app.core.model import Answer, Kind, Side
from desktop_app.core.summary import WorkOutcome, WorkResult
from desktop_app.ui.session.summary_page import after_text, result_text
from tests.core.builders import stretch


def result(outcome: WorkOutcome, answer: str | None = None, held: float = 15.0) -> WorkResult:
    check = replace(
        stretch("thomas", kind=Kind.CHECK), answers=(Answer("unsure", "I am not sure"),)
    )
    return WorkResult(check, Side.LEFT, Kind.CHECK, 1, 1, 15.0, held, outcome, answer=answer)


def test_an_answer_follows_in_its_own_words_and_I_stays_I():
    assert result_text(result(WorkOutcome.DONE, "unsure")) == "done, 0:15, I am not sure"


def test_a_side_that_hurt_says_so():
    assert result_text(result(WorkOutcome.HURT, held=6.0)) == "stopped, it hurt, 0:06"


@pytest.mark.parametrize(
    ("before", "after", "text"),
    [
        (None, None, "Keys 0 to 9, and T for 10."),  # no answer before: the keys all the same
        (6, None, "Before the session you said 6. Keys 0 to 9, and T for 10."),
        (None, 3, "Saved: 3 now."),
        (6, 3, "Saved: 6 before, 3 now."),
    ],
)
def test_the_check_in_line(before, after, text):
    assert after_text(before, after) == text
