"""The Qt application: its name, icon and desktop entry, our palette following the system's
colour scheme, Qt's own messages sent to the log, and errors in slots logged, not lost."""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from desktop_app import APP_ID, APP_NAME, __version__
from desktop_app.resources import app_icon
from desktop_app.ui.look import style, theme

log = logging.getLogger(__name__)
qt_log = logging.getLogger("qt")

QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, context: object, message: str) -> None:
    qt_log.log(QT_LEVELS.get(kind, logging.WARNING), "%s", message)


def _log_uncaught(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    """An error in a slot or a paint: into the log with its traceback, one line on stderr, and
    the window carries on."""
    log.error("unexpected error", exc_info=(kind, value, tb))
    print(f"supple: unexpected error: {value} (details in the log file)", file=sys.stderr)


def route_messages() -> None:
    """For a real run; tests keep pytest-qt's handler, which fails a test on a Qt warning."""
    qInstallMessageHandler(_qt_message)
    sys.excepthook = _log_uncaught


def make_application() -> QApplication:
    # Fusion with our palette looks the same on every desktop. Asked for on the command line,
    # because setStyle() hands back a QStyle whose Python enums take 6 ms to build at start-up.
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
        app.setStyle("Fusion")
    else:
        app = QApplication([*sys.argv[:1], "-style", "Fusion"])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    QGuiApplication.setDesktopFileName(APP_ID)  # the desktop matches windows to supple's entry
    app.setWindowIcon(QIcon(str(app_icon())))
    font = app.font()
    font.setPointSizeF(max(font.pointSizeF(), 10.5))  # read from a step back, not up close
    app.setFont(font)
    _follow_colour_scheme(app)
    return app


def _follow_colour_scheme(app: QApplication) -> None:
    def restyle() -> None:
        app.setStyleSheet(style.stylesheet(theme.apply(app)))

    restyle()
    if not app.property("supple-follows-scheme"):  # once, however often this is called
        app.setProperty("supple-follows-scheme", True)
        QGuiApplication.styleHints().colorSchemeChanged.connect(restyle)
