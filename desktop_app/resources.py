"""Where the built-in content and the licence are: inside the package once installed from a
wheel, at the top of the repository in a source checkout or an editable install."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def assets_dir() -> Path:
    for candidate in (_PACKAGE / "assets", _PACKAGE.parent / "assets"):
        if (candidate / "routines").is_dir():
            return candidate
    raise FileNotFoundError(f"Supple's content folder is missing (looked in {_PACKAGE})")


def licence_file() -> Path | None:
    """The licence's text: in the package once installed from a wheel (or bundled), at the top
    of the repository in a source checkout; None if this copy lost it."""
    for candidate in (_PACKAGE / "LICENSE", _PACKAGE.parent / "LICENSE"):
        if candidate.is_file():
            return candidate
    return None


def app_icon() -> Path:
    """Supple's icon, as the window, the notifications and the login entry show it."""
    return assets_dir() / "icons" / "supple.svg"


def chime_sound() -> Path:
    """The reminders' chime (assets/sounds: made by scripts/make_chime.py)."""
    return assets_dir() / "sounds" / "chime.wav"
