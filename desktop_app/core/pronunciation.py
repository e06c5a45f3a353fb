"""Words the speech engine says wrongly, and how to write them so that it says them right.

Applied to a cue's text just before it is rendered (and in the name it is kept under, so that a
change here renders it again); the screen and the log keep the words as written. Each entry was
checked with `espeak-ng -x`, which prints the phonemes the engine would say."""

from __future__ import annotations

import re

# Whole words, any case.
SAID_AS = {
    "TFL": "T F L",  # spelled letter by letter, each stressed; the engine ran them together
    "figure-four": "figure four",  # the engine joined them into one word, "figgerfour"
    "iliopsoas": "ilio-psoas",  # the p is silent, as it is in "psoas"
}

_WORDS = re.compile(r"\b(" + "|".join(re.escape(word) for word in SAID_AS) + r")\b", re.IGNORECASE)
_BY_LOWER = {word.lower(): said for word, said in SAID_AS.items()}


def spoken(text: str) -> str:
    """`text` as the speech engine should be given it."""
    return _WORDS.sub(lambda match: _BY_LOWER[match.group(0).lower()], text)
