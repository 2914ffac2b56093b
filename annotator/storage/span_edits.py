"""SQL for edits of spans beyond the one-span ones of `repository`: a span's extent, and removing
and restoring several spans at once (each in one transaction, on the store's connection)."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.domain.errors import NotFound
from annotator.domain.model import RemovedSpan
from annotator.storage.repository import ProjectStore


def set_extent(store: ProjectStore, span_id: int, start: int, end: int, text: str) -> None:
    """Move a span to `[start, end)` of its article `text` (its copy of the text follows)."""
    with store.transaction():
        cursor = store.conn.execute(
            "UPDATE spans SET char_start = ?, char_end = ?, text = ?, version = version + 1"
            " WHERE id = ?",
            [start, end, text[start:end], span_id],
        )
        if cursor.rowcount == 0:
            raise NotFound(f"no span {span_id}")


def delete_spans(store: ProjectStore, span_ids: Sequence[int]) -> list[RemovedSpan]:
    """Delete several spans with their relations and links, all or none."""
    with store.transaction():
        return [store.delete_span(span_id) for span_id in span_ids]


def restore_spans(
    store: ProjectStore, removed: Sequence[RemovedSpan], texts: dict[int, str]
) -> None:
    """Bring back spans deleted together: every span first, then the relations and links that
    joined them (a relation between two of them needs both ends back before it)."""
    with store.transaction():
        for item in removed:
            store.insert_span(item.span, texts[item.span.document_id])
        for item in removed:
            for relation in item.relations:
                store.insert_relation(relation)
            for link in item.links:
                store.insert_link(link)
