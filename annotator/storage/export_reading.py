"""Reading the whole project in bulk, streamed: articles with their annotations for export, and the counts of `annotator stats`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from annotator.domain.analysts import LayerState
from annotator.domain.model import (
    ExportItem,
    Relation,
    Span,
)
from annotator.storage.base import StoreBase
from annotator.storage.rows import (
    DOCUMENT_COLUMNS,
    RELATION_COLUMNS,
    SPAN_COLUMNS,
    document_of_row,
    relation_of_row,
    span_of_row,
)


class ExportReading(StoreBase):
    """Streaming reads of the whole project."""

    def iter_export_items(
        self,
        document_ids: Sequence[int] | None = None,
        *,
        statuses: Sequence[str] | None = None,
        batch_size: int = 500,
        layer: str | None = None,
    ) -> Iterator[ExportItem]:
        """Documents in id order with their spans and relations, streamed (constant memory).

        Three queries a batch of documents (documents, their spans, their relations), not three a
        document: a million-article export reads in a few thousand round trips. Every layer, or
        with `layer` only that layer's annotations, of the articles that have that layer.
        """
        wanted = sorted(set(document_ids)) if document_ids is not None else None
        status_sql, status_params = "", []
        if statuses:
            status_sql = f" AND status IN ({','.join('?' * len(statuses))})"
            status_params = list(statuses)
        layer_sql, layer_params = self._layer_sql(layer)
        if layer is not None:
            status_sql += " AND id IN (SELECT document_id FROM layers WHERE name = ?)"
            status_params.append(layer)
        last = 0
        while True:
            if wanted is None:
                rows = self._execute(
                    f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id > ?{status_sql}"
                    " ORDER BY id LIMIT ?",
                    [last, *status_params, batch_size],
                ).fetchall()
            else:
                chunk, wanted = wanted[:batch_size], wanted[batch_size:]
                if not chunk:
                    return
                marks = ",".join("?" * len(chunk))
                rows = self._execute(
                    f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id IN ({marks})"
                    f"{status_sql} ORDER BY id",
                    [*chunk, *status_params],
                ).fetchall()
                if not rows:
                    continue
            if not rows:
                return
            last = rows[-1][0]
            ids = [row[0] for row in rows]
            marks = ",".join("?" * len(ids))
            spans: dict[int, list[Span]] = {i: [] for i in ids}
            for row in self._execute(
                f"SELECT {SPAN_COLUMNS} FROM spans WHERE document_id IN ({marks})"
                f"{layer_sql} ORDER BY document_id, char_start, char_end, id",
                [*ids, *layer_params],
            ):
                spans[row[1]].append(span_of_row(row))
            relations: dict[int, list[Relation]] = {i: [] for i in ids}
            for row in self._execute(
                f"SELECT {RELATION_COLUMNS} FROM relations"
                f" WHERE document_id IN ({marks}){layer_sql} ORDER BY document_id, id",
                [*ids, *layer_params],
            ):
                relations[row[1]].append(relation_of_row(row))
            layers: dict[int, list[LayerState]] = {i: [] for i in ids}
            for row in self._execute(
                "SELECT document_id, name, status, analyst, created_at, changed_at FROM layers"
                f" WHERE document_id IN ({marks}){self._layer_sql(layer, 'name')[0]}"
                " ORDER BY document_id, name",
                [*ids, *layer_params],
            ):
                layers[row[0]].append(LayerState(*row))
            for row in rows:
                yield ExportItem(
                    document_of_row(row), spans[row[0]], relations[row[0]], layers[row[0]]
                )

    def stats(self) -> dict[str, Any]:
        """Counts for `annotator stats`: spans are the accepted ones; suggestions apart."""
        spans_by_label = {
            label: count
            for label, count in self._execute(
                "SELECT label, count(*) FROM spans WHERE suggested = 0 GROUP BY label ORDER BY label"
            )
        }
        suggested_by_label = {
            label: count
            for label, count in self._execute(
                "SELECT label, count(*) FROM spans WHERE suggested <> 0 GROUP BY label ORDER BY label"
            )
        }
        by_status = {
            status: count
            for status, count in self._execute(
                "SELECT status, count(*) FROM documents GROUP BY status ORDER BY status"
            )
        }
        return {
            "documents": int(self._execute("SELECT count(*) FROM documents").fetchone()[0]),
            "documents_by_status": by_status,
            "spans": sum(spans_by_label.values()),
            "spans_by_label": spans_by_label,
            "suggested_spans_by_label": suggested_by_label,
            "relations": int(self._execute("SELECT count(*) FROM relations").fetchone()[0]),
            "links": int(self._execute("SELECT count(*) FROM links").fetchone()[0]),
        }
