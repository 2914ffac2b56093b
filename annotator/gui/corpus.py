"""The corpus browser: a table model that pages rows in from the project as the view scrolls.

Only the visible pages are loaded (`canFetchMore`/`fetchMore`), so a project of a million articles
opens at once. Counts and statuses refresh from the project's announcements, one row at a time.
A `DocumentFilter` (words, status, label; see `corpus_filter.CorpusFilterBar`) narrows the rows; the
service does the searching, the model still pages.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QStyle,
    QTableView,
    QWidget,
)

from annotator.domain.model import Span
from annotator.domain.search import DocumentFilter
from annotator.gui.plain import plain_tooltip
from annotator.gui.session import Session
from annotator.storage.repository import DocumentRow

Index = QModelIndex | QPersistentModelIndex

COLUMNS: list[tuple[str, str]] = [
    ("title", "Title"),
    ("outlet", "Outlet"),
    ("published", "Date"),
    ("status", "Status"),
    ("span_count", "Spans"),
    ("url", "URL"),
    ("author", "Author"),
    ("language", "Language"),
]
# Shown until the analyst chooses otherwise (right-click the header); the rest start hidden.
DEFAULT_COLUMNS = ("title", "outlet", "published", "status", "span_count")
# The widest a column is made (but the title, which takes the free width): a long value is elided
# rather than crowd the title out. Columns are fitted to the rows on screen when the rows are read
# anew (a search, a sort, an import's articles), not on every change: Qt's `ResizeToContents`
# measured every loaded row of every column again for each span added, ~100 ms a key press while a
# command-line import ran beside the window. The analyst can still drag a column wider.
WIDEST = {
    "outlet": "theguardian.com",
    "published": "2024-12-31",
    "status": "in progress",
    "span_count": "000000",
    "url": "https://www.example.com/news/",
    "author": "Firstname Lastname",
    "language": "en-GB",
}
COLUMNS_SETTING = "corpus_columns"
PAGE = 200
SCREENFUL = 60  # rows measured to fit the columns when the table's height is not known yet


class CorpusModel(QAbstractTableModel):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._rows: list[DocumentRow] = []
        self._row_of: dict[int, int] = {}
        self._total = 0
        self._order = ("id", False)
        self._filter = DocumentFilter()
        self._just_read = False
        self.reload()
        signals = session.signals
        signals.documents_added.connect(lambda _ids: self.reload())
        signals.document_changed.connect(self.refresh_document)
        signals.span_added.connect(self._on_span)
        signals.span_removed.connect(self._on_span)
        signals.schema_changed.connect(self._on_schema_changed)
        signals.changed_elsewhere.connect(self.refresh_rows)

    # -- loading -------------------------------------------------------------------------------

    def reload(self) -> None:
        # Another writer's articles come with `changed_elsewhere` right after: the rows just read
        # need not be read again for it (an import landing beside the window costs one read).
        self._just_read = True
        QTimer.singleShot(0, self._forget_just_read)
        self.beginResetModel()
        self._total = self.session.service.document_count(**self._filter_arguments())
        self._rows = []
        self._row_of = {}
        self._load_page()
        self.endResetModel()

    def _load_page(self) -> list[DocumentRow]:
        order_by, descending = self._order
        rows = self.session.service.document_rows(
            len(self._rows),
            PAGE,
            order_by=order_by,
            descending=descending,
            **self._filter_arguments(),
        )
        for row in rows:
            self._row_of[row.id] = len(self._rows)
            self._rows.append(row)
        return rows

    @property
    def filter(self) -> DocumentFilter:
        return self._filter

    def total(self) -> int:
        """How many articles the filter keeps (loaded or not yet)."""
        return self._total

    def set_filter(self, where: DocumentFilter) -> None:
        """Show only the articles `where` keeps, from the first page."""
        if where == self._filter:
            return
        self._filter = where
        self.reload()

    def _filter_arguments(self) -> dict[str, Any]:
        where = self._filter
        return {
            "query": where.query,
            "status": where.status,
            "label": where.label,
            "story": where.story,
        }

    def _on_schema_changed(self) -> None:
        # A label filtered on may have been renamed, merged or deleted: its articles changed.
        label = self._filter.label
        if label is None:
            return
        if label in self.session.service.schema:
            self.reload()
        else:
            self.set_filter(replace(self._filter, label=None))

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: N802, B008
        if parent.isValid():
            return
        first = len(self._rows)
        count = min(PAGE, self._total - first)
        if count <= 0:
            return
        self.beginInsertRows(QModelIndex(), first, first + count - 1)
        loaded = self._load_page()
        if len(loaded) < count:  # the project shrank meanwhile: stop at what exists
            self._total = len(self._rows)
        self.endInsertRows()

    # -- Qt's model interface ------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        field = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            value = getattr(row, field)
            if field == "status":
                return str(value).replace("_", " ")
            if field == "title":
                return value or f"(untitled #{row.id})"
            return value if value is not None else ""
        if role == Qt.ItemDataRole.ToolTipRole and field == "title":
            return plain_tooltip(row.title)
        if role == Qt.ItemDataRole.TextAlignmentRole and field == "span_count":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # Column -1 is "unsorted": the order of import. Each reload sorts the whole project, so
        # asking for the order already shown must not reload (a million rows take a second).
        wanted = (
            (COLUMNS[column][0], order == Qt.SortOrder.DescendingOrder)
            if 0 <= column < len(COLUMNS)
            else ("id", False)
        )
        if wanted != self._order:
            self._order = wanted
            self.reload()

    # -- lookups and refreshes -----------------------------------------------------------------

    def document_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of(self, document_id: int) -> int | None:
        return self._row_of.get(document_id)

    def refresh_document(self, document_id: int) -> None:
        row = self._row_of.get(document_id)
        if row is None:
            return
        fresh = self.session.service.document_row(document_id)
        if fresh is None:
            return
        self._rows[row] = fresh
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def _forget_just_read(self) -> None:
        self._just_read = False

    def refresh_rows(self) -> None:
        """Reread the loaded rows (another writer changed statuses or spans): in place when the
        same articles still come in the same order, so the analyst's place is kept."""
        if self._just_read:
            return
        if self.session.service.document_count(**self._filter_arguments()) != self._total:
            self.reload()
            return
        order_by, descending = self._order
        rows = self.session.service.document_rows(
            0, len(self._rows), order_by=order_by, descending=descending, **self._filter_arguments()
        )
        if [row.id for row in rows] != [row.id for row in self._rows]:
            self.reload()
            return
        if rows != self._rows:
            self._rows = rows
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(COLUMNS) - 1))

    def _on_span(self, span: Span) -> None:
        self.refresh_document(span.document_id)


