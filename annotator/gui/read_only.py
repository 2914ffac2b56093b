"""The window's notice that the project is open read-only (its file or folder cannot be written).

Reading, searching and exporting work as usual; each edit is refused by the store with one message
in the status bar. The notice stays in the title and in the status bar, so nobody labels for an
hour believing it is being saved.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow

from annotator.service import ProjectService

NOTICE = "Read-only: this project's file or folder cannot be written; edits are not saved"


def show_read_only_notice(window: QMainWindow, service: ProjectService) -> QLabel | None:
    """Mark the window as read-only when the project is; returns the status-bar notice."""
    if not service.store.read_only:
        return None
    window.setWindowTitle(f"{window.windowTitle()} (read-only)")
    notice = QLabel(NOTICE)
    notice.setObjectName("ReadOnlyNotice")
    notice.setTextFormat(Qt.TextFormat.PlainText)
    window.statusBar().addPermanentWidget(notice)
    return notice
