"""The main window: home, check-in, session, summary and history pages, the keys that drive a
session, the first-run notice and the settings dialog. It shows what the session host tells and
passes the user's keys to it; it builds no part of a session and keeps no session logic."""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Callable, Sequence
from enum import Enum
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QPaintEvent, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app import APP_NAME
from desktop_app.core.catalogue import Catalogue, Notice
from desktop_app.core.model import Routine
from desktop_app.core.overview import overview
from desktop_app.core.snapshot import ANSWER_KEYS
from desktop_app.paths import AppPaths
from desktop_app.services.settings import Settings, save_settings
from desktop_app.ui.kit.enter_key import EnterOnce, press_focused_button
from desktop_app.ui.kit.folder_watch import FolderWatch
from desktop_app.ui.kit.platform import on_test_platform

# The other pages' modules load with their pages: `supple start` paints sooner without them.
if TYPE_CHECKING:
    from desktop_app.core.reminders import Reason
    from desktop_app.core.summary import Summary
    from desktop_app.ui.history.history_page import HistoryPage
    from desktop_app.ui.home.home_page import HomePage
    from desktop_app.ui.kit.banner import Banner
    from desktop_app.ui.session.checkin_page import CheckInPage
    from desktop_app.ui.session.host import SessionHost
    from desktop_app.ui.session.session_page import SessionPage
    from desktop_app.ui.session.summary_page import SummaryPage

log = logging.getLogger(__name__)


SMALLEST = QSize(800, 600)  # the window's minimum: the session page fits it
OPENING_SHARE = 0.8  # of the screen's free area: room to read from the floor, and to see around


def opening_geometry(room: QRect) -> QRect:
    """Where the window opens in the screen's free area `room`: a share of it, centred, never
    below the minimum unless the screen is smaller (at 200% a 1920x1080 screen has 960x540)."""
    size = (room.size() * OPENING_SHARE).expandedTo(SMALLEST).boundedTo(room.size())
    opening = QRect(QPoint(0, 0), size)
    opening.moveCenter(room.center())
    return opening


class Background(Protocol):
    def window_closed(self) -> bool:
        """The window was closed: True if Supple keeps running without it (in the tray)."""
        ...

    def idle_time_from(self) -> str | None:
        """Where the reminders learn the user's idle time, in words; None: nowhere here."""
        ...

    def reasons_checked(self) -> frozenset[Reason]:
        """The reasons not to interrupt checked here."""
        ...


class LossChoice(Enum):
    RETRY = "retry"
    LOSE = "lose"
    STAY = "stay"


