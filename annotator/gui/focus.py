"""Keyboard focus comes back to where it was after every dialog.

An analyst labelling with the keyboard opens a dialog (F1, the schema editor, an import, a file
chooser, a question), closes it, and goes on typing: the keys must land in the pane they came from,
not in the corpus or nowhere. Qt gives focus back to whatever its window remembers, which is often
not that. `FocusKeeper` watches the dialogs of a window (and the dialogs those open, one level
further each time) without an application-wide event filter, which would slow every event.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from shiboken6 import isValid


class FocusKeeper(QObject):
    """Remembers the focused widget when a dialog of `window` opens; focuses it again on close."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._return_to: dict[QDialog, QWidget] = {}
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind == QEvent.Type.ChildPolished:
            child = event.child()  # type: ignore[attr-defined]
            if isinstance(child, QDialog) and child not in self._return_to:
                child.installEventFilter(self)
                self._remember(child)
        elif isinstance(watched, QDialog):
            if kind == QEvent.Type.Show:
                self._remember(watched)
            elif kind == QEvent.Type.Hide:
                widget = self._return_to.pop(watched, None)
                if widget is not None:
                    QTimer.singleShot(0, lambda: self._give_back(widget))
        return False

    def _remember(self, dialog: QDialog) -> None:
        focused = QApplication.focusWidget()
        if focused is not None and focused is not dialog and not dialog.isAncestorOf(focused):
            self._return_to[dialog] = focused

    @staticmethod
    def _give_back(widget: QWidget) -> None:
        if not isValid(widget) or not widget.isVisible():
            return
        window = widget.window()
        window.activateWindow()
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
