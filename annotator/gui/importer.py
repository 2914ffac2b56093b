"""File ▸ Import and drag-and-drop: the import runs off the GUI thread, with progress and Cancel.

A cancelled import raises `ImportCancelled` from its progress callback, so its one transaction
rolls back and nothing of it is stored. Problems are shown in a dialog whose text can be copied.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError, InputRefused
from annotator.service import ProjectService
from annotator.service.importing import ImportCancelled, ImportProgress, ImportReport


class _Worker(QObject):
    progressed = Signal(int, int, int)  # files done, files, articles read
    finished = Signal(object)  # ImportReport, or AnnotatorError

    def __init__(self, project: Path, paths: Sequence[Path]) -> None:
        super().__init__()
        self.project = project
        self.paths = list(paths)
        self.cancelled = threading.Event()

    def _progress(self, progress: ImportProgress) -> None:
        if self.cancelled.is_set():
            raise ImportCancelled("import cancelled: nothing was stored")
        self.progressed.emit(progress.files_done, progress.files, progress.documents)

    def run(self) -> None:
        """Import on this thread's own connection: the GUI's stays free for the analyst's edits,
        which must never join (or be rolled back with) the import's transaction."""
        try:
            service = ProjectService.open(self.project, create=False)
            try:
                result: object = service.import_paths(self.paths, progress=self._progress)
            finally:
                service.close()
        except AnnotatorError as error:
            result = error
        self.finished.emit(result)


class ProblemsDialog(QDialog):
    """The problems of an import, one per line, in text the user can select and copy."""

    def __init__(
        self, title: str, summary: str, lines: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(summary))
        self.text = QPlainTextEdit("\n".join(lines))
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("Copy", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def copy(self) -> None:
        QApplication.clipboard().setText(self.text.toPlainText())


class Importer(QObject):
    """Runs one import at a time for a window, and reports how it went."""

    done = Signal(object)  # ImportReport or AnnotatorError
    message = Signal(str)

    def __init__(self, service: ProjectService, parent: QWidget) -> None:
        super().__init__(parent)
        self.service = service
        self.window = parent
        self._thread: QThread | None = None
        self.worker: _Worker | None = None
        self.dialog: QProgressDialog | None = None
        self.show_dialogs = True

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self, paths: Sequence[Path]) -> bool:
        if self.running or not paths:
            return False
        self.dialog = QProgressDialog("Importing…", "Cancel", 0, 0, self.window)
        self.dialog.setWindowTitle("Import")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self._thread = QThread(self)
        self.worker = _Worker(self.service.path, paths)
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

    def _on_progress(self, done: int, files: int, documents: int) -> None:
        if self.dialog is not None:
            self.dialog.setMaximum(files)
            self.dialog.setValue(done)
            self.dialog.setLabelText(f"Importing… {documents} articles read")

    def _on_finished(self, result: object) -> None:
        assert self._thread is not None
        self._thread.quit()
        self._thread.wait()
        self._thread = self.worker = None
        if isinstance(result, ImportReport):
            self.service.absorb_import(result)  # the GUI's views learn what the import made
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.deleteLater()
            self.dialog = None
        self._report(result)
        self.done.emit(result)

    def _report(self, result: object) -> None:
        if isinstance(result, ImportReport):
            lines = [f"{where}: skipped, already in the project" for where in result.duplicates]
            lines += [f"{problem}: skipped" for problem in result.skipped]
            lines += [str(notice) for notice in result.not_stored]
            summary = (
                f"Imported {len(result.document_ids)} articles, {result.spans} spans,"
                f" {result.relations} relations."
            )
            if result.new_labels:
                summary += f" Labels added: {', '.join(result.new_labels)}."
            self.message.emit(summary)
            if lines and self.show_dialogs:
                ProblemsDialog("Import", summary, lines, self.window).exec()
        elif isinstance(result, ImportCancelled):
            self.message.emit(result.message)
        elif isinstance(result, InputRefused):
            summary = (
                f"Nothing was imported: {len(result.problems)} problem(s). Fix them, or"
                " import with --skip-invalid on the command line."
            )
            self.message.emit(summary)
            if self.show_dialogs:
                ProblemsDialog(
                    "Import refused", summary, [str(p) for p in result.problems], self.window
                ).exec()
        elif isinstance(result, AnnotatorError):
            self.message.emit(str(result))
