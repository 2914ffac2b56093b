"""A project on a PostgreSQL server: the same store as a project file, on psycopg.

`PostgresStore` is made of the same parts as `ProjectStore` (documents, spans, links, labels,
search, settings, bulk reads) and runs their SQL, written once in SQLite's words, through
`PgConnection`, which says it in PostgreSQL's: `?` becomes `%s`, `INSERT OR IGNORE` becomes
`ON CONFLICT DO NOTHING`, `INSERT OR REPLACE` an upsert on the table's key, and an insert into a
table with an `id` returns it (`lastrowid`). What cannot be said statement by statement is in
`dialect.POSTGRES`. The schema comes from the same steps as a file's (`pg_schema.py`).

The connection is in autocommit mode and `transaction()` issues BEGIN/COMMIT and savepoints
itself, as for SQLite: one user action, one transaction.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg.pq import TransactionStatus

from annotator.domain.analysts import ORIGINAL
from annotator.domain.errors import AnnotatorError, NotAProject
from annotator.storage import pg_schema, pg_security
from annotator.storage.base import ProjectBusy, StoreBase
from annotator.storage.dialect import POSTGRES
from annotator.storage.documents import Documents
from annotator.storage.export_reading import ExportReading
from annotator.storage.labels import Labels
from annotator.storage.search import Search
from annotator.storage.settings import Settings
from annotator.storage.spans import Spans
from annotator.storage.steps import MIGRATION_SET, STEPS
from annotator.storage.targets import conninfo, describe

_OR = re.compile(r"\s*INSERT\s+OR\s+(IGNORE|REPLACE)\s+INTO\s+(\w+)\s*\(([^)]*)\)", re.I)
_INSERT = re.compile(r"\s*INSERT\s+INTO\s+(\w+)\b", re.I)
_CHAR = re.compile(r"\bchar\(", re.I)


@functools.lru_cache(maxsize=2048)
def translate(sql: str) -> tuple[str, bool]:
    """The statement in PostgreSQL's words, and whether it returns the new row's id."""
    match = _OR.match(sql)
    if match is not None:
        verb, table, columns = match.group(1).upper(), match.group(2), match.group(3)
        sql = "INSERT INTO " + sql[sql.upper().index(" INTO ") + 6 :]
        if verb == "IGNORE":
            sql += " ON CONFLICT DO NOTHING"
        else:
            key = pg_schema.primary_keys()[table]
            names = [c.strip() for c in columns.split(",")]
            updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in names if c not in key)
            sql += f" ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
    returning = False
    insert = _INSERT.match(sql)
    if (
        insert is not None
        and insert.group(1) in pg_schema.id_tables()
        and " SELECT " not in sql.upper()
        and "RETURNING" not in sql.upper()
    ):
        sql += " RETURNING id"
        returning = True
    sql = _CHAR.sub("chr(", sql)  # SQLite's char(10) is PostgreSQL's chr(10)
    return _placeholders(sql), returning


def _placeholders(sql: str) -> str:
    """`?` outside quotes becomes `%s`; a literal `%` becomes `%%`."""
    out: list[str] = []
    quoted = False
    for char in sql:
        if char == "'":
            quoted = not quoted
        if char == "%":
            out.append("%%")
        elif char == "?" and not quoted:
            out.append("%s")
        else:
            out.append(char)
    return "".join(out)


class _Inserted:
    """The cursor of an insert that returned its id, read like sqlite3's (`lastrowid`)."""

    def __init__(self, cursor: psycopg.Cursor[Any]) -> None:
        self.rowcount = cursor.rowcount
        row = cursor.fetchone() if cursor.rowcount else None
        self.lastrowid = int(row[0]) if row else None

    def fetchone(self) -> None:
        return None

    def fetchall(self) -> list[Any]:
        return []


