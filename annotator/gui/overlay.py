"""A note laid over the bottom of a widget, for prompts that must not move what is under them.

Entering relation or link mode used to insert a prompt line above the text, pushing every line
down just as the analyst was aiming at a span. The overlay floats over the bottom edge of the text
instead (half transparent, clicks pass through), so the first visible line stays where it was.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QWidget


class BottomOverlay(QLabel):
    """A word-wrapped line of plain text kept over the bottom of `target` (a sibling widget)."""

    def __init__(self, target: QWidget, parent: QWidget) -> None:
        super().__init__(parent)
        self._target = target
        self.setObjectName("PanePrompt")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setStyleSheet(
            "#PanePrompt { background: rgba(255, 244, 194, 235); border-top: 1px solid #e0c860;"
            " padding: 5px 10px; font-weight: 600; }"
        )
        target.installEventFilter(self)
        self.hide()

    def show_text(self, text: str) -> None:
        self.setText(text)
        self.show()
        self.raise_()
        self._place()

    def _place(self) -> None:
        box = self._target.geometry()
        width = box.width() - 2
        height = self.heightForWidth(width)
        self.setGeometry(box.left() + 1, box.bottom() - height, width, height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move) and self.isVisible():
            self._place()
        return False
