"""The plain-text layout with a band of free space above lines, for label tags and relation arcs.

`QPlainTextEdit` ignores the block format's line height and margins, so the bands are made by
moving each laid-out line down: the base layout places a block's lines one under the other, and
this layout moves each line down by the bands of the lines up to it, the first time the block's
box is asked for after a layout. Scrolling, hit testing, the caret and `cursorRect` all read those
line positions, so the text and everything drawn around it agree; a band holds no characters, so
nothing painted there crosses a letter. Blocks are still laid out lazily, as they come on screen:
a 1 MB article opens as fast as before.

How high each line's band is, `band_of(block, line)` says: `LineBands` keeps the text view's
measures (room for tags on every line, and for arcs on the lines where a relation ends).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QTextBlock, QTextDocument, QTextLayout, QTextLine
from PySide6.QtWidgets import QPlainTextDocumentLayout

from annotator.domain.model import Relation

if TYPE_CHECKING:
    from annotator.gui.text_view import AnnotatedTextView

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


class LineBands:
    """The room above each line of one text view: rows for tags on every line (when shown), and
    levels for arcs on the lines where a relation ends. `version` counts changes, so what was
    placed on screen for the old lines is placed again."""

    def __init__(self, view: AnnotatedTextView) -> None:
        self.view = view
        self._bands = (0.0, 0.0)  # (tag rows, arc levels): the room above a line, in pixels
        self._relation_starts: list[int] = []  # where the spans that relations join start
        self.version = 0

    def height(self) -> float:
        """The most room above any line."""
        return sum(self._bands)

    def forget_relations(self) -> None:
        self._relation_starts = []

    def update(self, relations: list[Relation], tag_band: float, arc_band: float) -> None:
        """Lay lines out again only where their room changed; the first line on screen stays
        where it was."""
        view = self.view
        starts = sorted(
            {
                mark.start
                for relation in relations
                for span_id in (relation.head_id, relation.child_id)
                if (mark := view.index.get(span_id)) is not None
            }
        )
        bands = (tag_band, arc_band if starts else 0.0)
        changed = set(starts).symmetric_difference(self._relation_starts)
        self._relation_starts = starts
        if bands == self._bands and not changed:
            return
        top = view.verticalScrollBar().value()  # in lines, which bands do not add or remove
        if bands != self._bands or len(changed) > 64 or view.utf16 is None:
            self._bands = bands
            view.band_layout.relayout()
        else:
            for start in changed:
                view.band_layout.relayout(view.document().findBlock(view.utf16.to_utf16(start)))
        self.version += 1
        view.verticalScrollBar().setValue(top)
        view.viewport().update()

    def band_of(self, block: QTextBlock, line: QTextLine) -> float:
        """The room above one line: the tag rows, and the arc levels if a relation ends there."""
        tags, arcs = self._bands
        starts = self._relation_starts
        if not arcs or not starts:
            return tags
        utf16 = self.view.utf16
        if utf16 is None:
            return tags
        start = block.position() + line.textStart()
        first = utf16.from_utf16(start)
        last = utf16.from_utf16(start + line.textLength())
        n = bisect_left(starts, first)
        return tags + arcs if n < len(starts) and starts[n] < max(last, first + 1) else tags
