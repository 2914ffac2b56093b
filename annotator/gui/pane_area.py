"""The panes side by side: add, close, reorder, move focus between them, scroll them together,
and the ribbons that join linked spans across neighbouring panes, as a diff tool joins changes.

Two panes by default. The *active* pane is the one that last had focus: the label bar, Enter in the
browser and the inspector act on it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSplitter, QSplitterHandle, QVBoxLayout, QWidget

from annotator.domain.labels import LabelSchema
from annotator.domain.model import Link, Span
from annotator.gui.document_pane import DocumentPane
from annotator.gui.session import Session
from annotator.gui.span_index import RangeIndex

GUTTER = 44  # the splitter handle the ribbons cross, in pixels


class PaneArea(QWidget):
    active_pane_changed = Signal(object)  # DocumentPane
    span_selected = Signal(object, object)  # DocumentPane, Span or None
    panes_changed = Signal()  # a pane was added, closed, moved, or shows another article

    def __init__(self, session: Session, panes: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.splitter = RibbonSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(GUTTER)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.ribbons = LinkRibbons(self)  # drawn by the splitter's handles
        self._active: DocumentPane | None = None
        self._focus_order: list[DocumentPane] = []
        self._scroll_together = False
        self._label_tags = True
        self._syncing = False
        for _ in range(panes):
            self.add_pane()
        self.set_active(self.panes()[0])
        self.splitter.splitterMoved.connect(lambda *_: self.ribbons.update())
        self.panes_changed.connect(self.ribbons.reload)
        signals = session.signals
        signals.link_added.connect(lambda *_: self.ribbons.reload())
        signals.link_removed.connect(lambda *_: self.ribbons.reload())
        signals.changed_elsewhere.connect(lambda: self.ribbons.reload())
        signals.span_removed.connect(lambda *_: self.ribbons.update())

    # -- panes ---------------------------------------------------------------------------------

    def panes(self) -> list[DocumentPane]:
        widgets = (self.splitter.widget(i) for i in range(self.splitter.count()))
        return [w for w in widgets if isinstance(w, DocumentPane)]

    @property
    def active(self) -> DocumentPane:
        assert self._active is not None
        return self._active

    def add_pane(self, after: DocumentPane | None = None) -> DocumentPane:
        pane = DocumentPane(self.session)
        pane.view.set_show_tags(self._label_tags)
        index = self.splitter.indexOf(after) + 1 if after is not None else self.splitter.count()
        self.splitter.insertWidget(index, pane)
        pane.view.installEventFilter(self)
        pane.span_selected.connect(lambda span, p=pane: self._span_selected(p, span))
        pane.close_requested.connect(lambda p=pane: self.close_pane(p))
        pane.move_requested.connect(lambda step, p=pane: self.move_pane(p, step))
        pane.link_requested.connect(lambda p=pane: self.link_from(p))
        pane.document_opened.connect(self.panes_changed)
        bar = pane.view.verticalScrollBar()
        bar.valueChanged.connect(lambda _value, p=pane: self._follow_scroll(p))
        bar.valueChanged.connect(lambda _value: self.ribbons.update())
        self.splitter.setSizes([1000] * self.splitter.count())
        self.panes_changed.emit()
        return pane

    def close_pane(self, pane: DocumentPane) -> None:
        """Close a pane; the last one stays (emptied), so there is always somewhere to open into."""
        panes = self.panes()
        if len(panes) == 1:
            pane.show_document(None)
            self.panes_changed.emit()
            return
        index = panes.index(pane)
        pane.hide()
        pane.setParent(None)
        pane.deleteLater()
        if pane in self._focus_order:
            self._focus_order.remove(pane)
        if pane is self._active:
            self._active = None
            self.set_active(self.panes()[max(0, index - 1)])
        self.panes_changed.emit()

    def move_pane(self, pane: DocumentPane, step: int) -> None:
        """Move a pane left (-1) or right (+1)."""
        index = self.splitter.indexOf(pane)
        target = max(0, min(self.splitter.count() - 1, index + step))
        if target != index:
            self.splitter.insertWidget(target, pane)
            self.panes_changed.emit()

    def set_active(self, pane: DocumentPane) -> None:
        if pane is self._active:
            return
        self._active = pane
        if pane in self._focus_order:
            self._focus_order.remove(pane)
        self._focus_order.insert(0, pane)
        for each in self.panes():
            each.set_active_look(each is pane)
        self.active_pane_changed.emit(pane)

    def focus_next_pane(self, step: int = 1) -> None:
        panes = self.panes()
        index = panes.index(self.active) if self._active in panes else 0
        pane = panes[(index + step) % len(panes)]
        self.set_active(pane)
        pane.view.setFocus(Qt.FocusReason.TabFocusReason)

    def open_document(self, document_id: int, *, new_pane: bool = False) -> DocumentPane:
        """Open in the active pane, or in a new pane beside it (reusing an empty one to its right).

        An article is never shown twice side by side: one already in a pane (in the analyst's own
        layer) is not opened again, that pane becomes the active one. Another analyst's layer of
        the same article, shown read-only, is another view and does not count.
        """
        showing = self.pane_showing(document_id)
        if showing is not None:
            self.set_active(showing)
            return showing
        pane = self.active
        if new_pane:
            panes = self.panes()
            following = panes[panes.index(pane) + 1 :]
            empty = next((p for p in following if p.document_id is None), None)
            pane = empty or self.add_pane(after=pane)
        pane.open_document(document_id)
        self.set_active(pane)
        return pane

    def pane_showing(self, document_id: int) -> DocumentPane | None:
        """The pane showing the article in one's own layer, if any."""
        return next(
            (p for p in self.panes() if p.document_id == document_id and p.layer is None), None
        )

    def set_label_tags(self, on: bool) -> None:
        """View ▸ Label tags: every pane, and the panes added later."""
        self._label_tags = on
        for pane in self.panes():
            pane.view.set_show_tags(on)

    def _span_selected(self, pane: DocumentPane, span: Span | None) -> None:
        self.span_selected.emit(pane, span)

    # -- links ---------------------------------------------------------------------------------

    def link_from(self, pane: DocumentPane) -> None:
        """L: link the span chosen in `pane` with the span chosen in the last other pane used."""
        here = pane.view.selected_span()
        partner = next(
            (
                p
                for p in self._focus_order
                if p is not pane
                and p.view.selected_span() is not None
                and p.document_id not in (None, pane.document_id)
            ),
            None,
        )
        if here is None or partner is None:
            self.session.message.emit(
                "To link, choose a span in this pane and a span in a pane showing another article."
            )
            return
        other = partner.view.selected_span()
        assert other is not None
        labels = self.session.service.link_labels_for(here.id, other.id)
        if not labels:
            self.session.message.emit(
                f"No link label of the schema joins a {here.label} and a {other.label}."
            )
            return
        pane.start_link(other.id, labels, other)

    def scroll_to_link(self, link: Link) -> None:
        """Show both ends of a link: open the articles (beside each other) and scroll to the spans."""
        spans = self.session.service.spans_by_ids([link.a_id, link.b_id])
        a, b = spans.get(link.a_id), spans.get(link.b_id)
        if a is None or b is None:
            return
        pane_a = self.pane_showing(a.document_id) or self.open_document(a.document_id)
        pane_b = self.pane_showing(b.document_id)
        if pane_b is None:
            self.set_active(pane_a)
            pane_b = self.open_document(b.document_id, new_pane=True)
        for pane, span in ((pane_a, a), (pane_b, b)):
            pane.reveal_span(span.id)  # type: ignore[arg-type]
        self.ribbons.update()

    # -- scrolling together --------------------------------------------------------------------

    def set_scroll_together(self, on: bool) -> None:
        self._scroll_together = on

    def _follow_scroll(self, source: DocumentPane) -> None:
        if not self._scroll_together or self._syncing:
            return
        bar = source.view.verticalScrollBar()
        fraction = bar.value() / bar.maximum() if bar.maximum() else 0.0
        self._syncing = True
        try:
            for pane in self.panes():
                if pane is not source:
                    other = pane.view.verticalScrollBar()
                    other.setValue(round(fraction * other.maximum()))
        finally:
            self._syncing = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.FocusIn:
            for pane in self.panes():
                if pane.view is watched:
                    self.set_active(pane)
        return False


