"""The XDG autostart entry: made and removed by the switch, valid for desktop-file-validate, and
its Exec line gives back the exact command, whatever the folder names hold."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app import APP_ID
from desktop_app.services import autostart

ICON = Path("/opt/supple/icons/supple.svg")


def exec_arguments(text: str) -> list[str]:
    """The Exec line read back as the Desktop Entry spec says a launcher reads it."""
    [line] = [line for line in text.splitlines() if line.startswith("Exec=")]
    value, unescaped, i = line[len("Exec=") :], "", 0
    while i < len(value):  # the string value's escapes first
        if value[i] == "\\":
            unescaped += {"\\": "\\", "n": "\n", "t": "\t", "s": " "}[value[i + 1]]
            i += 2
        else:
            unescaped += value[i]
            i += 1
    arguments, current, quoted, i = [], None, False, 0
    while i < len(unescaped):
        char = unescaped[i]
        if quoted and char == "\\":
            current += unescaped[i + 1]
            i += 2
            continue
        if char == '"':
            quoted = not quoted
            current = current or ""
        elif char == " " and not quoted:
            if current is not None:
                arguments.append(current)
            current = None
        else:
            current = (current or "") + char
        i += 1
    if current is not None:
        arguments.append(current)
    return [argument.replace("%%", "%") for argument in arguments]


def test_the_entry_goes_where_the_desktop_looks(tmp_path):
    path = autostart.entry_path({"XDG_CONFIG_HOME": str(tmp_path)})
    assert path == tmp_path / "autostart" / f"{APP_ID}.desktop"
    assert autostart.entry_path({}) == Path.home() / ".config" / "autostart" / path.name


def test_enable_and_disable(tmp_path):
    path = tmp_path / "autostart" / "supple.desktop"
    assert not autostart.is_enabled(path)
    autostart.enable(["/usr/bin/supple", "--tray"], ICON, path)
    assert autostart.is_enabled(path)
    text = path.read_text()
    assert "Exec=/usr/bin/supple --tray\n" in text
    assert "Type=Application" in text and "Name=Supple" in text
    autostart.disable(path)
    assert not autostart.is_enabled(path)
    autostart.disable(path)  # twice is fine


@pytest.mark.parametrize(
    "folder",
    ["/home/ann/my data", 'C:/quote"d', "/tmp/100%", "/tmp/$HOME", "/tmp/back\\slash", "/t/`x`"],
)
def test_the_exec_line_gives_back_the_command(tmp_path, folder):
    command = [sys.executable, "-m", "desktop_app", "--data-dir", folder, "--tray"]
    path = autostart.enable(command, ICON, tmp_path / "a.desktop")
    assert exec_arguments(path.read_text()) == command
    validate(path)


def test_launch_command_keeps_the_data_folder(tmp_path):
    command = autostart.launch_command(tmp_path)
    assert command[-3:] == ["--data-dir", str(tmp_path), "--tray"]
    assert autostart.launch_command(None)[-1] == "--tray"
    assert "--data-dir" not in autostart.launch_command(None)


@pytest.mark.parametrize("line", ["Hidden=true", "X-GNOME-Autostart-enabled=false"])
def test_an_entry_the_desktop_switched_off_is_off_until_switched_on(tmp_path, line):
    path = autostart.enable(["supple", "--tray"], ICON, tmp_path / "a.desktop")
    path.write_text(path.read_text().replace("X-GNOME-Autostart-enabled=true", line))
    assert not autostart.is_enabled(path)
    autostart.enable(["supple", "--tray"], ICON, path)
    assert autostart.is_enabled(path)


def test_supported_only_where_xdg_autostart_is():
    assert autostart.supported("linux")
    assert not autostart.supported("win32")
    assert not autostart.supported("darwin")


def validate(path: Path) -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        return  # `scripts/bootstrap test` installs it; a bare checkout may not have it
    checked = subprocess.run([tool, str(path)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
