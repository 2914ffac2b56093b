"""Searching and browsing the corpus: a page of `DocumentRow`s sorted by any column, counts, and the
full-text index (`documents_fts`, caught up before each search: ADR 0006) with the filters of the
corpus search bar (`domain/search.py`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from annotator.domain.errors import AnnotatorError
from annotator.domain.search import DocumentFilter, split_fields
from annotator.storage.base import ProjectBusy, StoreBase


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """One row of the corpus browser: what a list shows without loading the article's text."""

    id: int
    title: str
    outlet: str | None
    published: str | None
    status: str
    span_count: int
    url: str | None = None
    author: str | None = None
    language: str | None = None


# The columns of `DocumentRow`, as selected from `documents d`; the browser sorts by any of them.
_ROW_COLUMNS = (
    "id",
    "title",
    "outlet",
    "published",
    "status",
    "span_count",
    "url",
    "author",
    "language",
)
_ROW_SELECT = ", ".join(f"d.{c}" for c in _ROW_COLUMNS)


class Search(StoreBase):
    """The corpus browser's pages and counts, and the full-text index they search."""

    def document_count(self, where: DocumentFilter | None = None) -> int:
        """How many documents the filter keeps (all of them without one)."""
        source, conditions, params = self._filter_sql(where)
        if source == self.dialect.fts_source and len(conditions) == 1:
            # Words alone: the index counts its own matches (a tenth of the time of a join).
            sql = f"SELECT count(*) FROM documents_fts f WHERE {self.dialect.fts_condition}"
        else:
            sql = f"SELECT count(*) FROM {source}{_where(conditions)}"
        return int(self._search(sql, params).fetchone()[0])

    def document_rows(
        self,
        offset: int = 0,
        limit: int = 200,
        order_by: str = "id",
        descending: bool = False,
        where: DocumentFilter | None = None,
    ) -> list[DocumentRow]:
        """A page of the corpus (of what `where` keeps), sorted by a column of `DocumentRow`."""
        if order_by not in _ROW_COLUMNS:
            raise ValueError(f"cannot sort documents by {order_by!r}")
        direction = "DESC" if descending else "ASC"
        source, conditions, params = self._filter_sql(where)
        if source == self.dialect.fts_source and order_by == "id":
            # The index yields its matches in rowid order: the first page needs no sort at all.
            order = f"f.rowid {direction}"
        else:
            order = f"d.{order_by} {direction}, d.id {direction}"
        rows = self._search(
            f"SELECT {_ROW_SELECT} FROM {source}{_where(conditions)} ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        return [DocumentRow(*row) for row in rows]

    def catch_up_search_index(self) -> int:
        """Index the articles imported since the last search (see m060); returns how many.

        While another connection (a background import) holds the write lock, the search runs on
        what is indexed: what that import stores is not visible to this connection yet anyway.
        """
        through = int(self._execute("SELECT indexed_through FROM search_index_state").fetchone()[0])
        newest = int(self._execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()[0])
        if newest <= through or self.read_only:  # read-only: search what is indexed
            return 0
        try:
            with self.transaction():
                cursor = self._execute(self.dialect.fts_index, [through, newest])
                self._execute("UPDATE search_index_state SET indexed_through = ?", [newest])
        except ProjectBusy:
            return 0
        return int(cursor.rowcount)

    def _search(self, sql: str, params: Sequence[Any]) -> Any:
        if "documents_fts" in sql:
            self.catch_up_search_index()
        try:
            return self._execute(sql, params)
        except sqlite3.OperationalError as error:
            # `fts_query` quotes every term, so this is a bug's last line of defence, not a path.
            if "fts5" in str(error):
                raise AnnotatorError(f"cannot search for that: {error}") from None
            raise

    def document_row(self, document_id: int) -> DocumentRow | None:
        row = self._execute(
            f"SELECT {_ROW_SELECT} FROM documents d WHERE d.id = ?", [document_id]
        ).fetchone()
        return DocumentRow(*row) if row else None

    def _filter_sql(self, where: DocumentFilter | None) -> tuple[str, list[str], list[Any]]:
        """The FROM source (`documents d`, joined to the index `f` when searching words), the
        conditions and their parameters for a corpus filter."""
        if where is None:
            return "documents d", [], []
        dialect = self.dialect
        source = "documents d"
        conditions: list[str] = []
        params: list[Any] = []
        words, fields = split_fields(where.query)
        match = dialect.fts_parameter(words)
        if match is not None:
            source = dialect.fts_source
            conditions.append(dialect.fts_condition)
            params.append(match)
        if where.status is not None:
            conditions.append("d.status = ?")
            params.append(where.status)
        if where.label is not None:
            conditions.append("d.id IN (SELECT document_id FROM spans WHERE label = ?)")
            params.append(where.label)
        for column, value in fields:  # columns named by `split_fields`, never by the user
            conditions.append(f"d.{column} {dialect.like} ? ESCAPE '\\'")
            escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params.append(f"%{escaped}%")
        if where.story is not None:
            conditions.append("d.id IN (SELECT document_id FROM story_articles WHERE story_id = ?)")
            params.append(where.story)
        return source, conditions, params


def _where(conditions: list[str]) -> str:
    return " WHERE " + " AND ".join(conditions) if conditions else ""
