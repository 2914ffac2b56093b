"""Helpers that act on the real widgets the way a user does, in Qt's own units."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from annotator.gui.text_view import AnnotatedTextView


def utf16_offset(text: str, offset: int) -> int:
    """Qt's position of code point `offset`, computed independently of the app's conversion."""
    return len(text[:offset].encode("utf-16-le")) // 2


def select_like_a_user(view: AnnotatedTextView, text: str, start: int, end: int) -> None:
    """Select `text[start:end]` with Qt positions, as dragging the mouse would."""
    cursor = view.textCursor()
    cursor.setPosition(utf16_offset(text, start))
    cursor.setPosition(utf16_offset(text, end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


def tab_to(qtbot, pane, span_id: int) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until the span is chosen, as an analyst would."""
    for _ in range(len(pane.view.index) + 1):
        chosen = pane.view.selected_span()
        if chosen is not None and chosen.id == span_id:
            return
        qtbot.keyClick(pane.view, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached span {span_id}")
