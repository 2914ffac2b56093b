"""Span backgrounds and underlines as the text view paints them under the text.

The view asks for the blocks on screen only, so the cost of a paint does not grow with the article
or the number of spans. Each block is cut into *segments* (stretches covered by the same spans);
how a set of covering spans looks (blended backgrounds, underline, dotted for suggestions) is
worked out once per combination of labels and kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QTextBlock, QTextLayout

from annotator.gui.span_index import SpanMark

if TYPE_CHECKING:
    from annotator.gui.text_view import AnnotatedTextView

Look = tuple[QColor, QColor | None, bool]  # background, underline colour, dotted


def blend(colors: list[QColor], alpha: float) -> QColor:
    """Colours laid over white one after another, each at `alpha`: nested spans get deeper."""
    red = green = blue = 255.0
    for color in colors:
        red = red * (1 - alpha) + color.red() * alpha
        green = green * (1 - alpha) + color.green() * alpha
        blue = blue * (1 - alpha) + color.blue() * alpha
    return QColor(int(red), int(green), int(blue))


def visible_blocks(view: AnnotatedTextView, clip: QRect) -> Iterator[tuple[QTextBlock, QRectF]]:
    """The view's shown blocks that reach into `clip`, each with its box in viewport pixels:
    what a painter over the text walks (spans under it, disagreement marks over it)."""
    offset = view.contentOffset()
    block = view.firstVisibleBlock()
    while block.isValid():
        box = view.blockBoundingGeometry(block).translated(offset)
        if box.top() > clip.bottom():
            break
        if block.isVisible() and box.bottom() >= clip.top():
            yield block, box
        block = block.next()


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of one block covered by the same spans, and how it is drawn.

    `start`/`end` are UTF-16 positions inside the block (what Qt's text layout counts).
    """

    start: int
    end: int
    background: QColor
    underline: QColor | None
    dotted: bool
    labels: tuple[str, ...]


class SpanPainter:
    def __init__(self, view: AnnotatedTextView, color_of: Callable[[str], QColor]) -> None:
        self.view = view
        self.color_of = color_of
        self._looks: dict[tuple[str, ...], Look] = {}

    def forget_colors(self) -> None:
        self._looks.clear()

    def look(self, covering: list[SpanMark]) -> Look:
        """Background, underline colour and dotted flag for characters inside `covering` spans
        (outermost first): blended backgrounds, the outermost span's colour as underline when
        nested, dotted when none is accepted yet (a suggestion)."""
        key = tuple(f"{s.label}{'?' if s.suggested else ''}" for s in covering)
        look = self._looks.get(key)
        if look is None:
            accepted = [s for s in covering if not s.suggested]
            colors = [self.color_of(s.label) for s in (accepted or covering)]
            background = blend(colors, 0.5 if accepted else 0.15)
            underline = None
            if not accepted:
                underline = self.color_of(covering[-1].label).darker(150)
            elif len(covering) > 1:
                underline = self.color_of(covering[0].label).darker(140)
            look = self._looks[key] = (background, underline, not accepted)
        return look

    def segments(self, block: QTextBlock) -> list[Segment]:
        """How the spans over one block are drawn, stretch by stretch."""
        view = self.view
        if view.utf16 is None or not len(view.index):
            return []
        block_start = block.position()
        block_end = block_start + block.length() - 1
        to_cp, to_u16 = view.utf16.from_utf16, view.utf16.to_utf16
        cp_start, cp_end = to_cp(block_start), to_cp(block_end)
        spans = view.index.overlapping(cp_start, max(cp_end, cp_start + 1))
        if not spans:
            return []
        cuts = {cp_start, cp_end}
        for span in spans:
            cuts.add(min(max(span.start, cp_start), cp_end))
            cuts.add(min(max(span.end, cp_start), cp_end))
        result = []
        for left, right in pairwise(sorted(cuts)):
            covering = [s for s in spans if s.start <= left and s.end >= right]
            if not covering:
                continue
            covering.sort(key=lambda s: s.start - s.end)  # outermost (longest) first
            background, underline, dotted = self.look(covering)
            result.append(
                Segment(
                    to_u16(left) - block_start,
                    to_u16(right) - block_start,
                    background,
                    underline,
                    dotted,
                    tuple(s.label for s in covering),
                )
            )
        return result

    def paint(self, painter: QPainter, clip: QRect) -> None:
        """The visible blocks' segments, under the text."""
        for block, box in visible_blocks(self.view, clip):
            layout = block.layout()
            for segment in self.segments(block):
                self._paint_segment(painter, layout, box.topLeft(), segment)

    @staticmethod
    def _paint_segment(
        painter: QPainter, layout: QTextLayout, origin: QPointF, segment: Segment
    ) -> None:
        for n in range(layout.lineCount()):
            line = layout.lineAt(n)
            line_start = line.textStart()
            line_end = line_start + line.textLength()
            start, end = max(segment.start, line_start), min(segment.end, line_end)
            if start >= end:
                continue
            x1 = line.cursorToX(start)[0]  # type: ignore[index]  # (x, position)
            x2 = line.cursorToX(end)[0]  # type: ignore[index]
            left, right = min(x1, x2), max(x1, x2)
            top = origin.y() + line.y()
            rect = QRectF(origin.x() + left, top, right - left, line.height())
            painter.fillRect(rect, segment.background)
            if segment.underline is not None:
                pen = QPen(segment.underline, 2)
                if segment.dotted:
                    pen.setStyle(Qt.PenStyle.DotLine)
                painter.setPen(pen)
                y = rect.bottom() - 1
                painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
