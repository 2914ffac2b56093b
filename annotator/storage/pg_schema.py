"""PostgreSQL's schema, derived from SQLite's: one versioned definition, no second copy to drift.

The schema is made by the steps of `storage/migrations.py` only. For a server project the steps
are applied to an in-memory SQLite database, its tables, columns, keys, checks and indexes are
read back (`PRAGMA table_xinfo`, `foreign_key_list`, `index_list`) and written as PostgreSQL
DDL. What SQLite has and PostgreSQL has not is said here once: an `INTEGER PRIMARY KEY` `id` is
handed out by a sequence (`<table>_id_seq`, set by a trigger when an insert names no id, moved on
when it names a larger one, so that undo can restore a row with its old id), the FTS5 index is a
`documents_fts` table of `tsvector`s with a GIN index, and the steps applied are recorded in
`annotator_steps`. Rows the steps insert (the `project` row, the search index's state) are copied.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from functools import cache
from typing import Any

#: The table a server project records its applied steps in (SQLite's `_sqlite_migrations`).
STEPS_TABLE = "annotator_steps"

_TYPES = {"INTEGER": "BIGINT", "TEXT": "TEXT", "REAL": "DOUBLE PRECISION", "": "TEXT"}
_NOW_UTC = "to_char(timezone('UTC', now()), 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"


@dataclass
class Column:
    name: str
    type: str
    not_null: bool
    default: str | None


@dataclass
class Table:
    name: str
    columns: list[Column]
    primary_key: list[str]
    checks: list[str] = field(default_factory=list)
    uniques: list[list[str]] = field(default_factory=list)
    #: (columns, referenced table, referenced columns, ON DELETE, ON UPDATE)
    foreign_keys: list[tuple[list[str], str, list[str], str, str]] = field(default_factory=list)
    #: (name, unique, columns)
    indexes: list[tuple[str, bool, list[str]]] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)

    @property
    def has_id_sequence(self) -> bool:
        return self.primary_key == ["id"] and self.column("id").type == "INTEGER"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def reference_database() -> sqlite3.Connection:
    """An in-memory SQLite database made by every step this version knows."""
    from sqlite_utils import Database

    from annotator.storage.migrations import migrations

    conn = sqlite3.connect(":memory:")
    migrations.apply(Database(conn, execute_plugins=False))
    return conn


@cache
def sqlite_tables() -> tuple[Table, ...]:
    """The tables the steps make, as read back from SQLite (in an order their keys allow)."""
    conn = reference_database()
    try:
        return tuple(_order_by_references(_read_tables(conn)))
    finally:
        conn.close()


def _read_tables(conn: sqlite3.Connection) -> list[Table]:
    tables = []
    for name, kind in conn.execute(
        "SELECT name, type FROM pragma_table_list WHERE schema = 'main'"
    ):
        if kind != "table" or name.startswith(("sqlite_", "_sqlite_")):
            continue  # FTS5's virtual table and its shadow tables, SQLite's and sqlite-utils' own
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", [name]).fetchone()[0]
        info = conn.execute(f"PRAGMA table_xinfo({name})").fetchall()
        columns = [Column(r[1], (r[2] or "").upper(), bool(r[3]), r[4]) for r in info]
        key = [r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5])]
        table = Table(name, columns, key, checks=_checks(sql))
        keys: dict[int, list[Any]] = {}
        for row in conn.execute(f"PRAGMA foreign_key_list({name})"):
            entry = keys.setdefault(row[0], [[], row[2], [], row[6], row[5]])
            entry[0].append(row[3])
            entry[2].append(row[4])
        table.foreign_keys = [(a, b, c, d, e) for a, b, c, d, e in keys.values()]
        for _, index, unique, origin, _partial in conn.execute(f"PRAGMA index_list({name})"):
            cols = [r[2] for r in conn.execute(f"PRAGMA index_info({index})")]
            if origin == "u":
                table.uniques.append(cols)
            elif origin == "c":
                table.indexes.append((index, bool(unique), cols))
        table.indexes.sort()
        table.rows = conn.execute(f"SELECT * FROM {name}").fetchall()
        tables.append(table)
    return tables


def _checks(sql: str) -> list[str]:
    """The CHECK constraints of a CREATE TABLE statement, as written (they read the same in
    PostgreSQL: comparisons, IN lists, AND)."""
    found = []
    for match in re.finditer(r"\bCHECK\s*\(", sql, re.IGNORECASE):
        depth, start = 0, match.end() - 1
        for position in range(start, len(sql)):
            depth += {"(": 1, ")": -1}.get(sql[position], 0)
            if depth == 0:
                found.append(" ".join(sql[start + 1 : position].split()))
                break
    return found


def _order_by_references(tables: list[Table]) -> list[Table]:
    by_name = {t.name: t for t in tables}
    done: list[Table] = []
    seen: set[str] = set()

    def visit(table: Table) -> None:
        if table.name in seen:
            return
        seen.add(table.name)
        for _, target, *_ in table.foreign_keys:
            if target in by_name and target != table.name:
                visit(by_name[target])
        done.append(table)

    for table in tables:
        visit(table)
    return done


def _default(value: str | None) -> str | None:
    if value is None:
        return None
    if "strftime" in value:  # the only function a step uses for a default: the time, in UTC
        return _NOW_UTC
    return value


def column_sql(column: Column) -> str:
    sql = f"{column.name} {_TYPES.get(column.type, column.type)}"
    if column.not_null:
        sql += " NOT NULL"
    default = _default(column.default)
    if default is not None:
        sql += f" DEFAULT {default}"
    return sql


def create_table_sql(table: Table) -> list[str]:
    """CREATE TABLE, its indexes and (for an `id` key) its sequence and trigger."""
    parts = [column_sql(c) for c in table.columns]
    if table.primary_key:
        parts.append(f"PRIMARY KEY ({', '.join(table.primary_key)})")
    parts += [f"UNIQUE ({', '.join(cols)})" for cols in table.uniques]
    parts += [f"CHECK ({check})" for check in table.checks]
    for cols, target, target_cols, on_delete, on_update in table.foreign_keys:
        reference = (
            f"FOREIGN KEY ({', '.join(cols)}) REFERENCES {target} ({', '.join(target_cols)})"
        )
        if on_delete != "NO ACTION":
            reference += f" ON DELETE {on_delete}"
        if on_update != "NO ACTION":
            reference += f" ON UPDATE {on_update}"
        parts.append(reference)
    statements = [f"CREATE TABLE {table.name} (\n    " + ",\n    ".join(parts) + "\n)"]
    statements += index_sql(table)
    if table.has_id_sequence:
        statements += id_sequence_sql(table.name)
    return statements


def index_sql(table: Table) -> list[str]:
    """The table's indexes as the steps make them, less or changed as `SERVER_INDEXES` says."""
    statements = []
    for name, unique, cols in table.indexes:
        columns = SERVER_INDEXES.get(name, cols)
        if columns is not None:
            statements.append(
                f"CREATE {'UNIQUE ' if unique else ''}INDEX IF NOT EXISTS {name}"
                f" ON {table.name} ({', '.join(columns)})"
            )
    return statements


