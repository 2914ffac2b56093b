"""Relation arcs as the text view draws them: which relations, where their ends are, and paint.

`arc_routing` decides the route (pure geometry); this module finds the ends on screen (a span's
tag when tags are shown, else the top of its first line), paints, and answers tooltips for the
stubs of relations whose other end is off screen. With a span chosen while every relation is
shown, the chosen span's relations are drawn bold and the others dimmed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QStaticText,
    QTransform,
)

from annotator.domain.model import Relation
from annotator.gui.arc_routing import ArcEnd, ArcRequest, Geometry, RoutedArc, route_arcs
from annotator.gui.span_index import SpanMark
from annotator.gui.span_tags import Tag

if TYPE_CHECKING:
    from annotator.gui.text_view import AnnotatedTextView

#: Arc levels above a line where a relation ends (the same whether one span's relations or all
#: are shown, so Ctrl+R does not move the text).
LEVELS = 2


@dataclass(frozen=True, slots=True)
class Arc:
    """A relation as drawn: its route, and whether it is dimmed or highlighted for the chosen span.

    `other` is the span of the end that is off screen (for the stub's tooltip), if any.
    """

    relation: Relation
    route: RoutedArc
    dimmed: bool
    highlighted: bool
    other: SpanMark | None


@dataclass(frozen=True, slots=True)
class _Stroke:
    """What painting one arc takes, made once per placement."""

    pen: QPen
    path: QPainterPath
    color: QColor
    markers: list[QPolygonF]  # the arrow onto the child, the stub's marker
    label_box: QRectF
    label_background: QColor
    label_pen: QPen
    text_color: QColor
    text: QStaticText  # the label, laid out once (4x faster to draw than `drawText`)
    text_at: QPointF


def _drawing_order(arc: Arc) -> tuple[bool, bool]:
    """Dimmed first, so the chosen span's arcs lie on top."""
    return (not arc.dimmed, arc.highlighted)


class RelationArcs:
    def __init__(self, view: AnnotatedTextView) -> None:
        self.view = view
        self.font = QFont(view.font())
        self.font.setPointSizeF(max(6.5, view.font().pointSizeF() * 0.52))
        self.font.setBold(True)
        self.metrics = QFontMetricsF(self.font)
        self._strokes: list[_Stroke] = []
        self._strokes_for: list[Arc] | None = None
        self._labels: dict[str, QStaticText] = {}

    def geometry(self) -> Geometry:
        label_height = self.metrics.height()
        margin = self.view.document().documentMargin()
        return Geometry(
            levels=LEVELS,
            step=label_height + 1,
            label_height=label_height,
            left=margin / 2,
            right=self.view.viewport().width() - margin / 2,
        )

    @property
    def band(self) -> float:
        return self.geometry().height

    def arcs(self, tags: list[Tag], tag_band: float) -> list[Arc]:
        """The arcs to draw now: the chosen span's relations, or every relation near the screen."""
        view = self.view
        if view.utf16 is None or not view.relations:
            return []
        selected = view.selected_span_id
        shown = view.visible_range()
        if view.show_all_relations:
            wanted = view.relations_near(shown)
        elif selected is not None:
            wanted = [r for r in view.relations if selected in (r.head_id, r.child_id)]
        else:
            return []
        tag_of = {t.span.id: t for t in tags}
        height = view.viewport().height()
        requests: list[ArcRequest] = []
        kept: list[tuple[Relation, SpanMark | None]] = []
        for relation in wanted:
            head, child = view.index.get(relation.head_id), view.index.get(relation.child_id)
            if head is None or child is None:
                continue
            ends = [self._end(m, shown, tag_of, tag_band, height) for m in (head, child)]
            if ends[0] is None and ends[1] is None:
                continue
            other = head if ends[0] is None else child if ends[1] is None else None
            # where the other end is: past the text on screen, or on screen's first block but
            # scrolled up out of sight (only then is its position asked of the layout)
            below = other is not None and (
                other.start >= shown[1] or (other.start >= shown[0] and not self._above(other))
            )
            width = self.metrics.horizontalAdvance(relation.label) + 8
            requests.append(ArcRequest(len(kept), ends[0], ends[1], width, below))
            kept.append((relation, other))
        routes = route_arcs(requests, self.geometry())
        focus = selected if view.show_all_relations else None
        result = []
        for route in routes:
            relation, other = kept[route.key]
            touches = focus is not None and focus in (relation.head_id, relation.child_id)
            result.append(Arc(relation, route, focus is not None and not touches, touches, other))
        return result

    def _above(self, mark: SpanMark) -> bool:
        rect = self.view.cursorRect(self.view.cursor_for(mark.start, mark.start))
        return rect.bottom() < 0

    def _end(
        self,
        mark: SpanMark,
        shown: tuple[int, int],
        tag_of: dict[int, Tag],
        tag_band: float,
        height: int,
    ) -> ArcEnd | None:
        """Where an arc meets a span on screen, or None when the span's start is off screen."""
        if mark.start >= shown[1] or mark.end <= shown[0]:
            return None
        tag = tag_of.get(mark.id)
        if tag is not None:
            if tag.box.top() < 0 or tag.line_top > height:
                return None
            return ArcEnd(tag.box.center().x(), tag.box.top(), tag.line_top - tag_band)
        view = self.view
        first = view.cursorRect(view.cursor_for(mark.start, mark.start))
        if first.top() < 0 or first.top() > height:
            return None
        last = view.cursorRect(view.cursor_for(mark.end, mark.end))
        right = last.left() if last.top() == first.top() else first.left() + 24
        x = (first.left() + right) / 2
        return ArcEnd(x, first.top(), first.top() - tag_band)

    # -- painting ------------------------------------------------------------------------------

    def paint(self, painter: QPainter, arcs: list[Arc]) -> None:
        """Draw the arcs, with pens, paths and label boxes made once per placement (the view
        keeps the same list until something moves), so a repaint only draws."""
        if arcs is not self._strokes_for:
            self._strokes = [self._stroke(arc) for arc in sorted(arcs, key=_drawing_order)]
            self._strokes_for = arcs
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self.font)
        for stroke in self._strokes:
            painter.setPen(stroke.pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(stroke.path)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(stroke.color)
            for marker in stroke.markers:
                painter.drawPolygon(marker)
            painter.setBrush(stroke.label_background)
            painter.setPen(stroke.label_pen)
            painter.drawRoundedRect(stroke.label_box, 3, 3)
            painter.setPen(stroke.text_color)
            painter.drawStaticText(stroke.text_at, stroke.text)

    def _stroke(self, arc: Arc) -> _Stroke:
        color = QColor(self.view.color_of(arc.relation.label))
        if arc.dimmed:
            color.setAlpha(115)
        pen = QPen(color, 2.6 if arc.highlighted else 1.6)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        if arc.other is not None:
            pen.setStyle(Qt.PenStyle.DashLine)
        markers = []
        if arc.route.arrow is not None:
            x, y = arc.route.arrow
            markers.append(QPolygonF([QPointF(x, y), QPointF(x - 4, y - 6), QPointF(x + 4, y - 6)]))
        if arc.route.stub is not None:
            x, y = arc.route.stub
            tip = 6 if arc.route.stub_points_down else -6
            markers.append(QPolygonF([QPointF(x, y + tip), QPointF(x - 4, y), QPointF(x + 4, y)]))
        box = arc.route.label
        text = QColor(color.darker(150))
        if arc.dimmed:
            text.setAlpha(160)
        label = self._label(arc.relation.label)
        size = label.size()
        return _Stroke(
            pen,
            rounded_path(arc.route.points),
            color,
            markers,
            QRectF(box.x, box.y, box.width, box.height),
            QColor(255, 255, 255, 120 if arc.dimmed else 235),
            QPen(color, 1),
            text,
            label,
            QPointF(
                box.x + (box.width - size.width()) / 2, box.y + (box.height - size.height()) / 2
            ),
        )

    def _label(self, name: str) -> QStaticText:
        label = self._labels.get(name)
        if label is None:
            label = self._labels[name] = QStaticText(name)
            label.setTextFormat(Qt.TextFormat.PlainText)  # a label's name is data, not markup
            label.prepare(QTransform(), self.font)
        return label

    def tooltip_at(self, arcs: list[Arc], point: QPointF) -> str | None:
        """For a stub under the mouse: the relation and the text of its off-screen span."""
        for arc in arcs:
            if arc.other is None:
                continue
            bounds = arc.route.bounds()
            box = arc.route.label
            area = QRectF(bounds.x, bounds.y, bounds.width, bounds.height).adjusted(-5, -5, 5, 5)
            area = area.united(QRectF(box.x, box.y, box.width, box.height))
            if area.contains(point):
                document = self.view.document_model
                text = document.text[arc.other.start : arc.other.end] if document else ""
                if len(text) > 120:
                    text = text[:119] + "…"
                where = "below" if arc.route.stub_points_down else "above"
                role = "child" if arc.other.id == arc.relation.child_id else "head"
                return (
                    f"{arc.relation.label}: {role} {arc.other.label} “{text}” ({where}, off screen)"
                )
        return None


def rounded_path(points: tuple[tuple[float, float], ...], radius: float = 5.0) -> QPainterPath:
    """A polyline with its corners rounded, so an arc reads as one stroke."""
    path = QPainterPath(QPointF(*points[0]))
    for n in range(1, len(points) - 1):
        (x0, y0), (x1, y1), (x2, y2) = points[n - 1], points[n], points[n + 1]
        before = _toward((x1, y1), (x0, y0), radius)
        after = _toward((x1, y1), (x2, y2), radius)
        path.lineTo(QPointF(*before))
        path.quadTo(QPointF(x1, y1), QPointF(*after))
    path.lineTo(QPointF(*points[-1]))
    return path


def _toward(
    corner: tuple[float, float], other: tuple[float, float], radius: float
) -> tuple[float, float]:
    dx, dy = other[0] - corner[0], other[1] - corner[1]
    length = (dx * dx + dy * dy) ** 0.5
    if length == 0:
        return corner
    step = min(radius, length / 2)
    return corner[0] + dx / length * step, corner[1] + dy / length * step
