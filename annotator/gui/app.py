"""Starting the workbench."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

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


def run(service: ProjectService, *, analyst_given: bool = True) -> int:
    """The workbench until it is closed; without `--analyst` or `$ANNOTATOR_ANALYST` the
    analyst's remembered name is used, or asked for on the first start."""
    app = application()
    settle_analyst(service, given=analyst_given)
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
