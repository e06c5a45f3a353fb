"""Runs of six words, hashed, to show that no sentence of the source articles was copied without
shipping their text: tests/data/seed_shingles.txt holds the hashes of the articles' runs."""

from __future__ import annotations

import hashlib
import re

RUN = 6


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "'").replace("'", ""))


def shingles(text: str) -> set[str]:
    w = words(text)
    return {
        hashlib.sha256(" ".join(w[i : i + RUN]).encode()).hexdigest()[:16]
        for i in range(len(w) - RUN + 1)
    }
