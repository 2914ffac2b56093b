"""The main window: it only assembles the parts (browser, panes, inspector, label bar, menus)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow, QVBoxLayout, QWidget

from annotator.domain.model import Span
from annotator.gui.article_properties import ArticlePropertiesDialog
from annotator.gui.assist import AssistMenu
from annotator.gui.corpus import CorpusModel, CorpusView
from annotator.gui.corpus_filter import CorpusFilterBar
from annotator.gui.dock_widths import DockSizes
from annotator.gui.document_pane import DocumentPane
from annotator.gui.export_dialog import ExportDialog
from annotator.gui.focus import FocusKeeper
from annotator.gui.importer import Importer, import_filters
from annotator.gui.inspector import SpanInspector
from annotator.gui.label_bar import LabelBar
from annotator.gui.layout_memory import LayoutMemory
from annotator.gui.links_dock import LinksModel, LinksView
from annotator.gui.live import LiveProject
from annotator.gui.pane_area import PaneArea
from annotator.gui.pending import PendingIndicator
from annotator.gui.projects import ProjectActions
from annotator.gui.read_only import show_read_only_notice
from annotator.gui.schema_editor import SchemaEditorDialog
from annotator.gui.session import Session
from annotator.gui.shortcuts import ShortcutsDialog
from annotator.gui.story_menu import install_stories
from annotator.gui.team import install_team_menu
from annotator.gui.undo_redo import UndoRedoActions
from annotator.storage.targets import is_server_target


class MainWindow(QMainWindow):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        title = f"annotator — {session.service.path.name}"
        if is_server_target(session.service.target):  # a team's: whose window this is
            title += f" — {session.service.analyst}"
        self.setWindowTitle(title)
        self.resize(1600, 1000)
        self._shown_once = False

        self.corpus_model = CorpusModel(session, self)
        self.corpus_view = CorpusView(self.corpus_model)
        self.corpus_filter = CorpusFilterBar(session)
        self.corpus_filter.filter_changed.connect(self.corpus_model.set_filter)
        self.corpus_filter.accepted.connect(self.corpus_view.setFocus)
        self.corpus_model.modelReset.connect(
            lambda: self.corpus_filter.show_count(self.corpus_model.total())
        )
        self.corpus_filter.show_count(self.corpus_model.total())
        browser = QWidget()
        browser_layout = QVBoxLayout(browser)
        browser_layout.setContentsMargins(0, 0, 0, 0)
        browser_layout.setSpacing(2)
        browser_layout.addWidget(self.corpus_filter)
        browser_layout.addWidget(self.corpus_view, 1)
        self.corpus_dock = self._dock("Corpus", "CorpusDock", browser)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.corpus_dock)

        self.panes = PaneArea(session)
        self.setCentralWidget(self.panes)

        self.inspector = SpanInspector(session)
        self.inspector_dock = self._dock("Inspector", "InspectorDock", self.inspector)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.inspector_dock)
        self.resizeDocks(
            [self.corpus_dock, self.inspector_dock], [380, 300], Qt.Orientation.Horizontal
        )

        self.links_model = LinksModel(session, self)
        self.links_view = LinksView(self.links_model)
        self.links_dock = self._dock("Links", "LinksDock", self.links_view)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.links_dock)
        self.resizeDocks([self.links_dock], [150], Qt.Orientation.Vertical)
        self.links_view.link_chosen.connect(self.panes.scroll_to_link)
        self.panes.panes_changed.connect(self._panes_changed)
        self.inspector.span_chosen.connect(lambda span_id: self.pane.reveal_span(span_id))
        self.inspector.link_chosen.connect(self.panes.scroll_to_link)

        self.label_bar = LabelBar(session, self)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.label_bar)
        self.label_bar.label_chosen.connect(lambda key: self.pane.apply_hotkey(key))

        self.corpus_view.open_requested.connect(self.open_document)
        self.panes.span_selected.connect(self._show_span)
        self.panes.active_pane_changed.connect(self._active_pane_changed)
        session.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.statusBar().addPermanentWidget(PendingIndicator(session.pending))
        self.live = LiveProject(session, self)
        self.importer = Importer(session.service, self)
        self.importer.message.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.setAcceptDrops(True)
        self.dock_sizes = DockSizes(self, [self.corpus_dock, self.inspector_dock, self.links_dock])
        self.focus_keeper = FocusKeeper(self)
        self._build_menus()
        self.stories = install_stories(self)
        self.assist = AssistMenu(self, session)
        self._restore_place()
        show_read_only_notice(self, session.service)
        self.layout_memory = LayoutMemory(self)  # the project's last layout, kept as it changes

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        return dock

    @property
    def pane(self) -> DocumentPane:
        """The active pane: where hotkeys, the label bar and Enter in the browser act."""
        return self.panes.active

    # -- menus ---------------------------------------------------------------------------------

    def _action(self, menu, text: str, slot, *keys: str, checkable: bool = False) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setCheckable(checkable)
        if checkable:
            action.toggled.connect(slot)
        else:
            action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        self.projects = ProjectActions(self, file_menu)
        self._action(file_menu, "&Import files…", self.import_files, "Ctrl+I")
        self._action(file_menu, "Import a &folder…", self.import_folder)
        self._action(file_menu, "&Export…", self.export_dialog, "Ctrl+E")
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, "Ctrl+Q")

        edit_menu = menus.addMenu("&Edit")
        self.undo_redo = UndoRedoActions(self.session, self)  # they wait for the lock as edits do
        self.undo_action, self.redo_action = self.undo_redo.undo, self.undo_redo.redo
        for action in (self.undo_action, self.redo_action):
            edit_menu.addAction(action)
            self.addAction(action)
        edit_menu.addSeparator()
        self.snap_action = self._action(
            edit_menu, "&Snap selections to words", self._set_snap, checkable=True
        )
        self.snap_action.setChecked(self.session.snap_to_words)
        self.label_bar.add_trailing(self.snap_action)

        article_menu = menus.addMenu("&Article")
        self._action(
            article_menu,
            "Mark &done and open the next",
            self.mark_done_and_next,
            "Ctrl+Return",
            "Ctrl+Enter",
        )
        self._action(article_menu, "Mark in &progress", lambda: self._mark("in_progress"))
        self._action(article_menu, "Mark &new", lambda: self._mark("new"))
        article_menu.addSeparator()
        self._action(article_menu, "P&roperties…", self.article_properties, "Alt+Return")

        relate_menu = menus.addMenu("&Relate")
        self._action(
            relate_menu,
            "&Relation from the chosen span (then Tab, Enter)",
            lambda: self.pane.start_relation(),
        )
        self._action(
            relate_menu,
            "&Link the chosen spans of two panes",
            lambda: self.panes.link_from(self.pane),
        )
        self.all_relations_action = self._action(
            relate_menu, "Show &all relations", self._show_all_relations, "Ctrl+R", checkable=True
        )

        view_menu = menus.addMenu("&View")
        self._action(view_menu, "&Next pane", lambda: self.panes.focus_next_pane(1), "F6")
        self._action(
            view_menu, "&Previous pane", lambda: self.panes.focus_next_pane(-1), "Shift+F6"
        )
        self._action(view_menu, "&Add a pane", lambda: self.panes.add_pane(self.pane), "Ctrl+T")
        self._action(
            view_menu, "&Close this pane", lambda: self.panes.close_pane(self.pane), "Ctrl+W"
        )
        self._action(
            view_menu,
            "Move pane &left",
            lambda: self.panes.move_pane(self.pane, -1),
            "Ctrl+Shift+PgUp",
        )
        self._action(
            view_menu,
            "Move pane &right",
            lambda: self.panes.move_pane(self.pane, 1),
            "Ctrl+Shift+PgDown",
        )
        self.scroll_together_action = self._action(
            view_menu, "&Scroll panes together", self.panes.set_scroll_together, checkable=True
        )
        self.label_tags_action = self._action(
            view_menu, "Label &tags", self.panes.set_label_tags, checkable=True
        )
        self.label_tags_action.setChecked(True)
        view_menu.addSeparator()
        self._action(view_menu, "Show the &corpus", self._focus_corpus, "Ctrl+L")
        self._action(view_menu, "&Search the corpus", self._search_corpus, "Ctrl+F")
        for dock in (self.corpus_dock, self.inspector_dock, self.links_dock):
            view_menu.addAction(dock.toggleViewAction())

        edit_menu.addSeparator()
        self.accept_suggestions_action = self._action(
            edit_menu,
            "Accept all &suggestions in this article",
            lambda: self.pane.accept_suggestions(),
            "Ctrl+Shift+A",
        )

        labels_menu = menus.addMenu("&Labels")
        self._action(labels_menu, "&Edit the label schema…", self.edit_schema, "Ctrl+Shift+L")

        install_team_menu(self, self.session, self.open_document)
        help_menu = menus.addMenu("&Help")
        self._action(help_menu, "&Keyboard shortcuts", self.show_shortcuts, "F1")
        self._action(help_menu, "&About annotator", self.show_about)

    # -- actions -------------------------------------------------------------------------------

    def _restore_place(self) -> None:
        """Start where the analyst left off: that article chosen in the browser, and shown."""
        last = self.session.service.setting("last_document")
        self.corpus_view.select_document(last)
        current = self.corpus_view.current_document_id()
        if current is not None:
            self.pane.open_document(current)

    def open_document(self, document_id: int, new_pane: bool = False) -> None:
        pane = self.panes.open_document(document_id, new_pane=new_pane)
        pane.view.setFocus()

    def mark_done_and_next(self) -> None:
        document_id = self.pane.document_id
        if document_id is None:
            return
        self.session.set_status(document_id, "done")
        following = self.session.service.next_not_done(document_id)
        if following is None:
            self.statusBar().showMessage("Every article is done.", 8000)
            return
        pane = self.panes.open_document(following)  # or the pane already showing it
        self.corpus_view.select_document(following)
        pane.view.setFocus()

    def article_properties(self) -> ArticlePropertiesDialog | None:
        """Article ▸ Properties of the article in the active pane (else the browser's choice)."""
        document_id = self.pane.document_id or self.corpus_view.current_document_id()
        if document_id is None:
            return None
        dialog = ArticlePropertiesDialog(self.session, document_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _mark(self, status: str) -> None:
        if self.pane.document_id is not None:
            self.session.set_status(self.pane.document_id, status)

    def _show_all_relations(self, on: bool) -> None:
        for pane in self.panes.panes():
            pane.view.set_show_all_relations(on)

    def _panes_changed(self) -> None:
        documents = [p.document_id for p in self.panes.panes() if p.document_id is not None]
        self.links_model.show_documents(documents)
        if self.all_relations_action.isChecked():
            self._show_all_relations(True)

    def _set_snap(self, on: bool) -> None:
        self.session.snap_to_words = on

    def _search_corpus(self) -> None:
        self.corpus_dock.show()
        self.corpus_filter.focus_search()

    def edit_schema(self) -> SchemaEditorDialog:
        """The label schema editor, shown without blocking (edits are saved as they are made)."""
        dialog = SchemaEditorDialog(self.session, self)
        dialog.show()
        return dialog

    def _focus_corpus(self) -> None:
        self.corpus_dock.show()
        self.corpus_view.setFocus()

    def shortcuts_dialog(self) -> ShortcutsDialog:
        actions = [self.undo_action, self.redo_action, *self.actions()]
        unique = list(dict.fromkeys(actions))
        return ShortcutsDialog(self, unique)

    # -- import --------------------------------------------------------------------------------

    def import_files(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(self, "Import articles", "", import_filters())
        self.importer.start([Path(f) for f in files])

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a folder of articles")
        if folder:
            self.importer.start([Path(folder)])

    def export_dialog(self) -> ExportDialog:
        """File ▸ Export: a dialog of its own, so labelling can go on while it exports."""
        dialog = ExportDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.message.connect(lambda text: self.statusBar().showMessage(text, 15000))
        dialog.show()
        return dialog

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt's name)
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt's name)
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths and self.importer.start(paths):
            event.acceptProposedAction()

    def show_about(self) -> None:
        from annotator.gui.about import about_box

        about_box(self, self.session.service.path).exec()

    def show_shortcuts(self) -> None:
        self.shortcuts_dialog().exec()

    def _show_span(self, pane: DocumentPane, span: Span | None) -> None:
        document = pane.view.document_model
        self.inspector.show_span(span, document.text if document else "")
        if span is not None and document is not None:
            text = document.text[span.start : span.end]
            self.statusBar().showMessage(f"{span.label} {span.start}–{span.end}: {text[:120]}")

    def _active_pane_changed(self, pane: DocumentPane) -> None:
        document = pane.view.document_model
        self.inspector.show_span(pane.selected_span(), document.text if document else "")

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.activateWindow()
            self.corpus_view.setFocus()
