"""The last layout of each project comes back when it is reopened, even after a kill.

What is kept, in the project's own `settings` table (so it travels with the file): the panes and
the article each shows, each pane's scroll position and chosen span, which pane was active, the
View and Edit toggles, which docks are shown and their sizes. It is written as it changes (half a
second after the last change, so a scroll writes once, not per pixel) and once more on close; a
killed app loses at most that half second of layout, never an edit (edits are committed at once).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QPoint, QTimer
from PySide6.QtGui import QAction
from shiboken6 import isValid

if TYPE_CHECKING:
    from annotator.gui.document_pane import DocumentPane
    from annotator.gui.main_window import MainWindow

SETTING = "workbench_layout"
DEBOUNCE_MS = 500
SETTLE_MS = 250


class LayoutMemory(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._restoring = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.save)
        self._watched_panes: set[int] = set()
        self._pending_view: list[dict[str, Any]] = []
        self._settling: list[tuple[DocumentPane, int]] = []
        saved = window.session.service.setting(SETTING)
        if isinstance(saved, dict) and window.session.remembers_place:
            self.restore(saved)
        panes = window.panes
        panes.panes_changed.connect(self._panes_changed)
        panes.active_pane_changed.connect(lambda _pane: self.changed())
        panes.span_selected.connect(lambda *_: self.changed())
        for action in self._toggles().values():
            action.toggled.connect(lambda _on: self.changed())
        for dock in self._docks():
            dock.visibilityChanged.connect(lambda _on: self.changed())
        window.dock_sizes.changed.connect(self.changed)
        window.installEventFilter(self)
        self._panes_changed()

    # -- what there is to keep -----------------------------------------------------------------

    def _toggles(self) -> dict[str, QAction]:
        """The window's on/off actions (View ▸ …, Edit ▸ Snap, Relate ▸ Show all relations), by
        their text: a toggle added later is kept without a change here."""
        found: dict[str, QAction] = {}
        for action in self.window.actions():
            if action.isCheckable() and action.text() and not self._is_dock_toggle(action):
                found[action.text().replace("&", "")] = action
        return found

    def _docks(self) -> list:  # type: ignore[type-arg]
        return list(self.window.dock_sizes.docks)

    def _is_dock_toggle(self, action: QAction) -> bool:
        return any(action is dock.toggleViewAction() for dock in self._docks())

    def snapshot(self) -> dict[str, Any]:
        panes = self.window.panes
        return {
            "panes": [self._pane_state(pane) for pane in panes.panes()],
            "active": panes.panes().index(panes.active) if panes.active in panes.panes() else 0,
            "toggles": {name: action.isChecked() for name, action in self._toggles().items()},
            "docks": {dock.objectName(): not dock.isHidden() for dock in self._docks()},
            "dock_sizes": self.window.dock_sizes.sizes(),
            "size": [self.window.width(), self.window.height()],
        }

    @staticmethod
    def _pane_state(pane: DocumentPane) -> dict[str, Any]:
        chosen = pane.view.selected_span()
        return {
            "document": pane.document_id,
            "top": top_offset(pane),
            "span": chosen.id if chosen is not None else None,
        }

    # -- saving --------------------------------------------------------------------------------

    def changed(self) -> None:
        # a closing window hides its docks and panes: that is no change of the layout
        if not self._restoring and self.window.isVisible():
            self._timer.start()

    def save(self) -> None:
        self._timer.stop()
        if not self.window.session.remembers_place:
            return
        service = self.window.session.service
        try:
            service.set_setting(SETTING, self.snapshot())
        except Exception as error:  # a busy or closed project: the layout is not worth a crash
            self.window.statusBar().showMessage(f"layout not saved: {error}", 5000)

    def _panes_changed(self) -> None:
        for pane in self.window.panes.panes():
            if id(pane) not in self._watched_panes:
                self._watched_panes.add(id(pane))
                bar = pane.view.verticalScrollBar()
                bar.valueChanged.connect(lambda _value: self.changed())
        self.changed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind == QEvent.Type.Close and self.window.isVisible():
            self.save()
        elif kind == QEvent.Type.Show and self._pending_view:
            QTimer.singleShot(0, self._restore_view)
        return False

    # -- restoring -----------------------------------------------------------------------------

    def restore(self, saved: dict[str, Any]) -> None:
        """Open the saved panes and articles now; scroll and choose spans once the window shows
        (a view knows how far it can scroll only when it has a size)."""
        window = self.window
        self._restoring = True
        try:
            size = saved.get("size")
            if isinstance(size, list) and len(size) == 2 and all(isinstance(n, int) for n in size):
                window.resize(size[0], size[1])
            for name, on in dict(saved.get("toggles") or {}).items():
                action = self._toggles().get(name)
                if action is not None and isinstance(on, bool):
                    action.setChecked(on)
            for dock in self._docks():
                shown = dict(saved.get("docks") or {}).get(dock.objectName())
                if isinstance(shown, bool):
                    dock.setVisible(shown)
            sizes = saved.get("dock_sizes")
            if isinstance(sizes, dict):
                window.dock_sizes.set_sizes(sizes)
            states = [s for s in saved.get("panes") or [] if isinstance(s, dict)]
            self._open_panes(states)
            active = saved.get("active")
            panes = window.panes.panes()
            if isinstance(active, int) and 0 <= active < len(panes):
                window.panes.set_active(panes[active])
            self._pending_view = states
        finally:
            self._restoring = False

    def _open_panes(self, states: list[dict[str, Any]]) -> None:
        area = self.window.panes
        if not states:
            return
        while len(area.panes()) < len(states):
            area.add_pane(area.panes()[-1])
        while len(area.panes()) > len(states):
            area.close_pane(area.panes()[-1])
        for pane, state in zip(area.panes(), states, strict=True):
            document = state.get("document")
            if isinstance(document, int) and document != pane.document_id:
                pane.open_document(document)  # a deleted article: a message, the pane stays empty
            elif document is None and pane.document_id is not None:
                pane.show_document(None)

    def _restore_view(self) -> None:
        self._restoring = True
        try:
            for pane, state in zip(self.window.panes.panes(), self._pending_view, strict=False):
                if pane.document_id is None or state.get("document") != pane.document_id:
                    continue
                span = state.get("span")
                if isinstance(span, int):
                    mark = pane.view.index.get(span)
                    if mark is not None:
                        pane.view.select_span(mark)
                top = state.get("top")
                if isinstance(top, int):
                    scroll_to_top(pane, top)
                    self._settling.append((pane, top))
            self.window.dock_sizes.restore()
        finally:
            self._restoring = False
            self._pending_view = []
        # docks settle a moment after the first show and the text re-wraps (Qt keeps the line
        # number, not the text, at the top): scroll to the saved text again then
        QTimer.singleShot(SETTLE_MS, self._settle)

    def _settle(self) -> None:
        self._restoring = True
        try:
            for pane, top in self._settling:
                if isValid(pane):
                    scroll_to_top(pane, top)
        finally:
            self._restoring = False
            self._settling = []


def top_offset(pane: DocumentPane) -> int | None:
    """The code point at the top left of the pane's text: where it is scrolled to, whatever the
    width (a scroll bar value counts lines, which a different width wraps differently)."""
    view = pane.view
    if view.utf16 is None:
        return None
    # The first line whose text starts inside the viewport: with label tags and arcs a band is
    # kept above each line, and the viewport's very top point falls in that band, which Qt's hit
    # test gives to the line before.
    height = view.viewport().height()
    position = view.cursorForPosition(QPoint(0, 0)).position()
    for y in range(0, max(height, 1), 2):
        cursor = view.cursorForPosition(QPoint(0, y))
        if view.cursorRect(cursor).top() >= 0:
            position = cursor.position()
            break
    return view.utf16.from_utf16(position)


def scroll_to_top(pane: DocumentPane, offset: int) -> None:
    """Scroll so that the line holding `offset` is the first one shown."""
    view = pane.view
    if view.utf16 is None or not 0 <= offset <= view.utf16.length:
        return
    block = view.document().findBlock(view.utf16.to_utf16(offset))
    layout = block.layout()
    line = layout.lineForTextPosition(view.utf16.to_utf16(offset) - block.position())
    # QPlainTextEdit scrolls by lines: the block's first line number plus the line inside it is
    # a first guess (blocks not laid out yet count as one line); then step to the last line
    # whose top is at or before `offset`.
    bar = view.verticalScrollBar()
    bar.setValue(block.firstLineNumber() + max(0, line.lineNumber()))
    for _ in range(200):
        top = top_offset(pane)
        if top is None:
            return
        if top > offset and bar.value() > bar.minimum():
            bar.setValue(bar.value() - 1)
            continue
        if bar.value() < bar.maximum():
            bar.setValue(bar.value() + 1)
            after = top_offset(pane)
            if after is not None and after <= offset:
                continue
            bar.setValue(bar.value() - 1)
        return
