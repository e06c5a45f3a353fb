"""The tray icon and its menu. It shows the reminders' status and passes on what the user picks;
what each choice does is wired up by the reminder link."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import QObject, Qt, Signal, SignalInstance
from PySide6.QtGui import QAction, QColor, QIcon, QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from desktop_app import APP_NAME
from desktop_app.core.reminders import PAUSES, Mode, Status, status_text
from desktop_app.resources import assets_dir
from desktop_app.ui.kit.platform import on_test_platform
from desktop_app.ui.look.svg_image import blank, svg_image

# Panels give no reliable colour of their own (Qt's palette is the window's, not the panel's),
# and most are dark: a light glyph, with a faint dark edge so it still reads on a light panel.
GLYPH = QColor("#f0f0f0")
EDGE = QColor(0, 0, 0, 170)
TRAY_SIZES = (16, 22, 24, 32, 48, 64)


class Tray(QObject):
    start_routine = Signal(str)  # a routine id
    desk_break = Signal()
    pause_for = Signal(float)  # seconds
    pause_until_tomorrow = Signal()
    resume = Signal()
    open_window = Signal()
    show_history = Signal()
    open_settings = Signal()
    quit = Signal()

    def __init__(
        self,
        routines: Callable[[], Sequence[tuple[str, str]]],
        parent: QObject | None = None,
    ) -> None:
        """`routines`: (id, name) of each routine, asked each time the menu opens."""
        super().__init__(parent)
        self._routines = routines
        self._icon = tray_icon()
        self._greyed: QIcon | None = None  # made when first needed
        self._showing_greyed = False
        self.icon = QSystemTrayIcon(self._icon, self)
        self.icon.activated.connect(self._activated)
        self.menu = QMenu()  # a tray menu has no parent widget; deleted with the tray
        self.destroyed.connect(self.menu.deleteLater)

        self.status = self.menu.addAction("")
        self.status.setEnabled(False)  # a line of information, not a choice
        self.menu.addSeparator()
        self.desk_break_action = self._add(self.menu, "Take a desk break now", self.desk_break)
        self.routines_menu = self.menu.addMenu("Start a routine")
        self.routines_menu.aboutToShow.connect(self._fill_routines)
        self.pause_menu = self.menu.addMenu("Pause reminders")
        for label, seconds in PAUSES.items():
            self._add(
                self.pause_menu, f"For {label}", functools.partial(self.pause_for.emit, seconds)
            )
        self._add(self.pause_menu, "Until tomorrow", self.pause_until_tomorrow)
        self.resume_action = self._add(self.menu, "Resume reminders", self.resume)
        self.menu.addSeparator()
        self._add(self.menu, f"Open {APP_NAME}", self.open_window)
        self._add(self.menu, "History", self.show_history)
        self._add(self.menu, "Settings…", self.open_settings)
        self.menu.addSeparator()
        self._add(self.menu, "Quit", self.quit)
        self.icon.setContextMenu(self.menu)

    @staticmethod
    def available() -> bool:
        """Whether the desktop shows tray icons now (a panel may come up after Supple)."""
        return QSystemTrayIcon.isSystemTrayAvailable()

    def show(self) -> None:
        """Shown even with no tray yet: Qt puts the icon there once a tray comes up."""
        if not on_test_platform():
            self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    def show_status(self, status: Status, now: datetime) -> None:
        """The status in the tooltip and at the top of the menu; the choices fit the state."""
        words = status_text(status, now)
        self.icon.setToolTip(f"{APP_NAME}: {words}")
        self.status.setText(words)
        paused = status.mode is Mode.PAUSED
        self.resume_action.setVisible(paused)
        self.pause_menu.menuAction().setVisible(status.mode not in (Mode.PAUSED, Mode.OFF))
        self.desk_break_action.setEnabled(status.mode is not Mode.IN_SESSION)
        self.routines_menu.setEnabled(status.mode is not Mode.IN_SESSION)
        greyed = status.mode in (Mode.PAUSED, Mode.OFF)
        if greyed != self._showing_greyed:  # not every minute: setIcon redraws the tray
            self._showing_greyed = greyed
            if self._greyed is None:
                self._greyed = _greyed(self._icon)
            self.icon.setIcon(self._greyed if greyed else self._icon)

    def _add(self, menu: QMenu, text: str, slot: Callable[[], object] | SignalInstance) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(slot)
        return action

    def _fill_routines(self) -> None:
        self.routines_menu.clear()
        for routine_id, name in self._routines():
            self._add(
                self.routines_menu, name, functools.partial(self.start_routine.emit, routine_id)
            )

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason is QSystemTrayIcon.ActivationReason.Trigger:  # a left click
            self.open_window.emit()


def tray_icon() -> QIcon:
    """The monochrome figure, drawn at each size a panel asks for: crisper than one scaled."""
    renderer = QSvgRenderer(str(assets_dir() / "icons" / "supple-tray-symbolic.svg"))
    icon = QIcon()
    for size in TRAY_SIZES:
        icon.addPixmap(QPixmap.fromImage(_glyph(renderer, size)))
    return icon


def _glyph(renderer: QSvgRenderer, size: int) -> QImage:
    shape = _tinted(renderer, size, GLYPH)
    # The edge: the shape grown by a pixel (more at large sizes), laid under the shape.
    grown = blank(size)
    painter = QPainter(grown)
    solid = _tinted(renderer, size, QColor(EDGE.red(), EDGE.green(), EDGE.blue()))
    width = max(1, size // 20)
    for dx in range(-width, width + 1):
        for dy in range(-width, width + 1):
            if dx * dx + dy * dy <= width * width + width:  # a rounded square of offsets
                painter.drawImage(dx, dy, solid)
    painter.end()
    glyph = blank(size)
    painter = QPainter(glyph)
    painter.setOpacity(EDGE.alphaF())  # once over the union: overlaps do not darken it
    painter.drawImage(0, 0, grown)
    painter.setOpacity(1.0)
    painter.drawImage(0, 0, shape)
    painter.end()
    return glyph


def _tinted(renderer: QSvgRenderer, size: int, colour: QColor) -> QImage:
    """The SVG's shape in one colour, whatever colour the file draws it in."""
    image = svg_image(renderer, size)
    painter = QPainter(image)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.fillRect(image.rect(), colour)
    painter.end()
    return image


def _greyed(icon: QIcon) -> QIcon:
    """The icon as the desktop shows a disabled one, and fainter: reminders are not counting.
    A light glyph's disabled form alone looks much like the normal one on a dark panel."""
    greyed = QIcon()
    for size in TRAY_SIZES:
        disabled = icon.pixmap(size, QIcon.Mode.Disabled)
        faint = QPixmap(disabled.size())
        faint.setDevicePixelRatio(disabled.devicePixelRatio())
        faint.fill(Qt.GlobalColor.transparent)
        painter = QPainter(faint)
        painter.setOpacity(0.5)
        painter.drawPixmap(0, 0, disabled)
        painter.end()
        greyed.addPixmap(faint)
    return greyed
