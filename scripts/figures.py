"""Export every built-in stretch's figure, each side, into docs/figures/ with `supple figure`.

Run: python scripts/figures.py [FOLDER]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop_app.cli import main
from desktop_app.core.catalogue import load_catalogue
from desktop_app.resources import assets_dir


def export(folder: Path) -> int:
    for stretch in sorted(
        load_catalogue(assets_dir(), None).stretches.values(), key=lambda s: s.id
    ):
        sides = ("left", "right") if stretch.sided else (None,)
        for side in sides:
            name = f"{stretch.id}-{side}" if side else stretch.id
            args = ["figure", stretch.id, "--out", str(folder / f"{name}.svg"), "--size", "400"]
            if main(args + (["--side", side] if side else [])) != 0:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(export(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/figures")))
