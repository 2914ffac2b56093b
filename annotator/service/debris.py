"""Debris on demand (`annotator detect-debris`), accepting suggestions, debris left out of exports.

Suggested DEBRIS spans are the detector's; an analyst accepts them (the span stays, no longer
suggested) or rejects them (the span is removed). Accepted DEBRIS is left out of the training set:
its text is cut from the exported article and the other spans' offsets move with the cut.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from annotator.domain.debris import find_debris
from annotator.domain.labels import DEBRIS, Label, LabelSchema
from annotator.domain.model import Span
from annotator.storage.repository import ProjectStore


def detect_debris(
    store: ProjectStore, schema: LabelSchema, document_ids: Sequence[int] | None = None
) -> tuple[list[Span], LabelSchema]:
    """Store a suggested DEBRIS span for each stretch of debris not yet covered by a DEBRIS span."""
    added: list[Span] = []
    with store.transaction():
        if DEBRIS not in schema:
            schema = schema.with_label(Label(DEBRIS, "span", color="#9e9e9e"))
            store.save_schema(schema)
        for document_id in document_ids if document_ids is not None else store.document_ids():
            document = store.document(document_id)
            existing = [s for s in store.spans_of(document_id) if s.label == DEBRIS]
            for found in find_debris(document.text):
                if any(s.start <= found.start and found.end <= s.end for s in existing):
                    continue
                span = Span(
                    document_id, found.start, found.end, DEBRIS, suggested=True, note=found.reason
                )
                added.append(store.insert_span(span, document.text))
    return added, schema


def accept_suggestions(store: ProjectStore, document_id: int, label: str | None) -> list[Span]:
    accepted = []
    with store.transaction():
        for span in store.spans_of(document_id):
            if span.suggested and (label is None or span.label == label):
                store.update_span(replace(span, suggested=False))
                accepted.append(span)
    return accepted
