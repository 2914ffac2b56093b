"""Disagreements drawn over a text view: a dotted red line under each stretch where the analysts
differ, a red box around the stretch being settled. Painted after the text, so span colours
and tags stay as they are; offsets are code points, converted by the view's one `Utf16Map`."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from annotator.gui.span_painting import visible_blocks
from annotator.gui.text_view import AnnotatedTextView

MARK = QColor("#d32f2f")
FAINT = QColor(211, 47, 47, 150)


class DisagreementMarks:
    """The stretches `[(start, end)]` marked in one view, and which one is current."""

    def __init__(self, view: AnnotatedTextView) -> None:
        self.view = view
        self.ranges: list[tuple[int, int]] = []
        self.current: int | None = None  # index into `ranges`
        view.overlay_painters.append(self.paint)

    def show(self, ranges: list[tuple[int, int]], current: int | None) -> None:
        self.ranges, self.current = ranges, current
        self.view.viewport().update()

    def reveal(self, index: int) -> None:
        """Put the caret at the stretch's start, in the middle of the view."""
        view = self.view
        if view.utf16 is None or not 0 <= index < len(self.ranges):
            return
        start, _end = self.ranges[index]
        view.setTextCursor(view.cursor_for(start, start))
        view.centerCursor()

    def paint(self, painter: QPainter, clip: QRect) -> None:
        view = self.view
        if view.utf16 is None or not self.ranges:
            return
        to_u16 = view.utf16.to_utf16
        for block, box in visible_blocks(view, clip):
            block_start = block.position()
            block_end = block_start + block.length() - 1
            layout = block.layout()
            for number, (start, end) in enumerate(self.ranges):
                u_start, u_end = to_u16(start), to_u16(end)
                if u_end <= block_start or u_start > block_end:
                    continue
                current = number == self.current
                pen = QPen(MARK if current else FAINT, 2.5 if current else 1.5)
                pen.setStyle(Qt.PenStyle.SolidLine if current else Qt.PenStyle.DotLine)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                for n in range(layout.lineCount()):
                    line = layout.lineAt(n)
                    line_start = block_start + line.textStart()
                    line_end = line_start + line.textLength()
                    left_at, right_at = max(u_start, line_start), min(u_end, line_end)
                    if left_at >= right_at:
                        continue
                    x1 = line.cursorToX(left_at - block_start)[0]  # type: ignore[index]
                    x2 = line.cursorToX(right_at - block_start)[0]  # type: ignore[index]
                    top = box.top() + line.y()
                    left = QPointF(box.left() + min(x1, x2) - 1, top)
                    right = QPointF(box.left() + max(x1, x2) + 1, top + line.height())
                    if current:
                        painter.drawRect(QRectF(left, right))
                    else:  # the others: a dotted line under the words, quieter
                        y = right.y() + 1
                        painter.drawLine(QPointF(left.x(), y), QPointF(right.x(), y))
