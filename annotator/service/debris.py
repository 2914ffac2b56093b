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
from annotator.domain.model import Document, ExportItem, Span
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


def without_debris(item: ExportItem) -> ExportItem:
    """The item as training data: accepted DEBRIS cut out of the text, suggestions left out."""
    cuts = sorted((s.start, s.end) for s in item.spans if s.label == DEBRIS and not s.suggested)
    kept = [s for s in item.spans if s.label != DEBRIS and not s.suggested]
    if not cuts:
        if len(kept) == len(item.spans):
            return item
        kept_ids = {s.id for s in kept}
        relations = [r for r in item.relations if r.head_id in kept_ids and r.child_id in kept_ids]
        return ExportItem(item.document, kept, relations)
    merged: list[list[int]] = []
    for start, end in cuts:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    text = item.document.text
    pieces, position = [], 0
    for start, end in merged:
        pieces.append(text[position:start])
        position = end
    pieces.append(text[position:])
    new_text = "".join(pieces).rstrip()

    def moved(offset: int) -> int:
        return offset - sum(min(end, offset) - start for start, end in merged if start < offset)

    spans = []
    for span in kept:
        if any(span.start < end and start < span.end for start, end in merged):
            continue  # a span inside cut debris has nothing left to label
        start, end = moved(span.start), moved(span.end)
        if end <= len(new_text) and end > start:
            spans.append(replace(span, start=start, end=end))
    kept_ids = {s.id for s in spans}
    relations = [r for r in item.relations if r.head_id in kept_ids and r.child_id in kept_ids]
    document: Document = replace(item.document, text=new_text)
    return ExportItem(document, spans, relations)
