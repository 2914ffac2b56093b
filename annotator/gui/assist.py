"""The Assist menu: suggest on the open article, accept or reject all of one origin, hide
suggestions below a score, train a model in the background (progress and Cancel) and let it
propose on every article the analyst opens.

Accepting and rejecting one suggestion are keys of the pane (Enter, the label key, Delete); this
module holds what works on a whole article or the whole project. Installed by the main window with
one line; it reaches the window only through its session, panes and menu bar.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMainWindow, QMenu, QProgressDialog

from annotator import paths
from annotator.domain.errors import AnnotatorError
from annotator.gui.session import Session


class _TrainWorker(QObject):
    progressed = Signal(str, float)
    finished = Signal(object)  # TrainReport, or AnnotatorError

    def __init__(self, project: Path | str, output: Path) -> None:
        super().__init__()
        self.project = project
        self.output = output
        self.cancelled = threading.Event()

    def _progress(self, what: str, fraction: float) -> bool:
        self.progressed.emit(what, fraction)
        return not self.cancelled.is_set()

    def run(self) -> None:
        """Train on this thread's own connection, reading only: the analyst keeps working."""
        from annotator.service import ProjectService
        from annotator.service.assist.model import train

        try:
            service = ProjectService.open(self.project, create=False)
            try:
                result: object = train(service.store, self.output, progress=self._progress)
            finally:
                service.close()
        except AnnotatorError as error:
            result = error
        self.finished.emit(result)


