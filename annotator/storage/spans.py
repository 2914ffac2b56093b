"""Spans (table `spans`): reading an article's spans, storing, changing, deleting and restoring one, with the article's `span_count` kept in step (ADR 0004)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from annotator.domain.errors import ChangedMeanwhile, NotFound
from annotator.domain.model import (
    RemovedSpan,
    Span,
)
from annotator.storage.links import Links
from annotator.storage.rows import (
    KEEP,
    LINK_COLUMNS,
    RELATION_COLUMNS,
    SPAN_COLUMNS,
    link_of_row,
    now_iso,
    relation_of_row,
    span_of_row,
    to_json,
    with_id,
)

#: `label_span` on a server: the span, its article's count and status, in one statement. The
#: article's row is locked first (`FOR NO KEY UPDATE`, which lets the span's key check through)
#: and read as it is then, so `was.status` says whether this edit started the article, however
#: many analysts label it at once.
_LABEL_SPAN = """WITH stored AS (
    INSERT INTO spans (id, document_id, char_start, char_end, label, text, attributes, note,
        suggested, layer, analyst, created_at, changed_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
), counted AS (
    UPDATE documents d SET span_count = d.span_count + 1,
        status = CASE WHEN was.status = 'new' THEN 'in_progress' ELSE was.status END
    FROM (SELECT id, status FROM documents WHERE id = ? FOR NO KEY UPDATE) was
    WHERE d.id = was.id RETURNING was.status
)"""
_LABEL_SPAN_TOUCHING = (
    _LABEL_SPAN
    + """, touched AS (
    INSERT INTO layers (document_id, name, status, analyst, created_at, changed_at)
    VALUES (?, ?, 'in_progress', ?, ?, ?) ON CONFLICT (document_id, name) DO UPDATE SET
    analyst = excluded.analyst, changed_at = excluded.changed_at
)"""
)
_LABEL_SPAN += " SELECT (SELECT id FROM stored), (SELECT status FROM counted)"
_LABEL_SPAN_TOUCHING += " SELECT (SELECT id FROM stored), (SELECT status FROM counted)"

__all__ = ["ChangedMeanwhile", "Spans"]


class Spans(Links):
    """An article's spans, each edit in one transaction."""

    def spans_of(self, document_id: int, layer: str | None = KEEP) -> list[Span]:
        """The document's spans in the store's layer (or `layer`), sorted by start then end."""
        condition, params = self._layer_sql(self.layer if layer is KEEP else layer)
        rows = self._execute(
            f"SELECT {SPAN_COLUMNS} FROM spans WHERE document_id = ?{condition}"
            " ORDER BY char_start, char_end, id",
            [document_id, *params],
        )
        return [span_of_row(row) for row in rows]

    def span_marks(
        self, document_id: int, before: int | None = None, layer: str | None = KEEP
    ) -> list[tuple[int, int, int, str, bool]]:
        """(start, end, id, label, suggested) of a document's spans, unsorted: what a view paints.

        Plain tuples, because opening an article with 10,000 spans must not build 10,000 objects;
        `before` keeps only spans starting before that offset (the first screen of a long article).
        The store's layer, or `layer` (a read-only pane showing another analyst's).
        """
        condition, params = self._layer_sql(self.layer if layer is KEEP else layer)
        sql = (
            "SELECT char_start, char_end, id, label, suggested FROM spans WHERE document_id = ?"
            + condition
        )
        if before is None:
            return self._execute(sql, [document_id, *params]).fetchall()
        return self._execute(sql + " AND char_start < ?", [document_id, *params, before]).fetchall()

    def span(self, span_id: int) -> Span:
        row = self._execute(f"SELECT {SPAN_COLUMNS} FROM spans WHERE id = ?", [span_id]).fetchone()
        if row is None:
            raise NotFound(f"no span {span_id}")
        return span_of_row(row)

    def insert_span(self, span: Span, text: str) -> Span:
        """Store a span (keeping `span.id` when given, as undo does); returns it with its id.

        The article's `span_count` follows in the same transaction (no trigger keeps it: see
        migration `m040_speed_bulk_span_inserts`).
        """
        with self.transaction():
            now = now_iso()
            layer = span.layer or self.write_layer
            cursor = self._execute(
                "INSERT INTO spans (id, document_id, char_start, char_end, label, text, attributes,"
                " note, suggested, layer, analyst, created_at, changed_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self._span_row(span, text, layer, now),
            )
            self._execute(
                "UPDATE documents SET span_count = span_count + 1 WHERE id = ?",
                [span.document_id],
            )
            if not span.suggested and layer == self.write_layer:
                self.touch_layer(span.document_id)
        return self._as_stored(span, int(cursor.lastrowid or 0), layer, now)

    def label_span(self, span: Span, text: str) -> tuple[Span, bool]:
        """Store a span the acting analyst just made in their layer, as `insert_span` does, and
        start its article (`mark_started`); returns the span and whether the article started.

        On a server that is one statement (`dialect.one_statement_edits`), a round trip where
        it was six: with a team labelling the same articles, each round trip held the article's
        row locked while the others waited (ADR 0037).
        """
        if not self.dialect.one_statement_edits or span.layer not in (None, self.write_layer):
            with self.transaction():
                stored = self.insert_span(span, text)
                return stored, self.mark_started(span.document_id)
        now = now_iso()
        layer = self.write_layer
        touched = not span.suggested
        with self.one_statement():
            row = self._execute(
                _LABEL_SPAN_TOUCHING if touched else _LABEL_SPAN,
                [
                    *self._span_row(span, text, layer, now),
                    span.document_id,
                    *([span.document_id, layer, self.analyst, now, now] if touched else []),
                ],
            ).fetchone()
        return self._as_stored(span, int(row[0]), layer, now), row[1] == "new"

    def _span_row(self, span: Span, text: str, layer: str, now: str) -> list[object]:
        """The values of a new span's row, in the column order both inserts name."""
        return [
            span.id,
            span.document_id,
            span.start,
            span.end,
            span.label,
            text[span.start : span.end],
            to_json(dict(span.attributes)),
            span.note,
            int(span.suggested),
            layer,
            span.analyst or self.analyst,
            span.created_at or now,
            span.changed_at or now,
        ]

    def _as_stored(self, span: Span, span_id: int, layer: str, now: str) -> Span:
        """The span as stored: its new id and, for a span that named no layer, whose and when."""
        stored = with_id(span, span_id)
        if span.layer is None:
            stored = replace(
                stored, layer=layer, analyst=self.analyst, created_at=now, changed_at=now
            )
        return stored

    def update_span(self, span: Span) -> None:
        """Store a span's label, attributes, note and suggested flag (offsets never change).

        A span read at a `version` is stored only if nobody changed it since: otherwise
        `ChangedMeanwhile`, and the other change stays. Without a version (undo, redo) it is
        stored as given.
        """
        check = "" if span.version is None else " AND version = ?"
        with self.transaction():
            cursor = self._execute(
                "UPDATE spans SET label = ?, attributes = ?, note = ?, suggested = ?, analyst = ?,"
                f" changed_at = ?, version = version + 1 WHERE id = ?{check}",
                [
                    span.label,
                    to_json(dict(span.attributes)),
                    span.note,
                    int(span.suggested),
                    self.analyst,
                    now_iso(),
                    span.id,
                    *([] if span.version is None else [span.version]),
                ],
            )
            if cursor.rowcount == 0:
                if (
                    check
                    and self._execute("SELECT 1 FROM spans WHERE id = ?", [span.id]).fetchone()
                ):
                    raise ChangedMeanwhile
                raise NotFound(f"no span {span.id}")

    def delete_span(self, span_id: int) -> RemovedSpan:
        """Delete a span with its relations and links, returning all of them for undo."""
        with self.transaction():
            span = self.span(span_id)
            relations = tuple(
                relation_of_row(row)
                for row in self._execute(
                    f"SELECT {RELATION_COLUMNS} FROM relations"
                    " WHERE head_span_id = ? OR child_span_id = ? ORDER BY id",
                    [span_id, span_id],
                )
            )
            links = tuple(
                link_of_row(row)
                for row in self._execute(
                    f"SELECT {LINK_COLUMNS} FROM links"
                    " WHERE span_a_id = ? OR span_b_id = ? ORDER BY id",
                    [span_id, span_id],
                )
            )
            self._execute("DELETE FROM spans WHERE id = ?", [span_id])
            self._execute(
                "UPDATE documents SET span_count = span_count - 1 WHERE id = ?",
                [span.document_id],
            )
        return RemovedSpan(span, relations, links)

    def restore_span(self, removed: RemovedSpan, text: str, *, starts: bool = False) -> bool:
        """Bring back a deleted span whole: same id, attributes, relations and links; with
        `starts` (the redo of an article's first span) the article starts again. True when it
        did."""
        with self.transaction():
            self.insert_span(removed.span, text)
            for relation in removed.relations:
                self.insert_relation(relation)
            for link in removed.links:
                self.insert_link(link)
            return self.mark_started(removed.span.document_id) if starts else False

    def unstart(self, document_id: int, *, drop_layer: bool = True) -> bool:
        """The undo of an article's first span, after the span is gone: the article is *new*
        again and (`drop_layer`) the acting analyst's layer of it, which that span began, is
        dropped; unless an accepted span is left in the article (another writer's meanwhile).
        True when it changed."""
        with self.transaction():
            left = self._execute(
                "SELECT count(*) FROM spans WHERE document_id = ? AND suggested = 0",
                [document_id],
            ).fetchone()[0]
            if left:
                return False
            if drop_layer:
                self._execute(
                    "DELETE FROM layers WHERE document_id = ? AND name = ?"
                    " AND status = 'in_progress'",
                    [document_id, self.write_layer],
                )
            cursor = self._execute(
                "UPDATE documents SET status = 'new' WHERE id = ? AND status = 'in_progress'",
                [document_id],
            )
        return cursor.rowcount > 0

    def spans_by_ids(self, span_ids: Sequence[int]) -> dict[int, Span]:
        found: dict[int, Span] = {}
        ids = list(dict.fromkeys(span_ids))
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._execute(
                f"SELECT {SPAN_COLUMNS} FROM spans WHERE id IN ({marks})", chunk
            ):
                span = span_of_row(row)
                found[span.id] = span  # type: ignore[index]
        return found

    def span_ids_of(self, document_id: int) -> list[int]:
        """The document's span ids in the order they were stored."""
        return [
            row[0]
            for row in self._execute(
                "SELECT id FROM spans WHERE document_id = ? ORDER BY id", [document_id]
            )
        ]
