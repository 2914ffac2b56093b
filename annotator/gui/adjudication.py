"""Team ▸ Adjudicate: one article with each analyst's layer side by side (read-only, numbered
1–9), the curated layer beside them (editable), and the list of where the analysts disagree.

On the list, a digit takes that analyst's version of the chosen disagreement into the curated
layer, M merges the versions, A accepts everything all analysts agree on, Enter goes to the
curated pane to write one's own there (F6 comes back); Ctrl+Enter marks the article curated and
opens the next one to curate. Each step is one command on the session's undo stack (Ctrl+Z). What
a disagreement is, and what each step changes, is `service.curation`'s; this module shows it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStatusBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.analysts import CURATED
from annotator.domain.errors import AnnotatorError
from annotator.gui.curation_commands import CurationCommand, CurationStatusCommand
from annotator.gui.disagreement_marks import DisagreementMarks
from annotator.gui.disagreements_model import DisagreementsModel
from annotator.gui.document_pane import DocumentPane
from annotator.gui.session import Session
from annotator.service.curation import DONE, ArticleCuration, CurationEdit


class DisagreementsView(QTableView):
    """The disagreements; its keys are the curator's choices (see the module's docstring)."""

    def __init__(self, window: AdjudicationWindow) -> None:
        super().__init__(window)
        self.setObjectName("Disagreements")
        self.window_ = window
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        text = event.text().lower()
        if plain and text in tuple("123456789"):
            self.window_.take(int(text))
            return
        if plain and text == "m":
            self.window_.merge()
            return
        if plain and text == "a":
            self.window_.accept_agreed()
            return
        if plain and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.window_.write_own()
            return
        super().keyPressEvent(event)


class AdjudicationWindow(QWidget):
    """The curator's window over one article at a time."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("AdjudicationWindow")
        self.setWindowTitle("Adjudicate — annotator")
        self.resize(1600, 1000)
        self.session = session
        self.curation = session.service.team.curation
        self.document_id: int | None = None
        self.article: ArticleCuration | None = None
        self.progress = QLabel()
        self.progress.setObjectName("CurationProgress")
        self.progress.setTextFormat(Qt.TextFormat.PlainText)
        self.model = DisagreementsModel()
        self.table = DisagreementsView(self)
        self.table.setModel(self.model)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._mark_current())
        self.hint = QLabel(
            "On the list: 1–9 take that analyst's version · M merge the versions · A accept all"
            " that every analyst agrees on · Enter write your own in the curated pane (F6 back)"
            " · Ctrl+Enter curated, next article · Ctrl+Z undo"
        )
        self.hint.setWordWrap(True)
        buttons = QHBoxLayout()
        for text, slot in (
            ("Accept all agreed (A)", self.accept_agreed),
            ("Merge versions (M)", self.merge),
            ("Curated, next article (Ctrl+Enter)", self.mark_done_and_next),
        ):
            button = QPushButton(text)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay on the list
            button.clicked.connect(lambda _checked=False, slot=slot: slot())
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.progress)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.analyst_panes: list[DocumentPane] = []
        self.curated_pane = self._pane(CURATED, writes=True, caption="curated")
        self.marks: dict[DocumentPane, DisagreementMarks] = {}
        self.marks[self.curated_pane] = DisagreementMarks(self.curated_pane.view)
        self.splitter.addWidget(self.curated_pane)
        vertical = QSplitter(Qt.Orientation.Vertical)
        vertical.addWidget(self.table)
        vertical.addWidget(self.splitter)
        vertical.setSizes([260, 740])
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(vertical, 1)
        layout.addWidget(self.hint)
        self.status = QStatusBar()
        self.status.setSizeGripEnabled(False)
        layout.addWidget(self.status)
        session.message.connect(lambda text: self.status.showMessage(text, 8000))
        self._actions()
        self._refresh_soon = QTimer(self)
        self._refresh_soon.setSingleShot(True)
        self._refresh_soon.setInterval(0)
        self._refresh_soon.timeout.connect(self.refresh)
        signals = session.signals
        for signal in (signals.span_added, signals.span_removed, signals.relation_added):
            signal.connect(self._on_change)
        signals.relation_removed.connect(self._on_change)
        signals.span_changed.connect(lambda _before, after: self._on_change(after))
        signals.document_changed.connect(self._on_document_changed)
        signals.changed_elsewhere.connect(self._refresh_soon.start)

    def _pane(self, layer: str, *, writes: bool = False, caption: str = "") -> DocumentPane:
        pane = DocumentPane(self.session)
        pane.fix_layer(layer, writes=writes, caption=caption)
        pane.setMinimumWidth(160)
        return pane

    def _actions(self) -> None:
        stack = self.session.undo_stack
        self._stack_index = stack.index()
        stack.indexChanged.connect(self._on_stack_moved)
        undo = stack.createUndoAction(self, "&Undo")
        undo.setShortcuts([QKeySequence("Ctrl+Z")])
        redo = stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        done = QAction("Mark curated and open the next", self)
        done.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        done.triggered.connect(lambda _checked=False: self.mark_done_and_next())
        switch = QAction("Between the list and the curated pane", self)
        switch.setShortcut(QKeySequence("F6"))
        switch.triggered.connect(lambda _checked=False: self.switch_focus())
        for action in (undo, redo, done, switch):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)

    # -- which article -------------------------------------------------------------------------

    def open_article(self, document_id: int) -> bool:
        """Show an article with its analysts' layers; False (said) when it has fewer than two."""
        try:
            article = self.curation.article(document_id)
        except AnnotatorError as error:
            self.session.message.emit(str(error))
            return False
        if len(article.analysts) < 2:
            self.session.message.emit(
                f"Article {document_id} has {len(article.analysts)} analyst's layer: there is"
                " nothing to adjudicate"
            )
            return False
        self.document_id = document_id
        self._place_panes(article.analysts)
        for pane in [*self.analyst_panes, self.curated_pane]:
            pane.open_document(document_id)
        self.refresh()
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self.table.setFocus()
        return True

    def _place_panes(self, analysts: tuple[str, ...]) -> None:
        if tuple(p.layer for p in self.analyst_panes) == analysts:
            return
        for pane in self.analyst_panes:
            del self.marks[pane]
            pane.setParent(None)
            pane.deleteLater()
        self.analyst_panes = []
        for number, name in enumerate(analysts, start=1):
            pane = self._pane(name, caption=f"{number} {name}" if number <= 9 else name)
            self.marks[pane] = DisagreementMarks(pane.view)
            self.splitter.insertWidget(number - 1, pane)
            self.analyst_panes.append(pane)
        for number in range(len(analysts)):
            self.splitter.setStretchFactor(number, 1)
        self.splitter.setStretchFactor(len(analysts), 2)
        self._size_panes()

    def _size_panes(self) -> None:
        """The curated pane twice as wide as an analyst's: it is where the curator writes."""
        count = len(self.analyst_panes)
        unit = max(160, max(self.splitter.width(), self.width() - 20) // (count + 2))
        self.splitter.setSizes([unit] * count + [2 * unit])

    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._size_panes()

    # -- keeping in step -----------------------------------------------------------------------

    def _on_change(self, item: Any) -> None:
        if getattr(item, "document_id", None) == self.document_id:
            self._refresh_soon.start()

    def _on_document_changed(self, document_id: int) -> None:
        if document_id == self.document_id:
            self._refresh_soon.start()

    def refresh(self) -> None:
        """Read the article's layers again (after a step, an undo, another window's edit)."""
        self._refresh_soon.stop()
        if self.document_id is None:
            return
        row = max(self.table.currentIndex().row(), 0)
        try:
            self.article = self.curation.article(self.document_id)
        except AnnotatorError as error:
            self.session.message.emit(str(error))
            return
        self.model.set_article(self.article, self.session.service.text_of(self.document_id))
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(min(row, self.model.rowCount() - 1), 0))
        self.table.resizeColumnsToContents()
        for column in range(2, self.model.columnCount()):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 200))
        self._mark_current()
        self._show_progress()

    def _show_progress(self) -> None:
        article = self.article
        if article is None:
            return
        progress = self.curation.progress()
        status = {None: "not started", DONE: "done"}.get(article.status, "in progress")
        title = self.session.service.document(article.document_id).title
        self.setWindowTitle(f"Adjudicate #{article.document_id} {title} — annotator")
        self.progress.setText(
            f"Curated {progress.curated} of {progress.to_curate} articles  ·  this article:"
            f" {len(article.disagreements)} disagreements, {len(article.found.agreed)} agreed"
            f" spans ({article.agreed_missing()} not yet curated), curation {status}"
        )

    def current_number(self) -> int | None:
        row = self.table.currentIndex().row()
        disagreements = self.model.disagreements
        return disagreements[row].number if 0 <= row < len(disagreements) else None

    def _mark_current(self) -> None:
        ranges = [(d.start, d.end) for d in self.model.disagreements]
        row = self.table.currentIndex().row()
        current = row if 0 <= row < len(ranges) else None
        for pane, marks in self.marks.items():
            marks.show(ranges, current)
            if current is not None and not pane.view.hasFocus():
                marks.reveal(current)

    def _on_stack_moved(self, index: int) -> None:
        """After an undo or redo of a step on this article, the list goes to the disagreement
        that step settled (the one the curator sees come back), not stay where the list was."""
        before, self._stack_index = self._stack_index, index
        if not self.isVisible():
            return  # closed, or going away with the session (whose stack empties as it goes)
        command = self.session.undo_stack.command(index if index < before else index - 1)
        if not isinstance(command, CurationCommand) or command.where is None:
            return
        document_id, number = command.where
        if document_id != self.document_id:
            return
        rows = [d.number for d in self.model.disagreements]
        if number in rows:
            self.table.setCurrentIndex(self.model.index(rows.index(number), 0))

    # -- the curator's steps -------------------------------------------------------------------

    def _step(self, make: Callable[[], CurationEdit], text: str, chosen: int | None = None) -> bool:
        where = (self.document_id, chosen) if chosen is not None and self.document_id else None
        made = self.session.edit(CurationCommand(self.session.service, make, text, where))
        self.refresh()
        return made

    def take(self, number: int) -> bool:
        """Take analyst `number`'s (1–9) version of the chosen disagreement, then go to the next."""
        article, chosen = self.article, self.current_number()
        if article is None or chosen is None:
            return False
        if not 1 <= number <= len(article.analysts):
            self.session.message.emit(f"There is no analyst {number} on this article")
            return False
        analyst = article.analysts[number - 1]
        document_id = article.document_id
        disagreement = self.model.disagreements[self.table.currentIndex().row()]
        if disagreement.version(analyst) == article.curated_version(disagreement):
            self.session.message.emit(f"The curated layer holds {analyst}'s version already")
            self._next_row()
            return True
        made = self._step(
            lambda: self.curation.take(document_id, chosen, analyst),
            f"Take {analyst}'s version",
            chosen,
        )
        if made:
            self._next_row()
        return made

    def merge(self) -> bool:
        article, chosen = self.article, self.current_number()
        if article is None or chosen is None:
            return False
        document_id = article.document_id
        made = self._step(
            lambda: self.curation.merge(document_id, chosen), "Merge the versions", chosen
        )
        if made:
            self._next_row()
        return made

    def accept_agreed(self) -> bool:
        if self.article is None:
            return False
        document_id = self.article.document_id
        return self._step(
            lambda: self.curation.accept_agreed(document_id), "Accept what all analysts agree on"
        )

    def _next_row(self) -> None:
        row = self.table.currentIndex().row()
        if row + 1 < self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(row + 1, 0))

    def write_own(self) -> None:
        """To the curated pane, the caret at the chosen disagreement: select, press a label key."""
        number = self.current_number()
        marks = self.marks[self.curated_pane]
        if number is not None and marks.current is not None:
            marks.reveal(marks.current)
        self.curated_pane.view.setFocus()

    def switch_focus(self) -> None:
        if self.table.hasFocus():
            self.write_own()
        else:
            self.table.setFocus()

    def mark_done_and_next(self) -> bool:
        """The article's curation is done; open the next article to curate, if any."""
        if self.document_id is None:
            return False
        done = self.session.edit(
            CurationStatusCommand(self.session.service, self.document_id, DONE)
        )
        if not done:
            return False
        following = self.curation.next_to_curate(self.document_id)
        if following is None:
            self.refresh()
            self.session.message.emit("Every article with two or more analysts is curated.")
            return True
        self.open_article(following)
        return True


def open_adjudication(window: Any, session: Session) -> AdjudicationWindow | None:
    """Team ▸ Adjudicate: the article of the active pane when two or more analysts annotated it,
    else the next article to curate; one adjudication window a main window."""
    curation = session.service.team.curation
    pane = getattr(window, "pane", None)
    here = pane.document_id if pane is not None else None
    wanted = here if here is not None and len(curation.analysts_of(here)) >= 2 else None
    if wanted is None:
        wanted = curation.next_to_curate(here)
    if wanted is None:
        session.message.emit(
            "No article has layers of two or more analysts: nothing to adjudicate yet"
        )
        return None
    adjudication = getattr(window, "adjudication_window", None)
    if adjudication is None:
        adjudication = AdjudicationWindow(session, window)
        window.adjudication_window = adjudication
    adjudication.open_article(wanted)
    adjudication.show()
    adjudication.raise_()
    adjudication.activateWindow()
    return adjudication
