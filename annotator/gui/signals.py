"""The service's announcements as typed Qt signals, for views to connect to."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from annotator.domain import events
from annotator.service import ProjectService


class ProjectSignals(QObject):
    """Re-emits every `ProjectService` event once, as the Qt signal of its type."""

    span_added = Signal(object)  # Span
    span_removed = Signal(object)  # Span
    span_changed = Signal(object, object)  # before, after
    relation_added = Signal(object)  # Relation
    relation_removed = Signal(object)  # Relation
    link_added = Signal(object, object)  # Link, (document_id, document_id)
    link_removed = Signal(object, object)
    documents_added = Signal(object)  # tuple of ids
    document_changed = Signal(int)
    schema_changed = Signal()
    changed_elsewhere = Signal()  # another connection committed: reread what is shown
    stories_changed = Signal()

    def __init__(self, service: ProjectService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe = service.subscribe(self._emit)

    def detach(self) -> None:
        """Stop listening (once; a second call does nothing)."""
        unsubscribe, self._unsubscribe = self._unsubscribe, lambda: None
        unsubscribe()

    def _emit(self, event: events.Event) -> None:
        match event:
            case events.SpanAdded(span):
                self.span_added.emit(span)
            case events.SpanRemoved(span):
                self.span_removed.emit(span)
            case events.SpanChanged(before, after):
                self.span_changed.emit(before, after)
            case events.RelationAdded(relation):
                self.relation_added.emit(relation)
            case events.RelationRemoved(relation):
                self.relation_removed.emit(relation)
            case events.LinkAdded(link, documents):
                self.link_added.emit(link, documents)
            case events.LinkRemoved(link, documents):
                self.link_removed.emit(link, documents)
            case events.DocumentsAdded(ids):
                self.documents_added.emit(ids)
            case events.DocumentChanged(document_id):
                self.document_changed.emit(document_id)
            case events.SchemaChanged():
                self.schema_changed.emit()
            case events.ChangedElsewhere():
                self.changed_elsewhere.emit()
            case events.StoriesChanged():
                self.stories_changed.emit()
