"""Run by test_nothing_lost: the real app, which makes one edit by keyboard and keeps running."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from annotator.gui.app import application
from annotator.gui.main_window import MainWindow
from annotator.gui.session import Session
from annotator.service import ProjectService


def main(project: str, seeds: str) -> None:
    app = application()
    service = ProjectService.open(project)
    service.import_paths([seeds])
    window = MainWindow(Session(service))
    window.show()

    def edit() -> None:
        QTest.keyClick(window.corpus_view, Qt.Key.Key_Return)
        view = window.pane.view
        text = view.document_model.text  # type: ignore[union-attr]
        start = text.index("Sergey Lavrov")
        cursor = view.textCursor()
        cursor.setPosition(start)  # ASCII before it: UTF-16 and code points agree
        cursor.setPosition(start + len("Sergey Lavrov"), QTextCursor.MoveMode.KeepAnchor)
        view.setTextCursor(cursor)
        QTest.keyClick(view, Qt.Key.Key_2)
        print("EDITED", flush=True)

    QTimer.singleShot(0, edit)
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