@dataclass(frozen=True)
class Ribbon:
    """A link drawn between two neighbouring panes: the band's ends, in the pane area's pixels.

    `left`/`right` are the vertical extents of the linked spans' lines at the inner edges of the
    left and right panes; an end whose span is scrolled away is pinned to the top or bottom.
    """

    link: Link
    left_pane: DocumentPane
    right_pane: DocumentPane
    left: QRectF
    right: QRectF
    clipped: bool


class LinkRibbons(QObject):
    """The links between neighbouring panes, as bands across the gutter between them.

    It knows the links among the open articles and where their ends are on screen; each gutter
    (a `RibbonHandle`) paints the bands that cross it, so a scroll repaints a gutter, never the
    panes under a transparent layer.
    """

    def __init__(self, area: PaneArea) -> None:
        super().__init__(area)
        self.area = area
        self._links: list[Link] = []
        self._ends: dict[int, tuple[int, int, int]] = {}  # span id -> (document, start, end)
        self._by_document: dict[int, RangeIndex] = {}  # link ends in each article
        self._version = 0  # counts reloads: ribbons placed before one are placed again
        self._placed: dict[
            tuple[DocumentPane, DocumentPane], tuple[tuple[object, ...], list[Ribbon]]
        ] = {}

    def reload(self) -> None:
        """Fetch the links among the open articles (after a link or pane change)."""
        documents = [p.document_id for p in self.area.panes() if p.document_id is not None]
        self._links = self.area.session.service.links_of_documents(sorted(set(documents)))
        ids = [i for link in self._links for i in (link.a_id, link.b_id)]
        spans = self.area.session.service.spans_by_ids(ids)
        self._ends = {i: (s.document_id, s.start, s.end) for i, s in spans.items()}
        ends: dict[int, list[tuple[int, int, int]]] = {}
        for n, link in enumerate(self._links):
            for span_id in (link.a_id, link.b_id):
                end = self._ends.get(span_id)
                if end is not None:
                    ends.setdefault(end[0], []).append((end[1], end[2], n))
        self._by_document = {document: RangeIndex(items) for document, items in ends.items()}
        self._version += 1
        self._placed.clear()
        self.update()

    def update(self) -> None:
        """Repaint the gutters (what the ribbons are drawn in)."""
        splitter = self.area.splitter
        for i in range(1, splitter.count()):
            splitter.handle(i).update()

    def links(self) -> list[Link]:
        return list(self._links)

    def ribbons(self) -> list[Ribbon]:
        """The bands to draw now: links whose ends sit in two neighbouring panes, one end on screen."""
        result = []
        for left, right in itertools.pairwise(self.area.panes()):
            result += self.between(left, right)
        return result

    def between(self, left: DocumentPane, right: DocumentPane) -> list[Ribbon]:
        """The bands across the gutter from `left` to `right`, in the pane area's pixels: placed
        again only when either pane scrolled, moved or changed, or the links did (a gutter is
        painted again with each pane's paint, mostly with nothing moved)."""
        if left.document_id is None or right.document_id is None:
            return []
        if left.document_id == right.document_id:
            return []  # a link joins two different articles: no band within one
        gutter = self.area.splitter.handle(self.area.splitter.indexOf(right))
        gutter_left = gutter.mapTo(self.area, QPoint(0, 0)).x()
        edges = (float(gutter_left), float(gutter_left + gutter.width()))
        key = (
            self._version,
            edges,
            left.view.viewport().mapTo(self.area, QPoint(0, 0)).y(),
            right.view.viewport().mapTo(self.area, QPoint(0, 0)).y(),
            left.view.geometry_key(),
            right.view.geometry_key(),
        )
        kept = self._placed.get((left, right))
        if kept is None or kept[0] != key:
            kept = self._placed[(left, right)] = (key, self._place(left, right, edges))
        return kept[1]

    def _place(
        self, left: DocumentPane, right: DocumentPane, edges: tuple[float, float]
    ) -> list[Ribbon]:
        result: list[Ribbon] = []
        shown = {left: left.view.visible_range(), right: right.view.visible_range()}
        near: set[int] = set()
        for pane in (left, right):
            index = self._by_document.get(pane.document_id or -1)
            if index is not None:
                near |= index.keys_overlapping(*shown[pane])
        for link in (self._links[n] for n in sorted(near)):
            ends = [self._ends.get(link.a_id), self._ends.get(link.b_id)]
            if None in ends:
                continue
            by_document = {end[0]: end for end in ends if end is not None}
            if left.document_id not in by_document or right.document_id not in by_document:
                continue
            left_end, right_end = by_document[left.document_id], by_document[right.document_id]
            left_box, left_clipped = self._extent(left, left_end, shown[left], edges[0])
            right_box, right_clipped = self._extent(right, right_end, shown[right], edges[1])
            result.append(
                Ribbon(link, left, right, left_box, right_box, left_clipped or right_clipped)
            )
        return result

    def _extent(
        self,
        pane: DocumentPane,
        end: tuple[int, int, int],
        shown: tuple[int, int],
        x: float,
    ) -> tuple[QRectF, bool]:
        view = pane.view
        viewport = view.viewport()
        origin = viewport.mapTo(self.area, viewport.rect().topLeft())
        _document, start, stop = end
        if stop <= shown[0] or start >= shown[1]:
            y = origin.y() + (2 if stop <= shown[0] else viewport.height() - 2)
            return QRectF(x, y, 0, 0), True
        first = view.cursorRect(view.cursor_for(start, start))
        last = view.cursorRect(view.cursor_for(stop, stop))
        top = max(0, first.top())
        bottom = min(viewport.height(), last.bottom())
        return QRectF(x, origin.y() + top, 0, max(2, bottom - top)), False


