"""A pane showing one article: a header with its title and metadata over the annotated text.

The pane turns key presses of its view into session edits, and keeps its view in step with every
change the project announces, whoever made it (another pane on the same article, undo, an import).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from annotator.domain.errors import NotFound
from annotator.domain.model import Document, Span
from annotator.gui.session import Session
from annotator.gui.text_view import AnnotatedTextView


class DocumentPane(QFrame):
    span_selected = Signal(object)  # Span or None

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("DocumentPane")
        self.header = QLabel()
        self.header.setObjectName("PaneHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.view = AnnotatedTextView(self._label_color)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.view, 1)
        self.show_document(None)

        self.view.label_key_pressed.connect(self.apply_hotkey)
        self.view.delete_pressed.connect(self._on_delete)
        self.view.span_selected.connect(self.span_selected)
        signals = session.signals
        signals.span_added.connect(self._on_span_added)
        signals.span_removed.connect(self._on_span_removed)
        signals.span_changed.connect(self._on_span_changed)
        signals.schema_changed.connect(self.view.refresh_colors)
        signals.document_changed.connect(self._on_document_changed)

    @property
    def document_id(self) -> int | None:
        document = self.view.document_model
        return document.id if document is not None else None

    def _label_color(self, label: str) -> str:
        found = self.session.service.schema.get(label)
        return found.color if found is not None else "#9e9e9e"

    def open_document(self, document_id: int) -> None:
        service = self.session.service
        try:
            document = service.document(document_id)
        except NotFound as error:
            self.session.message.emit(str(error))
            return
        self.show_document(document, service.spans(document_id))
        service.set_setting("last_document", document_id)

    def show_document(self, document: Document | None, spans: list[Span] | None = None) -> None:
        self.view.show_document(document, spans or [])
        self._update_header(document)

    def _update_header(self, document: Document | None) -> None:
        if document is None:
            self.header.setText(
                "<div style='color:#777'>No article open. Choose one in the corpus and press"
                " <b>Enter</b>.</div>"
            )
            return
        details = [f"#{document.id}", document.status.replace("_", " ")]
        for key in ("outlet", "source", "date", "published"):
            value = document.meta.get(key)
            if isinstance(value, str) and value:
                details.append(value)
        provenance = document.provenance
        if provenance.path:
            where = provenance.path + (f":{provenance.line}" if provenance.line else "")
            details.append(f"from {where} ({provenance.format or '?'})")
        if provenance.imported_at:
            details.append(f"imported {provenance.imported_at}")
        details.append(f"sha256 {document.content_hash[:12]}")
        self.header.setText(
            f"<div style='font-size:15px;font-weight:600'>{html.escape(document.title)}</div>"
            f"<div style='color:#666'>{html.escape(' · '.join(details))}</div>"
        )

    # -- edits asked for by the keyboard -------------------------------------------------------

    def apply_hotkey(self, key: str, exact: bool = False) -> None:
        """A label hotkey: label the selection (snapped unless `exact`), or relabel the chosen span."""
        document_id = self.document_id
        if document_id is None:
            return
        label = self.session.service.schema.by_hotkey(key, "span")
        if label is None:
            return
        offsets = self.view.selection_offsets()
        if offsets is not None:
            snap = self.session.snap_to_words and not exact
            span = self.session.add_span(document_id, *offsets, label.name, snap=snap)
            if span is not None:
                self.view.select_span(self.view.index.get(span.id or -1) or span)
            return
        selected = self.view.selected_span()
        if selected is not None and selected.id is not None:
            self.session.relabel_span(selected.id, label.name)

    def accept_suggestions(self) -> None:
        """Accept every suggested span (e.g. DEBRIS) of the open article in one action."""
        if self.document_id is not None:
            accepted = self.session.service.accept_suggestions(self.document_id)
            self.session.message.emit(f"accepted {len(accepted)} suggested spans")

    def _on_delete(self) -> None:
        selected = self.view.selected_span()
        if selected is not None and selected.id is not None:
            self.session.remove_span(selected.id)

    # -- keeping in step with the project ------------------------------------------------------

    def _on_span_added(self, span: Span) -> None:
        if span.document_id == self.document_id:
            self.view.add_span(span)

    def _on_span_removed(self, span: Span) -> None:
        if span.document_id == self.document_id:
            self.view.remove_span(span)

    def _on_span_changed(self, before: Span, after: Span) -> None:
        if after.document_id == self.document_id:
            self.view.replace_span(after)
            if self.view.selected_span_id == after.id:
                self.span_selected.emit(after)

    def _on_document_changed(self, document_id: int) -> None:
        if document_id == self.document_id:
            document = self.session.service.document(document_id)
            self.view.document_model = document
            self._update_header(document)
