"""A routine file saved while the home page shows is there at once: edited in place, replaced
as editors save, broken and fixed, or in a routines folder made after Supple started."""

from __future__ import annotations

import os

from desktop_app.ui.home.home_page import ROUTINE_ID
from desktop_app.ui.kit.folder_watch import FolderWatch

ROUTINE = 'name = "{name}"\n[[step]]\nstretch = "lizard-pose"\n'


def names(window) -> list[str]:
    home = window.home
    return [home.list.item(row).data(ROUTINE_ID) for row in range(home.list.count())]


def replace(path, text: str) -> None:
    """As editors save: a new file renamed over the old one."""
    fresh = path.with_name(path.name + ".new")
    fresh.write_text(text, encoding="utf-8")
    os.replace(fresh, path)


def test_an_edited_file_shows_on_the_home_page_without_leaving_it(window, paths, qtbot):
    mine = paths.routines_dir / "mine.toml"
    mine.write_text(ROUTINE.format(name="First"), encoding="utf-8")
    qtbot.waitUntil(lambda: "mine" in names(window))
    window.home.select("mine")
    assert window.home.name.text() == "First"

    replace(mine, ROUTINE.format(name="Second"))
    qtbot.waitUntil(lambda: window.home.name.text() == "Second")
    assert window.home.current_id() == "mine"  # the choice stays

    mine.write_text(ROUTINE.format(name="Third"), encoding="utf-8")  # in place, after a rename
    qtbot.waitUntil(lambda: window.home.name.text() == "Third")

    mine.write_text('name = "Broken"\n[[step]]\nstretch = 3\n', encoding="utf-8")
    qtbot.waitUntil(lambda: not window.home.errors.isHidden())
    assert f"{mine}:3: step 1: stretch must be" in window.home.errors.text()
    assert "mine" not in names(window)

    mine.unlink()
    qtbot.waitUntil(window.home.errors.isHidden)


def test_a_routines_folder_made_later_is_watched(make_window, paths, qtbot):
    paths.routines_dir.rmdir()  # a first run: no folder yet
    window = make_window()
    paths.routines_dir.mkdir()
    (paths.routines_dir / "later.toml").write_text(ROUTINE.format(name="Later"), "utf-8")
    qtbot.waitUntil(lambda: "later" in names(window))


def test_a_file_written_beside_the_folder_is_no_change(tmp_path, qtbot):
    folder = tmp_path / "routines"
    watch = FolderWatch(folder, settle_ms=50)
    assert watch.watched() == {str(tmp_path)}  # waiting for the folder to appear
    changed: list[bool] = []
    watch.changed.connect(lambda: changed.append(True))
    with qtbot.waitSignal(watch.settled):  # looked at, and nothing to tell
        (tmp_path / "settings.json").write_text("{}", encoding="utf-8")
        folder.mkdir()  # an empty folder: still no routine
        (folder / "notes.txt").write_text("not a routine", encoding="utf-8")
    assert changed == []
    assert watch.watched() == {str(folder)}
    with qtbot.waitSignal(watch.changed):
        (folder / "a.toml").write_text(ROUTINE.format(name="A"), encoding="utf-8")
    assert watch.watched() == {str(folder), str(folder / "a.toml")}


def test_a_closed_window_watches_no_more(window, paths, qtbot):
    assert window.routines_watch.watched()
    (paths.routines_dir / "mine.toml").write_text(ROUTINE.format(name="Mine"), "utf-8")
    qtbot.waitUntil(lambda: "mine" in names(window))
    window.close()
    assert window.routines_watch.watched() == set()