class PgConnection:
    """A psycopg connection that takes the store's SQL as written for SQLite.

    BEGIN, SAVEPOINT and RELEASE are not sent on their own: they wait for the next statement and
    go in front of it, in one message (one round trip), as COMMIT takes the last RELEASEs along.
    An edit of a span is a transaction of nested parts (savepoints); sent one by one, those
    control statements were half of an edit's round trips, and with eight analysts on one server
    each round trip waits its turn. Whatever reaches the connection itself (`raw`) sends them
    first.
    """

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self._raw = raw
        self._pending: list[str] = []
        self._together = psycopg.ClientCursor(raw)

    @property
    def raw(self) -> psycopg.Connection[Any]:
        """The psycopg connection, with the control statements waiting sent first."""
        if self._pending:
            pending, self._pending = self._pending, []
            self._raw.execute("; ".join(pending))  # type: ignore[call-overload]
        return self._raw

    def control(self, statement: str) -> None:
        """BEGIN, SAVEPOINT or RELEASE SAVEPOINT: sent with the next statement."""
        self._pending.append(statement)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        translated, returning = translate(sql)
        if self._pending:
            # One message: the waiting control statements, then this one, its values bound
            # here; the cursor is left on this statement's result.
            pending, self._pending = self._pending, []
            cursor: Any = self._together
            cursor.execute("; ".join([*pending, translated]), list(params))
            while cursor.nextset():
                pass
        else:
            cursor = self._raw.execute(translated, list(params))  # type: ignore[call-overload]
        return _Inserted(cursor) if returning else cursor

    def executemany(self, sql: str, rows: Any) -> Any:
        translated, returning = translate(sql)
        if returning:
            translated = translated[: -len(" RETURNING id")]
        cursor = self.raw.cursor()
        cursor.executemany(translated, rows)  # type: ignore[call-overload]
        return cursor

    @property
    def in_transaction(self) -> bool:
        return bool(self._pending) or (self._raw.info.transaction_status != TransactionStatus.IDLE)

    def rollback_to(self, savepoint: str) -> None:
        """Undo back to `savepoint` and release it (nothing to send if it is still waiting)."""
        opened = f"SAVEPOINT {savepoint}"
        if opened in self._pending:
            del self._pending[self._pending.index(opened) :]
            return
        self.raw.execute(  # type: ignore[call-overload]
            f"ROLLBACK TO SAVEPOINT {savepoint}; RELEASE SAVEPOINT {savepoint}"
        )

    def rollback(self) -> None:
        self._pending.clear()  # never sent: nothing of it to undo
        if self._raw.info.transaction_status != TransactionStatus.IDLE:
            self._raw.execute("ROLLBACK")

    def commit(self) -> None:
        if self._raw.info.transaction_status == TransactionStatus.IDLE:
            self._pending.clear()  # a transaction that sent nothing has nothing to commit
            return
        pending, self._pending = self._pending, []
        self._raw.execute("; ".join([*pending, "COMMIT"]))  # type: ignore[call-overload]

    def close(self) -> None:
        self._pending.clear()
        self._raw.close()


def connect(target: str) -> PgConnection:
    """Connect to the server project `target`; a refusal names the target, never a password."""
    try:
        raw = psycopg.connect(conninfo(target), autocommit=True, connect_timeout=10)
    except psycopg.Error as error:
        raise NotAProject(
            f"cannot connect to the server project: {_first_line(error)}", path=describe(target)
        ) from None
    return PgConnection(raw)


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return re.sub(r"password=\S+", "password=…", text[0] if text else type(error).__name__)


