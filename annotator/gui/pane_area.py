"""The panes side by side: add, close, reorder, move focus between them, scroll them together.

Two panes by default. The *active* pane is the one that last had focus: the label bar, Enter in the
browser and the inspector act on it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QSplitter, QWidget

from annotator.gui.document_pane import DocumentPane
from annotator.gui.session import Session


class PaneArea(QSplitter):
    active_pane_changed = Signal(object)  # DocumentPane
    span_selected = Signal(object, object)  # DocumentPane, Span or None
    panes_changed = Signal()

    def __init__(self, session: Session, panes: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.session = session
        self.setChildrenCollapsible(False)
        self.setHandleWidth(6)
        self._active: DocumentPane | None = None
        self._scroll_together = False
        self._syncing = False
        for _ in range(panes):
            self.add_pane()
        self.set_active(self.panes()[0])

    # -- panes ---------------------------------------------------------------------------------

    def panes(self) -> list[DocumentPane]:
        return [
            w for w in (self.widget(i) for i in range(self.count())) if isinstance(w, DocumentPane)
        ]

    @property
    def active(self) -> DocumentPane:
        assert self._active is not None
        return self._active

    def add_pane(self, after: DocumentPane | None = None) -> DocumentPane:
        pane = DocumentPane(self.session)
        index = self.indexOf(after) + 1 if after is not None else self.count()
        self.insertWidget(index, pane)
        pane.view.installEventFilter(self)
        pane.span_selected.connect(lambda span, p=pane: self.span_selected.emit(p, span))
        pane.close_requested.connect(lambda p=pane: self.close_pane(p))
        pane.move_requested.connect(lambda step, p=pane: self.move_pane(p, step))
        pane.view.verticalScrollBar().valueChanged.connect(
            lambda _value, p=pane: self._follow_scroll(p)
        )
        self.setSizes([1] * self.count())
        self.panes_changed.emit()
        return pane

    def close_pane(self, pane: DocumentPane) -> None:
        """Close a pane; the last one stays (emptied), so there is always somewhere to open into."""
        panes = self.panes()
        if len(panes) == 1:
            pane.show_document(None)
            return
        index = panes.index(pane)
        pane.hide()
        pane.setParent(None)
        pane.deleteLater()
        if pane is self._active:
            self.set_active(self.panes()[max(0, index - 1)])
        self.panes_changed.emit()

    def move_pane(self, pane: DocumentPane, step: int) -> None:
        """Move a pane left (-1) or right (+1)."""
        index = self.indexOf(pane)
        target = max(0, min(self.count() - 1, index + step))
        if target != index:
            self.insertWidget(target, pane)
            self.panes_changed.emit()

    def set_active(self, pane: DocumentPane) -> None:
        if pane is self._active:
            return
        self._active = pane
        for each in self.panes():
            each.set_active_look(each is pane)
        self.active_pane_changed.emit(pane)

    def focus_next_pane(self, step: int = 1) -> None:
        panes = self.panes()
        index = panes.index(self.active) if self._active in panes else 0
        pane = panes[(index + step) % len(panes)]
        self.set_active(pane)
        pane.view.setFocus(Qt.FocusReason.TabFocusReason)

    def open_document(self, document_id: int, *, new_pane: bool = False) -> DocumentPane:
        """Open in the active pane, or in a new pane beside it (reusing an empty one to its right)."""
        pane = self.active
        if new_pane:
            panes = self.panes()
            following = panes[panes.index(pane) + 1 :]
            empty = next((p for p in following if p.document_id is None), None)
            pane = empty or self.add_pane(after=pane)
        pane.open_document(document_id)
        self.set_active(pane)
        return pane

    def pane_showing(self, document_id: int) -> DocumentPane | None:
        return next((p for p in self.panes() if p.document_id == document_id), None)

    # -- scrolling together --------------------------------------------------------------------

    def set_scroll_together(self, on: bool) -> None:
        self._scroll_together = on

    def _follow_scroll(self, source: DocumentPane) -> None:
        if not self._scroll_together or self._syncing:
            return
        bar = source.view.verticalScrollBar()
        fraction = bar.value() / bar.maximum() if bar.maximum() else 0.0
        self._syncing = True
        try:
            for pane in self.panes():
                if pane is not source:
                    other = pane.view.verticalScrollBar()
                    other.setValue(round(fraction * other.maximum()))
        finally:
            self._syncing = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.FocusIn:
            for pane in self.panes():
                if pane.view is watched:
                    self.set_active(pane)
        return False
