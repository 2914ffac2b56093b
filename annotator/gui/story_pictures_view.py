"""Story ▸ Attribution graph and timeline, painted with Qt graphics from the story's `Drawing`s.

The same drawings become the SVG of `annotator graph` and of the report; here each box is a
graphics item, and clicking one that stands for a span (or an article, on the timeline) opens it.
`render_png` paints a drawing into an image file (the `.png` of `annotator graph`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QPointF, QRectF, Qt, Signal, SignalInstance
from PySide6.QtGui import QBrush, QColor, QFont, QImage, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (
    QDialog,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.gui.session import Session
from annotator.service.comparison import story_comparison
from annotator.service.story_pictures import (
    DIFFERS_BORDER,
    Box,
    Drawing,
    graph_drawing,
    story_graph,
    timeline_drawing,
)


class BoxItem(QGraphicsRectItem):
    """A node (or a timeline dot); a click on one that stands for a span or article opens it."""

    def __init__(self, box: Box, chosen: SignalInstance | None) -> None:
        super().__init__(box.x, box.y, box.w, box.h)
        self.box = box
        self._chosen = chosen
        self.setBrush(QBrush(QColor(box.fill)))
        self.setPen(QPen(QColor(box.border), 3 if box.border == DIFFERS_BORDER else 1))
        self.setToolTip(box.tooltip)
        if box.ref is not None:
            self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if self.box.ref is not None and self._chosen is not None:
            self._chosen.emit(*self.box.ref)
            event.accept()
            return
        super().mousePressEvent(event)


def drawing_scene(drawing: Drawing, chosen: SignalInstance | None = None) -> QGraphicsScene:
    scene = QGraphicsScene()
    scene.setSceneRect(0, 0, drawing.width, drawing.height)
    scene.setBackgroundBrush(QBrush(QColor("#ffffff")))
    small = QFont()
    small.setPointSize(8)
    for arrow in drawing.arrows:
        path = QPainterPath(QPointF(arrow.x1, arrow.y1))
        if arrow.bend:
            control = QPointF(max(arrow.x1, arrow.x2) + arrow.bend, (arrow.y1 + arrow.y2) / 2)
            path.quadTo(control, QPointF(arrow.x2, arrow.y2))
        else:
            path.lineTo(arrow.x2, arrow.y2)
        pen = QPen(QColor(arrow.color), 1.5)
        if arrow.dashed:
            pen.setStyle(Qt.PenStyle.DashLine)
        item = QGraphicsPathItem(path)
        item.setPen(pen)
        scene.addItem(item)
        if not arrow.dashed and not arrow.bend and arrow.color != "#cccccc":
            head = QPolygonF(
                [
                    QPointF(arrow.x2, arrow.y2),
                    QPointF(arrow.x2 - 8, arrow.y2 - 4),
                    QPointF(arrow.x2 - 8, arrow.y2 + 4),
                ]
            )
            scene.addPolygon(head, QPen(QColor(arrow.color)), QBrush(QColor(arrow.color)))
        if arrow.label:
            label = QGraphicsSimpleTextItem(arrow.label)
            label.setFont(small)
            label.setBrush(QBrush(QColor(arrow.color)))
            if arrow.bend:
                x = max(arrow.x1, arrow.x2) + arrow.bend / 2 + 4
                y = (arrow.y1 + arrow.y2) / 2
            else:
                x = (arrow.x1 + arrow.x2) / 2 - label.boundingRect().width() / 2
                y = (arrow.y1 + arrow.y2) / 2 - label.boundingRect().height() - 1
            label.setPos(x, y)
            scene.addItem(label)
    for box in drawing.boxes:
        scene.addItem(BoxItem(box, chosen))
        if box.text:
            text = QGraphicsSimpleTextItem(box.text)  # plain text, never rich text
            text.setBrush(QBrush(QColor(box.ink)))
            text.setPos(box.x + 8, box.y + box.h / 2 - text.boundingRect().height() / 2)
            scene.addItem(text)
    for words in drawing.words:
        written = QGraphicsSimpleTextItem(words.text)
        font = QFont()
        font.setPixelSize(words.size)
        font.setBold(words.bold)
        written.setFont(font)
        written.setBrush(QBrush(QColor(words.color)))
        written.setPos(words.x, words.y - written.boundingRect().height() + 3)
        scene.addItem(written)
    return scene


def render_png(drawing: Drawing, path: Path, scale: float = 1.5) -> None:
    """Paint the drawing into a PNG (needs a QGuiApplication)."""
    import os

    scene = drawing_scene(drawing)
    image = QImage(
        int(drawing.width * scale), int(drawing.height * scale), QImage.Format.Format_ARGB32
    )
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(painter, QRectF(0, 0, image.width(), image.height()), scene.sceneRect())
    painter.end()
    encoded = QBuffer()
    encoded.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(encoded, "PNG")  # type: ignore[call-overload]  # PySide6 takes the str its stubs refuse
    temporary = path.with_name(f".{path.name}.tmp.png")
    temporary.write_bytes(bytes(encoded.data().data()))  # an OSError names the system's reason
    os.replace(temporary, path)


class PicturesWindow(QDialog):
    """A story's attribution graph and timeline, in tabs; `span_chosen(document, span)`."""

    span_chosen = Signal(int, int)

    def __init__(self, session: Session, story_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StoryPictures")
        service = session.service
        story = service.stories.story(story_id)
        self.setWindowTitle(f"Story: {story.name}")
        self.resize(1300, 760)
        self.graph = story_graph(service, story_id)
        self.graph_drawing = graph_drawing(self.graph, story.name)
        self.timeline = timeline_drawing(story_comparison(service, story_id), story.name)
        self.tabs = QTabWidget(self)
        self.views: list[QGraphicsView] = []
        for title, drawing in (
            ("Attribution graph", self.graph_drawing),
            ("Timeline", self.timeline),
        ):
            scene = drawing_scene(drawing, self.span_chosen)
            scene.setParent(self)  # a view does not own its scene
            view = QGraphicsView(scene, self)
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
            self.views.append(view)
            self.tabs.addTab(view, title)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
