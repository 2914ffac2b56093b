"""The main window: it only assembles the parts (browser, panes, label bar, menus) and wires them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow, QWidget

from annotator.gui.corpus import CorpusModel, CorpusView
from annotator.gui.document_pane import DocumentPane
from annotator.gui.importer import Importer
from annotator.gui.label_bar import LabelBar
from annotator.gui.session import Session
from annotator.gui.shortcuts import ShortcutsDialog


class MainWindow(QMainWindow):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(f"annotator — {session.service.path.name}")
        self.resize(1400, 900)

        self.corpus_model = CorpusModel(session, self)
        self.corpus_view = CorpusView(self.corpus_model)
        self.corpus_dock = QDockWidget("Corpus", self)
        self.corpus_dock.setObjectName("CorpusDock")
        self.corpus_dock.setWidget(self.corpus_view)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.corpus_dock)
        self.resizeDocks([self.corpus_dock], [420], Qt.Orientation.Horizontal)

        self.pane = DocumentPane(session)
        self.setCentralWidget(self.pane)

        self.label_bar = LabelBar(session, self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.label_bar)
        self.label_bar.label_chosen.connect(lambda key: self.pane.apply_hotkey(key))

        self.corpus_view.open_requested.connect(self.open_document)
        self.pane.span_selected.connect(self._show_span)
        session.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.importer = Importer(session.service, self)
        self.importer.message.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.setAcceptDrops(True)
        self._build_menus()
        self._restore_place()

    def _build_menus(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        import_files = QAction("&Import files…", self)
        import_files.setShortcut(QKeySequence("Ctrl+I"))
        import_files.triggered.connect(self.import_files)
        import_folder = QAction("Import a &folder…", self)
        import_folder.triggered.connect(self.import_folder)
        file_menu.addAction(import_files)
        file_menu.addAction(import_folder)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        edit_menu = menus.addMenu("&Edit")
        stack = self.session.undo_stack
        undo = stack.createUndoAction(self, "&Undo")
        undo.setShortcuts([QKeySequence("Ctrl+Z")])
        redo = stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (undo, redo):
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            edit_menu.addAction(action)
            self.addAction(action)
        self.undo_action, self.redo_action = undo, redo

        accept = QAction("Accept all &suggestions in this article", self)
        accept.setShortcut(QKeySequence("Ctrl+Shift+A"))
        accept.triggered.connect(self.pane.accept_suggestions)
        edit_menu.addSeparator()
        edit_menu.addAction(accept)
        self.accept_suggestions_action = accept

        help_menu = menus.addMenu("&Help")
        shortcuts = QAction("&Keyboard shortcuts", self)
        shortcuts.setShortcut(QKeySequence("F1"))
        shortcuts.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        shortcuts.triggered.connect(self.show_shortcuts)
        help_menu.addAction(shortcuts)
        self.addAction(shortcuts)

    def _restore_place(self) -> None:
        """Start where the analyst left off: that article chosen in the browser, and shown."""
        last = self.session.service.setting("last_document")
        self.corpus_view.select_document(last)
        current = self.corpus_view.current_document_id()
        if current is not None:
            self.pane.open_document(current)
        self.corpus_view.setFocus()

    def open_document(self, document_id: int, new_pane: bool = False) -> None:
        self.pane.open_document(document_id)
        self.pane.view.setFocus()

    # -- import --------------------------------------------------------------------------------

    def import_files(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(self, "Import articles")
        self.importer.start([Path(f) for f in files])

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder of articles")
        if folder:
            self.importer.start([Path(folder)])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt's name)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt's name)
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths and self.importer.start(paths):
            event.acceptProposedAction()

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self).exec()

    def _show_span(self, span: object) -> None:
        from annotator.domain.model import Span

        if isinstance(span, Span) and self.pane.view.document_model is not None:
            text = self.pane.view.document_model.text[span.start : span.end]
            self.statusBar().showMessage(f"{span.label} {span.start}–{span.end}: {text[:120]}")
        else:
            self.statusBar().clearMessage()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        # Every edit is already committed; closing only lets go of the project file.
        super().closeEvent(event)