class RibbonHandle(QSplitterHandle):
    """The gutter between two panes, where the links between them are drawn.

    The bands' outlines and colours are made once for each placement of the ribbons (and schema:
    a recoloured link label), so the gutter's many repaints while nothing moves only draw.
    """

    def __init__(self, orientation: Qt.Orientation, parent: QSplitter) -> None:
        super().__init__(orientation, parent)
        self._bands: list[tuple[QPainterPath, QColor, QPen]] = []
        self._bands_for: tuple[list[Ribbon], object] | None = None

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        splitter = self.splitter()
        index = splitter.indexOf(self)
        area = splitter.parent()
        if not isinstance(area, PaneArea) or index < 1:
            return
        left, right = splitter.widget(index - 1), splitter.widget(index)
        if not isinstance(left, DocumentPane) or not isinstance(right, DocumentPane):
            return
        ribbons = area.ribbons.between(left, right)
        if not ribbons:
            return
        schema = area.session.service.schema
        made = self._bands_for
        if made is None or made[0] is not ribbons or made[1] is not schema:
            self._bands = [self._band(ribbon, schema) for ribbon in ribbons]
            self._bands_for = (ribbons, schema)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        offset = self.mapTo(area, QPoint(0, 0))
        painter.translate(-offset.x(), -offset.y())
        for path, fill, pen in self._bands:
            painter.setBrush(fill)
            painter.setPen(pen)
            painter.drawPath(path)
        painter.end()

    @staticmethod
    def _band(ribbon: Ribbon, schema: LabelSchema) -> tuple[QPainterPath, QColor, QPen]:
        """A link's band: its outline, fill and pen, in the link label's colour."""
        label = schema.get(ribbon.link.label)
        color = QColor(label.color if label else "#888888")
        left, right = ribbon.left, ribbon.right
        middle = (left.x() + right.x()) / 2
        path = QPainterPath(QPointF(left.x(), left.top()))
        path.cubicTo(
            QPointF(middle, left.top()),
            QPointF(middle, right.top()),
            QPointF(right.x(), right.top()),
        )
        path.lineTo(QPointF(right.x(), right.bottom()))
        path.cubicTo(
            QPointF(middle, right.bottom()),
            QPointF(middle, left.bottom()),
            QPointF(left.x(), left.bottom()),
        )
        path.closeSubpath()
        fill = QColor(color)
        fill.setAlpha(60 if ribbon.clipped else 120)
        pen = QPen(color.darker(130), 1.2)
        if ribbon.clipped:
            pen.setStyle(Qt.PenStyle.DashLine)
        return path, fill, pen


class RibbonSplitter(QSplitter):
    def createHandle(self) -> QSplitterHandle:  # noqa: N802 (Qt's name)
        return RibbonHandle(self.orientation(), self)