class MainWindow(QMainWindow):
    session_finished = Signal(object)  # the Summary
    settings_changed = Signal(object)  # the Settings, once saved
    quitting = Signal()  # Supple is about to quit, even though it could stay in the tray
    first_painted = Signal()  # once, as soon as the window was first drawn

    def __init__(
        self,
        paths: AppPaths,
        settings: Settings,
        host: SessionHost,
        load_catalogue: Callable[[], Catalogue],
        notice: Notice,
        warnings: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = paths
        self.settings = settings
        self._load_catalogue = load_catalogue
        self.notice = notice
        self.catalogue: Catalogue | None = None
        self.setWindowTitle(APP_NAME)
        room = self.screen().availableGeometry()
        self.setMinimumSize(SMALLEST.boundedTo(room.size()))
        opening = opening_geometry(room)
        self.resize(opening.size())
        self.move(opening.topLeft())

        self.host = host
        self.background: Background | None = None  # what keeps Supple running when closed
        self._quitting = False
        self._painted = False
        self._closing = False  # the window is being closed: a session it stops asks nothing aloud
        self._asking: Routine | None = None  # the routine whose check-in is on the screen
        self._before: int | None = None  # the answer before the session under way
        self.quit_when_done = False  # `--quit-when-done`: no question after, nobody to answer
        # Asked before closing loses writes no place could keep (tests answer it themselves).
        self.confirm_loss: Callable[[int, str], LossChoice] = self._ask_loss
        host.note.connect(self._note)
        host.unheard.connect(self._cue_unheard)
        host.history_notice.connect(self._history_notice)
        host.recorded.connect(self._history_recorded)
        host.ready.connect(self._speech_ready)
        self.first_painted.connect(host.warm_up)  # the session's parts, the history opened
        # A routine file saved while the home page shows is there at once, its errors too.
        self.routines_watch = FolderWatch(paths.routines_dir, parent=self)
        self.routines_watch.changed.connect(self._routines_changed)
        self.pages = QStackedWidget(self)  # the pages are built when first needed
        self._built_pages: dict[str, QWidget] = {}  # by the name of the property that built it
        self._enter_once = EnterOnce(self)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self._banner_layout = layout
        self.banners: list[Banner] = []
        if not settings.notice_seen:
            read = self._add_banner(layout, notice.title, notice.paragraphs, "I understand")
            read.home_only = True  # the other pages need their height; the notice waits here
            read.closed.connect(self._notice_dismissed)
        if warnings:
            self._add_banner(layout, "Settings", warnings, "Close")
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        host.finished.connect(self._on_finished)
        self._session_keys = self._make_session_keys()
        self._shortcut("F11", self.toggle_full_screen, always=True)
        self._shortcut("Ctrl+,", self.open_settings, always=True)
        self._shortcut("Ctrl+Q", self.quit_app, always=True)
        self._shortcut("F1", self.show_about, always=True)
        if host.has_history:
            self._shortcut("Ctrl+H", self.show_history, always=True)
        self._home_keys = [self._shortcut(key, self._enter_home) for key in ("Return", "Enter")]
        self.pages.currentChanged.connect(self._pages_changed)

    # Only the page a start needs is built before the first paint: `supple start` never
    # builds the home page unless the user goes there.

    @cached_property
    def home(self) -> HomePage:
        from desktop_app.ui.home.home_page import HomePage  # noqa: PLC0415

        home = HomePage(self)
        home.start_requested.connect(self.start_routine_id)
        home.settings_requested.connect(self.open_settings)
        home.about_requested.connect(self.show_about)
        home.history_button.setVisible(self.host.has_history)
        home.history_requested.connect(self.show_history)
        self._add_page("home", home)
        return home

    @cached_property
    def checkin(self) -> CheckInPage:
        from desktop_app.ui.session.checkin_page import CheckInPage  # noqa: PLC0415

        checkin = CheckInPage(self.host.clock.now, self)
        checkin.answered.connect(self._answered_before)
        checkin.back_requested.connect(self.show_home)
        self._add_page("checkin", checkin)
        return checkin

    @cached_property
    def session(self) -> SessionPage:
        from desktop_app.ui.session.session_page import SessionPage  # noqa: PLC0415

        host = self.host
        session = SessionPage(host.clock, self)
        session.answered.connect(host.answer)
        controls = session.controls
        for signal, slot in (
            (controls.hurt, host.hurt),
            (controls.back, host.back),
            (controls.pause, host.toggle_pause),
            (controls.skip, host.skip),
            (controls.stop, host.stop),
        ):
            signal.connect(slot)
        host.frame.connect(session.show_snapshot)
        for topic, message in host.notes.items():
            session.show_note(topic, message)
        self._add_page("session", session)
        return session

    @cached_property
    def summary(self) -> SummaryPage:
        from desktop_app.core.records import Moment  # noqa: PLC0415
        from desktop_app.ui.session.summary_page import SummaryPage  # noqa: PLC0415

        summary = SummaryPage(self.host.clock.now, self)
        summary.home_requested.connect(self.show_home)
        summary.history_button.setVisible(self.host.has_history)
        summary.history_requested.connect(self.show_history)
        summary.checked_in.connect(functools.partial(self.host.check_in, Moment.AFTER))
        self._add_page("summary", summary)
        return summary

    @cached_property
    def history_page(self) -> HistoryPage:
        from desktop_app.ui.history.history_page import HistoryPage  # noqa: PLC0415

        history = self.host.history
        assert history is not None  # no history, no way to this page
        page = HistoryPage(
            history.keeper,
            lambda: self.host.clock.wall().date(),
            self,
            answer_labels=self.answer_labels,
            folder=self.settings.history_folder,
        )
        page.home_requested.connect(self.show_home)
        page.folder_chosen.connect(lambda folder: self.remember(history_folder=folder))
        self._add_page("history_page", page)
        return page

    def open(self, routine: Routine | None = None) -> None:
        """The first page: straight into a session (`supple start`), or home."""
        if routine is None:
            self.show_home()
        else:
            self.start_routine(routine, ask=False)

    def _add_banner(
        self, layout: QVBoxLayout, title: str, paragraphs: Sequence[str], button: str
    ) -> Banner:
        from desktop_app.ui.kit.banner import Banner  # noqa: PLC0415

        banner = Banner(title, paragraphs, button, self)
        layout.insertWidget(len(self.banners), banner)  # banners come first, then the pages
        self.banners.append(banner)
        self._enter_presses(banner.button)
        banner.closed.connect(self._focus_page)  # not the next button: Enter again would press it
        return banner

    def _focus_page(self) -> None:
        if self._showing("home"):
            self.home.list.setFocus()
        elif (page := self.pages.currentWidget()) is not None:
            page.setFocus()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        for banner in self.banners:
            banner.fit()  # its text may have more room, or less

    # -- keys ---------------------------------------------------------------------------------

    def _shortcut(self, key: str, slot: Callable[[], None], *, always: bool = False) -> QShortcut:
        # Keys by name: Qt.Key as a Python enum costs milliseconds to build at start.
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.setAutoRepeat(False)  # holding Right skips one step, not five
        shortcut.activated.connect(slot)
        shortcut.setEnabled(always)
        return shortcut

    def _make_session_keys(self) -> list[QShortcut]:
        host = self.host
        keys: list[tuple[str, Callable[[], None]]] = [
            ("Space", host.toggle_pause),
            ("Right", host.skip),
            ("Left", host.back),
            ("R", host.say_again),
            ("Esc", host.stop),
            ("Toggle Media Play/Pause", host.toggle_pause),
            # Most keyboards send Play for their one play/pause key.
            ("Media Play", host.toggle_pause),
            ("Media Pause", host.pause),
            ("Media Next", host.skip),
            ("Media Previous", host.back),
            ("Media Stop", host.stop),
            ("H", host.hurt),
            ("F", self._toggle_floor_view),
        ]
        for digit in ANSWER_KEYS:
            keys.append((digit, functools.partial(self._answer_key, digit)))
        return [self._shortcut(key, slot) for key, slot in keys]

    def _answer_key(self, digit: str) -> None:
        self.session.answer_by_key(digit)

    def _toggle_floor_view(self) -> None:
        self.session.toggle_floor_view()

    def _add_page(self, name: str, page: QWidget) -> None:
        # Named before it is added: the first page added becomes the current one at once,
        # and the keys that follow the page must know it then (`supple start` opens there).
        self._built_pages[name] = page
        for button in page.findChildren(QPushButton):
            self._enter_presses(button)
        self.pages.addWidget(page)

    def _enter_presses(self, button: QPushButton) -> None:
        button.setAutoDefault(True)  # Enter presses the button with the focus, as in dialogs
        button.installEventFilter(self._enter_once)

    def _enter_home(self) -> None:
        """The summary's Enter: home, unless Tab chose another button."""
        if not press_focused_button():
            self.show_home()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        active = event.type() is QEvent.Type.ActivationChange and self.isActiveWindow()
        if active and self._showing("history_page"):
            self.history_page.refresh_if_stale()  # back to a page left open overnight

    def _showing(self, page: str) -> bool:
        """Is `page` (a page property's name) the one shown? Asked without building it."""
        built = self._built_pages.get(page)
        return built is not None and built is self.pages.currentWidget()

    def _pages_changed(self) -> None:
        in_session = self._showing("session")
        for shortcut in self._session_keys:
            shortcut.setEnabled(in_session)
        for shortcut in self._home_keys:
            shortcut.setEnabled(self._showing("summary"))
        if "history_page" in self._built_pages and not self._showing("history_page"):
            self.history_page.forget_deleted()  # left: what it deleted goes, Undo with it
        # The notice waits on the home page; a session needs the whole height.
        home = self._showing("home")
        for banner in self.banners:
            where = home if banner.home_only else not in_session
            banner.setVisible(where and not banner.dismissed)

    def toggle_full_screen(self) -> None:
        self.setWindowState(self.windowState() ^ Qt.WindowState.WindowFullScreen)

    # -- pages --------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the routines again: the user may have added or fixed a file meanwhile."""
        self.catalogue = self._load_catalogue()
        timing = self.settings.timing
        # As a session with these settings will take it (`services.speech.timed`).
        fitted = self.host.fitter(self.settings.voice)
        overviews = [overview(r, timing, fitted) for r in self.catalogue.routines.values()]
        self.home.show_routines(overviews, list(self.catalogue.errors))

    def show_home(self) -> None:
        self.reload()
        self.pages.setCurrentWidget(self.home)
        self.home.list.setFocus()

    def show_history(self) -> None:
        history = self.host.history
        if history is None or self.host.running:
            return
        self.history_page.refresh()
        history.tell_notices()  # opening the page may be what found the file damaged
        self.pages.setCurrentWidget(self.history_page)
        self.history_page.table.setFocus()

    def start_routine_id(self, routine_id: str) -> None:
        routine = self.routine(routine_id)
        if routine is not None:
            self.start_routine(routine)

    def _known_catalogue(self) -> Catalogue:
        """The routines and stretches, read first if no page has yet."""
        if self.catalogue is None:
            self.catalogue = self._load_catalogue()
        return self.catalogue

    def routine(self, routine_id: str) -> Routine | None:
        """A routine by id."""
        return self._known_catalogue().routines.get(routine_id)

    def answer_labels(self) -> dict[tuple[str, str], str]:
        """The self-checks' answers in their own words, by stretch and answer, for the
        history."""
        stretches = self._known_catalogue().stretches.values()
        return {(s.id, answer.id): answer.label for s in stretches for answer in s.answers}

    def routine_names(self) -> list[tuple[str, str]]:
        """(id, name) of each routine, read again: the user may have added one."""
        self.catalogue = self._load_catalogue()
        return [(r.id, r.name) for r in self.catalogue.routines.values()]

    @property
    def _checkins_on(self) -> bool:
        """Asked in the settings, and with a history to keep the answers."""
        return self.settings.checkins and self.host.has_history

    def start_routine(self, routine: Routine, *, ask: bool = True) -> None:
        """Start a session, first asking how the back feels when the user wants that asked
        (`ask` False: straight in, as `supple start` promises)."""
        if self.host.running:
            return
        self._close_dialogs()
        if ask and self._checkins_on:
            self._asking = routine
            self.checkin.ask(routine.name)
            self.pages.setCurrentWidget(self.checkin)
            self.checkin.setFocus()
            return
        self._begin(routine, None)

    def _close_dialogs(self) -> None:
        # Started from the tray, a reminder or another `supple`: a dialog left open would cover
        # the session and take its keys. Closed as cancelled: nothing in it was saved yet.
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                log.info("%s closed: a session is starting", type(dialog).__name__)
                dialog.reject()

    def _answered_before(self, pain: int | None) -> None:
        routine, self._asking = self._asking, None
        if routine is not None and self._showing("checkin"):
            self._begin(routine, pain)

    def _begin(self, routine: Routine, pain: int | None) -> None:
        self.session.set_floor_view(self.settings.floor_view)  # then F or the button toggles it
        self.pages.setCurrentWidget(self.session)
        self.session.setFocus()
        self._before = pain
        self.host.start(routine, self.settings.timing, pain)

    def _on_finished(self, summary: Summary) -> None:
        status = summary.status.value if summary.status else "?"
        log.info("session: %s %s after %.1f s", summary.routine_name, status, summary.seconds)
        # Asked only after some stretching: an "after" needs something to be after.
        ask = self._checkins_on and summary.stretched and not self.quit_when_done
        self.summary.show_summary(summary, ask=ask, before=self._before)
        self.pages.setCurrentWidget(self.summary)
        if ask and not (self._quitting or self._closing):
            self.host.ask_after()  # whoever is still on the floor hears it is there
        self.session_finished.emit(summary)

    # -- settings and the notice ----------------------------------------------------------------

    def open_settings(self) -> None:
        from desktop_app.services import autostart  # noqa: PLC0415
        from desktop_app.ui.dialogs.settings_dialog import SettingsDialog  # noqa: PLC0415

        service = self.host.speech.service if self.host.speech else None
        launch = autostart.launch_command(self.paths.root) if autostart.supported() else None
        dialog = SettingsDialog(
            self.settings,
            self.paths.settings_file,
            service,
            self.routine_names(),
            launch,
            self,
            idle_time_from=self.background.idle_time_from() if self.background else "",
            reasons_checked=self.background.reasons_checked() if self.background else None,
        )
        dialog.accepted.connect(lambda: self._settings_saved(dialog.settings))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def show_about(self) -> None:
        from desktop_app.ui.dialogs.about_dialog import AboutDialog  # noqa: PLC0415

        stretches = self._known_catalogue().stretches.values()
        dialog = AboutDialog(self.notice, stretches, self.paths, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _settings_saved(self, settings: Settings) -> None:
        self.settings = settings
        if self.host.built("speech") and self.host.speech is not None:
            self.host.speech.service.configure(settings.voice)
        if self._showing("home"):
            self.reload()
        self.settings_changed.emit(settings)

    def remember(self, **changes: Any) -> None:
        """Change settings and save them; on failure they hold for this run only."""
        self.settings = dataclasses.replace(self.settings, **changes)
        try:
            save_settings(self.paths.settings_file, self.settings)
        except OSError as exc:  # e.g. the notice is shown again next time; nothing else is lost
            log.warning("could not save the settings (%s): %s", ", ".join(changes), exc)

    def _notice_dismissed(self) -> None:
        self.remember(notice_seen=True)

    # -- what the host tells -------------------------------------------------------------------

    def _note(self, topic: str, message: str | None) -> None:
        """A line on the session page about what is wrong (None: no longer)."""
        if "session" in self._built_pages:
            self.session.show_note(topic, message)

    def _routines_changed(self) -> None:
        if self._showing("home"):
            self.reload()  # other pages: read again when the home page is next shown

    def _speech_ready(self) -> None:
        if self._showing("home"):
            self.reload()  # the routines' lengths, with the time their words take

    def _cue_unheard(self) -> None:
        if self._showing("session"):
            self.session.pulse()

    def _history_notice(self, message: str) -> None:
        self._add_banner(self._banner_layout, "History", [message], "Close")
        self._pages_changed()  # a banner waits while a session runs

    def _history_recorded(self) -> None:
        if self._showing("history_page"):
            self.history_page.refresh()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)  # once this paint is on the screen

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closing = True
        try:
            self.host.stop()  # what was done stays done
        finally:
            self._closing = False
        if not self._quitting and self.background and self.background.window_closed():
            event.ignore()  # hidden, not closed: Supple stays in the tray
            return
        if not self._quitting and not self._may_lose_unsaved():
            event.ignore()  # the user chose to keep Supple open
            return
        self.routines_watch.stop()
        super().closeEvent(event)

    def quit_app(self, *, ask: bool = True) -> None:
        """Quit, not just close: Qt's quit closes every window first, and gives up if one
        stays open, as this one does to stay in the tray. With `ask`, writes that no place
        could keep are a question first (an interrupt from the terminal does not ask)."""
        if ask and not self._may_lose_unsaved():
            return
        self._quitting = True
        self.quitting.emit()
        QApplication.quit()

    def _may_lose_unsaved(self) -> bool:
        """True to go on closing: nothing would be lost, or the user chose to lose it."""
        while True:
            writes, sides = self.host.unsaved_sides()
            if not writes:
                return True
            choice = self.confirm_loss(sides, self.host.history_trouble or "")
            if choice is not LossChoice.RETRY:
                return choice is LossChoice.LOSE

    def _ask_loss(self, sides: int, cause: str) -> LossChoice:
        """Ask whether to close and lose what no place could keep: Retry, Quit and lose them,
        or stay open."""
        what = f"{sides} side{'s' if sides != 1 else ''}" if sides else "your latest answers"
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(APP_NAME)
        box.setText(f"Quitting now loses {what}: they are not saved anywhere yet.")
        box.setInformativeText(
            f"The history cannot be written ({cause}) and no other folder could keep them. "
            "Make room or make the folder writable, then Retry."
        )
        retry = box.addButton("Retry", QMessageBox.ButtonRole.AcceptRole)
        lose = box.addButton(f"Quit and lose {what}", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Keep Supple open", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(retry)
        box.exec()
        clicked = box.clickedButton()
        if clicked is retry:
            return LossChoice.RETRY
        return LossChoice.LOSE if clicked is lose else LossChoice.STAY

    def bring_forward(self) -> None:
        """Another `supple` asked for this window: shown (from the tray too), not minimised, on
        top and active. Window managers may only flag it when they prevent focus stealing."""
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        if not on_test_platform():
            self.raise_()
        self.activateWindow()
