"""Words the speech engine says wrongly are given to it so that it says them right."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from desktop_app.core.pronunciation import SAID_AS, spoken


def test_each_word_is_replaced_whole_and_in_any_case():
    assert spoken("Standing TFL cross-over") == "Standing T F L cross-over"
    assert spoken("the Figure-four, then the iliopsoas.") == "the figure four, then the ilio-psoas."
    assert spoken("TFLX and psoas stay") == "TFLX and psoas stay"


def phonemes(text: str) -> str:
    done = subprocess.run(
        ["espeak-ng", "-q", "-x", text], capture_output=True, text=True, check=True, timeout=10
    )
    return done.stdout.strip()


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")
def test_the_engine_says_the_new_forms_as_meant():
    # As written, espeak-ng says the p of iliopsoas and joins figure-four into one word.
    assert "ps" in phonemes("iliopsoas") and "ps" not in phonemes(spoken("iliopsoas"))
    assert " " not in phonemes("figure-four") and " " in phonemes(spoken("figure-four"))
    assert phonemes(spoken("TFL")).count("'") == 3  # three letters, each said clearly
    assert all(phonemes(said) for said in SAID_AS.values())
