"""Story ▸ Compare: the matrix of claims (and entities) × outlets, in a window of its own.

A table model over a `StoryComparison` (read once from the project, reread when spans, relations,
links or stories change). Cells are plain text; a row where outlets differ in attribution is tinted,
an outlet's empty cell is an omission. Clicking a cell opens its span in its article.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.comparison import Cell, Row, StoryComparison
from annotator.domain.errors import NotFound
from annotator.gui.session import Session
from annotator.service.comparison import story_comparison

Index = QModelIndex | QPersistentModelIndex
DIFFERS = QColor("#fde0dc")
OMITTED = QColor("#f2f2f2")
ENTITY = QColor("#eef4fb")
LEGEND = (
    "A row per claim (SAME_CLAIM joins them), then a row per entity (SAME_ENTITY); a column per"
    " outlet. Red rows (≠): the outlets differ, in attribution for a claim (another source, or"
    " stated as fact), in naming for an entity. An empty grey cell: that outlet leaves it out."
    " Click a cell to open the span."
)


class ComparisonModel(QAbstractTableModel):
    def __init__(self, session: Session, story_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.story_id = story_id
        self.matrix = StoryComparison((), (), ())
        self._row_headers: list[str] = []
        self.reload()
        # Edits arrive one at a time; reread once after a burst rather than once per edit.
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(150)
        self._pending.timeout.connect(self.reload)
        signals = session.signals
        for signal in (
            signals.span_added,
            signals.span_removed,
            signals.relation_added,
            signals.relation_removed,
            signals.document_changed,
        ):
            signal.connect(lambda *_: self._pending.start())
        signals.span_changed.connect(lambda *_: self._pending.start())
        signals.link_added.connect(lambda *_: self._pending.start())
        signals.link_removed.connect(lambda *_: self._pending.start())
        signals.stories_changed.connect(lambda: self._pending.start())
        signals.changed_elsewhere.connect(lambda: self._pending.start())

    def reload(self) -> None:
        self.beginResetModel()
        try:
            self.matrix = story_comparison(self.session.service, self.story_id)
        except NotFound:  # the story was deleted (or its making undone) while shown
            self.matrix = StoryComparison((), (), ())
        # The row headers, made once: the view asks for them again and again to size itself.
        self._row_headers = [_row_header(row) for row in self.matrix.rows]
        self.endResetModel()

    def row(self, index: Index) -> Row:
        return self.matrix.rows[index.row()]

    def cells(self, index: Index) -> tuple[Cell, ...]:
        if not index.isValid():
            return ()
        return self.row(index).cells.get(self.matrix.columns[index.column()], ())

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.matrix.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.matrix.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.row(index)
        cells = self.cells(index)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if not cells:
                if role == Qt.ItemDataRole.ToolTipRole:
                    return f"{self.matrix.columns[index.column()]} leaves this {row.kind} out"
                return ""
            return "\n\n".join(c.describe(row.kind) for c in cells)
        if role == Qt.ItemDataRole.BackgroundRole:
            if not cells:
                return OMITTED
            if row.differs:
                return DIFFERS
            if row.kind == "entity":
                return ENTITY
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.matrix.columns[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.matrix.rows[section].title
        return self._row_headers[section]


def _row_header(row: Row) -> str:
    mark = " ≠" if row.differs else ""
    title = row.title if len(row.title) <= 40 else row.title[:39] + "…"
    return f"{'Claim' if row.kind == 'claim' else 'Entity'}{mark}: {title}"


class CompareWindow(QDialog):
    """The comparison of one story; `span_chosen(document_id, span_id)` when a cell is clicked."""

    span_chosen = Signal(int, int)

    def __init__(self, session: Session, story_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("StoryCompare")
        story = session.service.stories.story(story_id)
        self.setWindowTitle(f"Compare: {story.name}")
        self.resize(1200, 700)
        self.model = ComparisonModel(session, story_id, self)
        self.table = QTableView(self)
        self.table.setObjectName("CompareTable")
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(220)  # many outlets scroll sideways rather than shrink
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() * 4 + 8)
        self.table.verticalHeader().setMaximumWidth(320)
        self.table.clicked.connect(self._clicked)
        self.table.activated.connect(self._clicked)
        self.legend = QLabel(self)
        self.legend.setObjectName("CompareLegend")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.PlainText)
        self.model.modelReset.connect(self._say_what_is_shown)
        self._say_what_is_shown()
        layout = QVBoxLayout(self)
        layout.addWidget(self.legend)
        layout.addWidget(self.table, 1)

    def _say_what_is_shown(self) -> None:
        if self.model.rowCount() == 0:
            self.legend.setText(
                "Nothing to compare yet: no CLAIM spans (nor entities joined by SAME_ENTITY) in"
                " this story's articles. Label claims with 1, attribute them (R, SAID_BY) and link"
                " the same claim across articles (L, SAME_CLAIM); the matrix fills as you do."
            )
        else:
            self.legend.setText(LEGEND)

    def _clicked(self, index: QModelIndex) -> None:
        cells = self.model.cells(index)
        if cells:
            self.span_chosen.emit(cells[0].document_id, cells[0].span_id)
