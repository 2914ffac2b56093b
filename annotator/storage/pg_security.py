"""Who may write what on a server project, said to the server itself (ADR 0035).

`annotator server init` makes two group roles for the database, `annotator_<db>_analyst` and
`annotator_<db>_curator` (a curator is an analyst too), records them in `annotator_roles`, and
grants: every analyst reads everything and writes the layered tables (`spans`, `relations`,
`links`, whatever else has a `layer` column, and `layers`) under row-level security that keeps
each row's layer the writer's own login role (a curator's also `curated`); the shared work that
has no layer (suggestions and rejections, stories, settings such as a window's layout, the
search index, an article's status and span count) is every analyst's; articles (imports), the
label schema and the project's patterns are a curator's; the bookkeeping (`project`,
`annotator_steps`, `annotator_roles`) is the owner's. The owner (who ran `server init`) and a
superuser are not held by the policies: they copy projects in and bring the schema up to date.

Nothing here stores or prints a password: a password given to `add_analyst` is turned into a
SCRAM verifier by libpq on this side (as psql's `\\password` does) and only that is sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from annotator.domain.analysts import CURATED, check_analyst
from annotator.domain.errors import AnnotatorError

#: The table naming the project's two group roles (bookkeeping, like `annotator_steps`).
ROLES_TABLE = "annotator_roles"
#: The tables every analyst may write that have no layer: shared work, derived data.
SHARED_TABLES = (
    "span_suggestions",
    "suggested_relations",
    "suggested_links",
    "rejected_suggestions",
    "stories",
    "story_articles",
    "settings",
    "documents_fts",
    "search_index_state",
)
#: What an analyst may change of an article (the rest is a curator's: an import, its metadata).
DOCUMENT_COLUMNS = ("status", "span_count")
#: Tables only the owner writes.
OWNER_TABLES = ("project", "annotator_steps", ROLES_TABLE)
#: The layer column of each layered table that does not call it `layer`.
_LAYER_COLUMN = {"layers": "name"}


def layered_tables() -> frozenset[str]:
    """The tables whose rows belong to a layer (row-level policies hold analysts to theirs)."""
    from annotator.storage.pg_schema import sqlite_tables

    return frozenset(
        table.name
        for table in sqlite_tables()
        if _LAYER_COLUMN.get(table.name, "layer") in {c.name for c in table.columns}
    )


@dataclass(frozen=True, slots=True)
class ServerIdentity:
    """Who this connection is on a project set up by `server init`."""

    role: str
    #: The owner or a superuser: not held by the policies (acts for anyone, as on a file).
    admin: bool
    analyst: bool
    curator: bool

    @property
    def fixed_analyst(self) -> str | None:
        """The analyst name this connection must act as (its login role), None for the owner."""
        return None if self.admin else self.role


class NotPermitted(AnnotatorError):
    """The server refused a write this role may not make (a grant or a row-level policy)."""


def group_roles(database: str) -> tuple[str, str]:
    """The analyst and curator group roles of one database (roles are the cluster's, so each
    project's have its name)."""
    analysts, curators = f"annotator_{database}_analyst", f"annotator_{database}_curator"
    if len(curators.encode()) > 63:
        raise AnnotatorError(
            f"the database name {database!r} is too long for its roles' names"
            " (at most 40 bytes for `server init`)"
        )
    return analysts, curators


def recorded_roles(raw: psycopg.Connection[Any]) -> tuple[str, str] | None:
    """The project's (analyst, curator) group roles, or None when `server init` never ran."""
    found = raw.execute("SELECT to_regclass(%s)", [ROLES_TABLE]).fetchone()
    if not found or found[0] is None:
        return None
    rows = dict(raw.execute(f"SELECT kind, role FROM {ROLES_TABLE}").fetchall())
    return rows["analyst"], rows["curator"]


def identity(raw: psycopg.Connection[Any]) -> ServerIdentity | None:
    """Who this connection is, on a project with roles; None on one without (anyone who can
    connect acts as any analyst, as on a file)."""
    roles = recorded_roles(raw)
    if roles is None:
        return None
    row = raw.execute(
        "SELECT current_user, r.rolsuper OR pg_has_role(current_user, c.relowner, 'USAGE'),"
        " pg_has_role(current_user, %s, 'MEMBER'), pg_has_role(current_user, %s, 'MEMBER')"
        " FROM pg_roles r, pg_class c"
        " WHERE r.rolname = current_user AND c.oid = 'spans'::regclass",
        list(roles),
    ).fetchone()
    assert row is not None
    return ServerIdentity(str(row[0]), bool(row[1]), bool(row[2]), bool(row[3]))


def foreign_tables(raw: psycopg.Connection[Any]) -> list[str]:
    """What the database holds in its schema that is not an annotator project's (tables,
    views, sequences); empty for an empty database or an annotator project."""
    names = [
        row[0]
        for row in raw.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v', 'm', 'S', 'f', 'p')"
            " ORDER BY c.relname"
        )
    ]
    if "annotator_steps" in names:
        return []
    return names


def make_group_roles(raw: psycopg.Connection[Any], analysts: str, curators: str) -> None:
    """The two group roles (none can log in), the curators members of the analysts."""
    for role in (analysts, curators):
        if not _role_exists(raw, role):
            raw.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
    raw.execute(
        sql.SQL("GRANT {} TO {}").format(sql.Identifier(analysts), sql.Identifier(curators))
    )


def _role_exists(raw: psycopg.Connection[Any], role: str) -> bool:
    return raw.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone() is not None


