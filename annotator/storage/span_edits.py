"""SQL for edits of spans beyond the one-span ones of `repository`: a span's extent, and removing
and restoring several spans at once (each in one transaction, on the store's connection)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from annotator.domain.errors import ChangedMeanwhile, NotFound
from annotator.domain.model import RemovedSpan
from annotator.storage.repository import ProjectStore
from annotator.storage.rows import now_iso


def set_extent(
    store: ProjectStore, span_id: int, start: int, end: int, text: str, version: int | None = None
) -> None:
    """Move a span to `[start, end)` of its article `text` (its copy of the text follows).

    Given the `version` the span was read at, only if nobody changed it since: otherwise
    `ChangedMeanwhile`, and the other change stays (ADR 0029, 0041).
    """
    check = "" if version is None else " AND version = ?"
    with store.transaction():
        cursor = store._execute(
            "UPDATE spans SET char_start = ?, char_end = ?, text = ?, analyst = ?,"
            f" changed_at = ?, version = version + 1 WHERE id = ?{check}",
            [
                start,
                end,
                text[start:end],
                store.analyst,
                now_iso(),
                span_id,
                *([] if version is None else [version]),
            ],
        )
        if cursor.rowcount == 0:
            if check and store._execute("SELECT 1 FROM spans WHERE id = ?", [span_id]).fetchone():
                raise ChangedMeanwhile
            raise NotFound(f"no span {span_id}")


def delete_spans(
    store: ProjectStore, span_ids: Sequence[int], versions: Mapping[int, int] | None = None
) -> list[RemovedSpan]:
    """Delete several spans with their relations and links, all or none; a span given a version
    in `versions` only if it still has it (else `ChangedMeanwhile`, and none is deleted)."""
    versions = versions or {}
    with store.transaction():
        return [store.delete_span(span_id, versions.get(span_id)) for span_id in span_ids]


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