def id_sequence_sql(table: str) -> list[str]:
    """SQLite's `INTEGER PRIMARY KEY`: an id when none is given, a given one kept."""
    return [
        f"CREATE SEQUENCE IF NOT EXISTS {table}_id_seq OWNED BY {table}.id",
        f"""CREATE OR REPLACE FUNCTION {table}_next_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        NEW.id := nextval('{table}_id_seq');
    ELSIF NEW.id >= (SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END
                     FROM {table}_id_seq) THEN
        PERFORM setval('{table}_id_seq', NEW.id);
    END IF;
    RETURN NEW;
END $$""",
        id_trigger_sql(table),
    ]


#: How the server's search reads words: `simple` (lower case, no stemming, as FTS5's unicode61)
#: after `unaccent` takes the accents off, as SQLite's index does (`remove_diacritics 2`): "Sao
#: Paulo" finds "São Paulo" on both stores (ADR 0042).
SEARCH_CONFIG = "annotator_words"

#: Steps a server project needs beyond the schema derived from the shared steps (nothing a
#: project file has to change for), recorded in `annotator_steps` under a set of their own.
SERVER_SET = "annotator-server"
SERVER_STEPS = ("m170_search_folds_accents", "m175_browser_indexes_in_id_order")

#: `m175_browser_indexes_in_id_order`: the corpus browser's indexes a server keeps otherwise
#: than a file (ADR 0047): by name, the columns a server's index has, or None for none. SQLite
#: ends every index with the rowid, so its `(outlet)` serves `ORDER BY outlet, id` whole; a
#: PostgreSQL `(outlet)` leaves each outlet's rows (25,000 of 1,000,000) to be sorted by id for
#: every page (100-200 ms), and `(status)`, three values, was not used at all (a whole sort,
#: 400-580 ms). With `id` at the end the first page of any sort reads 200 entries (0.1 ms), at
#: the import's cost of today's. Columns of many values (title, url, published, author) need no
#: `id`: their ties are a few rows.
SERVER_INDEXES: dict[str, list[str] | None] = {
    "documents_outlet": ["outlet", "id"],
    "documents_language": ["language", "id"],
    "documents_status": ["status", "id"],
    "documents_span_count": ["span_count", "id"],
}

#: An article's words read again when its title or text changes (with the configuration above).
_FTS_UPDATE_FUNCTION = f"""CREATE OR REPLACE FUNCTION documents_fts_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE documents_fts SET words = to_tsvector('{SEARCH_CONFIG}', NEW.title || ' ' || NEW.text)
    WHERE rowid = NEW.id;
    RETURN NEW;
END $$"""

#: `m170_search_folds_accents`: the search configuration, the trigger using it, and every
#: article's words read again with it. `unaccent` is a trusted extension (PostgreSQL 13+): the
#: database's owner may create it, no superuser needed.
FOLD_ACCENTS_SQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {SEARCH_CONFIG}",
    f"CREATE TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} (COPY = simple)",
    f"ALTER TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} ALTER MAPPING FOR"
    " asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple",
    _FTS_UPDATE_FUNCTION,
    f"UPDATE documents_fts f SET words = to_tsvector('{SEARCH_CONFIG}', d.title || ' ' || d.text)"
    " FROM documents d WHERE d.id = f.rowid",
]


