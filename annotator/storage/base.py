"""What every part of the store stands on: the connection, who is acting in which layer, and one
transaction per user action.

The parts of the store (`documents`, `spans`, `links`, `labels`, `search`, `settings`,
`export_reading`) are mixins over `StoreBase`; `repository.ProjectStore` puts them together on a
project file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from annotator.domain.analysts import ORIGINAL
from annotator.domain.errors import AnnotatorError
from annotator.storage.dialect import SQLITE, Dialect
from annotator.storage.rows import now_iso


class ProjectBusy(AnnotatorError):
    """Another connection (a background import) holds the project's write lock."""


class StoreBase:
    """The connection and the acting analyst and layer that every part of the store uses.

    The store acts for one `analyst` (who every write records) on one `layer` (whose annotations
    reads return and writes go to; by default the analyst's own). `layer = None` reads every
    layer at once, as a project with a single analyst always did (see ADR 0013).
    """

    conn: Any
    path: Path
    read_only: bool
    analyst: str = ORIGINAL
    layer: str | None = ORIGINAL
    #: What the engine raises when a key, a check or a unique constraint refuses a write.
    integrity_errors: tuple[type[Exception], ...] = (sqlite3.IntegrityError,)

    #: Where this store's SQL differs from the other's (`storage/dialect.py`).
    dialect: Dialect = SQLITE

    def transaction(self) -> AbstractContextManager[None]:
        raise NotImplementedError

    def _reserve_ids(self, table: str, count: int) -> int:
        """The first of `count` consecutive ids of `table` no other writer will use (inside a
        transaction). SQLite, one writer at a time: one more than the largest."""
        row = self._execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()
        return int(row[0])

    def _insert_with_ids(
        self, table: str, columns: str, first_id: int, rows: Sequence[tuple[Any, ...]]
    ) -> None:
        """Insert rows given without ids, numbered from `first_id`."""
        self.bulk_insert(
            table,
            f"id, {columns}",
            [(first_id + number, *row) for number, row in enumerate(rows)],
        )

    def bulk_insert(self, table: str, columns: str, rows: Iterable[Sequence[Any]]) -> int:
        """Insert many rows of `columns` (as written in an INSERT) at once; returns how many.
        SQLite: one `executemany`; a server: `COPY`."""
        rows = list(rows)
        marks = ", ".join("?" * (columns.count(",") + 1))
        self.conn.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
        return len(rows)

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(sql, params)

    @property
    def write_layer(self) -> str:
        """The layer new annotations go to."""
        return self.layer if self.layer is not None else self.analyst

    @contextmanager
    def acting_as(self, analyst: str, layer: str | None = None) -> Iterator[None]:
        """Write as `analyst` into `layer` (their own by default) for the `with` block."""
        before = self.analyst, self.layer
        self.analyst, self.layer = analyst, layer if layer is not None else analyst
        try:
            yield
        finally:
            self.analyst, self.layer = before

    def _layer_sql(self, layer: str | None, column: str = "layer") -> tuple[str, list[Any]]:
        """The condition keeping one layer's rows (none when reading every layer)."""
        if layer is None:
            return "", []
        return f" AND {column} = ?", [layer]

    def touch_layer(self, document_id: int, status: str | None = None) -> None:
        """Record that the acting analyst changed this layer of the article now (and its status)."""
        now = now_iso()
        self._execute(
            "INSERT INTO layers (document_id, name, status, analyst, created_at, changed_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (document_id, name) DO UPDATE SET"
            " analyst = excluded.analyst, changed_at = excluded.changed_at"
            + (", status = excluded.status" if status is not None else ""),
            [document_id, self.write_layer, status or "in_progress", self.analyst, now, now],
        )