class AssistMenu(QObject):
    """Assist ▸ …, for one main window."""

    def __init__(self, window: Any, session: Session) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.model: Any = None  # the model that proposes on opened articles, once trained
        self._thread: QThread | None = None
        self.worker: _TrainWorker | None = None
        self.dialog: QProgressDialog | None = None
        menu: QMenu = window.menuBar().addMenu("A&ssist")
        self.menu = menu
        self.suggest_action = self._add(
            "&Suggest on this article (rules and patterns)", self.suggest_here, "Ctrl+Shift+G"
        )
        menu.addSeparator()
        self.accept_menu = menu.addMenu("&Accept all from…")
        self.reject_menu = menu.addMenu("&Reject all from…")
        self.accept_menu.aboutToShow.connect(lambda: self._fill_origins(self.accept_menu, True))
        self.reject_menu.aboutToShow.connect(lambda: self._fill_origins(self.reject_menu, False))
        self._add("&Hide suggestions below a score…", self.ask_threshold)
        menu.addSeparator()
        self.train_action = self._add("&Train a model on this project", self.train)
        window.corpus_view.open_requested.connect(self._opened)
        session.find_elsewhere.connect(self.find_elsewhere)
        self.find_dialog: Any = None

    def _add(self, text: str, slot: Any, key: str | None = None) -> QAction:
        action = QAction(text, self.window)
        if key:
            action.setShortcut(key)
        action.triggered.connect(lambda _checked=False: slot())
        self.menu.addAction(action)
        self.window.addAction(action)
        return action

    @property
    def _document_id(self) -> int | None:
        return self.window.pane.document_id

    # -- suggesting ----------------------------------------------------------------------------

    def suggest_here(self) -> int:
        """Propose with the rules, the project's patterns (and the model, once trained)."""
        document_id = self._document_id
        if document_id is None:
            self.session.message.emit("open an article first")
            return 0
        return self._suggest(document_id, rules=True)

    def _suggest(self, document_id: int, *, rules: bool) -> int:
        from annotator.service.assist.proposing import proposers, suggest

        try:
            chosen = proposers(self.session.service, rules=rules, patterns=rules, model=self.model)
            report = suggest(self.session.service, chosen, [document_id])
        except AnnotatorError as error:
            self.session.message.emit(str(error))
            return 0
        added = sum(report.spans.values())
        again = f"; {report.rejected_before} rejected before" if report.rejected_before else ""
        self.session.message.emit(
            f"suggested {added} spans and {report.relations} relations{again}"
            " (Enter or the label key accepts, Delete rejects)"
        )
        return added

    def _opened(self, document_id: int, *_: Any) -> None:
        """A trained model proposes on each article opened that is not done yet."""
        if self.model is None:
            return
        row = self.session.service.document_row(document_id)
        if row is not None and row.status != "done":
            self._suggest(document_id, rules=False)

    def find_elsewhere(self, span_id: int) -> Any:
        """F: the candidates for the chosen span in the other articles, to link one."""
        from annotator.gui.find_elsewhere import FindElsewhereDialog

        self.find_dialog = FindElsewhereDialog(self.session, span_id, self.window)
        self.find_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.find_dialog.open()
        return self.find_dialog

    # -- whole article -------------------------------------------------------------------------

    def _fill_origins(self, menu: QMenu, accept: bool) -> None:
        menu.clear()
        document_id = self._document_id
        origins: dict[str, list[int]] = {}
        if document_id is not None:
            known = self.session.service.suggestions.origins_of(document_id)
            for span_id in self.session.service.suggestions.suggested_span_ids(document_id):
                origin = known[span_id].origin if span_id in known else "detector"
                origins.setdefault(origin, []).append(span_id)
        if not origins:
            menu.addAction("(no suggestions in this article)").setEnabled(False)
        for origin, ids in sorted(origins.items()):
            action = menu.addAction(f"{origin} ({len(ids)})")
            action.triggered.connect(
                lambda _c=False, o=origin, i=ids: self.act_on_origin(o, i, accept)
            )

    def act_on_origin(self, origin: str, span_ids: list[int], accept: bool) -> None:
        """Accept or reject every suggestion of one origin in the article: one undo step."""
        verb = "Accept" if accept else "Reject"
        text = f"{verb} {len(span_ids)} from {origin}"
        done = (
            self.session.accept_suggested(span_ids, text)
            if accept
            else self.session.reject_suggested(span_ids, text)
        )
        if done:
            self.session.message.emit(f"{text.lower()} (Ctrl+Z undoes)")

    def set_threshold(self, value: float) -> None:
        try:
            self.session.service.suggestions.set_threshold(value)
        except AnnotatorError as error:
            self.session.message.emit(str(error))
            return
        for pane in self.window.panes.panes():
            if pane.document_id is not None:
                pane.open_document(pane.document_id)
        self.session.message.emit(f"suggestions scored below {value:.2f} are hidden")

    def ask_threshold(self) -> None:
        value, ok = QInputDialog.getDouble(
            self.window,
            "Hide suggestions",
            "Hide suggestions scored below (0 shows all):",
            self.session.service.suggestions.threshold,
            0.0,
            1.0,
            2,
        )
        if ok:
            self.set_threshold(value)

    # -- training ------------------------------------------------------------------------------

    @property
    def training(self) -> bool:
        return self._thread is not None

    def train(self, output: Path | None = None) -> bool:
        """Train in the background; the model proposes on opened articles once it is done."""
        if self.training:
            return False
        project = self.session.service.target
        output = (
            output or paths.data_dir() / "models" / self.session.service.path.name.split(".")[0]
        )
        self.dialog = QProgressDialog("Training…", "Cancel", 0, 1000, self.window)
        self.dialog.setWindowTitle("Train a model")
        self.dialog.setWindowModality(Qt.WindowModality.NonModal)
        self.dialog.setMinimumDuration(0)
        self._thread = QThread(self)
        self.worker = _TrainWorker(project, output)
        self.worker.moveToThread(self._thread)
        self._thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._on_progress)
        self.worker.finished.connect(self._on_finished)
        self.dialog.canceled.connect(self.cancel)
        self._thread.start()
        return True

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancelled.set()

    def _on_progress(self, what: str, fraction: float) -> None:
        if self.dialog is not None:
            self.dialog.setValue(int(fraction * 1000))
            self.dialog.setLabelText(f"Training… {what}")

    def _on_finished(self, result: object) -> None:
        from annotator.service.assist.model import TrainReport, load_model

        assert self._thread is not None
        self._thread.quit()
        self._thread.wait()
        self._thread = self.worker = None
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.deleteLater()
            self.dialog = None
        if isinstance(result, TrainReport):
            self.model = load_model(result.path)
            scores = ", ".join(
                f"{s.label} {s.measure} F1 {s.f1:.2f}"
                for s in result.scores
                if s.measure == "exact"
            )
            self.session.message.emit(
                f"model version {result.version} trained on"
                f" {result.train_articles + result.held_out_articles} articles"
                f" ({scores}); it now suggests on the articles you open"
            )
        elif isinstance(result, AnnotatorError):
            self.session.message.emit(str(result))


def install(window: QMainWindow, session: Session) -> AssistMenu:
    return AssistMenu(window, session)
