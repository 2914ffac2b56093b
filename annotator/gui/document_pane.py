"""A pane showing one article: a header (`pane_header`) with its title and metadata over the
annotated text.

The pane turns key presses of its view into session edits, and keeps its view in step with every
change the project announces, whoever made it (another pane on the same article, undo, an import).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from annotator.domain.errors import NotFound
from annotator.domain.labels import Label
from annotator.domain.model import Document, Relation, Span
from annotator.gui.overlay import BottomOverlay
from annotator.gui.pane_header import PaneHeader
from annotator.gui.seen_marks import SeenMarks
from annotator.gui.session import Session
from annotator.gui.span_editing import SpanExtentEditor
from annotator.gui.span_index import SpanMark
from annotator.gui.text_view import AnnotatedTextView
from annotator.storage.repository import ProjectBusy


@dataclass(frozen=True)
class PaneMode:
    """A relation or link being made: its head span, then its other end, then the label options."""

    kind: str  # "relation" or "link"
    head_id: int
    child_id: int | None = None
    options: tuple[Label, ...] = ()
    children: tuple[int, ...] = ()  # several spans related to one head at once


#: Articles longer than this (in characters) open with the spans of their first screen only and
#: load the rest just after the first paint.
LONG_ARTICLE = 200_000
FIRST_SCREEN = 20_000


class DocumentPane(QFrame):
    span_selected = Signal(object)  # Span or None
    close_requested = Signal()
    move_requested = Signal(int)  # -1 left, +1 right
    link_requested = Signal()  # L pressed with a span chosen: the area finds the other end
    document_opened = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("DocumentPane")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.header_box = PaneHeader(session)
        self.header_box.move_requested.connect(self.move_requested)
        self.header_box.close_requested.connect(self.close_requested)
        self.header = self.header_box
        self.layer_choice = self.header_box.layer_choice
        self.layer_choice.layer_chosen.connect(self.show_layer)
        self.header_buttons = self.header_box.buttons
        self.view = AnnotatedTextView(self._label_color)
        #: The layer shown when not one's own (another analyst's, read-only); None: one's own.
        self.layer: str | None = None
        #: Whether edits in this pane go to `layer` (the curator's pane on `curated`).
        self.writes_layer = False
        #: Whether `layer` stays when another article opens (the adjudication window's panes).
        self.layer_fixed = False
        self.seen_marks = SeenMarks()
        #: A few words before the title (the adjudication window numbers its analysts' panes).
        self.caption = ""
        # over the text's bottom edge, not above it: entering a mode never moves the text
        self.prompt = BottomOverlay(self.view, self)
        self._mode: PaneMode | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header_box)
        layout.addWidget(self.view, 1)
        self.view.installEventFilter(self)
        self.view.relation_dragged.connect(self._relation_dragged)
        self.extent_editor = SpanExtentEditor(self.view, session, lambda: self._mode is None)
        self.show_document(None)

        self.view.label_key_pressed.connect(self.apply_hotkey)
        self.view.delete_pressed.connect(self._on_delete)
        self.view.span_selected.connect(self._on_view_selected)
        signals = session.signals
        signals.span_added.connect(self._on_span_added)
        signals.span_removed.connect(self._on_span_removed)
        signals.span_changed.connect(self._on_span_changed)
        signals.schema_changed.connect(self._on_schema_changed)
        signals.document_changed.connect(self._on_document_changed)
        signals.relation_added.connect(self._on_relations_changed)
        signals.relation_removed.connect(self._on_relations_changed)
        signals.changed_elsewhere.connect(self._on_changed_elsewhere)

    @property
    def document_id(self) -> int | None:
        document = self.view.document_model
        return document.id if document is not None else None

    def set_active_look(self, active: bool) -> None:
        """The active pane's header is tinted, so the analyst sees where a hotkey will land."""
        color = "#dbe8f7" if active else "#f3f3f3"
        self.header_box.setStyleSheet(f"#PaneHeaderBox {{ background: {color}; }}")

    @property
    def read_only(self) -> bool:
        """Whether the pane shows another analyst's layer (no edits from it)."""
        return self.layer is not None and not self.writes_layer

    def _marks(self, document_id: int, before: int | None = None) -> list:  # type: ignore[type-arg]
        if self.layer is None:
            return self.session.service.span_marks(document_id, before)
        return self.session.service.store.span_marks(document_id, before, layer=self.layer)

    def fix_layer(self, layer: str, *, writes: bool = False, caption: str = "") -> None:
        """Show `layer` of every article this pane opens, editable when `writes` (the curated
        layer), without the layer choice and the move and close buttons (a pane of the
        adjudication window, which places its panes itself)."""
        self.layer, self.writes_layer, self.layer_fixed, self.caption = layer, writes, True, caption
        self.layer_choice.hide()
        for button in self.header_buttons:
            button.hide()

    def show_layer(self, layer: str | None) -> None:
        """Show another analyst's layer of the open article (read-only), or one's own (None)."""
        self.layer = layer
        document_id = self.document_id
        if document_id is not None:
            self.cancel_mode()
            self.view.set_marks(self._marks(document_id))
            self._load_relations()
            self._update_header(self.view.document_model)

    def _refuse_edit(self) -> bool:
        if self.read_only:
            self.session.message.emit(
                f"This pane shows {self.layer}'s layer, read-only: choose your own layer to edit."
            )
        return self.read_only

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
        if self.document_id != document_id and not self.layer_fixed:
            self.layer = None
        if len(document.text) > LONG_ARTICLE:
            # Paint the first screen at once; the rest of the spans follow right after the paint.
            self.show_document(document, self._marks(document_id, FIRST_SCREEN))
            QTimer.singleShot(0, lambda: self._load_all_marks(document_id))
        else:
            self.show_document(document, self._marks(document_id))
        if self.session.remembers_place:
            with contextlib.suppress(ProjectBusy):  # where to reopen: not worth waiting for a lock
                service.set_setting("last_document", document_id)

    def _load_relations(self) -> None:
        document_id = self.document_id
        service = self.session.service
        if document_id is None:
            self.view.set_relations([])
        elif self.layer is None:
            self.view.set_relations(service.relations(document_id))
        else:
            self.view.set_relations(service.store.relations_of(document_id, layer=self.layer))

    def _on_relations_changed(self, relation: Relation) -> None:
        if relation.document_id == self.document_id:
            self._load_relations()

    def _load_all_marks(self, document_id: int) -> None:
        if self.document_id == document_id:
            self.view.set_marks(self._marks(document_id))

    def show_document(
        self, document: Document | None, marks: list[tuple[int, int, int, str, bool]] | None = None
    ) -> None:
        self.cancel_mode()
        self.view.show_document(document, marks or [])
        self._load_relations()
        self._update_header(document)
        self.layer_choice.fill(document.id if document is not None else None, self.layer)
        if self.layer_fixed:
            self.layer_choice.hide()
        self.document_opened.emit()

    def reveal_span(self, span_id: int) -> None:
        """Choose a span and scroll it into the middle of the view."""
        mark = self.view.index.get(span_id)
        if mark is None:
            return
        self.view.select_span(mark, move_caret=True)
        self.view.centerCursor()

    def _update_header(self, document: Document | None) -> None:
        self.header_box.show_article(
            document,
            layer=self.layer,
            writes_layer=self.writes_layer,
            caption=self.caption,
            compact=self.layer_fixed,
        )

    # -- edits asked for by the keyboard -------------------------------------------------------

    def apply_hotkey(self, key: str, exact: bool = False) -> None:
        """A label hotkey: label the selection (snapped unless `exact`), or relabel the chosen span."""
        document_id = self.document_id
        if document_id is None or self._refuse_edit():
            return
        label = self.session.service.schema.by_hotkey(key, "span")
        if label is None:
            return
        offsets = self.view.selection_offsets()
        chosen = self.view.chosen_spans()
        if offsets is None and len(chosen) > 1:
            self.session.relabel_spans([s.id for s in chosen], label.name)
            return
        if offsets is not None:
            snap = self.session.snap_to_words and not exact
            layer = self.layer if self.writes_layer else None
            span = self.session.add_span(document_id, *offsets, label.name, snap=snap, layer=layer)
            if span is not None and span.id is not None:
                self.view.clear_text_selection()
                self.view.select_span(self.view.index.get(span.id))
            return
        selected = self.view.selected_span()
        if selected is not None and selected.id is not None:
            shown = self.seen_marks.seen(selected)
            self.session.relabel_span(selected.id, label.name, shown=shown)
            self.seen_marks.forget()  # a refusal redrew it: the next key acts on what shows

    def accept_suggestions(self) -> None:
        """Accept every suggested span (e.g. DEBRIS) of the open article in one action."""
        if self.document_id is not None and not self._refuse_edit():
            accepted = self.session.accept_suggestions(self.document_id)
            self.session.message.emit(f"accepted {accepted} suggested spans (Ctrl+Z undoes)")

    # -- relations and links: small keyboard modes ---------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """Keys of the relation and link modes, seen before the view's own."""
        if watched is not self.view or event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        key, text = event.key(), event.text()
        plain = not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier
            | Qt.KeyboardModifier.AltModifier
            | Qt.KeyboardModifier.MetaModifier
        )
        mode = self._mode
        if self.read_only and (
            key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            or (plain and text.lower() in ("r", "l"))
        ):
            return self._refuse_edit()
        if mode is not None:
            if key == Qt.Key.Key_Escape:
                self.cancel_mode()
                return True
            if mode.options:  # choosing the label: its hotkey, nothing else
                if plain and text:
                    self._choose(text)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.confirm_relation_child()
                return True
            return False  # Tab, clicks and arrows move to the child span
        chosen = self.view.selected_span()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and chosen is not None and chosen.suggested:
            self.session.accept_suggested([chosen.id])  # Enter accepts the chosen suggestion
            return True
        if plain and text.lower() == "r" and self.view.selected_span() is not None:
            self.start_relation()
            return True
        if plain and text.lower() == "f" and chosen is not None:
            self.session.find_elsewhere.emit(chosen.id)
            return True
        if plain and text.lower() == "l" and self.view.selected_span() is not None:
            self.link_requested.emit()
            return True
        return False

    def start_relation(self) -> None:
        """R: the chosen span is the head; Tab or click to the child, Enter to confirm."""
        head = self.view.selected_span()
        if head is None:
            self.session.message.emit("Choose the head span first (Tab or click), then press R.")
            return
        chosen = self.view.chosen_spans()
        if len(chosen) > 1:
            self._relate_many(chosen[0], [s.id for s in chosen[1:]])
            return
        self._mode = PaneMode("relation", head.id)
        self._show_prompt(
            f"Relation from {head.label} “{self._excerpt(head.start, head.end)}”: move to the"
            " other span (Tab or click), then Enter. Esc cancels."
        )

    def confirm_relation_child(self) -> None:
        mode = self._mode
        child = self.view.selected_span()
        if mode is None or child is None or child.id == mode.head_id:
            self.session.message.emit("Move to another span (Tab or click), then press Enter.")
            return
        options = self.session.service.relation_labels_for(mode.head_id, child.id)
        if not options:
            head = self.session.service.span(mode.head_id)
            self.session.message.emit(
                f"No relation label of the schema goes from {head.label} to {child.label}."
            )
            return
        self._mode = PaneMode("relation", mode.head_id, child.id, tuple(options))
        self._show_prompt("Relation label: " + self._options_text(options) + ". Esc cancels.")

    def _relate_many(self, head: SpanMark, child_ids: list[int]) -> None:
        """Several spans chosen: the first chosen is the head of a relation to each of the others,
        with the one label asked for next (only labels the schema allows for all of them)."""
        service = self.session.service
        allowed = service.relation_labels_for(head.id, child_ids[0])
        for child_id in child_ids[1:]:
            names = {o.name for o in service.relation_labels_for(head.id, child_id)}
            allowed = [o for o in allowed if o.name in names]
        if not allowed:
            self.session.message.emit(
                f"No relation label of the schema goes from {head.label} to all the other"
                " chosen spans."
            )
            return
        self._mode = PaneMode("relation", head.id, child_ids[0], tuple(allowed), tuple(child_ids))
        self._show_prompt(
            f"Relation from {head.label} “{self._excerpt(head.start, head.end)}” to"
            f" {len(child_ids)} spans: " + self._options_text(allowed) + ". Esc cancels."
        )

    def _relation_dragged(self, head_id: int, child_id: int) -> None:
        self._mode = PaneMode("relation", head_id)
        self.confirm_relation_child()

    def start_link(self, other_span_id: int, labels: list[Label]) -> None:
        """Ask for the label of a link from this pane's chosen span to `other_span_id`."""
        here = self.view.selected_span()
        if here is None:
            return
        self._mode = PaneMode("link", here.id, other_span_id, tuple(labels))
        self._show_prompt("Link label: " + self._options_text(labels) + ". Esc cancels.")
        self.view.setFocus()

    def _choose(self, key: str) -> None:
        mode = self._mode
        assert mode is not None and mode.child_id is not None
        label = next((o for o in mode.options if o.hotkey == key), None)
        if label is None:
            return
        self.cancel_mode()
        if mode.kind == "relation" and len(mode.children) > 1:
            self.session.relate_to_head(mode.head_id, list(mode.children), label.name)
        elif mode.kind == "relation":
            self.session.add_relation(mode.head_id, mode.child_id, label.name)
        else:
            self.session.add_link(mode.head_id, mode.child_id, label.name)

    def cancel_mode(self) -> None:
        self._mode = None
        self.prompt.hide()

    @property
    def mode(self) -> PaneMode | None:
        return self._mode

    def _show_prompt(self, text: str) -> None:
        self.prompt.show_text(text)

    @staticmethod
    def _options_text(options: list[Label] | tuple[Label, ...]) -> str:
        return "   ".join(f"[{o.hotkey}] {o.name}" for o in options)

    def _excerpt(self, start: int, end: int) -> str:
        document = self.view.document_model
        text = document.text[start:end] if document else ""
        return text if len(text) <= 40 else text[:37] + "…"

    def _on_delete(self) -> None:
        if self._refuse_edit():
            return
        chosen = self.view.chosen_spans()
        if len(chosen) > 1:
            self.session.remove_spans([s.id for s in chosen])
            return
        selected = self.view.selected_span()
        if selected is not None and selected.id is not None:
            if selected.suggested:  # Delete on a suggestion rejects it (and remembers that)
                self.session.reject_suggested([selected.id])
            else:
                self.session.remove_span(selected.id, shown=self.seen_marks.seen(selected))
                self.seen_marks.forget()

    def selected_span(self) -> Span | None:
        """The chosen span, whole (attributes, note), as the project holds it."""
        mark = self.view.selected_span()
        return self.session.service.span(mark.id) if mark is not None else None

    def _on_view_selected(self, mark: SpanMark | None) -> None:
        """The view knows a span by its mark; the inspector needs all of it, from the project."""
        self.span_selected.emit(self.session.service.span(mark.id) if mark is not None else None)

    # -- keeping in step with the project ------------------------------------------------------

    def _shows(self, span: Span) -> bool:
        """Whether the span is of this pane's article and layer."""
        if span.document_id != self.document_id:
            return False
        shown = self.layer if self.layer is not None else self.session.service.store.write_layer
        return span.layer is None or span.layer == shown

    def _on_span_added(self, span: Span) -> None:
        if self._shows(span):
            self.view.add_span(span)

    def _on_span_removed(self, span: Span) -> None:
        if self._shows(span):
            self.view.remove_span(span)

    def _on_span_changed(self, before: Span, after: Span) -> None:
        if self._shows(after):
            self.view.replace_span(after)
            if self.view.selected_span_id == after.id:
                self.span_selected.emit(after)

    def _on_schema_changed(self) -> None:
        """A rename or merge relabels spans without a span event: read them again."""
        document_id = self.document_id
        if document_id is not None:
            self.view.set_marks(self._marks(document_id))
            self._load_relations()
        self.view.refresh_colors()

    def _on_changed_elsewhere(self) -> None:
        """Another writer may have changed this article's spans, relations or status."""
        document_id = self.document_id
        if document_id is None:
            return
        try:
            document = self.session.service.document(document_id)
        except NotFound:  # deleted elsewhere
            self.show_document(None)
            return
        chosen = self.view.selected_span_id
        before = self.view.selected_span()
        if not self.layer_fixed:  # another analyst's first span here brings their layer
            self.layer_choice.fill(document_id, self.layer)
            if self.layer is not None and self.layer_choice.currentData() != self.layer:
                self.layer = None  # the layer shown is gone: back to one's own
        self.view.set_marks(self._marks(document_id))
        self.seen_marks.redrawn(before, self.view.selected_span())
        self._load_relations()
        self.view.document_model = document
        self._update_header(document)
        if chosen is not None and self.view.selected_span_id is None:
            self.span_selected.emit(None)  # the chosen span was deleted elsewhere

    def _on_document_changed(self, document_id: int) -> None:
        if document_id == self.document_id:
            document = self.session.service.document(document_id)
            self.view.document_model = document
            self._update_header(document)
