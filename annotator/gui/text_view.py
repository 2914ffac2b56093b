"""The read-only article view: spans painted from a sorted index, labelled by key or mouse.

This is the one place where the GUI turns Qt's UTF-16 positions into code points and back (through
`annotator.domain.offsets.Utf16Map`). The view never reads its text back from Qt (`toPlainText()`
turns U+2029 and NBSP into other characters): it slices the document's own Python string.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from annotator.domain.model import Document, Span
from annotator.domain.offsets import Utf16Map
from annotator.gui.span_index import SpanIndex

ColorOf = Callable[[str], str]


def display_text(text: str) -> str:
    """The text as Qt is given it: same length in UTF-16 units, so positions map one to one.

    Qt breaks a line at CR as well as at LF, so CRLF would show an empty line after every line; the
    CR of a CRLF is shown as an invisible zero-width space instead.
    """
    return text.replace("\r\n", "\u200b\n")


def blend(colors: list[QColor], alpha: float) -> QColor:
    """Colours laid over white one after another, each at `alpha`: nested spans get deeper."""
    red = green = blue = 255.0
    for color in colors:
        red = red * (1 - alpha) + color.red() * alpha
        green = green * (1 - alpha) + color.green() * alpha
        blue = blue * (1 - alpha) + color.blue() * alpha
    return QColor(int(red), int(green), int(blue))


class SpanHighlighter(QSyntaxHighlighter):
    """Paints each block from the span index: blended backgrounds, outer span as underline.

    A character inside several spans gets the blend of their colours (outermost first) and, when
    nested, an underline in the outermost span's colour, so a PERSON inside a SOURCE stays visible.
    Suggested spans (not yet accepted) get a dotted underline and a faint background.
    """

    def __init__(self, document: QTextDocument, view: AnnotatedTextView) -> None:
        super().__init__(document)
        self._view = view

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt's name)
        view = self._view
        if view.utf16 is None or not len(view.index):
            return
        block_start = self.currentBlock().position()
        block_end = block_start + len(text)
        to_cp, to_u16 = view.utf16.from_utf16, view.utf16.to_utf16
        cp_start, cp_end = to_cp(block_start), to_cp(block_end)
        spans = view.index.overlapping(cp_start, max(cp_end, cp_start + 1))
        if not spans:
            return
        cuts = {cp_start, cp_end}
        for span in spans:
            cuts.add(min(max(span.start, cp_start), cp_end))
            cuts.add(min(max(span.end, cp_start), cp_end))
        edges = sorted(cuts)
        for left, right in pairwise(edges):
            covering = [s for s in spans if s.start <= left and s.end >= right]
            if not covering:
                continue
            covering.sort(key=lambda s: s.start - s.end)  # outermost (longest) first
            accepted = [s for s in covering if not s.suggested]
            fmt = QTextCharFormat()
            colors = [view.color_of(s.label) for s in (accepted or covering)]
            fmt.setBackground(blend(colors, 0.5 if accepted else 0.15))
            if len(covering) > 1:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                fmt.setUnderlineColor(view.color_of(covering[0].label).darker(140))
            if not accepted:
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                fmt.setUnderlineColor(view.color_of(covering[-1].label).darker(150))
            start = to_u16(left) - block_start
            self.setFormat(start, to_u16(right) - block_start - start, fmt)


class AnnotatedTextView(QPlainTextEdit):
    """An article, read-only, with a caret the keyboard moves and spans painted over it.

    It asks for edits by signal; the pane turns them into session calls. `selected_span_id` is the
    span that Delete removes and a digit relabels.
    """

    label_key_pressed = Signal(str, bool)  # the key, and whether snapping is suspended (Alt)
    delete_pressed = Signal()
    span_selected = Signal(object)  # Span or None

    def __init__(self, color_of: ColorOf, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        self.highlighter = SpanHighlighter(self.document(), self)

    # -- content -------------------------------------------------------------------------------

    def color_of(self, label: str) -> QColor:
        color = self._colors.get(label)
        if color is None:
            color = self._colors[label] = QColor(self._color_of(label))
        return color

    def refresh_colors(self) -> None:
        self._colors.clear()
        self.highlighter.rehighlight()

    def show_document(self, document: Document | None, spans: list[Span]) -> None:
        self.document_model = document
        self.selected_span_id = None
        self.index = SpanIndex(spans)
        if document is None:
            self.utf16 = None
            self.setPlainText("")
        else:
            self.utf16 = Utf16Map(document.text)
            self.setPlainText(display_text(document.text))
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self._update_selection_marks()

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

    def select_offsets(self, start: int, end: int) -> None:
        """Select `[start, end)` (code points) as the user would, and scroll it into view."""
        if self.utf16 is None:
            return
        cursor = self.textCursor()
        cursor.setPosition(self.utf16.to_utf16(start))
        cursor.setPosition(self.utf16.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def cursor_for(self, start: int, end: int) -> QTextCursor:
        assert self.utf16 is not None
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.utf16.to_utf16(start))
        cursor.setPosition(self.utf16.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    # -- spans ---------------------------------------------------------------------------------

    def _repaint_range(self, start: int, end: int) -> None:
        if self.utf16 is None:
            return
        document = self.document()
        block = document.findBlock(self.utf16.to_utf16(start))
        last = document.findBlock(self.utf16.to_utf16(end))
        while block.isValid():
            self.highlighter.rehighlightBlock(block)
            if block == last:
                break
            block = block.next()

    def add_span(self, span: Span) -> None:
        self.index.add(span)
        self._repaint_range(span.start, span.end)

    def remove_span(self, span: Span) -> None:
        if span.id is None or self.index.remove(span.id) is None:
            return
        if self.selected_span_id == span.id:
            self.select_span(None)
        self._repaint_range(span.start, span.end)

    def replace_span(self, span: Span) -> None:
        self.index.add(span)
        self._repaint_range(span.start, span.end)
        if span.id == self.selected_span_id:
            self._update_selection_marks()

    def selected_span(self) -> Span | None:
        return self.index.get(self.selected_span_id) if self.selected_span_id is not None else None

    def select_span(self, span: Span | None, *, move_caret: bool = False) -> None:
        self.selected_span_id = span.id if span is not None else None
        if span is not None and move_caret and self.utf16 is not None:
            cursor = self.textCursor()
            cursor.setPosition(self.utf16.to_utf16(span.start))
            self.setTextCursor(cursor)
            self.ensureCursorVisible()
        self._update_selection_marks()
        self.span_selected.emit(span)

    def _update_selection_marks(self) -> None:
        span = self.selected_span()
        if span is None or self.utf16 is None:
            self.setExtraSelections([])
            return
        mark = QTextEdit.ExtraSelection()
        mark.cursor = self.cursor_for(span.start, span.end)  # type: ignore[misc]
        fmt = QTextCharFormat()
        fmt.setBackground(self.color_of(span.label))
        fmt.setForeground(QColor("#111111"))
        fmt.setProperty(QTextFormat.Property.FullWidthSelection, False)
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(QColor("#111111"))
        mark.format = fmt  # type: ignore[misc]
        self.setExtraSelections([mark])

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
        if key == Qt.Key.Key_Tab and not modifiers & command_keys:
            self._step_span(forward=True)
            return
        if key == Qt.Key.Key_Backtab:
            self._step_span(forward=False)
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

    def _step_span(self, *, forward: bool) -> None:
        position = self.caret_offset()
        current = self.selected_span_id
        if forward:
            span = self.index.next_after(position, current)
        else:
            span = self.index.previous_before(position, current)
        if span is not None:
            self.select_span(span, move_caret=True)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt's name)
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        if self.utf16 is None:
            return
        position = self.cursorForPosition(event.position().toPoint()).position()
        spans = self.index.at(self.utf16.from_utf16(position))
        self.select_span(spans[0] if spans else None)
