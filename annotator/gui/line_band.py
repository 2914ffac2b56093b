"""The plain-text layout with a band of free space above every line, for label tags and arcs.

`QPlainTextEdit` ignores the block format's line height and margins, so the band is made by
moving each laid-out line down: the base layout places a block's lines, and this layout shifts
line *i* by `band × (i + 1)` the first time the block's box is asked for. Scrolling, hit testing,
the caret and `cursorRect` all read those line positions, so the text and everything drawn
around it agree; the band holds no characters, so nothing painted there crosses a letter.
Blocks are still laid out lazily, as they come on screen: a 1 MB article opens as fast as before.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QTextBlock, QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout


class BandedTextLayout(QPlainTextDocumentLayout):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.band = 0.0

    def set_band(self, band: float) -> bool:
        """Change the band's height and lay the text out again; True when it changed."""
        if band == self.band:
            return False
        self.band = band
        document = self.document()
        document.markContentsDirty(0, document.characterCount())
        return True

    def blockBoundingRect(self, block: QTextBlock) -> QRectF:  # noqa: N802 (Qt's name)
        rect = super().blockBoundingRect(block)
        band = self.band
        if band and block.isVisible():
            layout = block.layout()
            count = layout.lineCount()
            # A block laid out anew has its first line at 0: shift its lines once.
            if count and layout.lineAt(0).y() < band - 0.5:
                for n in range(count):
                    line = layout.lineAt(n)
                    line.setPosition(QPointF(line.x(), line.y() + band * (n + 1)))
                rect = super().blockBoundingRect(block)
        return rect