class PostgresStore(Documents, Spans, Labels, Search, ExportReading, Settings, StoreBase):
    """A project on a PostgreSQL server, behind the same methods as a project file."""

    dialect = POSTGRES
    integrity_errors = (psycopg.errors.IntegrityError,)

    def __init__(self, conn: PgConnection, target: str, *, created: bool) -> None:
        self.conn = conn
        self.target = target  # for opening it again (a worker's own connection); never shown
        #: What titles and messages show: the target without any password.
        self.location = describe(target)
        self.path = Path(self.location)
        self.created = created
        self.read_only = False
        self._savepoints = itertools.count()
        self._changes_elsewhere = 0
        self._backend_pid = conn.raw.info.backend_pid
        conn.raw.add_notify_handler(self._heard)
        conn.raw.execute(f"LISTEN {pg_schema.CHANGES_CHANNEL}")
        self.analyst: str = ORIGINAL
        self.layer: str | None = ORIGINAL
        #: Who this connection is on a project with roles (`server init`), else None.
        self.identity = pg_security.identity(conn.raw)

    @property
    def login_analyst(self) -> str | None:
        """The analyst this connection must act as: its login role on a project with roles
        (the owner and a superuser act as anyone); None on a project without."""
        return self.identity.fixed_analyst if self.identity is not None else None

    @classmethod
    def open(
        cls,
        target: str,
        *,
        create: bool = True,
        on_create: Callable[[PostgresStore], None] | None = None,
    ) -> PostgresStore:
        """Open the project in the database `target`, making its schema in an empty database
        (unless `create` is False) or adding what newer steps add."""
        conn = connect(target)
        try:
            created = ensure_schema(conn, target, create=create)
            store = cls(conn, target, created=created)
            _refuse_outsider(store)
            if created and on_create is not None:
                on_create(store)
        except BaseException:
            conn.close()
            raise
        return store

    def close(self) -> None:
        self.conn.close()

    def change_counter(self) -> int:
        """A number that changes when another connection committed a change (what SQLite's
        `PRAGMA data_version` is): how many commits of others were announced on the changes
        channel (LISTEN/NOTIFY); this connection's own are not counted."""
        self.conn.raw.execute("SELECT 1")  # takes in what the server sent meanwhile
        return self._changes_elsewhere

    def _heard(self, notice: psycopg.Notify) -> None:
        if notice.pid != self._backend_pid:
            self._changes_elsewhere += 1

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One commit for everything inside; nested transactions are savepoints."""
        conn = self.conn
        if conn.in_transaction:
            name = f"annotator_{next(self._savepoints)}"
            conn.control(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                if conn.in_transaction:
                    conn.rollback_to(name)
                raise
            conn.control(f"RELEASE SAVEPOINT {name}")
            return
        conn.control("BEGIN")
        with self._refusals_said():
            try:
                yield
                conn.commit()
            except BaseException:
                conn.rollback()
                raise

    @contextmanager
    def one_statement(self) -> Iterator[None]:
        """A transaction of exactly one statement: sent on its own (the connection is in
        autocommit mode, so the server makes it one transaction), one round trip instead of
        three; inside a larger transaction, a part of it (a savepoint) as any other."""
        if self.conn.in_transaction:
            with self.transaction():
                yield
            return
        with self._refusals_said():
            yield

    @contextmanager
    def _refusals_said(self) -> Iterator[None]:
        """The server's refusals of a write (rolled back by then) as messages to the analyst."""
        try:
            yield
        except psycopg.errors.LockNotAvailable:
            raise ProjectBusy(
                "the project is busy: another analyst's change holds what this one needs;"
                " try again",
                path=self.location,
            ) from None
        except psycopg.errors.InsufficientPrivilege as error:
            raise self._refusal(error) from None
        except psycopg.OperationalError as error:
            raise AnnotatorError(
                f"the server project cannot be written: {_first_line(error)}", path=self.location
            ) from None

    def _refusal(self, error: psycopg.Error) -> pg_security.NotPermitted:
        """What the server's refusal of a write means for this analyst, in one message."""
        said = _first_line(error)
        who = self.identity
        if who is None:
            return pg_security.NotPermitted(
                f"the server refuses this change: {said}", path=self.location
            )
        layers = f"your own layer ({who.role})" + (" and the curated layer" if who.curator else "")
        rest = "" if who.curator else "; imports, the label schema and patterns are a curator's"
        return pg_security.NotPermitted(
            f"the server refuses this change: as {who.role} you may write only {layers}{rest}"
            f" (the server said: {said})",
            path=self.location,
        )

    def bulk_insert(self, table: str, columns: str, rows: Iterable[Sequence[Any]]) -> int:
        """Stream rows in with `COPY` (an import's articles and spans), in the open transaction.
        Where row-level policies hold this role (a curator's import into their layer, ADR
        0035), PostgreSQL refuses COPY, which runs no policy: those rows go as inserts."""
        held = self.identity is not None and not self.identity.admin
        if held and table in pg_security.layered_tables():
            return super().bulk_insert(table, columns, rows)
        count = 0
        with self.conn.raw.cursor().copy(  # type: ignore[call-overload]
            f"COPY {table} ({columns}) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count

    def _reserve_ids(self, table: str, count: int) -> int:
        """A block of ids from the table's sequence, no other writer can take meanwhile: the
        table is locked against other inserts until this transaction ends (as a project file's
        write lock is during an import's merge)."""
        self.conn.raw.execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        row = self.conn.raw.execute(
            f"SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END"
            f" FROM {table}_id_seq"
        ).fetchone()
        first = int(row[0]) if row else 1
        if count:
            self.conn.raw.execute("SELECT setval(%s, %s)", [f"{table}_id_seq", first + count - 1])
        return first


def _refuse_outsider(store: PostgresStore) -> None:
    who = store.identity
    if who is not None and not who.admin and not who.analyst:
        raise NotAProject(
            f"the role {who.role} is not an analyst of this project; its owner adds one with"
            f" `annotator server add-analyst {who.role}`",
            path=store.location,
        )


def applied_steps(conn: PgConnection) -> list[str] | None:
    """The steps recorded in the database, or None when it holds no annotator project."""
    found = conn.raw.execute("SELECT to_regclass(%s)", [pg_schema.STEPS_TABLE]).fetchone()
    if not found or found[0] is None:
        return None
    return [
        row[0]
        for row in conn.raw.execute(
            f"SELECT name FROM {pg_schema.STEPS_TABLE} WHERE migration_set IN (%s, %s)"
            " ORDER BY name",
            [MIGRATION_SET, pg_schema.SERVER_SET],
        )
    ]


#: Every step a server project up to date has had: the shared ones and the server's own.
ALL_STEPS = (*STEPS, *pg_schema.SERVER_STEPS)


def ensure_schema(conn: PgConnection, target: str, *, create: bool) -> bool:
    """Make or update the schema (one transaction, one process at a time); True when made."""
    where = describe(target)
    steps = applied_steps(conn)
    if steps is not None and not set(ALL_STEPS) - set(steps):
        _refuse_newer(steps, where)
        pg_schema.learn_from_server(conn.raw)
        return False
    if steps is None and not create:
        raise NotAProject(
            "no annotator project in this database (a command that only reads does not make"
            " one; `annotator import` starts a project)",
            path=where,
        )
    raw = conn.raw
    roles = pg_security.recorded_roles(raw) if steps is not None else None
    if roles is not None:
        who = pg_security.identity(raw)
        if who is not None and not who.admin:
            raise NotAProject(
                "this project's schema is older than this version of annotator; its owner"
                " brings it up to date by opening it once (or `annotator server init`)",
                path=where,
            )
    with raw.transaction():
        raw.execute("SELECT pg_advisory_xact_lock(hashtext('annotator schema'))")
        steps = applied_steps(conn)  # again, now that nobody else is making it
        if steps is None:
            raw.execute(pg_schema.STEPS_TABLE_SQL)
            created = True
        else:
            _refuse_newer(steps, where)
            created = False
        _add_what_is_missing(raw)
        if "m170_search_folds_accents" not in (steps or []):
            _fold_accents(raw, where)
        if steps is not None and "m175_browser_indexes_in_id_order" not in steps:
            _reindex_for_the_browser(raw)
        if roles is not None:  # new tables get their grants and policies
            pg_security.apply_policies(raw, *roles)
        for migration_set, names in (
            (MIGRATION_SET, STEPS),
            (pg_schema.SERVER_SET, pg_schema.SERVER_STEPS),
        ):
            for step in names:
                raw.execute(
                    f"INSERT INTO {pg_schema.STEPS_TABLE} (migration_set, name)"
                    " VALUES (%s, %s) ON CONFLICT DO NOTHING",
                    [migration_set, step],
                )
    return created


def _fold_accents(raw: psycopg.Connection[Any], where: str) -> None:
    """`m170_search_folds_accents` (`pg_schema.FOLD_ACCENTS_SQL`). The `unaccent` extension
    is trusted: whoever may create objects in the database (its owner) creates it; a role that
    may not, or a server without the extension installed, is told what to do instead."""
    try:
        with raw.transaction():  # a savepoint: the refusal below leaves the rest intact
            raw.execute(pg_schema.FOLD_ACCENTS_SQL[0])  # type: ignore[call-overload]
    except (psycopg.errors.InsufficientPrivilege, psycopg.errors.UndefinedFile) as error:
        raise NotAProject(
            "the server's search needs PostgreSQL's `unaccent` extension (in Debian's"
            " postgresql package; elsewhere postgresql-contrib), which this role cannot create"
            f" ({_first_line(error)}): the database's owner or a superuser runs"
            " `CREATE EXTENSION unaccent;` in this database once, then opens the project again",
            path=where,
        ) from None
    for statement in pg_schema.FOLD_ACCENTS_SQL[1:]:
        raw.execute(statement)  # type: ignore[call-overload]


def _reindex_for_the_browser(raw: psycopg.Connection[Any]) -> None:
    """`m175_browser_indexes_in_id_order`: the indexes `pg_schema.SERVER_INDEXES` changes, made
    again as it says (a project made since has them so already)."""
    tables = {t.name: t for t in pg_schema.sqlite_tables()}
    for table in tables.values():
        for name, _unique, _cols in table.indexes:
            if name in pg_schema.SERVER_INDEXES:
                raw.execute(f"DROP INDEX IF EXISTS {name}")  # type: ignore[call-overload]
        for statement in pg_schema.index_sql(table):
            raw.execute(statement)  # type: ignore[call-overload]


def _refuse_newer(steps: list[str], where: str) -> None:
    unknown = sorted(set(steps) - set(ALL_STEPS))
    if unknown:
        raise NotAProject(
            "this project was made by a newer version of annotator "
            f"(schema step {unknown[0]}); update annotator to open it",
            path=where,
        )


def _add_what_is_missing(raw: psycopg.Connection[Any]) -> None:
    """Tables, columns and indexes the steps make that the database lacks (additive only)."""
    present: dict[str, set[str]] = {}
    for table, column in raw.execute(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema()"
    ):
        present.setdefault(table, set()).add(column)
    for table in pg_schema.sqlite_tables():
        if table.name not in present:
            for statement in pg_schema.create_table_sql(table):
                raw.execute(statement)  # type: ignore[call-overload]
            if table.rows:
                marks = ", ".join(["%s"] * len(table.rows[0]))
                raw.cursor().executemany(
                    f"INSERT INTO {table.name} VALUES ({marks})",  # type: ignore[arg-type]
                    table.rows,
                )
            continue
        for column in table.columns:
            if column.name not in present[table.name]:
                raw.execute(  # type: ignore[call-overload]
                    f"ALTER TABLE {table.name} ADD COLUMN {pg_schema.column_sql(column)}"
                )
        for statement in pg_schema.index_sql(table):
            raw.execute(statement)  # type: ignore[call-overload]
        if table.has_id_sequence:  # m160: the id trigger skips rows given a handed-out id
            raw.execute(pg_schema.id_trigger_sql(table.name))  # type: ignore[call-overload]
    if "documents_fts" not in present:
        for statement in pg_schema.SEARCH_INDEX_SQL:
            raw.execute(statement)  # type: ignore[call-overload]
    for statement in pg_schema.notify_sql(set(pg_schema.WATCHED_TABLES)):
        raw.execute(statement)  # type: ignore[call-overload]