class CorpusView(QTableView):
    """The browser's table: Enter opens the article, Shift+Enter opens it in a new pane."""

    open_requested = Signal(int, bool)  # document id, in a new pane

    def __init__(self, model: CorpusModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)  # sorts by the indicator: none, i.e. import order
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(24)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        model.modelReset.connect(self.fit_columns)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        shown = model.session.service.setting(COLUMNS_SETTING, list(DEFAULT_COLUMNS))
        for column, (field, _title) in enumerate(COLUMNS):
            header.setSectionHidden(column, field not in shown and field != "title")
        self.fit_columns()
        self.doubleClicked.connect(lambda index: self._open(index.row(), new_pane=False))

    def fit_columns(self) -> None:
        """Each shown column (but the title) as wide as its header and the rows on screen need,
        up to its `WIDEST` value. Measured here, on the rows on screen only: Qt's own measure
        reads every loaded row while the table is hidden or not yet full."""
        header = self.horizontalHeader()
        metrics = self.fontMetrics()
        model = self.corpus()
        first = max(0, self.rowAt(0))
        last = self.rowAt(self.viewport().height())
        if last < 0:
            last = min(model.rowCount(), first + SCREENFUL) - 1
        pad = 2 * self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 8
        for column, (field, _title) in enumerate(COLUMNS[1:], start=1):
            if header.isSectionHidden(column):
                continue
            widest = metrics.horizontalAdvance(WIDEST.get(field, "")) + pad
            needed = max(
                (
                    metrics.horizontalAdvance(str(model.index(row, column).data()))
                    for row in range(first, last + 1)
                ),
                default=0,
            )
            fitted = max(header.sectionSizeHint(column), min(needed + pad, widest))
            header.resizeSection(column, fitted)

    def shown_columns(self) -> list[str]:
        header = self.horizontalHeader()
        return [f for c, (f, _t) in enumerate(COLUMNS) if not header.isSectionHidden(c)]

    def set_column_shown(self, field: str, shown: bool) -> None:
        """Show or hide a column (the title always stays); remembered in the project."""
        column = [f for f, _t in COLUMNS].index(field)
        if field == "title":
            return
        self.horizontalHeader().setSectionHidden(column, not shown)
        if shown:
            self.fit_columns()
        self.corpus().session.service.set_setting(COLUMNS_SETTING, self.shown_columns())

    def column_menu(self) -> QMenu:
        """A checkable entry per column: what right-clicking the header offers."""
        menu = QMenu(self)
        shown = self.shown_columns()
        for field, title in COLUMNS[1:]:
            action = menu.addAction(title)
            action.setCheckable(True)
            action.setChecked(field in shown)
            action.toggled.connect(lambda on, f=field: self.set_column_shown(f, on))
        return menu

    def _column_menu(self, position: QPoint) -> None:
        self.column_menu().exec(self.horizontalHeader().mapToGlobal(position))

    def corpus(self) -> CorpusModel:
        model = self.model()
        assert isinstance(model, CorpusModel)
        return model

    def select_document(self, document_id: int | None) -> None:
        model = self.corpus()
        row = model.row_of(document_id) if document_id is not None else None
        if row is None and model.rowCount() > 0:
            row = 0
        if row is not None:
            self.selectRow(row)
            self.scrollTo(model.index(row, 0))

    def current_document_id(self) -> int | None:
        return self.corpus().document_id(self.currentIndex().row())

    def _open(self, row: int, *, new_pane: bool) -> None:
        document_id = self.corpus().document_id(row)
        if document_id is not None:
            self.open_requested.emit(document_id, new_pane)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            new_pane = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self._open(self.currentIndex().row(), new_pane=new_pane)
            return
        super().keyPressEvent(event)
