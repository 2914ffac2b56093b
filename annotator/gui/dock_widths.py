"""Docks keep the width (or height) the analyst gave them, unless the analyst drags them.

QMainWindow shares out every change of the window's size, and every change of the panes' minimum
width, between the central area and the docks: the corpus list and the inspector would creep
narrower each time the window shrinks and never grow back. `DockSizes` remembers each dock's size
as last set by a drag of its edge (a resize while a mouse button is down) and puts it back after
any other resize, so the panes take the difference.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow


class DockSizes(QObject):
    changed = Signal()  # a dock was resized by hand

    def __init__(self, window: QMainWindow, docks: list[QDockWidget]) -> None:
        super().__init__(window)
        self.window = window
        self.docks = docks
        self._wanted: dict[str, int] = {}
        self._restoring = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.restore)
        window.installEventFilter(self)
        for dock in docks:
            dock.installEventFilter(self)

    def _horizontal(self, dock: QDockWidget) -> bool:
        area = self.window.dockWidgetArea(dock)
        return area in (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)

    def _size_of(self, dock: QDockWidget) -> int:
        return dock.width() if self._horizontal(dock) else dock.height()

    def sizes(self) -> dict[str, int]:
        """Each dock's wanted size, by the dock's object name (what a layout is saved with)."""
        return dict(self._wanted)

    def set_sizes(self, sizes: dict[str, int]) -> None:
        for dock in self.docks:
            size = sizes.get(dock.objectName())
            if isinstance(size, int) and size > 0:
                self._wanted[dock.objectName()] = size
        self.restore()

    def restore(self) -> None:
        """Put every docked, visible dock back to its wanted size."""
        self._restoring = True
        try:
            for orientation, horizontal in (
                (Qt.Orientation.Horizontal, True),
                (Qt.Orientation.Vertical, False),
            ):
                docks = [
                    d
                    for d in self.docks
                    if d.isVisible() and not d.isFloating() and self._horizontal(d) == horizontal
                ]
                # a dock not sized by hand yet keeps the size it first settled at
                wanted = [self._wanted.setdefault(d.objectName(), self._size_of(d)) for d in docks]
                if docks and wanted != [self._size_of(d) for d in docks]:
                    self.window.resizeDocks(docks, wanted, orientation)
        finally:
            self._restoring = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() != QEvent.Type.Resize or self._restoring:
            return False
        if isinstance(watched, QDockWidget) and watched in self.docks:
            if QApplication.mouseButtons() != Qt.MouseButton.NoButton and watched.isVisible():
                self._wanted[watched.objectName()] = self._size_of(watched)  # dragged by hand
                self.changed.emit()
            else:
                self._timer.start()  # squeezed by the window: put back once the layout settles
        elif watched is self.window:
            self._timer.start()
        return False
