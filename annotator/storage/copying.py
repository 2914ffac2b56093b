"""Copying a whole project from one store to another (`annotator copy SOURCE DEST`): a file to a
server project, a server project to a file, a file to a file.

The copy is of rows, table by table in the order their keys need, with their ids: every article,
span, relation, link, layer (who, when, status), label (colours, hotkeys, attributes), story,
suggestion, rejection, pattern and setting arrives as it was, so the copy exports byte for byte
what the source does. Rows are read in windows of the table's key (`WHERE key > last ORDER BY
key LIMIT n`, the same SQL on both stores), so memory stays bounded however large the project;
a server destination takes each table through `COPY … FROM STDIN`, a file through `executemany`.
The whole copy is one transaction of the destination: a failure leaves it as it was.

The destination must hold no work (no article, story, pattern): a copy never merges into a
project (that is `annotator merge`). Its label schema and settings, as a new project gets them,
are replaced by the source's. The search index is not copied but built at the end, as a
search would (ADR 0006).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from annotator.domain.errors import AnnotatorError
from annotator.storage import pg_schema
from annotator.storage.base import StoreBase

#: The tables a project keeps its own bookkeeping in: made by the destination's own steps.
_NOT_COPIED = frozenset({"search_index_state"})
#: What a new project already holds and a copy replaces by the source's.
_REPLACED = ("project", "settings", "labels")
#: A destination holding a row in any of these has work in it: a copy would merge.
_WORK = (
    "documents",
    "stories",
    "assist_patterns",
)
BATCH = 2000


@dataclass
class CopyReport:
    """How many rows of each table were copied."""

    rows: dict[str, int] = field(default_factory=dict)

    def count(self, table: str) -> int:
        return self.rows.get(table, 0)


@dataclass(frozen=True)
class CopyProgress:
    """Where a copy is: the table being copied, rows done of it and of all tables."""

    table: str
    done: int
    total: int


def copied_tables() -> list[pg_schema.Table]:
    """The project's tables in an order their references allow, each with its key."""
    return [t for t in pg_schema.sqlite_tables() if t.name not in _NOT_COPIED]


def refuse_unless_empty(destination: StoreBase, where: str) -> None:
    """A copy never merges: refuse a destination that holds any work."""
    for table in _WORK:
        if destination.conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone():
            raise AnnotatorError(
                "the destination already holds a project with articles; a copy goes into a new"
                " (empty) project only. To bring another project's work into this one, use"
                " `annotator merge`",
                path=where,
            )


def copy_project(
    source: StoreBase,
    destination: StoreBase,
    where: str,
    progress: Callable[[CopyProgress], None] | None = None,
    batch: int = BATCH,
) -> CopyReport:
    """Copy every row of `source` into the empty project `destination` (one transaction)."""
    refuse_unless_empty(destination, where)
    tables = copied_tables()
    report = CopyReport()
    done = 0
    with _snapshot(source), destination.transaction():
        total = sum(
            int(source.conn.execute(f"SELECT count(*) FROM {t.name}").fetchone()[0]) for t in tables
        )
        for table in reversed(tables):
            if table.name in _REPLACED:
                destination.conn.execute(f"DELETE FROM {table.name}")
        for table in tables:
            names = [c.name for c in table.columns]
            count = 0
            for rows in _windows(source, table, names, batch):
                _write(destination, table, names, rows)
                count += len(rows)
                done += len(rows)
                if progress is not None:
                    progress(CopyProgress(table.name, done, total))
            report.rows[table.name] = count
        _after_copy(destination)
    destination.catch_up_search_index()  # type: ignore[attr-defined]
    return report


@contextmanager
def _snapshot(source: StoreBase) -> Iterator[None]:
    """Every window read from one snapshot of the source, so that an edit made meanwhile (a
    team's server project stays open) is in the copy whole or not at all; nothing is written."""
    if source.dialect.name == "postgresql":
        begin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
        raw = source.conn.raw  # type: ignore[attr-defined]
    else:
        begin, raw = "BEGIN", source.conn  # deferred: a read snapshot (WAL), no write lock
    raw.execute(begin)
    try:
        yield
    finally:
        raw.execute("COMMIT")


def _windows(
    store: StoreBase, table: pg_schema.Table, names: Sequence[str], batch: int
) -> Iterator[list[tuple[Any, ...]]]:
    """The table's rows in key order, `batch` at a time (keyset windows: bounded memory, and
    each window found through the key's index however far into the table)."""
    key = table.primary_key or names[:1]
    positions = [names.index(k) for k in key]
    select = f"SELECT {', '.join(names)} FROM {table.name}"
    order = f" ORDER BY {', '.join(key)} LIMIT {int(batch)}"
    after = (
        f"({', '.join(key)}) > ({', '.join('?' * len(key))})" if len(key) > 1 else f"{key[0]} > ?"
    )
    last: list[Any] | None = None
    while True:
        if last is None:
            rows = store.conn.execute(select + order).fetchall()
        else:
            rows = store.conn.execute(f"{select} WHERE {after}{order}", last).fetchall()
        if not rows:
            return
        yield [tuple(r) for r in rows]
        if len(rows) < batch:
            return
        last = [rows[-1][p] for p in positions]


def _write(
    destination: StoreBase,
    table: pg_schema.Table,
    names: Sequence[str],
    rows: list[tuple[Any, ...]],
) -> None:
    if destination.dialect.name == "postgresql":
        raw = destination.conn.raw  # type: ignore[attr-defined]
        with raw.cursor() as cursor:
            statement = f"COPY {table.name} ({', '.join(names)}) FROM STDIN"
            with cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)
        return
    marks = ", ".join("?" * len(names))
    destination.conn.executemany(
        f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({marks})", rows
    )


def _after_copy(destination: StoreBase) -> None:
    """What the rows do not say themselves: a server's id sequences continue after the largest
    id copied (the insert trigger moved them row by row already; this makes it certain)."""
    if destination.dialect.name != "postgresql":
        return
    raw = destination.conn.raw  # type: ignore[attr-defined]
    for table in pg_schema.id_tables():
        raw.execute(
            f"SELECT setval('{table}_id_seq', greatest((SELECT max(id) FROM {table}), 1),"
            f" (SELECT max(id) FROM {table}) IS NOT NULL)"
        )
