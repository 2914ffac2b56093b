"""Find elsewhere (F on a chosen source, entity or claim): the spans of other articles that may be
the same, best first with their scores; Enter on one links the two (one undoable edit)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QListView, QVBoxLayout, QWidget

from annotator.gui.entries import EntriesModel
from annotator.gui.session import Session
from annotator.service.assist.links import Candidate, find_elsewhere, link_label_for


class FindElsewhereDialog(QDialog):
    def __init__(self, session: Session, span_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.span = session.service.span(span_id)
        self.setWindowTitle("Find elsewhere")
        self.resize(720, 420)
        text = session.service.text_of(self.span.document_id)[self.span.start : self.span.end]
        label = link_label_for(self.span.label)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)  # span text is data, never markup
        self.heading.setWordWrap(True)
        self.model = EntriesModel(self)
        self.list = QListView()
        self.list.setObjectName("FindElsewhereList")
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.list.activated.connect(lambda index: self.accept_row(index.row()))
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        if label is None:
            self.heading.setText(
                f"{self.span.label} spans are not linked across articles: choose a source, an"
                " entity or a claim."
            )
            return
        candidates = find_elsewhere(session.service.store, self.span)
        self.heading.setText(
            f"{label} candidates for {self.span.label} “{text[:80]}” in other articles"
            f" ({len(candidates)}; Enter links the chosen one, Esc closes)"
        )
        self.model.set_entries(
            [
                (
                    f"{c.score:.2f}  #{c.span.document_id}  {c.span.label}  “{c.text[:90]}”",
                    c,
                )
                for c in candidates
            ]
        )
        if candidates:
            self.list.setCurrentIndex(self.model.index(0))
        self.list.setFocus()

    def accept_row(self, row: int) -> bool:
        """Link the chosen span to the candidate in `row`; the dialog closes when it is made."""
        candidate = self.model.payload(row)
        if not isinstance(candidate, Candidate) or self.span.id is None:
            return False
        made = self.session.add_link(self.span.id, candidate.span.id, candidate.label)  # type: ignore[arg-type]
        if made:
            self.session.message.emit(
                f"linked {candidate.label} to article #{candidate.span.document_id} (Ctrl+Z undoes)"
            )
            self.accept()
        return made
