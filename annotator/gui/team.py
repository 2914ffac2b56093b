"""The Team menu: your analyst name, and Team ▸ Agreement (measures, a heat map of the pairs, the
articles with the lowest agreement first, each openable).

Installed from the main window with `install_team_menu(window)`; the agreement is computed by
`ProjectService.team.agreement` (see docs/agreement.md), this module only shows it.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    QThread,
    Signal,
)
from PySide6.QtGui import QColor, QImage, QKeyEvent, QKeySequence, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError
from annotator.gui.analyst_setting import name_dialog, remember
from annotator.gui.session import Session

Index = QModelIndex | QPersistentModelIndex


class _AgreementWorker(QObject):
    """Computes the agreement on its own thread and connection, reading only: the window stays
    responsive over a thousand articles (the measures are `service.agreement`'s)."""

    progressed = Signal(object, str, int)  # this worker, what it is doing, step (of 3)
    finished = Signal(object, object)  # this worker, the measures (a dict) or an AnnotatorError

    def __init__(self, project: Path) -> None:
        super().__init__()
        self.project = project
        self.cancelled = threading.Event()

    def run(self) -> None:
        from annotator.service import ProjectService
        from annotator.service.agreement import build_arrays, load, measures

        result: object
        try:
            service = ProjectService.open(self.project, create=False)
            try:
                self.progressed.emit(self, "reading the analysts' layers", 0)
                data = load(service.store)
                if self.cancelled.is_set():
                    return
                self.progressed.emit(
                    self, f"building the arrays of {len(data.articles)} articles", 1
                )
                arrays = build_arrays(data)
                if self.cancelled.is_set():
                    return
                self.progressed.emit(self, "computing alpha and the pairs' F1", 2)
                result = measures(data, arrays)
            finally:
                service.close()
        except AnnotatorError as error:
            result = error
        except Exception as error:  # a bug: said, and the dialog is not left waiting for ever
            import traceback

            traceback.print_exc()
            result = AnnotatorError(f"the agreement could not be computed: {error}")
        self.finished.emit(self, result)


#: Workers still running after their dialog closed: kept until their thread ends.
_RUNNING: set[tuple[QThread, _AgreementWorker]] = set()


class RowsModel(QAbstractTableModel):
    """A read-only table over plain rows (the agreement's figures), shown as plain text."""

    def __init__(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[Any]],
        tips: Sequence[str] | None = None,
    ) -> None:
        super().__init__()
        self.headers = list(headers)
        self.tips = list(tips) if tips is not None else [""] * len(self.headers)
        self.rows = [list(row) for row in rows]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt's API)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt's API)
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        return _text(self.rows[index.row()][index.column()])

    def headerData(  # noqa: N802 (Qt's name)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.ToolTipRole and self.tips[section]:
            return self.tips[section]
        return None


def _text(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _color(value: float | None) -> QColor:
    """Red for no agreement (0 or below), through yellow, to green for full agreement."""
    if value is None:
        return QColor("#e0e0e0")
    share = min(max(value, 0.0), 1.0)
    return QColor.fromHsvF(share * 0.33, 0.55, 0.95)


class HeatMap(QWidget):
    """The pairwise matrix as a picture: one square a pair of analysts, coloured by `measure`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AgreementHeatMap")
        self.analysts: list[str] = []
        self.values: dict[tuple[str, str], float | None] = {}
        self.measure = "alpha_chars"
        self.setMinimumSize(260, 260)

    def set_pairs(
        self, analysts: Sequence[str], pairs: Sequence[dict[str, Any]], measure: str
    ) -> None:
        self.analysts, self.measure = list(analysts), measure
        self.values = {}
        for pair in pairs:
            self.values[(pair["a"], pair["b"])] = pair[measure]
            self.values[(pair["b"], pair["a"])] = pair[measure]
        self.update()

    def value(self, a: str, b: str) -> float | None:
        return 1.0 if a == b else self.values.get((a, b))

    def cell_color(self, a: str, b: str) -> QColor:
        return _color(self.value(a, b))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        self.paint(painter, self.width(), self.height())
        painter.end()

    def image(self) -> QImage:
        picture = QImage(self.width(), self.height(), QImage.Format.Format_ARGB32)
        picture.fill(QColor("white"))
        painter = QPainter(picture)
        self.paint(painter, self.width(), self.height())
        painter.end()
        return picture

    def paint(self, painter: QPainter, width: int, height: int) -> None:
        n = len(self.analysts)
        if not n:
            painter.drawText(QRect(0, 0, width, height), Qt.AlignmentFlag.AlignCenter, "no pairs")
            return
        margin = 60
        size = max(10, min((width - margin) // n, (height - margin) // n))
        for row, a in enumerate(self.analysts):
            painter.drawText(
                QRect(0, margin + row * size, margin - 4, size),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                a,
            )
            painter.drawText(
                QRect(margin + row * size, 0, size, margin - 4),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                a,
            )
            for column, b in enumerate(self.analysts):
                cell = QRect(margin + column * size, margin + row * size, size - 1, size - 1)
                painter.fillRect(cell, self.cell_color(a, b))
                painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, _text(self.value(a, b)))


class ArticlesView(QTableView):
    """Articles, lowest agreement first; Enter or a double click opens one."""

    open_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AgreementArticles")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.doubleClicked.connect(lambda index: self._open(index.row()))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open(self.currentIndex().row())
            return
        super().keyPressEvent(event)

    def _open(self, row: int) -> None:
        model = self.model()
        if isinstance(model, RowsModel) and 0 <= row < len(model.rows):
            self.open_requested.emit(int(model.rows[row][0]))


MEASURES = (
    "alpha_chars",
    "alpha_tokens",
    "span_f1_exact",
    "span_f1_overlap",
    "ptc_f1",
    "relations_f1",
)

#: What the table's columns say (the JSON key of `annotator agreement --json` is the tooltip,
#: and docs/agreement.md defines each).
MEASURE_HEADERS = {
    "alpha_chars": "α characters",
    "alpha_tokens": "α tokens",
    "span_f1_exact": "Span F1 exact",
    "span_f1_overlap": "Span F1 overlap",
    "ptc_f1": "PTC F1 (partial)",
    "relations_f1": "Relations F1",
}


class AgreementDialog(QDialog):
    """Team ▸ Agreement: the measures, per label, the pairs as a heat map, the weakest articles."""

    open_requested = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AgreementDialog")
        self.setWindowTitle("Agreement between analysts")
        self.resize(1100, 700)
        self.session = session
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.measures = QTableView()
        self.measures.setObjectName("AgreementMeasures")
        self.heat_map = HeatMap()
        self.articles = ArticlesView()
        self.articles.open_requested.connect(self.open_requested)
        for table in (self.measures, self.articles):
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            table.verticalHeader().hide()
        top = QHBoxLayout()
        top.addWidget(self.measures, 3)
        pictured = QVBoxLayout()
        pictured.addWidget(QLabel("Pairs: Krippendorff's alpha over characters"))
        pictured.addWidget(self.heat_map, 1)
        top.addLayout(pictured, 2)
        self.busy = QProgressBar()
        self.busy.setObjectName("AgreementProgress")
        self.busy.setRange(0, 3)
        self.busy.setFormat("%v of %m")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        working = QHBoxLayout()
        working.addWidget(self.busy, 1)
        working.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(working)
        layout.addWidget(self.summary)
        layout.addLayout(top, 3)
        layout.addWidget(
            QLabel("Articles, lowest agreement first (Enter or double click opens one)")
        )
        layout.addWidget(self.articles, 2)
        closing = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = closing.button(QDialogButtonBox.StandardButton.Close)
        # Enter belongs to the articles list (it opens one), never to Close
        self.close_button.setAutoDefault(False)
        closing.rejected.connect(self.close)
        layout.addWidget(closing)
        self.figures: dict[str, Any] = {}
        self.worker: _AgreementWorker | None = None
        self.refresh()

    @property
    def computing(self) -> bool:
        return self.worker is not None

    def refresh(self) -> None:
        """Compute the agreement again, off the GUI thread; the tables fill when it is done."""
        if self.worker is not None:
            return
        self.summary.setText("Computing the agreement…")
        self.busy.setValue(0)
        self.busy.show()
        self.cancel_button.show()
        thread = QThread()
        worker = _AgreementWorker(self.session.service.path)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progressed.connect(self._on_progress)
        worker.finished.connect(self._on_finished)
        worker.finished.connect(thread.quit)
        pair = (thread, worker)
        _RUNNING.add(pair)
        thread.finished.connect(lambda: _RUNNING.discard(pair))
        self.worker = worker
        thread.start()

    def cancel(self) -> None:
        """Stop waiting for the figures (the thread ends after the step it is in)."""
        if self.worker is not None:
            self.worker.cancelled.set()
            self.worker.finished.emit(self.worker, None)

    def _on_progress(self, worker: _AgreementWorker, what: str, step: int) -> None:
        if worker is self.worker:
            self.busy.setValue(step)
            self.summary.setText(f"Computing the agreement: {what}…")

    def closeEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        self.cancel()
        super().closeEvent(event)

    def _on_finished(self, worker: _AgreementWorker, result: object) -> None:
        if worker is not self.worker:  # a cancelled run ending late
            return
        self.worker = None
        self.busy.hide()
        self.cancel_button.hide()
        if result is None:
            self.summary.setText("Cancelled: choose Team ▸ Agreement again to compute it.")
            return
        if isinstance(result, AnnotatorError):
            self.session.message.emit(str(result))
            self.summary.setText(str(result))
            return
        assert isinstance(result, dict)
        self.figures = result
        self.summary.setText(
            f"{result['articles']} articles annotated by two or more of"
            f" {len(result['analysts'])} analysts ({', '.join(result['analysts']) or 'none'})"
        )
        rows = [["every label", *(result.get(m) for m in MEASURES)]]
        for label, values in result["per_label"].items():
            rows.append([label, *(values.get(m) for m in MEASURES)])
        self.measures.setModel(
            RowsModel(
                ["", *(MEASURE_HEADERS[m] for m in MEASURES)],
                rows,
                ["", *(f"{m} in annotator agreement --json" for m in MEASURES)],
            )
        )
        self.heat_map.set_pairs(result["analysts"], result["pairs"], "alpha_chars")
        self.articles.setModel(
            RowsModel(
                ["id", "title", "analysts", "chars agreement", "span F1 (overlap)"],
                [
                    [
                        a["id"],
                        a["title"],
                        len(a["analysts"]),
                        a["chars_agreement"],
                        a["span_f1_overlap"],
                    ]
                    for a in result["by_article"]
                ],
            )
        )


def install_team_menu(window: QMainWindow, session: Session, open_document: Any) -> QMenu:
    """Add Team ▸ (your name, Agreement, Adjudicate) to the window's menu bar."""
    menu = window.menuBar().addMenu("&Team")

    def change_name() -> None:
        dialog = name_dialog(window, session.service.analyst)
        if dialog.exec():
            try:
                session.service.team.act_as(remember(dialog.textValue()))
            except AnnotatorError as error:
                session.message.emit(str(error))
                return
            session.message.emit(f"You are {session.service.analyst}: your edits go to your layer")
            session.service._reload_schema()  # every pane reads its marks again

    def agreement() -> AgreementDialog:
        dialog = AgreementDialog(session, window)
        dialog.open_requested.connect(open_document)
        dialog.show()
        window.agreement_dialog = dialog  # type: ignore[attr-defined]
        return dialog

    def adjudicate() -> Any:
        from annotator.gui.adjudication import open_adjudication

        return open_adjudication(window, session)

    for text, slot, key in (
        ("Your &name as analyst…", change_name, ""),
        ("&Agreement…", agreement, ""),
        ("A&djudicate…", adjudicate, "Ctrl+Shift+J"),
    ):
        action = menu.addAction(text)
        if key:
            action.setShortcut(QKeySequence(key))
            window.addAction(action)
        action.triggered.connect(lambda _checked=False, slot=slot: slot())
    window.team_agreement = agreement  # type: ignore[attr-defined]
    window.team_adjudicate = adjudicate  # type: ignore[attr-defined]
    return menu
