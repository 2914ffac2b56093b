"""Label tags: each span's label, short, in its colour, in the band above the line where it starts.

The text view asks for the tags of the lines on screen at each paint; `tag_placement` decides rows
and positions, this module measures and paints them. A click on a tag chooses its span, so a span
nested inside another can be chosen without hunting for a character only it covers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from annotator.gui.span_index import SpanMark
from annotator.gui.tag_placement import TagRequest, place_tags, short_name

if TYPE_CHECKING:
    from annotator.gui.text_view import AnnotatedTextView

#: Rows of tags above a line: a second row keeps tags of spans starting together apart.
ROWS = 2


@dataclass(frozen=True, slots=True)
class Tag:
    """A tag on screen: its span, its text and its box in viewport pixels."""

    span: SpanMark
    text: str
    box: QRectF
    line_top: float  # the top of the text line the tag stands on


def text_color_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on the tag's colour."""
    luminance = 0.299 * background.red() + 0.587 * background.green() + 0.114 * background.blue()
    return QColor("#111111") if luminance > 140 else QColor("#ffffff")


class SpanTags:
    def __init__(self, view: AnnotatedTextView, color_of: Callable[[str], QColor]) -> None:
        self.view = view
        self.color_of = color_of
        self.font = QFont(view.font())
        self.font.setPointSizeF(max(6.5, view.font().pointSizeF() * 0.52))
        self.font.setBold(True)
        self.metrics = QFontMetricsF(self.font)
        self._names: dict[str, tuple[str, float]] = {}

    @property
    def row_height(self) -> float:
        return self.metrics.height()

    @property
    def band(self) -> float:
        """The height the tags need above every line."""
        return ROWS * self.row_height + 3

    def _name(self, label: str) -> tuple[str, float]:
        found = self._names.get(label)
        if found is None:
            text = short_name(label)
            found = self._names[label] = (text, self.metrics.horizontalAdvance(text) + 6)
        return found

    def on_screen(self) -> list[Tag]:
        """The tags of the spans that start on the lines on screen, placed without overlap."""
        view = self.view
        utf16 = view.utf16
        if utf16 is None or not len(view.index):
            return []
        to_cp, to_u16 = utf16.from_utf16, utf16.to_utf16
        offset = view.contentOffset()
        height = view.viewport().height()
        right_edge = view.viewport().width() - view.document().documentMargin() / 2
        row_height = self.row_height
        tags: list[Tag] = []
        block = view.firstVisibleBlock()
        while block.isValid():
            box = view.blockBoundingGeometry(block).translated(offset)
            if box.top() > height:
                break
            start = block.position()
            cp_start, cp_end = to_cp(start), to_cp(start + block.length() - 1)
            spans = [
                s
                for s in view.index.overlapping(cp_start, max(cp_end, cp_start + 1))
                if s.start >= cp_start
            ]
            if spans and block.isVisible():
                layout = block.layout()
                by_line: dict[int, list[SpanMark]] = {}
                for span in spans:
                    line = layout.lineForTextPosition(to_u16(span.start) - start)
                    if line.isValid():
                        by_line.setdefault(line.lineNumber(), []).append(span)
                for number, line_spans in by_line.items():
                    line = layout.lineAt(number)
                    line_spans.sort(key=lambda s: (s.start, s.start - s.end))
                    requests = []
                    for span in line_spans:
                        x = line.cursorToX(to_u16(span.start) - start)[0]  # type: ignore[index]
                        requests.append(
                            TagRequest(span.id, box.left() + x, self._name(span.label)[1])
                        )
                    placed = place_tags(requests, ROWS, right_edge=right_edge)
                    line_top = box.top() + line.y()
                    for span, spot in zip(line_spans, placed, strict=True):
                        top = line_top - (spot.row + 1) * row_height - 1
                        tags.append(
                            Tag(
                                span,
                                self._name(span.label)[0],
                                QRectF(spot.x, top, spot.width, row_height - 1),
                                line_top,
                            )
                        )
            block = block.next()
        return tags

    def paint(self, painter: QPainter, tags: list[Tag], selected: int | None) -> None:
        painter.setFont(self.font)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for tag in tags:
            color = self.color_of(tag.span.label)
            fill = QColor(color)
            if tag.span.suggested:
                fill.setAlpha(90)
                border = QPen(color.darker(160), 1.2, Qt.PenStyle.DotLine)
            else:
                border = QPen(color.darker(130), 1)
            if tag.span.id == selected:
                border = QPen(QColor("#111111"), 2)
            painter.setPen(border)
            painter.setBrush(fill)
            painter.drawRoundedRect(tag.box, 3, 3)
            painter.setPen(text_color_on(color) if not tag.span.suggested else QColor("#333333"))
            painter.drawText(tag.box, Qt.AlignmentFlag.AlignCenter, tag.text)

    @staticmethod
    def tooltip(tag: Tag, text: str) -> str:
        """The whole label (a tag may show it abbreviated) and the span's text."""
        excerpt = text[tag.span.start : tag.span.end]
        if len(excerpt) > 120:
            excerpt = excerpt[:119] + "…"
        suggested = " (suggested)" if tag.span.suggested else ""
        return f"{tag.span.label}{suggested} “{excerpt}”"

    @staticmethod
    def tag_at(tags: list[Tag], point: QPointF) -> Tag | None:
        return next((t for t in tags if t.box.contains(point)), None)
