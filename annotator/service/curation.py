"""Adjudication: settling the analysts' disagreements on an article into the `curated` layer.

Reached as `ProjectService.team.curation`. What a disagreement is lives in
`annotator.domain.disagreements`; this module reads the layers, turns a curator's choice (take
analyst N's version, merge them, accept everything agreed) into one `CurationEdit`, makes it in
one transaction, announces each change once, and can undo and redo it exactly (same span ids), so
the GUI puts it on the undo stack as one command. The curation status of an article is its
`curated` layer's status in the `layers` table: *in progress* from the first curated span,
*done* when the curator says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from annotator.domain import events
from annotator.domain.analysts import CURATED
from annotator.domain.disagreements import (
    ArticleDisagreements,
    CurationPlan,
    Disagreement,
    RelationKey,
    SpanKey,
    accept_agreed,
    find_disagreements,
    settle,
)
from annotator.domain.errors import AnnotatorError
from annotator.domain.model import Relation, RemovedSpan, Span
from annotator.storage import layers as layer_sql
from annotator.storage import span_edits

if TYPE_CHECKING:
    from annotator.service.project import ProjectService

#: The curation statuses: not started (no curated layer yet), in progress, done.
DONE = "done"
IN_PROGRESS = "in_progress"


@dataclass(frozen=True)
class Layer:
    """One layer of an article as keys: span key -> the span, and its relations as keys."""

    spans: dict[SpanKey, Span]
    relations: dict[RelationKey, Relation]


@dataclass(frozen=True)
class ArticleCuration:
    """An article as the curator sees it: the analysts' layers, the curated one, and where the
    analysts differ (with what the curated layer holds there)."""

    document_id: int
    analysts: tuple[str, ...]
    layers: dict[str, Layer]
    curated: Layer
    found: ArticleDisagreements
    status: str | None  # the curation status; None: not started

    @property
    def disagreements(self) -> tuple[Disagreement, ...]:
        return self.found.disagreements

    def curated_version(self, disagreement: Disagreement) -> frozenset[SpanKey]:
        return self.found.curated_version(disagreement, self.curated.spans)

    def settled_by(self, disagreement: Disagreement) -> list[str]:
        """The analysts whose version the curated layer now holds for this disagreement."""
        return disagreement.matching(self.curated_version(disagreement))

    def agreed_missing(self) -> int:
        """How many agreed spans the curated layer lacks."""
        return len(self.found.agreed - set(self.curated.spans))


@dataclass
class CurationEdit:
    """One curation step as made: what to undo and redo it exactly."""

    document_id: int
    text: str  # what the step was, for the undo stack
    removed: list[RemovedSpan] = field(default_factory=list)
    added: list[Span] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    status_before: str | None = None

    @property
    def empty(self) -> bool:
        return not (self.removed or self.added or self.relations)


@dataclass(frozen=True)
class CurationProgress:
    curated: int
    to_curate: int
    rows: list[layer_sql.CurationRow]


class Curation:
    """The curator's operations on one open project."""

    def __init__(self, service: ProjectService) -> None:
        self.service = service
        self.store = service.store

    # -- reading -------------------------------------------------------------------------------

    def _layer(self, document_id: int, name: str) -> Layer:
        spans = self.store.spans_of(document_id, layer=name)
        by_key: dict[SpanKey, Span] = {}
        by_id: dict[int, SpanKey] = {}
        for span in spans:
            if span.suggested or span.id is None:
                continue
            key = (span.label, span.start, span.end)
            by_key.setdefault(key, span)
            by_id[span.id] = key
        relations: dict[RelationKey, Relation] = {}
        for relation in self.store.relations_of(document_id, layer=name):
            head, child = by_id.get(relation.head_id), by_id.get(relation.child_id)
            if head is not None and child is not None:
                relations.setdefault((relation.label, head, child), relation)
        return Layer(by_key, relations)

    def analysts_of(self, document_id: int) -> tuple[str, ...]:
        return tuple(
            row.name for row in self.service.team.layers_of(document_id) if row.name != CURATED
        )

    def article(self, document_id: int) -> ArticleCuration:
        """The article's layers and disagreements, read now."""
        self.service.document(document_id)  # refuses an unknown article
        analysts = self.analysts_of(document_id)
        layers = {name: self._layer(document_id, name) for name in analysts}
        found = find_disagreements(
            {name: layer.spans for name, layer in layers.items()},
            {name: layer.relations for name, layer in layers.items()},
        )
        return ArticleCuration(
            document_id,
            analysts,
            layers,
            self._layer(document_id, CURATED),
            found,
            layer_sql.layer_status(self.store, document_id, CURATED),
        )

    def progress(self) -> CurationProgress:
        """Articles curated (curation status done) of those two or more analysts annotated."""
        rows = layer_sql.curation_rows(self.store)
        return CurationProgress(sum(r.status == DONE for r in rows), len(rows), rows)

    def next_to_curate(self, after_id: int | None = None) -> int | None:
        """The first article after `after_id` (wrapping) with two or more analysts' layers whose
        curation is not done."""
        rows = [r.document_id for r in layer_sql.curation_rows(self.store) if r.status != DONE]
        if not rows:
            return None
        if after_id is None:
            return rows[0]
        return next((d for d in rows if d > after_id), rows[0])

    # -- planning ------------------------------------------------------------------------------

    def _disagreement(self, article: ArticleCuration, number: int) -> Disagreement:
        for disagreement in article.disagreements:
            if disagreement.number == number:
                return disagreement
        raise AnnotatorError(f"article {article.document_id} has no disagreement {number}")

    def take(self, document_id: int, number: int, analyst: str) -> CurationEdit:
        """The curated layer holds `analyst`'s version of disagreement `number` (their spans
        there, their relations between spans the curated layer then holds)."""
        article = self.article(document_id)
        if analyst not in article.layers:
            raise AnnotatorError(f"article {document_id} has no layer of {analyst!r}")
        disagreement = self._disagreement(article, number)
        layer = article.layers[analyst]
        plan = settle(
            article.found,
            disagreement,
            article.curated.spans,
            disagreement.version(analyst),
            article.curated.relations,
            layer.relations,
        )
        return self._apply(
            article, plan, f"Take {analyst}'s version of disagreement {number}", [layer]
        )

    def merge(self, document_id: int, number: int) -> CurationEdit:
        """The curated layer holds every analyst's version of disagreement `number` at once
        (overlapping spans of one label fused into the widest)."""
        article = self.article(document_id)
        disagreement = self._disagreement(article, number)
        every = [article.layers[name] for name in article.analysts]
        relations = [key for layer in every for key in layer.relations]
        plan = settle(
            article.found,
            disagreement,
            article.curated.spans,
            disagreement.merged(),
            article.curated.relations,
            relations,
        )
        return self._apply(article, plan, f"Merge the versions of disagreement {number}", every)

    def accept_agreed(self, document_id: int) -> CurationEdit:
        """Everything all the article's analysts agree on, into the curated layer: one step."""
        article = self.article(document_id)
        plan = accept_agreed(article.found, article.curated.spans, article.curated.relations)
        every = [article.layers[name] for name in article.analysts]
        return self._apply(article, plan, "Accept what all analysts agree on", every)

    # -- making, undoing, redoing --------------------------------------------------------------

    def _apply(
        self, article: ArticleCuration, plan: CurationPlan, text: str, sources: Sequence[Layer]
    ) -> CurationEdit:
        """Make a plan: remove curated spans, add spans (attributes and note from the first
        source layer that has the key), then relations; one transaction."""
        edit = CurationEdit(article.document_id, text)
        if plan.empty:
            return edit
        store = self.store
        document_id = article.document_id
        source_text = self.service.text_of(document_id)
        ids = {key: span.id for key, span in article.curated.spans.items()}
        with store.transaction():
            edit.status_before = layer_sql.layer_status(store, document_id, CURATED)
            remove_ids = [article.curated.spans[key].id for key in sorted(plan.remove)]
            edit.removed = span_edits.delete_spans(store, [i for i in remove_ids if i is not None])
            for key in plan.add:
                model = next((s.spans[key] for s in sources if key in s.spans), None)
                label, start, end = key
                span = Span(
                    document_id,
                    start,
                    end,
                    label,
                    attributes=dict(model.attributes) if model else {},
                    note=model.note if model else "",
                    layer=CURATED,
                )
                stored = store.insert_span(span, source_text)
                stored = replace(stored, layer=CURATED, analyst=store.analyst)
                edit.added.append(stored)
                ids[key] = stored.id
            for label, head, child in plan.relations:
                head_id, child_id = ids.get(head), ids.get(child)
                if head_id is None or child_id is None:
                    continue
                relation = store.insert_relation(
                    Relation(document_id, head_id, child_id, label, layer=CURATED)
                )
                edit.relations.append(relation)
            layer_sql.ensure_layer(store, document_id, CURATED)
        self._announce_made(edit)
        return edit

    def undo(self, edit: CurationEdit) -> None:
        """Put the curated layer back as it was before `edit` (and its status)."""
        store = self.store
        with store.transaction():
            for relation in edit.relations:
                assert relation.id is not None
                store.delete_relation(relation.id)
            span_edits.delete_spans(store, [s.id for s in edit.added if s.id is not None])
            span_edits.restore_spans(
                store, edit.removed, {edit.document_id: self.service.text_of(edit.document_id)}
            )
            layer_sql.set_layer_status(store, edit.document_id, CURATED, edit.status_before)
        for relation in edit.relations:
            self.service._announce(events.RelationRemoved(relation))
        for span in edit.added:
            self.service._announce(events.SpanRemoved(span))
        for item in edit.removed:
            self.service._announce(events.SpanAdded(item.span))
        for item in edit.removed:
            for relation in item.relations:
                self.service._announce(events.RelationAdded(relation))
        self.service._announce(events.DocumentChanged(edit.document_id))

    def redo(self, edit: CurationEdit) -> None:
        """Make `edit` again, with the same span and relation ids."""
        store = self.store
        text = self.service.text_of(edit.document_id)
        with store.transaction():
            span_edits.delete_spans(store, [item.span.id for item in edit.removed if item.span.id])
            for span in edit.added:
                store.insert_span(span, text)
            for relation in edit.relations:
                store.insert_relation(relation)
            layer_sql.ensure_layer(store, edit.document_id, CURATED)
        self._announce_made(edit)

    def _announce_made(self, edit: CurationEdit) -> None:
        service = self.service
        for item in edit.removed:
            for relation in item.relations:
                service._announce(events.RelationRemoved(relation))
            service._announce(events.SpanRemoved(item.span))
        for span in edit.added:
            service._announce(events.SpanAdded(span))
        for relation in edit.relations:
            service._announce(events.RelationAdded(relation))
        service._announce(events.DocumentChanged(edit.document_id))

    def set_status(self, document_id: int, status: str | None) -> str | None:
        """Set the article's curation status (None: not started); returns the one it had."""
        if status not in (None, IN_PROGRESS, DONE):
            raise AnnotatorError(f"unknown curation status {status!r}")
        self.service.document(document_id)
        before = layer_sql.set_layer_status(self.store, document_id, CURATED, status)
        self.service._announce(events.DocumentChanged(document_id))
        return before
