"""Starting the workbench."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

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


def run(service: ProjectService) -> int:
    app = application()
    session = Session(service)
    window = MainWindow(session)
    errors = ErrorReporter(window)
    errors.install()  # here, not in the window: tests keep pytest-qt's own hook
    window.show()
    try:
        return app.exec()
    finally:
        errors.uninstall()
        session.close()
