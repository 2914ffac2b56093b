"""An unexpected exception in a slot is reported once, and the window stays usable.

PySide hands an exception raised in a slot (a key handler, a timer, a signal) to `sys.excepthook`;
Python's default prints it and carries on, so the analyst saw nothing: the key press did nothing
and the next did the same. `ErrorReporter` replaces the hook while the window runs: the traceback
still goes to standard error, and the first time an error of that kind and message happens, a
message box (plain text, not modal: the window keeps working) says what failed and that what is
saved stays saved. The same error again goes only to standard error and the status bar.
Qt's own warnings go to standard error as before.
"""

from __future__ import annotations

import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox


class ErrorReporter(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.seen: set[tuple[str, str]] = set()
        self.box: QMessageBox | None = None
        self._previous = sys.excepthook

    def install(self) -> None:
        sys.excepthook = self.report

    def uninstall(self) -> None:
        if sys.excepthook == self.report:
            sys.excepthook = self._previous

    def report(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous(kind, error, trace)
            return
        traceback.print_exception(kind, error, trace, file=sys.stderr)
        what = f"{kind.__name__}: {error}"
        self.window.statusBar().showMessage(f"Something went wrong: {what}", 15000)
        key = (kind.__name__, str(error))
        if key in self.seen:
            return
        self.seen.add(key)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Something went wrong",
            f"{what}\n\nThat action was not completed. Everything saved before stays saved,"
            " and the window keeps working. The details went to the standard error;"
            " please report them.",
            QMessageBox.StandardButton.Ok,
            self.window,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.show()
        self.box = box
