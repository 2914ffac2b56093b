"""The read-only article view: spans painted from a sorted index, labelled by key or mouse.

This is the one place where the GUI turns Qt's UTF-16 positions into code points and back (through
`annotator.domain.offsets.Utf16Map`). The view never reads its text back from Qt (`toPlainText()`
turns U+2029 and NBSP into other characters): it slices the document's own Python string.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from annotator.domain.model import Document, Relation, Span
from annotator.domain.offsets import Utf16Map
from annotator.gui.line_band import BandedTextLayout, LineBands
from annotator.gui.relation_arcs import Arc, RelationArcs
from annotator.gui.span_index import RangeIndex, SpanIndex, SpanMark
from annotator.gui.span_painting import Segment, SpanPainter
from annotator.gui.span_tags import SpanTags, Tag

ColorOf = Callable[[str], str]
_T = TypeVar("_T")


def display_text(text: str) -> str:
    """The text as Qt is given it: same length in UTF-16 units, so positions map one to one.

    Qt breaks a line at CR as well as at LF, so CRLF would show an empty line after every line; the
    CR of a CRLF is shown as an invisible zero-width space instead.
    """
    return text.replace("\r\n", "\u200b\n")


class AnnotatedTextView(QPlainTextEdit):
    """An article, read-only, with a caret the keyboard moves and spans painted over it.

    It asks for edits by signal; the pane turns them into session calls. `selected_span_id` is the
    span that Delete removes and a digit relabels.
    """

    label_key_pressed = Signal(str, bool)  # the key, and whether snapping is suspended (Alt)
    delete_pressed = Signal()
    span_selected = Signal(object)  # SpanMark or None
    relation_dragged = Signal(int, int)  # head span id, child span id (Ctrl+drag)

    def __init__(self, color_of: ColorOf, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        document = QTextDocument(self)
        self.band_layout = BandedTextLayout(document)  # room above the lines for tags and arcs
        document.setDocumentLayout(self.band_layout)
        self.line_bands = LineBands(self)
        self.band_layout.band_of = self.line_bands.band_of
        self.setDocument(document)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTabChangesFocus(False)
        font = QFont()
        font.setPointSizeF(12.5)
        font.setStyleHint(QFont.StyleHint.SansSerif)
        self.setFont(font)
        self.document().setDocumentMargin(14)
        self._color_of = color_of
        self._colors: dict[str, QColor] = {}
        self.document_model: Document | None = None
        self.utf16: Utf16Map | None = None
        self.index = SpanIndex()
        self.selected_span_id: int | None = None
        self.chosen_ids: list[int] = []  # every chosen span (Ctrl+click, Ctrl+Tab), in order
        self.relations: list[Relation] = []
        self._relation_index: RangeIndex | None = None
        # what was placed on screen (tags, arcs, the visible range), by what it depends on
        self._placed: dict[str, tuple[tuple[object, ...], object]] = {}
        self.show_all_relations = False
        self._drag_head: int | None = None
        self._arcs_for: int | None = None  # the span whose arcs were last drawn
        self.show_tags = True
        self.span_painter = SpanPainter(self, self.color_of)
        self.tags = SpanTags(self, self.color_of)
        self.arcs = RelationArcs(self)
        #: Extra drawings over the text, after it (the adjudication window's disagreement boxes).
        self.overlay_painters: list[Callable[[QPainter, QRect], None]] = []
        self._update_band()

    # -- content -------------------------------------------------------------------------------

    def color_of(self, label: str) -> QColor:
        color = self._colors.get(label)
        if color is None:
            color = self._colors[label] = QColor(self._color_of(label))
        return color

    def refresh_colors(self) -> None:
        self._colors.clear()
        self.span_painter.forget_colors()
        self._placed.clear()  # arcs are drawn with pens made when they were placed
        self.viewport().update()

    def show_document(
        self, document: Document | None, marks: list[tuple[int, int, int, str, bool]]
    ) -> None:
        """Show an article with its spans, given as `span_marks` rows sorted by start."""
        self.document_model = document
        self.selected_span_id = None
        self.chosen_ids = []
        self.index = SpanIndex(marks)
        self._spans_changed()
        self.line_bands.forget_relations()  # the article's relations come by set_relations
        if document is None:
            self.utf16 = None
            self.setPlainText("")
        else:
            self.utf16 = Utf16Map(document.text)
            self.setPlainText(display_text(document.text))
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self._update_selection_marks()

    def set_relations(self, relations: list[Relation]) -> None:
        self.relations = relations
        self._spans_changed()
        self._update_band()
        self.viewport().update()

    def relations_near(self, shown: tuple[int, int]) -> list[Relation]:
        """Relations with an end on screen, found through an index of their ends' ranges."""
        if self._relation_index is None:
            ends = []
            for n, relation in enumerate(self.relations):
                for span_id in (relation.head_id, relation.child_id):
                    mark = self.index.get(span_id)
                    if mark is not None:
                        ends.append((mark.start, mark.end, n))
            self._relation_index = RangeIndex(ends)
        keys = self._relation_index.keys_overlapping(*shown)
        return [self.relations[n] for n in sorted(keys)]

    def set_show_all_relations(self, on: bool) -> None:
        self.show_all_relations = on
        self.viewport().update()

    def set_show_tags(self, on: bool) -> None:
        self.show_tags = on
        self._update_band()
        self.viewport().update()

    def _update_band(self) -> None:
        self.line_bands.update(self.relations, self.tag_band(), self.arcs.band)

    def tag_band(self) -> float:
        return self.tags.band if self.show_tags else 0.0

    def set_marks(self, marks: list[tuple[int, int, int, str, bool]]) -> None:
        """Replace the span index (same article), keeping the chosen span."""
        self.index = SpanIndex(marks)
        self._spans_changed()
        if self.selected_span_id not in self.index:
            self.selected_span_id = None
        self.chosen_ids = [i for i in self.chosen_ids if i in self.index]
        self._update_band()  # a relation's end may have been waiting for its span
        self._update_selection_marks()
        self.viewport().update()

    # -- offsets: the one conversion -----------------------------------------------------------

    def selection_offsets(self) -> tuple[int, int] | None:
        """The selected text as code-point offsets `[start, end)`, or None when nothing is selected."""
        cursor = self.textCursor()
        if self.utf16 is None or not cursor.hasSelection():
            return None
        return self.utf16.from_utf16(cursor.selectionStart()), self.utf16.from_utf16(
            cursor.selectionEnd()
        )

    def clear_text_selection(self) -> None:
        """Drop the text selection (after labelling it), keeping the caret at its end."""
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def caret_offset(self) -> int:
        if self.utf16 is None:
            return 0
        return self.utf16.from_utf16(self.textCursor().position())

    def cursor_for(self, start: int, end: int) -> QTextCursor:
        assert self.utf16 is not None
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.utf16.to_utf16(start))
        cursor.setPosition(self.utf16.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    # -- spans ---------------------------------------------------------------------------------

    def _repaint_range(self, start: int, end: int) -> None:
        """Ask for a paint of the lines `[start, end)` covers (spans are painted from the index at
        paint time, so there is nothing to recompute)."""
        if self.utf16 is None:
            return
        top = self.cursorRect(self.cursor_for(start, start))
        bottom = self.cursorRect(self.cursor_for(end, end))
        if bottom.bottom() < 0 or top.top() > self.viewport().height():
            return  # off screen: painted when scrolled to
        area = top.united(bottom)
        area.setLeft(0)
        area.setRight(self.viewport().width())
        self.viewport().update(area.adjusted(0, -2 - int(self.line_bands.height()), 0, 4))

    # -- painting ------------------------------------------------------------------------------

    def segments(self, block: QTextBlock) -> list[Segment]:
        """How the spans over one block are drawn, stretch by stretch."""
        return self.span_painter.segments(block)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        if self.utf16 is not None and len(self.index):
            painter = QPainter(self.viewport())
            try:
                self.span_painter.paint(painter, event.rect())
            finally:
                painter.end()
        super().paintEvent(event)
        if self.overlay_painters:
            painter = QPainter(self.viewport())
            try:
                for paint in self.overlay_painters:
                    paint(painter, event.rect())
            finally:
                painter.end()
        tags = self.tags_on_screen()
        arcs = self.relation_arcs()
        if tags or arcs:
            painter = QPainter(self.viewport())
            try:
                self.arcs.paint(painter, arcs)  # under the tags: an arc never hides a tag's name
                clip = QRectF(event.rect())
                shown = [t for t in tags if t.box.intersects(clip)]
                self.tags.paint(painter, shown, self.selected_span_id)
            finally:
                painter.end()

    # -- tags and relations --------------------------------------------------------------------

    def geometry_key(self) -> tuple[object, ...]:
        """What places anything on screen: the scroll, the viewport's size, the lines' layout and
        the article. Tags, arcs and the visible range are placed again only when it changes (or
        the spans do), so a caret blink, a hover or a second paint of one scroll reuses them."""
        return (
            self.verticalScrollBar().value(),
            self.horizontalScrollBar().value(),
            self.viewport().width(),
            self.viewport().height(),
            self.line_bands.version,
            self.document_model.id if self.document_model is not None else None,
        )

    def _spans_changed(self) -> None:
        self._relation_index = None
        self._placed.clear()

    def _placed_for(self, what: str, key: tuple[object, ...], place: Callable[[], _T]) -> _T:
        kept = self._placed.get(what)
        if kept is None or kept[0] != key:
            kept = self._placed[what] = (key, place())
        return kept[1]  # type: ignore[return-value]  # what `place` made for this `what`

    def tags_on_screen(self) -> list[Tag]:
        """The tags on screen, placed again only after a scroll, a resize or a span edit."""
        if not self.show_tags:
            return []
        return self._placed_for("tags", self.geometry_key(), self.tags.on_screen)

    def relation_arcs(self) -> list[Arc]:
        """The arcs drawn now: the chosen span's relations, or every relation on screen."""
        key = (
            *self.geometry_key(),
            self.selected_span_id,
            self.show_all_relations,
            self.show_tags,
        )
        return self._placed_for(
            "arcs", key, lambda: self.arcs.arcs(self.tags_on_screen(), self.tag_band())
        )

    def visible_range(self) -> tuple[int, int]:
        """The code-point range of the text on screen."""
        if self.utf16 is None:
            return (0, 0)
        return self._placed_for("visible", self.geometry_key(), self._find_visible_range)

    def _find_visible_range(self) -> tuple[int, int]:
        assert self.utf16 is not None
        first = self.firstVisibleBlock().position()
        bottom = self.cursorForPosition(QPoint(self.viewport().width(), self.viewport().height()))
        last_block = bottom.block()
        last = last_block.position() + last_block.length()
        return self.utf16.from_utf16(first), self.utf16.from_utf16(
            min(last, self.utf16.utf16_length)
        )

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            point = QPointF(event.pos())
            tip = self.arcs.tooltip_at(self.relation_arcs(), point)
            tag = SpanTags.tag_at(self.tags_on_screen(), point) if tip is None else None
            if tag is not None and self.document_model is not None:
                tip = self.tags.tooltip(tag, self.document_model.text)
            if tip is not None:
                QToolTip.showText(event.globalPos(), tip, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def add_span(self, span: Span) -> None:
        self._spans_changed()
        self.index.add(SpanMark.of(span))
        self._repaint_range(span.start, span.end)

    def remove_span(self, span: Span) -> None:
        self._spans_changed()
        if span.id is None or self.index.remove(span.id) is None:
            return
        if span.id in self.chosen_ids:
            self.chosen_ids.remove(span.id)
        if self.selected_span_id == span.id:
            self.select_span(self.index.get(self.chosen_ids[-1]) if self.chosen_ids else None)
        self._repaint_range(span.start, span.end)

    def replace_span(self, span: Span) -> None:
        self._spans_changed()
        old = self.index.get(span.id) if span.id is not None else None
        if old is not None and (old.start, old.end) != (span.start, span.end):
            self._repaint_range(old.start, old.end)  # a resized span leaves its old place
        self.index.add(SpanMark.of(span))
        self._repaint_range(span.start, span.end)
        self._update_band()  # a relation's end may start on another line now
        if span.id == self.selected_span_id:
            self._update_selection_marks()

    def selected_span(self) -> SpanMark | None:
        return self.index.get(self.selected_span_id) if self.selected_span_id is not None else None

    def select_span(
        self, span: SpanMark | None, *, move_caret: bool = False, add: bool = False
    ) -> None:
        """Choose a span (None: none); `add` keeps the spans already chosen, toggling this one."""
        if not add:
            self.chosen_ids = [span.id] if span is not None else []
        elif span is not None and span.id in self.chosen_ids and len(self.chosen_ids) > 1:
            self.chosen_ids.remove(span.id)
            span = self.index.get(self.chosen_ids[-1])
        elif span is not None and span.id not in self.chosen_ids:
            self.chosen_ids.append(span.id)
        self.selected_span_id = span.id if span is not None else None
        if span is not None and move_caret and self.utf16 is not None:
            cursor = self.textCursor()
            cursor.setPosition(self.utf16.to_utf16(span.start))
            self.setTextCursor(cursor)
            self.ensureCursorVisible()
        self._update_selection_marks()
        self.span_selected.emit(span)

    def _update_selection_marks(self) -> None:
        # The chosen span's relations are drawn with it: repaint all only when arcs may change.
        involved = {self.selected_span_id, self._arcs_for}
        if self.relations and any(
            r.head_id in involved or r.child_id in involved for r in self.relations
        ):
            self.viewport().update()
        self._arcs_for = self.selected_span_id
        self._update_extra_selection()

    def chosen_spans(self) -> list[SpanMark]:
        """Every chosen span, in the order chosen (one, unless Ctrl+click or Ctrl+Tab added more)."""
        marks = (self.index.get(i) for i in self.chosen_ids)
        return [m for m in marks if m is not None]

    def _update_extra_selection(self) -> None:
        if self.utf16 is None:
            self.setExtraSelections([])
            return
        chosen = self.chosen_spans()
        primary = self.selected_span()
        if primary is not None and primary not in chosen:
            chosen.append(primary)
        marks = []
        for span in chosen:
            mark = QTextEdit.ExtraSelection()
            mark.cursor = self.cursor_for(span.start, span.end)  # type: ignore[misc]
            fmt = QTextCharFormat()
            fmt.setBackground(self.color_of(span.label))
            fmt.setForeground(QColor("#111111"))
            fmt.setProperty(QTextFormat.Property.FullWidthSelection, False)
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(QColor("#111111"))
            mark.format = fmt  # type: ignore[misc]
            marks.append(mark)
        self.setExtraSelections(marks)

    # -- input ---------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # Tab and Shift+Tab walk the spans; QWidget would take them for focus changes first.
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        ):
            self.keyPressEvent(event)
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        key = event.key()
        modifiers = event.modifiers()
        command_keys = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier
        text = event.text()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not modifiers & command_keys:
            self.delete_pressed.emit()
            return
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            # Ctrl+Tab / Ctrl+Shift+Tab add the next / previous span to the chosen ones.
            extend = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
            self._step_span(forward=key == Qt.Key.Key_Tab, extend=extend)
            return
        if key == Qt.Key.Key_Escape:
            self.select_span(None)
            return
        if (
            len(text) == 1
            and text.isprintable()
            and not text.isspace()
            and not modifiers & command_keys
        ):
            # Alt+digit gives a symbol on some layouts; the key itself says which digit it was.
            if Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
                text = chr(key)
            self.label_key_pressed.emit(text, bool(modifiers & Qt.KeyboardModifier.AltModifier))
            return
        super().keyPressEvent(event)

    def _step_span(self, *, forward: bool, extend: bool = False) -> None:
        position = self.caret_offset()
        current = self.selected_span_id
        if forward:
            span = self.index.next_after(position, current)
        else:
            span = self.index.previous_before(position, current)
        if span is not None:
            self.select_span(span, move_caret=True, add=extend)

    def _mark_at(self, event: QMouseEvent) -> SpanMark | None:
        """The span under the mouse: the one whose tag it is on, else the innermost one there."""
        if self.utf16 is None:
            return None
        tag = SpanTags.tag_at(self.tags_on_screen(), event.position())
        if tag is not None:
            return tag.span
        position = self.cursorForPosition(event.position().toPoint()).position()
        spans = self.index.at(self.utf16.from_utf16(position))
        return spans[0] if spans else None

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            head = self._mark_at(event)
            if head is not None:
                self._drag_head = head.id  # Ctrl+drag from span to span makes a relation
                return
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        if self._drag_head is not None:
            head, self._drag_head = self._drag_head, None
            child = self._mark_at(event)
            if child is not None and child.id == head:  # Ctrl+click: add to (or drop from) choice
                self.select_span(child, add=True)
                return
            if child is not None and child.id != head:
                self.select_span(child)
                self.relation_dragged.emit(head, child.id)
            return
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        self.select_span(self._mark_at(event))
