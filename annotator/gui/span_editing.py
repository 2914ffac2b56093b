"""Editing a chosen span's extent from the keyboard and with the mouse.

Shift+Left/Right move the chosen span's end, Alt+Shift+Left/Right its start, by a character (a
letter with its marks, a whole emoji) or, with Ctrl, by a word; the span's edges can also be dragged
with the mouse (the pointer turns into a resize arrow over them). Each move is one undoable edit.
Without a chosen span, Shift+arrows extend the text selection as usual.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent

from annotator.domain.extent import Edge, moved_extent, snapped_edge
from annotator.gui.seen_marks import SeenMarks
from annotator.gui.session import Session
from annotator.gui.span_index import SpanMark
from annotator.gui.text_view import AnnotatedTextView

#: How near (in pixels) the pointer must be to a span's edge to grab it.
GRAB = 4


class SpanExtentEditor(QObject):
    """Installed on a pane's text view (keys) and its viewport (mouse)."""

    def __init__(
        self,
        view: AnnotatedTextView,
        session: Session,
        active: Callable[[], bool],
        seen_marks: SeenMarks | None = None,
    ) -> None:
        super().__init__(view)
        self.view = view
        self.session = session
        self._active = active  # False while a relation or link is being made
        #: The look a key was meant for (`gui/seen_marks.py`): the span as it showed just before
        #: another writer's change redrew it, within a reaction time; else as it shows.
        self._seen_marks = seen_marks or SeenMarks()
        self._dragging: tuple[int, Edge] | None = None  # span id, edge
        self._grabbed: SpanMark | None = None
        self._viewport = view.viewport()  # kept: the view may be half destroyed when asked
        view.installEventFilter(self)
        self._viewport.installEventFilter(self)
        self._viewport.setMouseTracking(True)

    # -- keyboard ------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if watched is self.view and kind == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._key(event)
        if watched is self._viewport and isinstance(event, QMouseEvent):
            if kind == QEvent.Type.MouseButtonPress:
                return self._press(event)
            if kind == QEvent.Type.MouseMove:
                return self._move(event)
            if kind == QEvent.Type.MouseButtonRelease:
                return self._release(event)
        return False

    def _key(self, event: QKeyEvent) -> bool:
        modifiers = event.modifiers()
        if event.key() not in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            return False
        if not modifiers & Qt.KeyboardModifier.ShiftModifier or not self._active():
            return False
        span = self.view.selected_span()
        if span is None or self.view.textCursor().hasSelection():
            return False  # no chosen span: Shift+arrows extend the text selection
        edge: Edge = "start" if modifiers & Qt.KeyboardModifier.AltModifier else "end"
        step = 1 if event.key() == Qt.Key.Key_Right else -1
        by_word = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        self.move_edge(edge, step, by_word=by_word)
        return True

    def move_edge(self, edge: Edge, step: int, *, by_word: bool = False) -> bool:
        """Move the chosen span's `edge` one character or word left (-1) or right (+1)."""
        span = self.view.selected_span()
        document = self.view.document_model
        if span is None or document is None:
            return False
        extent = moved_extent(document.text, span.start, span.end, edge, step, by_word=by_word)
        if extent is None:
            self.session.message.emit("A span keeps at least one character, inside its article.")
            return False
        made = self.session.resize_span(span.id, *extent, shown=self._seen_marks.seen(span))
        self._seen_marks.forget()  # a refusal redrew it: the next key acts on what shows
        return made

    # -- mouse ---------------------------------------------------------------------------------

    def edge_at(self, point: QPoint) -> Edge | None:
        """The chosen span's edge under the pointer (viewport pixels), if any."""
        span = self.view.selected_span()
        if span is None or self.view.utf16 is None:
            return None
        for edge, offset in (("start", span.start), ("end", span.end)):
            rect = self.view.cursorRect(self.view.cursor_for(offset, offset))
            if (
                abs(point.x() - rect.center().x()) <= GRAB
                and rect.top() <= point.y() <= rect.bottom()
            ):
                return edge  # type: ignore[return-value]
        return None

    def _offset_at(self, point: QPoint) -> int:
        assert self.view.utf16 is not None
        return self.view.utf16.from_utf16(self.view.cursorForPosition(point).position())

    def _press(self, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton or event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        ):
            return False
        edge = self.edge_at(event.position().toPoint()) if self._active() else None
        span = self.view.selected_span()
        if edge is None or span is None:
            return False
        self._dragging = (span.id, edge)
        self._grabbed = span  # as shown when grabbed: changed elsewhere meanwhile, refused
        return True

    def _extent(self, point: QPoint, exact: bool) -> tuple[int, int] | None:
        assert self._dragging is not None
        span = self.view.index.get(self._dragging[0])
        document = self.view.document_model
        if span is None or document is None:
            return None
        edge = self._dragging[1]
        offset = self._offset_at(point)
        if not exact:
            offset = snapped_edge(document.text, offset, edge)
        start, end = (offset, span.end) if edge == "start" else (span.start, offset)
        return (start, end) if start < end else None

    def _move(self, event: QMouseEvent) -> bool:
        point = event.position().toPoint()
        if self._dragging is None:
            grab = event.buttons() == Qt.MouseButton.NoButton and self.edge_at(point) is not None
            self.view.viewport().setCursor(
                Qt.CursorShape.SizeHorCursor if grab else Qt.CursorShape.IBeamCursor
            )
            return False
        extent = self._extent(point, self._exact(event))
        if extent is not None:  # show where the span will end up, as a text selection
            self.view.setTextCursor(self.view.cursor_for(*extent))
        return True

    def _release(self, event: QMouseEvent) -> bool:
        if self._dragging is None:
            return False
        extent = self._extent(event.position().toPoint(), self._exact(event))
        span_id = self._dragging[0]
        self._dragging = None
        self.view.clear_text_selection()
        if extent is not None:
            self.session.resize_span(span_id, *extent, shown=self._grabbed)
        return True

    def _exact(self, event: QMouseEvent) -> bool:
        return not self.session.snap_to_words or bool(
            event.modifiers() & Qt.KeyboardModifier.AltModifier
        )
