"""The plain-text layout with a band of free space above lines, for label tags and relation arcs.

`QPlainTextEdit` ignores the block format's line height and margins, so the bands are made by
moving each laid-out line down: the base layout places a block's lines one under the other, and
this layout moves each line down by the bands of the lines up to it, the first time the block's
box is asked for after a layout. Scrolling, hit testing, the caret and `cursorRect` all read those
line positions, so the text and everything drawn around it agree; a band holds no characters, so
nothing painted there crosses a letter. Blocks are still laid out lazily, as they come on screen:
a 1 MB article opens as fast as before.

How high each line's band is, `band_of(block, line)` says (the text view: room for tags on every
line, and for arcs on the lines where a relation ends).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QTextBlock, QTextDocument, QTextLayout, QTextLine
from PySide6.QtWidgets import QPlainTextDocumentLayout

BandOf = Callable[[QTextBlock, QTextLine], float]


class BandedTextLayout(QPlainTextDocumentLayout):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self.band_of: BandOf | None = None

    def relayout(self, block: QTextBlock | None = None) -> None:
        """Lay out one block again (its bands changed), or the whole text."""
        document = self.document()
        if block is None:
            document.markContentsDirty(0, document.characterCount())
        elif block.isValid():
            document.markContentsDirty(block.position(), block.length())

    def blockBoundingRect(self, block: QTextBlock) -> QRectF:  # noqa: N802 (Qt's name)
        rect = super().blockBoundingRect(block)
        band_of = self.band_of
        if band_of is None or not block.isVisible():
            return rect
        layout = block.layout()
        count = layout.lineCount()
        if not count or not _as_laid_out(layout, count):
            return rect
        shift = 0.0
        for n in range(count):
            line = layout.lineAt(n)
            shift += band_of(block, line)
            if shift:
                line.setPosition(QPointF(line.x(), line.y() + shift))
        return super().blockBoundingRect(block) if shift else rect


def _as_laid_out(layout: QTextLayout, count: int) -> bool:
    """Whether the lines sit as the base layout leaves them (first at 0, each under the one
    before), so not moved yet."""
    line = layout.lineAt(0)
    if abs(line.y()) > 0.5:
        return False
    bottom = line.y() + line.height()
    for n in range(1, count):
        line = layout.lineAt(n)
        if abs(line.y() - bottom) > 0.5:
            return False
        bottom = line.y() + line.height()
    return True
