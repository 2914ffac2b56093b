"""A throwaway PostgreSQL cluster for the tests: `initdb` into a temporary folder, the server
listening only on a Unix socket in that folder, stopped and removed at the end.

As root the server must run as `postgres` (it refuses root), so its commands go through
`runuser -u postgres`. Each test gets a database of its own, copied from a template that
already holds the schema and the default labels (CREATE DATABASE … TEMPLATE: milliseconds).
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote


def server_binaries() -> Path | None:
    """The folder of `initdb` and `pg_ctl` ($ANNOTATOR_PG_BIN, Debian's, or on PATH)."""
    explicit = os.environ.get("ANNOTATOR_PG_BIN")
    if explicit:
        return Path(explicit)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def must_not_skip() -> bool:
    """In CI (and under `.ci/run`) a missing server is a failure, never a skip."""
    return os.environ.get("CI") == "1" or os.environ.get("ANNOTATOR_REQUIRE_PG") == "1"


class Cluster:
    def __init__(self, binaries: Path, *, tcp_port: int | None = None) -> None:
        self.binaries = binaries
        #: Also listen on 127.0.0.1 at this port (a test of `sslmode` needs TCP: libpq never
        #: uses SSL over a Unix socket).
        self.tcp_port = tcp_port
        self.folder = Path(tempfile.mkdtemp(prefix="annotator-pg-"))
        self.data = self.folder / "data"
        self.as_root = os.geteuid() == 0
        self._names = itertools.count()
        if self.as_root:
            shutil.chown(self.folder, "postgres", "postgres")
        self.user = "postgres" if self.as_root else os.environ.get("USER", "postgres")

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        subprocess.run(
            [*prefix, *command], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    def start(self) -> None:
        self._run(
            str(self.binaries / "initdb"),
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            self.user,
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        listen = "127.0.0.1" if self.tcp_port else ""
        options = (
            f"-k {self.folder} -c listen_addresses='{listen}' -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off"
        ) + (f" -p {self.tcp_port}" if self.tcp_port else "")
        self._run(
            str(self.binaries / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-w",
            "-l",
            str(self.folder / "server.log"),
            "start",
        )

    def stop(self) -> None:
        try:
            self._run(
                str(self.binaries / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"
            )
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def target(self, database: str) -> str:
        port = f"&port={self.tcp_port}" if self.tcp_port else ""
        return f"postgresql://{self.user}@/{database}?host={quote(str(self.folder), safe='')}{port}"

    def execute(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.target("postgres"), autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def new_database(self, template: str | None = None) -> str:
        name = f"test_{os.getpid()}_{next(self._names)}"
        self.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
        return name


def write_elsewhere(target: object, sql: str, params: tuple[object, ...] = ()) -> None:
    """Another program's write to the project, in a transaction of its own, waiting for no lock:
    on the file with plain sqlite3 (busy_timeout 0), on a server with plain psycopg."""
    from annotator.storage.targets import is_server_target

    if is_server_target(target):
        from annotator.storage.postgres import connect

        conn = connect(str(target))
        try:
            conn.raw.execute("SET lock_timeout = 1")
            conn.raw.execute("BEGIN")
            conn.execute(sql, params)
            conn.raw.execute("COMMIT")
        finally:
            conn.close()
        return
    import sqlite3

    other = sqlite3.connect(str(target), timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute(sql, params)
        other.execute("COMMIT")
    finally:
        other.close()


def table_rows(store: object) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the project's own tables, in key order: what "nothing was stored" compares
    (on either store; SQLite's `iterdump` is for files only)."""
    tables = (
        "documents",
        "spans",
        "relations",
        "links",
        "labels",
        "layers",
        "settings",
        "stories",
        "story_articles",
        "span_suggestions",
        "suggested_relations",
        "suggested_links",
    )
    conn = store.conn  # type: ignore[attr-defined]
    return {
        t: [tuple(r) for r in conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()]
        for t in tables
    }
