"""A routine named on the command line or by another `supple`: by id, or from a .toml file.
The problems come back as data, so that each caller says them its own way."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.core import fields
from desktop_app.core.catalogue import ContentError, load_catalogue, read_content_file
from desktop_app.core.model import Routine
from desktop_app.paths import AppPaths
from desktop_app.resources import assets_dir


@dataclass(frozen=True)
class Found:
    """The routine, or why there is none: file errors first, then a sentence of our own."""

    routine: Routine | None
    errors: list[ContentError] = field(default_factory=list)
    message: str | None = None

    def lines(self, prefix: str = "") -> list[str]:
        """The problems as lines: each file error as it is, our own sentence after `prefix`."""
        said = [str(error) for error in self.errors]
        return said + ([prefix + self.message] if self.message else [])


def find_routine(reference: str, paths: AppPaths) -> Found:
    catalogue = load_catalogue(assets_dir(), paths.routines_dir)
    if reference in catalogue.routines:
        return Found(catalogue.routines[reference])
    path = Path(reference)
    if path.suffix != ".toml" and not path.exists():
        # The user's routine of that name may be the file that failed to load.
        failed = [error for error in catalogue.errors if Path(error.path).stem == reference]
        known = sorted(catalogue.routines)
        return Found(
            None,
            failed,
            f"no routine '{reference}'{fields.suggest(reference, known)}; "
            f"known: {', '.join(known)}",
        )
    loaded = read_content_file(path, catalogue.stretches)
    if loaded.errors:
        return Found(None, list(loaded.errors))
    if loaded.routine is None:
        return Found(None, message=f"{path} holds stretches but no routine to start")
    return Found(loaded.routine)
