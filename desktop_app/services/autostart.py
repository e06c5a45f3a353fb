"""Starting Supple at login, in the tray: an XDG autostart entry on Linux and other free
desktops (`$XDG_CONFIG_HOME/autostart/<app id>.desktop`), made and removed by the switch in the
settings. The entry is the only record of the choice, so the switch always shows the truth;
an entry the desktop's own settings switched off counts as off, and switching on rewrites it.

On Windows and macOS the switch is not offered; docs/user-guide.md says how to do the same
by hand.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from desktop_app import APP_ID, APP_NAME
from desktop_app.core.regular_file import read_regular_file
from desktop_app.services.files import write_atomic

# Characters that make an argument need quotes in an Exec line (the Desktop Entry spec).
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")
MAX_ENTRY_BYTES = 64 * 1024  # ours is a few lines; the desktop adds a few more


def supported(platform: str = sys.platform) -> bool:
    return platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))


def entry_path(environ: Mapping[str, str] = os.environ) -> Path:
    config = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "autostart" / f"{APP_ID}.desktop"


def launch_command(data_dir: Path | None) -> list[str]:
    """How this Supple is started again: its own script, or this Python with `-m`."""
    script = Path(sys.argv[0]).absolute()
    if script.name == "supple" and script.is_file():
        command = [str(script)]
    else:
        command = [sys.executable, "-m", "desktop_app"]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    return [*command, "--tray"]


def is_enabled(path: Path | None = None) -> bool:
    """Whether the entry is there and not switched off by the desktop's own settings (which
    write Hidden=true or X-GNOME-Autostart-enabled=false into it)."""
    try:
        data = read_regular_file(path or entry_path(), MAX_ENTRY_BYTES)
    except OSError:
        return False
    lines = data.decode("utf-8", errors="replace").splitlines()
    switched_off = {"Hidden=true", "X-GNOME-Autostart-enabled=false"}
    return not switched_off.intersection(line.strip() for line in lines)


def enable(command: Sequence[str], icon: Path, path: Path | None = None) -> Path:
    path = path or entry_path()
    write_atomic(path, entry_text(command, icon))
    return path


def disable(path: Path | None = None) -> None:
    (path or entry_path()).unlink(missing_ok=True)


def entry_text(command: Sequence[str], icon: Path) -> str:
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            f"Name={APP_NAME}",
            "Comment=Reminders to stand up and stretch, from the tray",
            f"Exec={_escape(' '.join(_quote(arg) for arg in command))}",
            f"Icon={_escape(str(icon))}",
            "Terminal=false",
            "X-GNOME-Autostart-enabled=true",
            "",
        ]
    )


def _quote(arg: str) -> str:
    """One Exec argument, quoted where the spec asks; a % is doubled to stay literal."""
    arg = arg.replace("%", "%%")
    if not _RESERVED.intersection(arg):
        return arg
    escaped = "".join("\\" + char if char in '"`$\\' else char for char in arg)
    return f'"{escaped}"'


def _escape(value: str) -> str:
    """A string value of a desktop file: backslashes and line breaks escaped."""
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
