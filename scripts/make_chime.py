"""Write assets/sounds/chime.wav: the reminders' short, soft chime, made here from sine
partials with a gentle attack and an exponential decay (a small bell), 16-bit mono, 0.6 s,
well below full scale. Supple's own sound, under the project's licence (see LICENSE.txt beside
it). Run again only to change it: `.venv/bin/python scripts/make_chime.py`.
"""

from __future__ import annotations

import math
import struct
import sys
import wave
from pathlib import Path

RATE = 44100
SECONDS = 0.6
PEAK = 0.25  # of full scale: soft, under the spoken cues
# (frequency in Hz, relative level, decay time constant in s): a bell-like A5 with two
# inharmonic partials that die away sooner.
PARTIALS = ((880.0, 1.0, 0.22), (1760.0 * 1.003, 0.35, 0.12), (2640.0 * 1.01, 0.12, 0.07))
ATTACK = 0.008  # s: no click at the start
RELEASE = 0.05  # s: faded to silence at the end


def samples() -> list[float]:
    count = int(RATE * SECONDS)
    total = sum(level for _f, level, _d in PARTIALS)
    out = []
    for n in range(count):
        t = n / RATE
        value = sum(
            level * math.exp(-t / decay) * math.sin(2 * math.pi * frequency * t)
            for frequency, level, decay in PARTIALS
        )
        envelope = min(1.0, t / ATTACK) * min(1.0, (SECONDS - t) / RELEASE)
        out.append(PEAK * envelope * value / total)
    return out


def write(path: Path) -> None:
    frames = b"".join(struct.pack("<h", round(value * 32767)) for value in samples())
    with wave.open(str(path), "wb") as chime:
        chime.setnchannels(1)
        chime.setsampwidth(2)
        chime.setframerate(RATE)
        chime.writeframes(frames)


def main() -> int:
    path = Path(__file__).resolve().parent.parent / "assets" / "sounds" / "chime.wav"
    path.parent.mkdir(exist_ok=True)
    write(path)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
