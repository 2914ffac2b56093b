"""File ▸ Export: every export format, off the GUI thread, with progress and Cancel.

The export runs in a worker thread on its own connection to the project (its own
`ProjectService`), so the analyst can keep labelling while it runs. Cancel makes the progress
callback raise `ExportCancelled`; the service writes to a temporary file (or folder) and moves it
into place only when the whole export succeeded, so a cancelled or failed export leaves whatever
was at the destination untouched. The report, and any problems (spans overlapping debris,
overlapping CoNLL spans), are shown in the dialog in text the analyst can select and copy.
"""

from __future__ import annotations

import threading
import time
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtGui import QCloseEvent, QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError, InputRefused
from annotator.formats.registry import WRITERS, Writer
from annotator.gui.plain import plain_label
from annotator.gui.session import Session
from annotator.service import ProjectService
from annotator.service.exporting import ExportOptions, ExportReport, check_folder_target
from annotator.storage.opening import refuse_writing_over_project

#: What each format is, in one line, for the format list.
DESCRIPTIONS: dict[str, str] = {
    "prodigy": "Prodigy JSONL: text, tokens, spans, relations, hashes",
    "spacy": "spaCy DocBin (.spacy): spans in doc.spans['sc'], entities in doc.ents",
    "brat": "brat standoff: a folder of .txt + .ann files and annotation.conf",
    "doccano": "doccano JSONL: entities and relations",
    "labelstudio": "Label Studio JSON: tasks with labels and relations",
    "conll": "CoNLL IOB2, a token a line (spans must not overlap)",
    "csv": "CSV, one row a span, for spreadsheets",
    "links": "Links across articles as JSONL sentence pairs",
    "claims": "Claim clusters (SAME_CLAIM) as JSONL, one cluster a line, MultiClaim-like",
    "annotator": "The whole project as a lossless JSONL bundle (backup, moving)",
}

# Remembered in the project, so the next export starts where the last one went.
FORMAT_SETTING = "export_format"
DESTINATIONS_SETTING = "export_destinations"  # {format name: path}

# Seconds between progress signals: a million articles must not queue a million signals.
PROGRESS_INTERVAL = 0.05


class ExportCancelled(AnnotatorError):
    """Raised from the progress callback when the analyst presses Cancel."""


def description(writer: Writer) -> str:
    return DESCRIPTIONS.get(writer.name) or f"{writer.name} ({writer.extension or 'folder'})"


def retarget(path: str, old: Writer | None, new: Writer) -> str:
    """The same destination with the new format's extension (a folder for a folder format)."""
    if not path.strip():
        return path
    target = Path(path)
    if old is not None and old.extension and target.suffix == old.extension:
        target = target.with_suffix("")
    if new.extension and target.suffix != new.extension:
        target = target.with_name(target.name + new.extension)
    return str(target)


def folder_refusal(target: Path) -> str | None:
    """Why a folder format must not write to `target`, if it must not (the service's own rule)."""
    try:
        check_folder_target(target)
    except AnnotatorError as error:
        return str(error)
    return None


class _Worker(QObject):
    """Exports in its own thread, on its own connection: sqlite3 connections are per thread."""

    progressed = Signal(int, int)  # articles done, articles to do
    finished = Signal(object)  # ExportReport, AnnotatorError, or (Exception, traceback text)

    def __init__(
        self, project: Path | str, format_name: str, destination: str, options: ExportOptions
    ) -> None:
        super().__init__()
        self.project = project
        self.format_name = format_name
        self.destination = destination
        self.options = options
        self.cancelled = threading.Event()
        self._last_emit = 0.0

    def _progress(self, done: int, total: int) -> None:
        if self.cancelled.is_set():
            raise ExportCancelled(
                f"export cancelled: nothing was written, {self.destination} left as it was"
            )
        now = time.monotonic()
        if done >= total or now - self._last_emit >= PROGRESS_INTERVAL:
            self._last_emit = now
            self.progressed.emit(done, total)

    def run(self) -> None:
        result: object
        service: ProjectService | None = None
        try:
            service = ProjectService.open(self.project, create=False)
            result = service.export(
                self.format_name, self.destination, self.options, progress=self._progress
            )
        except AnnotatorError as error:
            result = error
        except Exception as error:  # a thread boundary: show it, never lose it
            result = (error, traceback.format_exc())
        finally:
            if service is not None:
                service.close()
        self.finished.emit(result)


