"""Setting up a team's server project: `annotator server init` and `server add-analyst`.

`init` makes the project's schema, its two group roles (analysts, curators) and the grants and
row-level policies that let each analyst write only their own layer (ADR 0035), on an empty
database or on an annotator project that has no roles yet (one copied in by its owner). It
refuses a database holding anything else. `add_analyst` makes one analyst's login role.
Passwords stay libpq's: none is stored, logged or shown here.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.domain.errors import AnnotatorError
from annotator.storage.targets import describe, is_server_target


@dataclass(frozen=True, slots=True)
class ServerSetup:
    """What `server init` left: the database's group roles, and whether it made the project."""

    location: str
    analysts: str
    curators: str
    created: bool


def _server_only(target: str) -> str:
    if not is_server_target(target):
        raise AnnotatorError(
            "`annotator server` sets up a project on a PostgreSQL server: give --project"
            " postgresql://USER@HOST:PORT/DB or pg:SERVICE"
        )
    return target


def init_server_project(target: str) -> ServerSetup:
    """Schema, default labels, roles and policies; refuses a database that holds other things."""
    import psycopg

    from annotator.service.project import ProjectService
    from annotator.storage import pg_security
    from annotator.storage.postgres import connect

    where = describe(_server_only(target))
    conn = connect(target)
    try:
        foreign = pg_security.foreign_tables(conn.raw)
        may = conn.raw.execute(
            "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
        ).fetchone()
    finally:
        conn.close()
    if not may or not may[0]:  # said before anything is made
        raise AnnotatorError(
            f"{where}: `server init` needs a role that owns the database and may create roles"
            " (CREATEROLE); connect as the server's administrator"
        )
    if foreign:
        shown = ", ".join(foreign[:5]) + (
            f" and {len(foreign) - 5} more" if len(foreign) > 5 else ""
        )
        raise AnnotatorError(
            f"{where}: this database is not empty and is no annotator project (it holds {shown});"
            " `server init` sets up an empty database: create one (createdb NAME) and give that"
        )
    service = ProjectService.open(target, analyst="original")
    try:
        raw = service.store.conn.raw
        who = getattr(service.store, "identity", None)
        if who is not None and not who.admin:
            raise AnnotatorError(f"{where}: only the project's owner can run `server init`")
        database = raw.execute("SELECT current_database()").fetchone()[0]
        analysts, curators = pg_security.group_roles(database)
        try:
            with raw.transaction():
                pg_security.make_group_roles(raw, analysts, curators)
                pg_security.apply_policies(raw, analysts, curators)
        except psycopg.errors.InsufficientPrivilege as error:
            raise AnnotatorError(
                f"{where}: `server init` needs a role that owns the database and may create"
                f" roles (CREATEROLE): {str(error).strip().splitlines()[0]}"
            ) from None
        return ServerSetup(where, analysts, curators, service.store.created)
    finally:
        service.close()


def add_analyst(target: str, name: str, *, curator: bool, password: str | None) -> bool:
    """One analyst's login role (made, or an existing role joined to this project); True when
    made now."""
    import psycopg

    from annotator.storage import pg_security
    from annotator.storage.postgres import connect

    where = describe(_server_only(target))
    conn = connect(target)
    try:
        return pg_security.add_analyst(conn.raw, name, curator=curator, password=password)
    except psycopg.errors.InsufficientPrivilege as error:
        raise AnnotatorError(
            f"{where}: adding an analyst needs a role that may create roles (CREATEROLE):"
            f" {str(error).strip().splitlines()[0]}"
        ) from None
    except AnnotatorError as error:
        raise AnnotatorError(f"{where}: {error}") from None
    finally:
        conn.close()
