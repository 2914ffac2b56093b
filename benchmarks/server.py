"""What the server benchmarks share: a throwaway PostgreSQL cluster of their own (the tests'
`tests/pg.Cluster`: `initdb` into a temporary folder, a Unix socket there, fsync off as in the
tests), a new server project in it, and raw `COPY` for rows written behind the store's back."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from tests.pg import Cluster, server_binaries


@contextmanager
def throwaway_cluster() -> Iterator[Cluster | None]:
    """A started cluster, stopped and removed at the end; None (and a comment line) when the
    server binaries are not installed."""
    binaries = server_binaries()
    if binaries is None or not (binaries / "initdb").exists():
        print("# PostgreSQL server binaries not found: server benchmarks skipped", flush=True)
        yield None
        return
    cluster = Cluster(binaries)
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


def new_project(cluster: Cluster) -> str:
    """The target of a new server project: its own database, schema and default labels made."""
    from annotator.service import ProjectService

    target = cluster.target(cluster.new_database())
    ProjectService.open(target, analyst="original").close()
    return target


def copy_rows(
    target: str, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Raw `COPY … FROM STDIN` of `rows` (one transaction)."""
    import psycopg

    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with (
        psycopg.connect(target) as conn,
        conn.cursor() as cursor,
        cursor.copy(statement) as copy,  # type: ignore[arg-type]
    ):
        for row in rows:
            copy.write_row(row)


def execute(target: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(target, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)  # type: ignore[call-overload]


def note(text: str) -> None:
    """A comment line beside the BENCH lines (what the ratio alone does not say)."""
    print(f"# {text}", file=sys.stdout, flush=True)
