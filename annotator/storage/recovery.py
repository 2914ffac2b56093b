"""`annotator check` and `annotator recover`: what to do with a damaged project file.

`check` runs SQLite's `PRAGMA integrity_check` on a read-only connection. `recover` copies what
can still be read into a new project, row by row: rows are read in windows of ids, and where a
window runs into a damaged page each id is tried on its own, so one bad page loses the rows on it,
not the rest of the table. A span whose article was lost (or a relation whose spans were) cannot be
kept and is counted as lost. The damaged file itself is never written.

The source is read with plain SQL here, not through `ProjectStore`: that class refuses a damaged
file, which is the point of this module to open.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.domain.errors import AnnotatorError, NotAProject
from annotator.domain.labels import LabelSchema
from annotator.storage.opening import read_only_connection, remove_new_side_files, side_files
from annotator.storage.repository import ProjectStore, inspect_project_file

#: The tables that hold the project, in the order their references need (search index and
#: bookkeeping tables are rebuilt, not copied).
TABLES = ("project", "settings", "labels", "documents", "spans", "relations", "links")
_WINDOW = 256
#: How many ids past a damaged window are tried one by one before the table is given up.
_PROBE = 2000


@dataclass
class RecoveryReport:
    recovered: dict[str, int] = field(default_factory=dict)
    lost: dict[str, int] = field(default_factory=dict)


def _read_only(path: Path) -> sqlite3.Connection:
    if not path.exists():
        raise NotAProject("no such project", path=str(path))
    return read_only_connection(path)


def integrity_check(path: Path) -> list[str]:
    """SQLite's own verdict on the file: `["ok"]`, or one line a problem found."""
    before = side_files(path)
    conn = _read_only(path)
    try:
        return [str(row[0]) for row in conn.execute("PRAGMA integrity_check(100)")]
    except sqlite3.DatabaseError as error:
        return [f"cannot be read at all: {error}"]
    finally:
        conn.close()
        remove_new_side_files(before)


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [str(row[1]) for row in conn.execute(f"PRAGMA table_info({table})")]


def _rows(
    conn: sqlite3.Connection, table: str, columns: Sequence[str]
) -> Iterator[tuple[Any, ...]]:
    """Every readable row of `table`, in rowid order, stepping past damaged pages."""
    select = f"SELECT rowid, {', '.join(columns)} FROM {table}"
    last = -(2**63)
    while True:
        try:
            rows = conn.execute(
                f"{select} WHERE rowid > ? ORDER BY rowid LIMIT {_WINDOW}", [last]
            ).fetchall()
        except sqlite3.DatabaseError:
            rows = None
        if rows is None:
            found = None
            start = max(last, 0) + 1
            for probe in range(start, start + _PROBE):
                try:
                    found = conn.execute(f"{select} WHERE rowid = ?", [probe]).fetchone()
                except sqlite3.DatabaseError:
                    continue
                if found is not None:
                    break
            if found is None:
                return
            yield found[1:]
            last = found[0]
            continue
        if not rows:
            return
        for row in rows:
            yield row[1:]
        last = rows[-1][0]


def recover(
    source: Path,
    destination: Path,
    default_schema: Callable[[], LabelSchema] | None = None,
) -> RecoveryReport:
    """Copy what is readable of `source` into a new project at `destination` (given
    `default_schema()` when no label could be read)."""
    if destination.exists():
        raise AnnotatorError(
            "already exists; name a new file to recover into", path=str(destination)
        )
    if source.resolve() == destination.resolve():
        raise AnnotatorError("recover into a new file, not the damaged one", path=str(destination))
    before = side_files(source)
    try:
        inspect_project_file(source)
    except NotAProject as error:
        if "not an annotator project" in error.message and "SQLite" not in error.message:
            raise
    conn = _read_only(source)
    report = RecoveryReport()
    store = ProjectStore.open(destination)
    try:
        with store.transaction():
            for table in TABLES:
                wanted = _columns(store.conn, table)
                try:
                    present = set(_columns(conn, table))
                except sqlite3.DatabaseError:
                    present = set()
                columns = [c for c in wanted if c in present]
                if not columns:
                    continue
                insert = (
                    f"INSERT OR IGNORE INTO {table} ({', '.join(columns)})"
                    f" VALUES ({', '.join('?' * len(columns))})"
                )
                kept = lost = 0
                for row in _rows(conn, table, columns):
                    try:
                        store.conn.execute(insert, row)
                        kept += 1
                    except sqlite3.IntegrityError:  # its article or span was lost
                        lost += 1
                report.recovered[table] = kept
                report.lost[table] = lost
            store.conn.execute(
                "UPDATE documents SET span_count ="
                " (SELECT count(*) FROM spans WHERE spans.document_id = documents.id)"
            )
        if not report.recovered.get("labels") and default_schema is not None:
            store.save_schema(default_schema())
    except BaseException:
        store.close()
        for leftover in (destination, *side_files(destination)):
            leftover.unlink(missing_ok=True)
        raise
    finally:
        conn.close()
        remove_new_side_files(before)
    store.close()
    return report
