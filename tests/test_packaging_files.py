"""The Linux desktop entry and AppStream metainfo: valid for the freedesktop tools, and in step
with the code (app id, version, routines, screenshots), which the tools cannot check."""

from __future__ import annotations

import configparser
import shlex
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from desktop_app import APP_ID, HOMEPAGE, __version__
from desktop_app.cli import build_parser
from desktop_app.core.catalogue import Catalogue

ROOT = Path(__file__).resolve().parent.parent
DESKTOP = ROOT / "packaging" / f"{APP_ID}.desktop"
METAINFO = ROOT / "packaging" / f"{APP_ID}.metainfo.xml"
SCREENSHOTS = "https://raw.githubusercontent.com/supple/supple/main/"


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (`scripts/bootstrap test` installs it)")
    return found


def desktop_entry() -> configparser.ConfigParser:
    # Keys are case-sensitive in desktop files; interpolation would choke on a '%' field code.
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DESKTOP, encoding="utf-8")
    return parser


def metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()


def listed(value: str) -> list[str]:
    return [item for item in value.split(";") if item]


def test_desktop_file_validate():
    checked = subprocess.run(
        [tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True, check=False
    )
    # Hints count too: it says nothing at all about a clean file.
    assert (checked.returncode, checked.stdout + checked.stderr) == (0, "")


def test_appstreamcli_validate():
    checked = subprocess.run(
        [tool("appstreamcli"), "validate", "--no-net", "--pedantic", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    output = checked.stdout + checked.stderr
    assert checked.returncode == 0, output
    problems = [line for line in output.splitlines() if line[:2] in ("E:", "W:")]
    assert problems == [], output


def test_one_app_id_everywhere():
    entry = desktop_entry()["Desktop Entry"]
    root = metainfo()
    assert entry["Icon"] == APP_ID
    assert root.findtext("id") == APP_ID
    assert root.findtext("icon[@type='stock']") == APP_ID
    assert root.findtext("launchable[@type='desktop-id']") == DESKTOP.name


def test_the_same_categories_in_both():
    categories = [element.text for element in metainfo().iterfind("categories/category")]
    assert categories == listed(desktop_entry()["Desktop Entry"]["Categories"])


def test_the_newest_release_is_this_version():
    releases = metainfo().findall("releases/release")
    assert releases, "no <release> in the metainfo"
    assert releases[0].get("version") == __version__
    dates = [date.fromisoformat(release.get("date", "")) for release in releases]
    assert dates == sorted(dates, reverse=True)  # newest first, as AppStream wants


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_screenshots_are_the_ones_in_docs():
    images = metainfo().findall("screenshots/screenshot/image")
    assert images
    for image in images:
        url = image.text or ""
        assert url.startswith(SCREENSHOTS), url
        path = ROOT / url.removeprefix(SCREENSHOTS)
        assert path.parent == ROOT / "docs" / "screenshots", url
        assert path.is_file(), f"{url} points at a file that is not in docs/screenshots"
        assert png_size(path) == (int(image.get("width", 0)), int(image.get("height", 0))), url


def exec_lines() -> list[str]:
    entry = desktop_entry()
    return [entry[group]["Exec"] for group in entry.sections() if "Exec" in entry[group]]


def test_the_exec_commands_run(catalogue: Catalogue):
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    lines = exec_lines()
    assert len(lines) >= 2  # the entry and at least one action
    for line in lines:
        program, *arguments = shlex.split(line)  # no quoting or field codes in ours
        assert program in pyproject["project"]["scripts"], line
        args = build_parser().parse_args(arguments)  # exits on a bad argument
        if args.command == "start":
            assert args.routine in catalogue.routines, f"{line}: no such built-in routine"


def test_the_wheel_takes_its_version_from_the_package():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"]
    assert "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["hatch"]["version"]["path"] == "desktop_app/__init__.py"


def test_one_project_page_everywhere():
    """The About dialog's link, the metainfo's homepage and the wheel's metadata agree."""
    homepage = metainfo().find("url[@type='homepage']")
    assert homepage is not None and homepage.text == HOMEPAGE
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["urls"]["Homepage"] == HOMEPAGE