class ExportDialog(QDialog):
    """Choose a format, a destination and what to export; export with progress and Cancel."""

    progressed = Signal(int, int)  # articles done, articles to do (in the GUI thread)
    done_exporting = Signal(object)  # ExportReport, AnnotatorError or (Exception, traceback)
    message = Signal(str)  # for the status bar

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Export")
        self.resize(720, 640)
        self._thread: QThread | None = None
        self.worker: _Worker | None = None
        self.outcome: object = None  # the last export's ExportReport or error
        service = session.service
        self._destinations: dict[str, str] = dict(service.setting(DESTINATIONS_SETTING) or {})

        form = QFormLayout()
        self.format_box = QComboBox()
        for writer in WRITERS.values():
            self.format_box.addItem(f"{writer.name} — {description(writer)}", writer.name)
        form.addRow("&Format:", self.format_box)

        self.destination = QLineEdit()
        self.destination.setPlaceholderText("a file to write (a folder for brat)")
        self.destination.setClearButtonEnabled(True)
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.destination, 1)
        row.addWidget(self.browse_button)
        form.addRow(self._buddy("&Destination:", self.destination), row)
        self.destination_note = plain_label()
        self.destination_note.setWordWrap(True)
        form.addRow("", self.destination_note)

        self.status_box = QComboBox()
        # An article nobody worked on would be a training example with nothing in it.
        self.status_box.addItem("Articles worked on", "")
        self.status_box.addItem("All articles, untouched ones too", "all")
        self.status_box.addItem("Done articles only", "done")
        form.addRow("&Articles:", self.status_box)

        # A project with several analysts exports one layer (the bundle keeps them all).
        self.layer_box = QComboBox()
        layers = [summary.name for summary in service.team.layers()]
        own = service.store.write_layer
        for name in sorted(layers, key=lambda name: name != own):
            self.layer_box.addItem(f"{name} (yours)" if name == own else name, name)
        if len(layers) > 1:
            form.addRow("La&yer:", self.layer_box)
        else:
            self.layer_box.hide()

        self.labels = QListWidget()
        self.labels.setMaximumHeight(160)
        for label in service.schema.of_kind("span", include_retired=True):
            item = QListWidgetItem(label.name + (" (retired)" if label.retired else ""))
            item.setData(Qt.ItemDataRole.UserRole, label.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            swatch = QPixmap(12, 12)
            swatch.fill(QColor(label.color))
            item.setIcon(QIcon(swatch))
            self.labels.addItem(item)
        all_labels = QPushButton("All")
        all_labels.clicked.connect(lambda: self.check_labels(None))
        no_labels = QPushButton("None")
        no_labels.clicked.connect(lambda: self.check_labels([]))
        label_buttons = QVBoxLayout()
        label_buttons.addWidget(all_labels)
        label_buttons.addWidget(no_labels)
        label_buttons.addStretch(1)
        label_row = QHBoxLayout()
        label_row.addWidget(self.labels, 1)
        label_row.addLayout(label_buttons)
        form.addRow(self._buddy("Span &labels:", self.labels), label_row)

        self.keep_debris = QCheckBox("&Keep debris: export the text whole, DEBRIS spans included")
        self.drop_overlapping = QCheckBox(
            "Leave &out spans overlapping debris (otherwise the export stops and lists them)"
        )
        form.addRow("", self.keep_debris)
        form.addRow("", self.drop_overlapping)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("%v of %m articles")
        self.progress.setTextVisible(False)
        self.summary = plain_label()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.hide()

        self.export_button = QPushButton("&Export")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.copy_button = QPushButton("&Copy")
        self.copy_button.setToolTip("Copy the problems or the report")
        self.copy_button.clicked.connect(self.copy)
        self.copy_button.hide()
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.close)
        for button in (
            self.browse_button,
            all_labels,
            no_labels,
            self.cancel_button,
            self.copy_button,
            self.close_button,
        ):
            button.setAutoDefault(False)  # Enter exports, whichever button was clicked last
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.details, 1)
        layout.addStretch(0)
        layout.addLayout(buttons)

        self._writer: Writer | None = None
        remembered = service.setting(FORMAT_SETTING)
        index = self.format_box.findData(remembered if remembered in WRITERS else "prodigy")
        self.format_box.setCurrentIndex(max(index, 0))
        self.format_box.currentIndexChanged.connect(self._format_changed)
        self.destination.textChanged.connect(self._update)
        self.labels.itemChanged.connect(self._update)
        self.keep_debris.toggled.connect(self._update)
        app = QApplication.instance()
        if app is not None:  # never leave a thread running when the program ends
            app.aboutToQuit.connect(self._stop)
        self._format_changed()

    @staticmethod
    def _buddy(text: str, widget: QWidget) -> QLabel:
        """A row's label whose &-key focuses `widget` (a row of a layout gets none by itself)."""
        label = QLabel(text)
        label.setBuddy(widget)
        return label

    # -- choices -------------------------------------------------------------------------------

    @property
    def writer(self) -> Writer:
        return WRITERS[self.format_box.currentData()]

    @property
    def running(self) -> bool:
        return self._thread is not None

    def set_format(self, name: str) -> None:
        self.format_box.setCurrentIndex(self.format_box.findData(name))

    def set_destination(self, path: str | Path) -> None:
        self.destination.setText(str(path))

    def check_labels(self, names: list[str] | None) -> None:
        """Tick these span labels (None: all of them)."""
        for row in range(self.labels.count()):
            item = self.labels.item(row)
            on = names is None or item.data(Qt.ItemDataRole.UserRole) in names
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def checked_labels(self) -> list[str]:
        return [
            self.labels.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.labels.count())
            if self.labels.item(row).checkState() == Qt.CheckState.Checked
        ]

    def options(self) -> ExportOptions:
        checked = self.checked_labels()
        every = len(checked) == self.labels.count()
        status = self.status_box.currentData()
        return ExportOptions(
            statuses=(status,) if status and status != "all" else (),
            include_untouched=status == "all",
            labels=() if every else tuple(checked),  # () exports every label, new ones too
            keep_debris=self.keep_debris.isChecked(),
            drop_overlapping=self.drop_overlapping.isChecked(),
            layer=(
                self.layer_box.currentData()
                if self.layer_box.count() > 1 and not self.writer.lossless
                else None  # the bundle keeps every layer
            ),
        )

    def _format_changed(self) -> None:
        old, new = self._writer, self.writer
        self._writer = new
        remembered = self._destinations.get(new.name)
        if remembered:
            self.destination.setText(remembered)
        else:
            self.destination.setText(retarget(self.destination.text(), old, new))
        self._update()

    def _problem(self) -> str | None:
        """Why Export cannot run now, if it cannot."""
        text = self.destination.text().strip()
        if not text:
            return "Choose where to write."
        if not self.checked_labels():
            return "Tick at least one span label."
        target = Path(text).expanduser()
        try:
            refuse_writing_over_project(self.session.service.path, target)
        except AnnotatorError as error:
            return f"That {error.message}."
        if self.writer.target == "folder":
            return folder_refusal(target)
        if target.is_dir():
            return f"{target} is a folder; name a file to write."
        return None

    def _update(self) -> None:
        writer = self.writer
        lossless = writer.lossless
        self.keep_debris.setEnabled(not lossless and not self.running)
        self.drop_overlapping.setEnabled(
            not lossless and not self.keep_debris.isChecked() and not self.running
        )
        tip = "The bundle keeps everything: debris and suggestions too." if lossless else ""
        self.keep_debris.setToolTip(tip)
        self.drop_overlapping.setToolTip(tip)
        problem = self._problem()
        text = self.destination.text().strip()
        target = Path(text).expanduser() if text else None
        if problem:
            note = problem
        elif target is not None and target.exists():
            note = f"Replaces the existing {'folder' if target.is_dir() else 'file'}, once the export has succeeded."
        elif writer.target == "folder":
            note = "Writes a new folder of .txt + .ann files."
        else:
            note = ""
        self.destination_note.setText(note)
        self.destination_note.setVisible(bool(note))
        for widget in (
            self.format_box,
            self.destination,
            self.browse_button,
            self.status_box,
            self.layer_box,
            self.labels,
        ):
            widget.setEnabled(not self.running)
        self.layer_box.setEnabled(not self.running and not lossless)
        self.export_button.setEnabled(problem is None and not self.running)
        self.cancel_button.setEnabled(self.running)

    def browse(self) -> None:
        writer = self.writer
        start = self.destination.text().strip() or str(Path.home())
        if writer.target == "folder":
            chosen = QFileDialog.getExistingDirectory(
                self, "Choose an empty folder for the brat files", start
            )
        else:
            pattern = f"*{writer.extension}" if writer.extension else "*"
            chosen, _filter = QFileDialog.getSaveFileName(
                self, f"Export as {writer.name}", start, f"{writer.name} ({pattern});;All files (*)"
            )
            if chosen and writer.extension and not Path(chosen).suffix:
                chosen += writer.extension
        if chosen:
            self.destination.setText(chosen)

    # -- running -------------------------------------------------------------------------------

    def start(self) -> bool:
        """Start the export in a worker thread; False if it cannot start now."""
        if self.running or self._problem() is not None:
            return False
        destination = str(Path(self.destination.text().strip()).expanduser())
        worker = _Worker(self.session.service.target, self.writer.name, destination, self.options())
        self.outcome = None
        self.summary.setText(f"Exporting to {destination}…")
        self.details.clear()
        self.details.hide()
        self.copy_button.hide()
        self.progress.setRange(0, 0)  # busy until the first article is counted
        self.progress.setTextVisible(False)
        self._thread = QThread(self)
        self.worker = worker
        self.worker.moveToThread(self._thread)
        self._thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._on_progress)
        self.worker.finished.connect(self._on_finished)
        self._thread.start()
        self._update()
        return True

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancelled.set()
            self.summary.setText("Cancelling…")
            self.cancel_button.setEnabled(False)

    def _stop(self) -> None:
        """Cancel and wait for the worker: the dialog or the program is going away."""
        if self._thread is not None and self.worker is not None:
            self.worker.cancelled.set()
            self._thread.quit()
            self._thread.wait()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setTextVisible(True)
        self.progressed.emit(done, total)

    def _on_finished(self, result: object) -> None:
        assert self._thread is not None
        self._thread.quit()
        self._thread.wait()
        self._thread.deleteLater()  # the worker (no parent) goes with its last reference
        destination = self.worker.destination if self.worker is not None else ""
        format_name = self.worker.format_name if self.worker is not None else ""
        self._thread = self.worker = None
        self.outcome = result
        self.progress.setRange(0, 1)
        self.progress.setValue(1 if isinstance(result, ExportReport) else 0)
        self.progress.setTextVisible(False)
        self._show(result, format_name, destination)
        self._update()
        self.done_exporting.emit(result)

    def _show(self, result: object, format_name: str, destination: str) -> None:
        lines: list[str] = []
        if isinstance(result, ExportReport):
            summary = (
                f"Wrote {result.documents} articles, {result.spans} spans,"
                f" {result.relations} relations, {result.links} links to {destination}."
            )
            if result.untouched:
                plural = "s" if result.untouched != 1 else ""
                summary += (
                    f" Left out {result.untouched} article{plural} nobody worked on"
                    " (choose “All articles” to include them)."
                )
            if result.dropped:
                summary += f" Left out {len(result.dropped)} spans overlapping debris."
                lines = [f"left out: {overlap}" for overlap in result.dropped]
            self._remember(format_name, destination)
        elif isinstance(result, ExportCancelled):
            summary = str(result)
        elif isinstance(result, InputRefused):
            summary = f"Nothing was written: {len(result.problems)} problem(s)."
            if any("overlaps debris" in problem.message for problem in result.problems):
                summary += (
                    " Tick “Leave out spans overlapping debris”, or fix the spans or the debris."
                )
            lines = [str(problem) for problem in result.problems]
        elif isinstance(result, AnnotatorError):
            summary = f"Nothing was written: {result}"
        else:  # (exception, traceback): a bug or an OS error, shown rather than lost
            error, trace = result if isinstance(result, tuple) else (result, "")
            summary = f"The export failed, nothing was written: {error}"
            lines = str(trace).splitlines()
        self.summary.setText(summary)
        self.message.emit(summary)
        if lines:
            self.details.setPlainText("\n".join(lines))
            self.details.show()
            self.copy_button.show()

    def _remember(self, format_name: str, destination: str) -> None:
        self._destinations[format_name] = destination
        try:
            self.session.service.set_setting(FORMAT_SETTING, format_name)
            self.session.service.set_setting(DESTINATIONS_SETTING, self._destinations)
        except AnnotatorError:
            pass  # remembering is a convenience; the export itself succeeded

    def copy(self) -> None:
        text = self.details.toPlainText() if self.details.isVisible() else self.summary.text()
        QApplication.clipboard().setText(text)

    # -- closing -------------------------------------------------------------------------------

    def reject(self) -> None:
        """Escape cancels a running export; otherwise it closes the dialog."""
        if self.running:
            self.cancel()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self._stop()
        if self._thread is not None:  # the worker's last signal is still queued: take it now
            QApplication.processEvents()
        super().closeEvent(event)
