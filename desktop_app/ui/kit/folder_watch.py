"""Tells when the files of one kind in a folder change: added, removed, edited, or replaced as
editors save (a new file renamed over the old one), and when the folder itself appears later."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

SETTLE_MS = 300  # an editor's save is several changes in a row: told once, after the last

# A file's state: what changes when it is edited or replaced.
Signature = tuple[tuple[str, int, int, int], ...]


class FolderWatch(QObject):
    """Watches `folder` and each of its files ending in `suffix`; while the folder is missing,
    its nearest existing parent, to see it made. `changed` comes once the changes settle, and
    only when the files are not as they were last told (a settings file written beside the
    folder, or a file touched to the same content and time, is not a change). `settled` comes
    after each settle, whether the files changed or not: what a test waits for to know that
    nothing was told."""

    changed = Signal()
    settled = Signal()

    def __init__(
        self,
        folder: Path,
        suffix: str = ".toml",
        settle_ms: int = SETTLE_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.folder = folder
        self._suffix = suffix
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._noticed)
        self._watcher.fileChanged.connect(self._noticed)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(settle_ms)
        self._settle.timeout.connect(self._check)
        self._told = self._signature()
        self._follow()

    def watched(self) -> set[str]:
        """The paths watched now (what tests read)."""
        return set(self._watcher.files()) | set(self._watcher.directories())

    def stop(self) -> None:
        """Watch no more (the window closes for good)."""
        self._settle.stop()
        if watched := self.watched():
            self._watcher.removePaths(sorted(watched))

    def _files(self) -> list[Path]:
        try:
            with os.scandir(self.folder) as entries:
                return sorted(
                    Path(entry.path)
                    for entry in entries
                    if entry.name.endswith(self._suffix) and entry.is_file()
                )
        except OSError:  # not there (yet), or not readable: nothing to load either
            return []

    def _signature(self) -> Signature:
        found = []
        for path in self._files():
            try:
                seen = path.stat()
            except OSError:  # gone since the folder was read
                continue
            found.append((path.name, seen.st_mtime_ns, seen.st_size, seen.st_ino))
        return tuple(found)

    def _follow(self) -> None:
        """Watch what there is now: the folder and its files, or the parent it will appear in."""
        if self.folder.is_dir():
            wanted = {str(self.folder), *(str(path) for path in self._files())}
        else:
            parent = self.folder.parent
            while not parent.is_dir() and parent != parent.parent:
                parent = parent.parent
            wanted = {str(parent)}
        watched = self.watched()
        if gone := watched - wanted:
            self._watcher.removePaths(sorted(gone))
        if new := wanted - watched:
            self._watcher.addPaths(sorted(new))

    def _noticed(self, _path: str) -> None:
        self._follow()  # a replaced file is no longer watched; a new one is not yet
        self._settle.start()

    def _check(self) -> None:
        self._follow()
        now = self._signature()
        if now != self._told:
            self._told = now
            self.changed.emit()
        self.settled.emit()
