"""The links dock: every link of the open articles, as a table; choosing one shows both ends."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from annotator.domain.model import Link, Span
from annotator.gui.plain import plain_tooltip
from annotator.gui.session import Session

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ["Label", "Span A", "Span B"]


class LinksModel(QAbstractTableModel):
    """The links among a set of articles, read from the project (never edited here)."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._documents: list[int] = []
        self._links: list[Link] = []
        self._spans: dict[int, Span] = {}
        self._texts: dict[int, str] = {}
        signals = session.signals
        signals.link_added.connect(lambda *_: self.reload())
        signals.link_removed.connect(lambda *_: self.reload())
        signals.changed_elsewhere.connect(self.reload)

    def show_documents(self, document_ids: list[int]) -> None:
        self._documents = sorted(set(document_ids))
        self.reload()

    def reload(self) -> None:
        service = self.session.service
        self.beginResetModel()
        self._links = service.links_of_documents(self._documents)
        self._spans = service.spans_by_ids(
            [i for link in self._links for i in (link.a_id, link.b_id)]
        )
        self._texts = {d: service.text_of(d) for d in {s.document_id for s in self._spans.values()}}
        self.endResetModel()

    def link(self, row: int) -> Link | None:
        return self._links[row] if 0 <= row < len(self._links) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._links)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def _describe(self, span_id: int) -> str:
        span = self._spans.get(span_id)
        if span is None:
            return "?"
        text = self._texts[span.document_id][span.start : span.end]
        text = text if len(text) <= 60 else text[:57] + "…"
        return f"#{span.document_id} {span.label}: {text}"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        link = self._links[index.row()]
        if index.column() == 0:
            text = link.label
        else:
            text = self._describe(link.a_id if index.column() == 1 else link.b_id)
        return plain_tooltip(text) if role == Qt.ItemDataRole.ToolTipRole else text

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None


class LinksView(QTableView):
    link_chosen = Signal(object)  # Link

    def __init__(self, model: LinksModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().hide()
        self.setWordWrap(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.activated.connect(self._chosen)
        self.clicked.connect(self._chosen)

    def _chosen(self, index: QModelIndex) -> None:
        model = self.model()
        assert isinstance(model, LinksModel)
        link = model.link(index.row())
        if link is not None:
            self.link_chosen.emit(link)
