"""The SQL of assisted labelling: origin and score of suggested spans, proposed relations and links,
remembered rejections and user patterns (tables of migration `m120_assist_suggestions`).

It works on the `ProjectStore`'s connection and transactions; spans themselves are written only by
the store (`insert_span`, `update_span`, `delete_span`), so whatever the store keeps with a span
(counts, and the analyst and layer columns other steps add) applies to suggestions as well.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.storage.repository import ProjectStore


@dataclass(frozen=True, slots=True)
class SpanOrigin:
    """Who proposed a suggested span, and how sure it was (0–1)."""

    span_id: int
    origin: str
    score: float


@dataclass(frozen=True, slots=True)
class SuggestedRelation:
    """A relation proposed between two spans of one article, not made yet."""

    document_id: int
    head_id: int
    child_id: int
    label: str
    origin: str
    score: float
    id: int | None = None


@dataclass(frozen=True, slots=True)
class SuggestedLink:
    """A link proposed between spans of two articles, not made yet."""

    a_id: int
    b_id: int
    label: str
    origin: str
    score: float
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Pattern:
    """A user rule: a spaCy/Prodigy token or phrase pattern and the label it proposes."""

    id: int
    label: str
    pattern: Any
    source: str


class SuggestionStore:
    """Assisted labelling's tables, on the project's own connection."""

    def __init__(self, store: ProjectStore) -> None:
        self.store = store

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.store.conn.execute(sql, params)

    # -- span origins --------------------------------------------------------------------------

    def set_origins(self, origins: Iterable[SpanOrigin]) -> None:
        with self.store.transaction():
            self.store.conn.executemany(
                "INSERT OR REPLACE INTO span_suggestions (span_id, origin, score) VALUES (?, ?, ?)",
                [(o.span_id, o.origin, o.score) for o in origins],
            )

    def origins(self, span_ids: Sequence[int]) -> dict[int, SpanOrigin]:
        found: dict[int, SpanOrigin] = {}
        ids = list(span_ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._execute(
                f"SELECT span_id, origin, score FROM span_suggestions WHERE span_id IN ({marks})",
                chunk,
            ):
                found[row[0]] = SpanOrigin(*row)
        return found

    def origins_of_document(self, document_id: int) -> dict[int, SpanOrigin]:
        return {
            row[0]: SpanOrigin(*row)
            for row in self._execute(
                "SELECT o.span_id, o.origin, o.score FROM span_suggestions o"
                " JOIN spans s ON s.id = o.span_id WHERE s.document_id = ?",
                [document_id],
            )
        }

    def low_scored_span_ids(self, document_id: int, threshold: float) -> set[int]:
        """Suggested spans of an article scored below `threshold` (hidden from view)."""
        return {
            row[0]
            for row in self._execute(
                "SELECT s.id FROM spans s JOIN span_suggestions o ON o.span_id = s.id"
                " WHERE s.document_id = ? AND s.suggested <> 0 AND o.score < ?",
                [document_id, threshold],
            )
        }

    # -- proposed relations --------------------------------------------------------------------

    def insert_relation(self, relation: SuggestedRelation) -> SuggestedRelation:
        with self.store.transaction():
            cursor = self._execute(
                "INSERT INTO suggested_relations (id, document_id, head_span_id, child_span_id,"
                " label, origin, score) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    relation.id,
                    relation.document_id,
                    relation.head_id,
                    relation.child_id,
                    relation.label,
                    relation.origin,
                    relation.score,
                ],
            )
        return _with_id(relation, int(cursor.lastrowid or 0))

    def delete_relation(self, relation_id: int) -> None:
        with self.store.transaction():
            self._execute("DELETE FROM suggested_relations WHERE id = ?", [relation_id])

    _RELATION_COLUMNS = "document_id, head_span_id, child_span_id, label, origin, score, id"

    def relations_of(self, document_id: int) -> list[SuggestedRelation]:
        return [
            SuggestedRelation(*row)
            for row in self._execute(
                f"SELECT {self._RELATION_COLUMNS} FROM suggested_relations WHERE document_id = ?"
                " ORDER BY id",
                [document_id],
            )
        ]

    def relations_of_span(self, span_id: int) -> list[SuggestedRelation]:
        return [
            SuggestedRelation(*row)
            for row in self._execute(
                f"SELECT {self._RELATION_COLUMNS} FROM suggested_relations"
                " WHERE head_span_id = ? OR child_span_id = ? ORDER BY id",
                [span_id, span_id],
            )
        ]

    # -- proposed links ------------------------------------------------------------------------

    def insert_link(self, link: SuggestedLink) -> SuggestedLink | None:
        """Store a proposed link; None when the same pair is already proposed with that label."""
        with self.store.transaction():
            cursor = self._execute(
                "INSERT OR IGNORE INTO suggested_links (id, span_a_id, span_b_id, label, origin,"
                " score) VALUES (?, ?, ?, ?, ?, ?)",
                [link.id, link.a_id, link.b_id, link.label, link.origin, link.score],
            )
        if cursor.rowcount == 0:
            return None
        return _with_id(link, int(cursor.lastrowid or 0))

    def delete_link(self, link_id: int) -> None:
        with self.store.transaction():
            self._execute("DELETE FROM suggested_links WHERE id = ?", [link_id])

    _LINK_COLUMNS = "span_a_id, span_b_id, label, origin, score, id"

    def links_of_span(self, span_id: int) -> list[SuggestedLink]:
        return [
            SuggestedLink(*row)
            for row in self._execute(
                f"SELECT {self._LINK_COLUMNS} FROM suggested_links"
                " WHERE span_a_id = ? OR span_b_id = ? ORDER BY score DESC, id",
                [span_id, span_id],
            )
        ]

    def all_links(self) -> list[SuggestedLink]:
        return [
            SuggestedLink(*row)
            for row in self._execute(
                f"SELECT {self._LINK_COLUMNS} FROM suggested_links ORDER BY score DESC, id"
            )
        ]

    # -- rejections ----------------------------------------------------------------------------

    def rejected_keys(self, document_id: int) -> set[str]:
        return {
            row[0]
            for row in self._execute(
                "SELECT key FROM rejected_suggestions WHERE document_id = ?", [document_id]
            )
        }

    def add_rejections(self, rows: Iterable[tuple[int, str, str]]) -> None:
        """Remember (document_id, key, origin) rejections."""
        with self.store.transaction():
            self.store.conn.executemany(
                "INSERT OR IGNORE INTO rejected_suggestions (document_id, key, origin)"
                " VALUES (?, ?, ?)",
                list(rows),
            )

    def remove_rejections(self, rows: Iterable[tuple[int, str]]) -> None:
        with self.store.transaction():
            self.store.conn.executemany(
                "DELETE FROM rejected_suggestions WHERE document_id = ? AND key = ?", list(rows)
            )

    # -- user patterns -------------------------------------------------------------------------

    def add_patterns(self, patterns: Iterable[tuple[str, Any, str]]) -> int:
        """Store (label, pattern, source) rules; returns how many."""
        rows = [(label, json.dumps(pattern), source) for label, pattern, source in patterns]
        with self.store.transaction():
            self.store.conn.executemany(
                "INSERT INTO assist_patterns (label, pattern, source) VALUES (?, ?, ?)", rows
            )
        return len(rows)

    def patterns(self) -> list[Pattern]:
        return [
            Pattern(row[0], row[1], json.loads(row[2]), row[3])
            for row in self._execute(
                "SELECT id, label, pattern, source FROM assist_patterns ORDER BY id"
            )
        ]

    def remove_patterns(self, ids: Sequence[int]) -> int:
        with self.store.transaction():
            removed = 0
            for pattern_id in ids:
                removed += self._execute(
                    "DELETE FROM assist_patterns WHERE id = ?", [pattern_id]
                ).rowcount
        return removed


def _with_id(item: Any, new_id: int) -> Any:
    from dataclasses import replace

    return item if item.id is not None else replace(item, id=new_id)
