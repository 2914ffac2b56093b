"""File ▸ Import and drag-and-drop: the import runs off the GUI thread, with progress and Cancel.

A cancelled import raises `ImportCancelled` from its progress callback, so its one transaction
rolls back and nothing of it is stored. Problems are shown in a dialog whose text can be copied.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError, InputRefused
from annotator.formats.registry import READERS
from annotator.gui.plain import plain_label
from annotator.service import ProjectService
from annotator.service.importing import ImportCancelled, ImportProgress, ImportReport

IMPORT_GOOD = "Import the good records"


def import_filters() -> str:
    """The file dialog's filters: every readable kind at once, then each format, then all files."""
    patterns = []
    for reader in READERS.values():
        extensions = reader.extensions or (".tsv",)
        name = reader.description or reader.name
        patterns.append((name[:1].upper() + name[1:], " ".join(f"*{e}" for e in extensions)))
    every = " ".join(dict.fromkeys(p for _, pattern in patterns for p in pattern.split()))
    lines = [f"Articles and annotations ({every})"]
    lines += [f"{name} ({pattern})" for name, pattern in patterns]
    lines.append("All files (*)")
    return ";;".join(lines)


class _Worker(QObject):
    progressed = Signal(int, int, int)  # files done, files, articles read
    finished = Signal(object)  # ImportReport, or AnnotatorError

    def __init__(
        self, project: Path | str, paths: Sequence[Path], *, skip_invalid: bool = False
    ) -> None:
        super().__init__()
        self.project = project
        self.paths = list(paths)
        self.skip_invalid = skip_invalid
        self.cancelled = threading.Event()

    def _progress(self, progress: ImportProgress) -> None:
        if self.cancelled.is_set():
            raise ImportCancelled("import cancelled: nothing was stored")
        self.progressed.emit(progress.files_done, progress.files, progress.documents)

    def run(self) -> None:
        """Import on this thread's own connection: the GUI's stays free for the analyst's edits,
        which must never join (or be rolled back with) the import's transaction."""
        result: object
        try:
            service = ProjectService.open(self.project, create=False)
            try:
                result = service.import_paths(
                    self.paths, progress=self._progress, skip_invalid=self.skip_invalid
                )
            finally:
                service.close()
        except AnnotatorError as error:
            result = error
        except Exception as error:  # a bug: said once, and `finished` still comes, so the
            # importer is ready for the next import (it waited for ever for this signal).
            traceback.print_exc()
            result = error
        self.finished.emit(result)


class ProblemsDialog(QDialog):
    """The problems of an import, one per line, in text the user can select and copy."""

    def __init__(
        self,
        title: str,
        summary: str,
        lines: Sequence[str],
        parent: QWidget | None = None,
        *,
        action: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(760, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(summary))
        self.text = QPlainTextEdit("\n".join(lines))
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton("Copy", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        self.action_button = None
        if action is not None:  # what the user can do about the problems, here and now
            self.action_button = buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
            buttons.accepted.connect(self.accept)
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

    def start(self, paths: Sequence[Path], *, skip_invalid: bool = False) -> bool:
        """Import in the background; `skip_invalid` stores the good records of refused files."""
        if self.running or not paths:
            return False
        self.dialog = QProgressDialog("Importing…", "Cancel", 0, 0, self.window)
        self.dialog.setWindowTitle("Import")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self._thread = QThread(self)
        self.worker = _Worker(self.service.target, paths, skip_invalid=skip_invalid)
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
        assert self._thread is not None and self.worker is not None
        paths = self.worker.paths
        self._thread.quit()
        self._thread.wait()
        self._thread = self.worker = None
        if isinstance(result, ImportReport):
            self.service.absorb_import(result)  # the GUI's views learn what the import made
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.deleteLater()
            self.dialog = None
        self._report(result, paths)
        self.done.emit(result)

    def _report(self, result: object, paths: Sequence[Path]) -> None:
        if isinstance(result, ImportReport):
            lines = [f"{where}: skipped, already in the project" for where in result.duplicates]
            lines += [f"{problem}: skipped" for problem in result.skipped]
            lines += [str(notice) for notice in result.not_stored]
            summary = (
                f"Imported {len(result.document_ids)} articles, {result.spans_said()},"
                f" {result.relations} relations."
            )
            if result.skipped:
                summary += f" {len(result.skipped)} refused record(s) skipped."
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
                f" choose “{IMPORT_GOOD}” to import the rest and skip these."
            )
            self.message.emit(summary)
            if self.show_dialogs:
                dialog = ProblemsDialog(
                    "Import refused",
                    summary,
                    [str(p) for p in result.problems],
                    self.window,
                    action=IMPORT_GOOD,
                )
                if dialog.exec() == QDialog.DialogCode.Accepted:
                    self.start(paths, skip_invalid=True)
        elif isinstance(result, AnnotatorError):
            self.message.emit(str(result))
        elif isinstance(result, Exception):
            summary = (
                f"The import failed ({type(result).__name__}: {result}); nothing of it was"
                " stored. Import again when ready; details went to the standard error."
            )
            self.message.emit(summary)
            if self.show_dialogs:
                ProblemsDialog("Import failed", summary, [], self.window).exec()