def id_trigger_sql(table: str) -> str:
    """The trigger of `id_sequence_sql`, run only for a row without an id or with one the
    sequence has not handed out yet (m160): a row given an id the sequence handed out (an
    import's, an undo's) skips it. A row trigger in PL/pgSQL cost a server import 0.8 s of
    100,000 articles (a third of its `COPY`); the `WHEN` is evaluated in C."""
    return (
        f"CREATE OR REPLACE TRIGGER {table}_next_id BEFORE INSERT ON {table} FOR EACH ROW"
        f" WHEN (NEW.id IS NULL OR NEW.id > coalesce("
        f"pg_sequence_last_value('{table}_id_seq'::regclass), 0))"
        f" EXECUTE FUNCTION {table}_next_id()"
    )


#: The search index: what FTS5's `documents_fts` is to SQLite (same name, same `rowid`, caught up
#: on demand from `search_index_state` as in m060); edits of a title keep it in step.
SEARCH_INDEX_SQL = [
    "CREATE TABLE documents_fts ("
    " rowid BIGINT PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,"
    " words TSVECTOR NOT NULL)",
    "CREATE INDEX documents_fts_words ON documents_fts USING GIN (words)",
    # A word in one article of a thousand was estimated in one of two hundred, and the first page
    # of its hits read the whole index in id order (0.2 s on 100,000 articles) instead of its
    # few hits: a finer sample of the words gives rare words their rarity (3 ms).
    "ALTER TABLE documents_fts ALTER COLUMN words SET STATISTICS 1000",
    _FTS_UPDATE_FUNCTION,
    "CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents"
    " FOR EACH ROW EXECUTE FUNCTION documents_fts_update()",
]

#: The channel every commit that changes a project's content is announced on (LISTEN/NOTIFY), so
#: that other windows take it in within their next poll, not by comparing anything.
CHANGES_CHANNEL = "annotator_changes"
#: The tables whose changes another window shows (settings, such as a window's layout, are not).
WATCHED_TABLES = (
    "documents",
    "labels",
    "spans",
    "relations",
    "links",
    "layers",
    "stories",
    "story_articles",
    "span_suggestions",
    "suggested_relations",
    "suggested_links",
    "rejected_suggestions",
)


def notify_sql(present: set[str]) -> list[str]:
    """A statement trigger per watched table: NOTIFY is sent at commit, once a transaction."""
    statements = [
        f"""CREATE OR REPLACE FUNCTION annotator_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('{CHANGES_CHANNEL}', '');
    RETURN NULL;
END $$"""
    ]
    for table in WATCHED_TABLES:
        if table in present:
            statements.append(
                f"CREATE OR REPLACE TRIGGER {table}_notify AFTER INSERT OR UPDATE OR DELETE"
                f" ON {table} FOR EACH STATEMENT EXECUTE FUNCTION annotator_notify()"
            )
    return statements


STEPS_TABLE_SQL = (
    f"CREATE TABLE {STEPS_TABLE} (migration_set TEXT NOT NULL, name TEXT NOT NULL,"
    f" applied_at TEXT NOT NULL DEFAULT {_NOW_UTC}, PRIMARY KEY (migration_set, name))"
)


#: The keys and id tables as read from an up-to-date server's catalog (`learn_from_server`):
#: what `translate` needs, without deriving the whole schema (applying every step to an
#: in-memory database, sqlite-utils imported: most of a second of a window's opening).
_KNOWN: dict[str, Any] = {}


def primary_keys() -> dict[str, list[str]]:
    """Each table's key, for turning SQLite's `INSERT OR REPLACE` into an upsert."""
    if "keys" in _KNOWN:
        return dict(_KNOWN["keys"])
    return {t.name: t.primary_key for t in sqlite_tables()}


def id_tables() -> frozenset[str]:
    """The tables whose rows get an `id` from a sequence (what `lastrowid` reads back)."""
    if "ids" in _KNOWN:
        return frozenset(_KNOWN["ids"])
    return frozenset(t.name for t in sqlite_tables() if t.has_id_sequence)


def learn_from_server(raw: Any) -> None:
    """Take the keys and the id sequences from a server whose schema is made by every step this
    version knows (the same as deriving them, read in one round trip each)."""
    if _KNOWN:
        return
    keys: dict[str, list[str]] = {}
    for table, column in raw.execute(
        "SELECT c.relname, a.attname FROM pg_index i"
        " JOIN pg_class c ON c.oid = i.indrelid"
        " JOIN pg_namespace n ON n.oid = c.relnamespace"
        " CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)"
        " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum"
        " WHERE i.indisprimary AND n.nspname = current_schema()"
        " ORDER BY c.relname, k.position"
    ):
        keys.setdefault(table, []).append(column)
    ids = {
        name.removesuffix("_id_seq")
        for (name,) in raw.execute(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()"
        )
        if name.endswith("_id_seq")
    }
    _KNOWN.update(keys=keys, ids=ids)
