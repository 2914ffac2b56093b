"""Relations (within an article) and links (across articles), tables `relations` and `links`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from annotator.domain.errors import DELETED_MEANWHILE, ChangedMeanwhile, NotFound
from annotator.domain.model import (
    Link,
    Relation,
)
from annotator.storage.base import StoreBase
from annotator.storage.rows import (
    KEEP,
    LINK_COLUMNS,
    LINK_COLUMNS_L,
    RELATION_COLUMNS,
    link_of_row,
    now_iso,
    relation_of_row,
    with_id,
)


class Links(StoreBase):
    """Relations and links between spans."""

    @contextmanager
    def _between(self, *span_ids: int) -> Iterator[None]:
        """Around a relation's or link's insert: an end another writer deleted meanwhile (the
        insert's foreign key refused it) is `ChangedMeanwhile`, said as such, not a key error."""
        try:
            yield
        except self.integrity_errors:
            marks = ",".join("?" * len(span_ids))
            found = self._execute(
                f"SELECT count(DISTINCT id) FROM spans WHERE id IN ({marks})", list(span_ids)
            ).fetchone()[0]
            if found < len(set(span_ids)):
                raise ChangedMeanwhile(DELETED_MEANWHILE) from None
            raise

    def insert_relation(self, relation: Relation) -> Relation:
        with self._between(relation.head_id, relation.child_id), self.transaction():
            now = now_iso()
            cursor = self._execute(
                "INSERT INTO relations (id, document_id, head_span_id, child_span_id, label,"
                " layer, analyst, created_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    relation.id,
                    relation.document_id,
                    relation.head_id,
                    relation.child_id,
                    relation.label,
                    relation.layer or self.write_layer,
                    relation.analyst or self.analyst,
                    relation.created_at or now,
                    relation.changed_at or now,
                ],
            )
        return with_id(relation, int(cursor.lastrowid or 0))

    def delete_relation(self, relation_id: int) -> Relation:
        with self.transaction():
            relation = self.relation(relation_id)
            self._execute("DELETE FROM relations WHERE id = ?", [relation_id])
        return relation

    def relation(self, relation_id: int) -> Relation:
        row = self._execute(
            f"SELECT {RELATION_COLUMNS} FROM relations WHERE id = ?", [relation_id]
        ).fetchone()
        if row is None:
            raise NotFound(f"no relation {relation_id}")
        return relation_of_row(row)

    def relations_of(self, document_id: int, layer: str | None = KEEP) -> list[Relation]:
        """The document's relations in the store's layer (or `layer`)."""
        condition, params = self._layer_sql(self.layer if layer is KEEP else layer)
        return [
            relation_of_row(row)
            for row in self._execute(
                f"SELECT {RELATION_COLUMNS} FROM relations"
                f" WHERE document_id = ?{condition} ORDER BY id",
                [document_id, *params],
            )
        ]

    def relations_of_span(self, span_id: int) -> list[Relation]:
        return [
            relation_of_row(row)
            for row in self._execute(
                f"SELECT {RELATION_COLUMNS} FROM relations"
                " WHERE head_span_id = ? OR child_span_id = ? ORDER BY id",
                [span_id, span_id],
            )
        ]

    def links_of_span(self, span_id: int) -> list[Link]:
        return [
            link_of_row(row)
            for row in self._execute(
                f"SELECT {LINK_COLUMNS} FROM links"
                " WHERE span_a_id = ? OR span_b_id = ? ORDER BY id",
                [span_id, span_id],
            )
        ]

    def insert_link_ids(self, a_id: int, b_id: int, label: str) -> None:
        """A link by span ids, unchecked: for bulk loading data already known to be valid."""
        with self.transaction():
            now = now_iso()
            self._execute(
                "INSERT INTO links (span_a_id, span_b_id, label, layer, analyst, created_at,"
                " changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [a_id, b_id, label, self.write_layer, self.analyst, now, now],
            )

    def insert_link(self, link: Link) -> Link:
        with self._between(link.a_id, link.b_id), self.transaction():
            now = now_iso()
            cursor = self._execute(
                "INSERT INTO links (id, span_a_id, span_b_id, label, note, layer, analyst,"
                " created_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    link.id,
                    link.a_id,
                    link.b_id,
                    link.label,
                    link.note,
                    link.layer or self.write_layer,
                    link.analyst or self.analyst,
                    link.created_at or now,
                    link.changed_at or now,
                ],
            )
        return with_id(link, int(cursor.lastrowid or 0))

    def delete_link(self, link_id: int) -> Link:
        with self.transaction():
            link = self.link(link_id)
            self._execute("DELETE FROM links WHERE id = ?", [link_id])
        return link

    def link(self, link_id: int) -> Link:
        row = self._execute(f"SELECT {LINK_COLUMNS} FROM links WHERE id = ?", [link_id]).fetchone()
        if row is None:
            raise NotFound(f"no link {link_id}")
        return link_of_row(row)

    def links_of_documents(self, document_ids: Sequence[int]) -> list[Link]:
        """Links with at least one end in one of these documents."""
        if not document_ids:
            return []
        marks = ",".join("?" * len(document_ids))
        condition, params = self._layer_sql(self.layer, "l.layer")
        return [
            link_of_row(row)
            for row in self._execute(
                f"SELECT {LINK_COLUMNS_L} FROM links l"
                " JOIN spans a ON a.id = l.span_a_id JOIN spans b ON b.id = l.span_b_id"
                f" WHERE (a.document_id IN ({marks}) OR b.document_id IN ({marks})){condition}"
                " ORDER BY l.id",
                [*document_ids, *document_ids, *params],
            )
        ]

    def all_links(self) -> Iterator[Link]:
        for row in self._execute(f"SELECT {LINK_COLUMNS} FROM links ORDER BY id"):
            yield link_of_row(row)

    def iter_link_ends(self, layer: str | None = None) -> Iterator[tuple[Link, int, int]]:
        """Every link (of every layer, or of `layer`) in id order with the documents of its two
        spans, streamed."""
        condition, params = self._layer_sql(layer, "l.layer")
        for row in self._execute(
            f"SELECT {LINK_COLUMNS_L}, a.document_id, b.document_id"
            " FROM links l JOIN spans a ON a.id = l.span_a_id JOIN spans b ON b.id = l.span_b_id"
            f" WHERE TRUE{condition} ORDER BY l.id",
            params,
        ):
            yield link_of_row(row), row[9], row[10]
