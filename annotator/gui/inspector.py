"""The inspector: the chosen span's label, exact text, offsets, attributes and note.

Every edit here is saved at once as one undoable command; the form refreshes itself from the
project's announcements, so an undo elsewhere shows here too.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.labels import AttributeSpec
from annotator.domain.model import Link, Relation, Span
from annotator.gui.entries import EntriesModel
from annotator.gui.plain import plain_label
from annotator.gui.session import Session
from annotator.storage.suggestions import SuggestedRelation

UNSET = "—"


class SpanInspector(QWidget):
    span_chosen = Signal(int)  # a span of the same article, to reveal
    link_chosen = Signal(object)  # a Link, whose other end to open

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.span: Span | None = None
        self._text = ""
        self._labels_listed: object = None  # the schema the label box lists
        self._attributes_shown: tuple[AttributeSpec, ...] = ()
        self._loading = False

        self.empty = QLabel("Choose a span (click it, or Tab in a pane) to see it here.")
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #777")
        self.label_box = QComboBox()
        self.label_box.setObjectName("InspectorLabel")
        self.text_label = plain_label()
        self.text_label.setObjectName("InspectorText")
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.offsets_label = plain_label()
        self.offsets_label.setObjectName("InspectorOffsets")
        self.attributes_form = QFormLayout()
        self.attribute_widgets: dict[str, QWidget] = {}
        self.note = QPlainTextEdit()
        self.note.setObjectName("InspectorNote")
        self.note.setPlaceholderText("A note on this span…")
        self.note.setMaximumHeight(90)
        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(700)
        self._note_timer.timeout.connect(self.save_note)

        self.relations_model = EntriesModel(self)
        self.relations_list = self._list("InspectorRelations", self.relations_model)
        self.chain_model = EntriesModel(self)
        self.chain_list = self._list("InspectorChain", self.chain_model)
        self.chain_title = QLabel("<b>Attribution chain</b>")
        self.links_model = EntriesModel(self)
        self.links_list = self._list("InspectorLinks", self.links_model)
        delete_relation = QPushButton("Delete relation")
        delete_relation.clicked.connect(self._delete_relation)
        delete_link = QPushButton("Delete link")
        delete_link.clicked.connect(self._delete_link)

        self.form = QWidget()
        form = QFormLayout(self.form)
        form.addRow("Label", self.label_box)
        form.addRow("Text", self.text_label)
        form.addRow("Offsets", self.offsets_label)
        form.addRow(self.attributes_form)
        form.addRow("Note", self.note)
        form.addRow(QLabel("<b>Relations</b>"))
        form.addRow(self.relations_list)
        form.addRow(delete_relation)
        form.addRow(self.chain_title)
        form.addRow(self.chain_list)
        form.addRow(QLabel("<b>Links to other articles</b>"))
        form.addRow(self.links_list)
        form.addRow(delete_link)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.form)
        layout.addStretch(1)

        self.label_box.activated.connect(self._label_chosen)
        self.note.textChanged.connect(self._note_edited)
        signals = session.signals
        signals.span_changed.connect(self._on_span_changed)
        signals.span_removed.connect(self._on_span_removed)
        signals.schema_changed.connect(lambda: self.show_span(self.span, self._text))
        signals.changed_elsewhere.connect(self._on_changed_elsewhere)
        for signal in (
            signals.relation_added,
            signals.relation_removed,
            signals.link_added,
            signals.link_removed,
        ):
            signal.connect(lambda *_: self._show_connections())
        self.show_span(None, "")

    def _list(self, name: str, model: EntriesModel) -> QListView:
        view = QListView()
        view.setObjectName(name)
        view.setModel(model)
        view.setMaximumHeight(120)
        view.setWordWrap(True)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        view.activated.connect(lambda index, m=model: self.choose_entry(m, index.row()))
        view.clicked.connect(lambda index, m=model: self.choose_entry(m, index.row()))
        return view

    def choose_entry(self, model: EntriesModel, row: int) -> None:
        """Clicking an entry goes to its span (same article) or opens the linked article."""
        payload = model.payload(row)
        if isinstance(payload, Link):
            self.link_chosen.emit(payload)
        elif isinstance(payload, (Relation, SuggestedRelation)):
            assert self.span is not None
            other = payload.child_id if payload.head_id == self.span.id else payload.head_id
            self.span_chosen.emit(other)
        elif isinstance(payload, int):
            self.span_chosen.emit(payload)

    def _describe(self, span: Span, texts: dict[int, str]) -> str:
        text = texts[span.document_id][span.start : span.end]
        return f"{span.label} “{text if len(text) <= 50 else text[:47] + '…'}”"

    def _show_connections(self) -> None:
        span = self.span
        if span is None or span.id is None:
            for model in (self.relations_model, self.chain_model, self.links_model):
                model.set_entries([])
            return
        service = self.session.service
        if not service.spans_by_ids([span.id]):  # deleted: its removal is being announced
            return
        relations = service.relations_of_span(span.id)
        links = service.links_of_span(span.id)
        chain = service.attribution_chain(span.id) if span.label == "CLAIM" else []
        ids = [i for r in relations for i in (r.head_id, r.child_id)]
        ids += [i for link in links for i in (link.a_id, link.b_id)] + [
            step.span_id for step in chain
        ]
        spans = service.spans_by_ids(ids)
        texts = {d: service.text_of(d) for d in {s.document_id for s in spans.values()}}
        texts.setdefault(span.document_id, service.text_of(span.document_id))
        entries: list[tuple[str, object]] = []
        for relation in relations:
            if relation.head_id == span.id:
                other, arrow = spans[relation.child_id], "→"
            else:
                other, arrow = spans[relation.head_id], "←"
            entries.append((f"{arrow} {relation.label} {self._describe(other, texts)}", relation))
        for proposal in service.suggestions.relations_of_span(span.id):  # proposed, not made
            ends = service.spans_by_ids([proposal.head_id, proposal.child_id])
            if proposal.head_id == span.id:
                other, arrow = ends[proposal.child_id], "→"
            else:
                other, arrow = ends[proposal.head_id], "←"
            entries.append(
                (
                    f"{arrow} {proposal.label}? {self._describe(other, texts)}"
                    f" ({proposal.origin}, {proposal.score:.2f})",
                    proposal,
                )
            )
        self.relations_model.set_entries(entries)
        chain_entries: list[tuple[str, object]] = []
        if span.label == "CLAIM":
            chain_entries.append((f"claim {self._describe(span, texts)}", span.id))
            for step in chain:
                chain_entries.append(
                    (
                        f"← {step.relation.label} {self._describe(spans[step.span_id], texts)}",
                        step.span_id,
                    )
                )
            row = service.document_row(span.document_id)  # no need to read the text again
            publisher = (row.outlet or row.title) if row is not None else None
            chain_entries.append(
                (f"← published by {publisher or 'this article'} (#{span.document_id})", None)
            )
        self.chain_title.setVisible(bool(chain_entries))
        self.chain_list.setVisible(bool(chain_entries))
        self.chain_model.set_entries(chain_entries)
        link_entries: list[tuple[str, object]] = []
        for link in links:
            other = spans[link.b_id if link.a_id == span.id else link.a_id]
            link_entries.append(
                (f"{link.label} ↔ #{other.document_id} {self._describe(other, texts)}", link)
            )
        for proposed in service.suggestions.links_of_span(span.id):  # proposed: F links it
            other_id = proposed.b_id if proposed.a_id == span.id else proposed.a_id
            other = service.spans_by_ids([other_id])[other_id]
            texts.setdefault(other.document_id, service.text_of(other.document_id))
            link_entries.append(
                (
                    f"{proposed.label}? ↔ #{other.document_id} {self._describe(other, texts)}"
                    f" ({proposed.score:.2f}; F to link)",
                    None,
                )
            )
        self.links_model.set_entries(link_entries)

    def _delete_relation(self) -> None:
        row = self.relations_list.currentIndex().row()
        payload = self.relations_model.payload(row)
        if isinstance(payload, Relation) and payload.id is not None:
            self.session.remove_relation(payload.id)
        elif isinstance(payload, SuggestedRelation) and payload.id is not None:
            self.session.reject_proposed_relation(payload.id)
            self._show_connections()  # a proposal is not a relation: no announcement redraws it

    def _delete_link(self) -> None:
        row = self.links_list.currentIndex().row()
        payload = self.links_model.payload(row)
        if isinstance(payload, Link) and payload.id is not None:
            self.session.remove_link(payload.id)

    # -- showing -------------------------------------------------------------------------------

    def show_span(self, span: Span | None, document_text: str) -> None:
        if self._note_timer.isActive():
            self._note_timer.stop()
            self.save_note()
        self.span = span
        self._text = document_text
        self.empty.setVisible(span is None)
        self.form.setVisible(span is not None)
        if span is None:
            return
        self._loading = True
        try:
            schema = self.session.service.schema
            if schema is not self._labels_listed:  # rebuilt only when the schema changed
                self.label_box.clear()
                for label in schema.of_kind("span"):
                    self.label_box.addItem(f"{label.hotkey or ' '}  {label.name}", label.name)
                self._labels_listed = schema
            self.label_box.setCurrentIndex(self.label_box.findData(span.label))
            excerpt = document_text[span.start : span.end]
            self.text_label.setText(excerpt if len(excerpt) < 600 else excerpt[:600] + " …")
            self.offsets_label.setText(
                f"{span.start}–{span.end} ({span.end - span.start} characters)"
                + (" · suggested" if span.suggested else "")
                + self._origin_text(span)
            )
            self._build_attributes(span)
            if self.note.toPlainText() != span.note:
                self.note.setPlainText(span.note)
        finally:
            self._loading = False
        self._show_connections()

    def _origin_text(self, span: Span) -> str:
        """Who proposed the span and how sure it was (kept after it is accepted)."""
        origin = self.session.service.suggestions.origin(span.id) if span.id is not None else None
        return f" by {origin.origin}, score {origin.score:.2f}" if origin is not None else ""

    def _build_attributes(self, span: Span) -> None:
        label = self.session.service.schema.get(span.label)
        specs = label.attributes if label else ()
        if specs == self._attributes_shown and self.attribute_widgets:
            self._show_attribute_values(span)  # same fields: keep the widgets, set the values
            return
        while self.attributes_form.rowCount():
            self.attributes_form.removeRow(0)
        self.attribute_widgets = {}
        self._attributes_shown = specs
        for spec in specs:
            widget = self._attribute_widget(spec, span.attributes.get(spec.name))
            self.attribute_widgets[spec.name] = widget
            self.attributes_form.addRow(
                plain_label(spec.name.replace("_", " ").capitalize()), widget
            )

    def _show_attribute_values(self, span: Span) -> None:
        for name, widget in self.attribute_widgets.items():
            value = span.attributes.get(name)
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value)))
            elif isinstance(widget, QLineEdit):
                widget.setText("" if value is None else str(value))

    def _attribute_widget(self, spec: AttributeSpec, value: Any) -> QWidget:
        if spec.kind == "bool":
            box = QCheckBox()
            box.setChecked(bool(value))
            box.toggled.connect(lambda on, n=spec.name: self.set_attribute(n, on))
            return box
        if spec.kind == "choice":
            combo = QComboBox()
            combo.addItem(UNSET, None)
            for choice in spec.choices:
                combo.addItem(choice, choice)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.activated.connect(
                lambda _i, n=spec.name, c=combo: self.set_attribute(n, c.currentData())
            )
            return combo
        if spec.kind == "number":
            number = QLineEdit("" if value is None else str(value))
            number.setValidator(QDoubleValidator(number))
            number.editingFinished.connect(
                lambda n=spec.name, e=number: self.set_attribute(n, _number(e.text()))
            )
            return number
        line = QLineEdit(value or "")
        line.editingFinished.connect(
            lambda n=spec.name, e=line: self.set_attribute(n, e.text() or None)
        )
        return line

    # -- editing -------------------------------------------------------------------------------

    def set_attribute(self, name: str, value: Any) -> None:
        if self._loading or self.span is None:
            return
        attributes = dict(self.span.attributes)
        if value is None:
            attributes.pop(name, None)
        else:
            attributes[name] = value
        after = replace(self.span, attributes=attributes)
        self.session.update_span(after, f"Set {name}", shown=self.span)

    def _label_chosen(self, _index: int) -> None:
        if self.span is not None and self.span.id is not None:
            self.session.relabel_span(self.span.id, self.label_box.currentData(), shown=self.span)

    def _note_edited(self) -> None:
        if not self._loading and self.span is not None:
            self._note_timer.start()

    def save_note(self) -> None:
        if self.span is None:
            return
        text = self.note.toPlainText()
        if text != self.span.note:
            self.session.update_span(replace(self.span, note=text), "Edit note", shown=self.span)

    # -- keeping in step -----------------------------------------------------------------------

    def _on_span_changed(self, _before: Span, after: Span) -> None:
        if self.span is not None and after.id == self.span.id:
            self.show_span(after, self._text)

    def _on_changed_elsewhere(self) -> None:
        """Another writer may have changed or deleted the span shown, or its connections."""
        if self.span is None or self.span.id is None:
            return
        fresh = self.session.service.spans_by_ids([self.span.id]).get(self.span.id)
        if fresh is None:
            self.show_span(None, "")
        elif fresh != self.span:
            self.show_span(fresh, self._text)
        else:
            self._show_connections()

    def _on_span_removed(self, span: Span) -> None:
        if self.span is not None and span.id == self.span.id:
            self.show_span(None, "")


def _number(text: str) -> int | float | None:
    """A number field's value: an int when it has no fraction, None when empty."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return (
        int(value) if value.is_integer() and "." not in text and "e" not in text.lower() else value
    )
