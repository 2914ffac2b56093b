"""Starting the workbench."""

from __future__ import annotations

import sys

from PySide6.QtCore import QRect, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from annotator.gui.analyst_setting import settle_analyst
from annotator.gui.errors import ErrorReporter
from annotator.gui.main_window import MainWindow
from annotator.gui.session import Session
from annotator.service import ProjectService


def application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("annotator")
        app.setOrganizationName("annotator")
        app.setStyle("Fusion")
    assert isinstance(app, QApplication)
    return app


def fit_to_screen(window: QWidget, available: QRect) -> None:
    """Keep the window inside the screen's free area (a laptop's 1366×768, say): the default
    1600×1000, or a size remembered on a larger screen, put the inspector off the edge. Only
    the real start does this; tests and screenshots keep the size they ask for."""
    frame = window.frameGeometry().size() - window.geometry().size()  # the title bar, borders
    width = min(window.width(), available.width() - frame.width())
    height = min(window.height(), available.height() - frame.height())
    if (width, height) != (window.width(), window.height()):
        window.resize(max(width, window.minimumWidth()), max(height, window.minimumHeight()))
    top_left = window.frameGeometry().topLeft()
    if not available.contains(top_left):
        window.move(available.topLeft())


def run(service: ProjectService, *, analyst_given: bool = True) -> int:
    """The workbench until it is closed; without `--analyst` or `$ANNOTATOR_ANALYST` the
    analyst's remembered name is used, or asked for on the first start."""
    app = application()
    session = Session(service)
    window = MainWindow(session)
    errors = ErrorReporter(window)
    errors.install()  # here, not in the window: tests keep pytest-qt's own hook
    fit_to_screen(window, window.screen().availableGeometry())
    window.show()
    if not analyst_given:
        # Asked over the open window, not before it: the window is up (and the project recorded
        # as opened) at once; panes reread their layer when the name is settled.
        QTimer.singleShot(0, lambda: settle_analyst(service, given=False, parent=window))
    try:
        return app.exec()
    finally:
        errors.uninstall()
        session.close()
