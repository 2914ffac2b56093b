"""Edits of a span's extent, and of several spans at once (relabel, delete, relate to one head).

Reached as `ProjectService.span_edits`. Like every service edit, each method is one transaction,
then one announcement per changed item, and returns what its undo needs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from annotator.domain import events
from annotator.domain.errors import (
    CONNECTION_CHANGED_MEANWHILE,
    AnnotatorError,
    ChangedMeanwhile,
    NotFound,
)
from annotator.domain.looks import SpanLook
from annotator.domain.model import Relation, RemovedSpan, Span
from annotator.service.as_shown import span_as_shown, spans_as_shown, versions_of
from annotator.storage import span_edits

if TYPE_CHECKING:
    from annotator.service.project import ProjectService


class SpanEdits:
    def __init__(self, service: ProjectService) -> None:
        self._service = service

    def resize_span(
        self, span_id: int, start: int, end: int, shown: SpanLook | None = None
    ) -> Span:
        """Move a span to `[start, end)` of its article; returns the span as it was. Refused
        (`ChangedMeanwhile`) if it is no longer as `shown` (`service.as_shown`)."""
        service = self._service
        store = service.store
        before = span_as_shown(store, span_id, shown)
        text = service.text_of(before.document_id)
        after = Span.in_text(
            before.document_id,
            text,
            start,
            end,
            before.label,
            service.schema,
            id=before.id,
            attributes=before.attributes,
            note=before.note,
            suggested=before.suggested,
        )
        version = None if shown is None else before.version
        span_edits.set_extent(store, span_id, start, end, text, version)
        service._announce(events.SpanChanged(before, after))
        return before

    def relabel_spans(
        self, span_ids: Sequence[int], label: str, shown: Mapping[int, SpanLook] | None = None
    ) -> list[Span]:
        """Give several spans one label (accepting suggestions among them); returns them as they
        were, for `ProjectService.update_spans` to put back. All refused (`ChangedMeanwhile`)
        if one of them is no longer as `shown` (by span id)."""
        service = self._service
        service.schema.require(label, "span")
        befores = spans_as_shown(service.store, span_ids, shown)
        changed = [
            (before, replace(before, label=label, suggested=False))
            for before in (befores[i] for i in span_ids if i in befores)
            if before.label != label or before.suggested
        ]
        with service.store.transaction():
            for _before, after in changed:
                service.store.update_span(after)
        for before, after in changed:
            service._announce(events.SpanChanged(before, replace(after, version=None)))
        return [before for before, _after in changed]

    def remove_spans(
        self, span_ids: Sequence[int], shown: Mapping[int, SpanLook] | None = None
    ) -> list[RemovedSpan]:
        """Delete several spans with their relations and links; the result brings them back.
        None deleted (`ChangedMeanwhile`) if one of them is no longer as `shown` (by span id)."""
        service = self._service
        versions = versions_of(spans_as_shown(service.store, span_ids, shown), shown)
        removed = span_edits.delete_spans(service.store, span_ids, versions)
        for item in removed:
            for relation in item.relations:
                service._announce(events.RelationRemoved(relation))
            for link in item.links:
                service._announce(
                    events.LinkRemoved(link, service._link_documents(link, item.span))
                )
        for item in removed:
            service._announce(events.SpanRemoved(item.span))
        return removed

    def restore_spans(self, removed: Sequence[RemovedSpan]) -> None:
        """Undo of `remove_spans`: the same spans, ids, relations and links."""
        service = self._service
        texts = {item.span.document_id: service.text_of(item.span.document_id) for item in removed}
        span_edits.restore_spans(service.store, removed, texts)
        for item in removed:
            service._announce(events.SpanAdded(item.span))
        for item in removed:
            for relation in item.relations:
                service._announce(events.RelationAdded(relation))
            for link in item.links:
                service._announce(events.LinkAdded(link, service._link_documents(link)))

    def relate_to_head(
        self,
        head_id: int,
        child_ids: Sequence[int],
        label: str,
        shown: Mapping[int, SpanLook] | None = None,
    ) -> list[Relation]:
        """Relate one head span to several others with one label, all or none; refused
        (`ChangedMeanwhile`) if one of them is no longer as `shown` (by span id)."""
        service = self._service
        store = service.store
        spans = spans_as_shown(store, [head_id, *child_ids], shown)
        if head_id not in spans:
            raise AnnotatorError(f"no span {head_id}")
        head = spans[head_id]
        children = {i: spans[i] for i in child_ids if i in spans}
        relations = []
        for child_id in child_ids:
            if child_id not in children:
                raise AnnotatorError(f"no span {child_id}")
            relation = Relation.between(head, children[child_id], label, service.schema)
            relations.append(replace(relation, layer=head.layer))  # in its spans' layer
        with store.transaction():
            stored = [store.insert_relation(relation) for relation in relations]
        for relation in stored:
            service._announce(events.RelationAdded(relation))
        return stored

    def remove_relations(self, relations: Sequence[Relation]) -> None:
        """Undo of `relate_to_head`."""
        service = self._service
        try:
            with service.store.transaction():
                for relation in relations:
                    assert relation.id is not None
                    service.store.delete_relation(relation.id)
        except NotFound:  # deleted elsewhere meanwhile, or with one of its spans
            raise ChangedMeanwhile(CONNECTION_CHANGED_MEANWHILE) from None
        for relation in relations:
            service._announce(events.RelationRemoved(relation))

    def restore_relations(self, relations: Sequence[Relation]) -> None:
        """Redo of `relate_to_head`: the same relations, same ids."""
        service = self._service
        with service.store.transaction():
            for relation in relations:
                service.store.insert_relation(relation)
        for relation in relations:
            service._announce(events.RelationAdded(relation))