def apply_policies(raw: psycopg.Connection[Any], analysts: str, curators: str) -> None:
    """Grants and row-level policies for every table the project has now (again after a
    schema upgrade: new tables get theirs). Inside the caller's transaction."""
    a, c = sql.Identifier(analysts), sql.Identifier(curators)
    database = raw.execute("SELECT current_database(), current_schema()").fetchone()
    assert database is not None
    db, schema = sql.Identifier(database[0]), sql.Identifier(database[1])
    raw.execute(
        f"CREATE TABLE IF NOT EXISTS {ROLES_TABLE} (kind TEXT PRIMARY KEY, role TEXT NOT NULL)"
    )
    raw.execute(
        f"INSERT INTO {ROLES_TABLE} VALUES ('analyst', %s), ('curator', %s)"
        " ON CONFLICT (kind) DO UPDATE SET role = EXCLUDED.role",
        [analysts, curators],
    )
    tables = _tables(raw)
    statements = [
        # Nobody else connects; the analysts' group does.
        sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(db),
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(db, a),
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema, a),
        sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}").format(schema, a),
        sql.SQL("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {} TO {}").format(
            schema, a
        ),
        sql.SQL("GRANT UPDATE ({}) ON documents TO {}").format(
            sql.SQL(", ").join(map(sql.Identifier, DOCUMENT_COLUMNS)), a
        ),
    ]
    may_write = _may_write_function(curators)
    statements.append(sql.SQL(may_write))  # type: ignore[arg-type]
    for table, columns in tables.items():
        name = sql.Identifier(table)
        if table in OWNER_TABLES:
            continue
        layer = _LAYER_COLUMN.get(table, "layer")
        if layer in columns:
            statements += [
                sql.SQL("GRANT INSERT, UPDATE, DELETE ON {} TO {}").format(name, a),
                *_row_policies(name, sql.Identifier(layer)),
            ]
        elif table in SHARED_TABLES:
            statements.append(sql.SQL("GRANT INSERT, UPDATE, DELETE ON {} TO {}").format(name, a))
        else:  # articles, the label schema, patterns, and whatever a later step adds
            statements.append(sql.SQL("GRANT INSERT, UPDATE, DELETE ON {} TO {}").format(name, c))
    for statement in statements:
        raw.execute(statement)


def _tables(raw: psycopg.Connection[Any]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for table, column in raw.execute(
        "SELECT c.table_name, c.column_name FROM information_schema.columns c"
        " JOIN information_schema.tables t USING (table_schema, table_name)"
        " WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'"
    ):
        found.setdefault(table, set()).add(column)
    return found


def _may_write_function(curators: str) -> str:
    """Whether the connecting role may write a row of this layer: its own (the layer named as
    the login role), or `curated` for a member of the curators. `session_user` is who logged
    in, whatever `SET ROLE` says since (an analyst may SET ROLE to the analysts' group, and
    must not gain a layer by it)."""
    quoted = curators.replace("'", "''")
    return f"""CREATE OR REPLACE FUNCTION annotator_may_write(layer TEXT) RETURNS BOOLEAN
LANGUAGE sql STABLE AS $$
    SELECT layer = session_user::text
        OR (layer = '{CURATED}' AND pg_has_role(session_user, '{quoted}', 'MEMBER'))
$$"""


def _row_policies(table: sql.Identifier, layer: sql.Identifier) -> list[sql.Composed]:
    policies = [
        ("annotator_read", "SELECT", "USING (true)"),
        ("annotator_insert", "INSERT", "WITH CHECK (annotator_may_write({layer}))"),
        (
            "annotator_update",
            "UPDATE",
            "USING (annotator_may_write({layer})) WITH CHECK (annotator_may_write({layer}))",
        ),
        ("annotator_delete", "DELETE", "USING (annotator_may_write({layer}))"),
    ]
    statements = [sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(table)]
    for name, command, rule in policies:
        policy = sql.Identifier(name)
        statements.append(sql.SQL("DROP POLICY IF EXISTS {} ON {}").format(policy, table))
        statements.append(
            sql.SQL("CREATE POLICY {} ON {} FOR " + command + " " + rule).format(  # type: ignore[operator]
                policy, table, layer=layer
            )
        )
    return statements


def add_analyst(
    raw: psycopg.Connection[Any], name: str, *, curator: bool, password: str | None
) -> bool:
    """Make `name` a login role and an analyst (and curator) of this project; True when the
    role was made now, False when it existed (a team member of another project on the server).
    A password is sent only as libpq's SCRAM verifier of it."""
    name = check_analyst(name)
    if name.startswith("pg_"):
        raise AnnotatorError(f"{name!r}: names starting with pg_ are the server's own")
    roles = recorded_roles(raw)
    if roles is None:
        raise AnnotatorError(
            "this database has no analysts' roles yet: run `annotator server init` first"
        )
    analysts, curators = roles
    role = sql.Identifier(name)
    with raw.transaction():
        made = not _role_exists(raw, name)
        if made:
            raw.execute(sql.SQL("CREATE ROLE {} LOGIN").format(role))
        raw.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(analysts), role))
        if curator:
            raw.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(curators), role))
        if password is not None:
            verifier = raw.pgconn.encrypt_password(
                password.encode(), name.encode(), b"scram-sha-256"
            )
            raw.execute(
                sql.SQL("ALTER ROLE {} PASSWORD {}").format(role, sql.Literal(verifier.decode()))
            )
    return made
