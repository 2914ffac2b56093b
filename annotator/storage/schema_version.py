"""The schema steps a project file holds, read without changing a byte of it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotator.storage.steps import MIGRATION_SET


def applied_steps(path: Path) -> list[str] | None:
    """The names of the steps applied to the file, oldest first; None if it is no annotator project.

    Opened read-only; immutable unless a `-wal` file is already there, so that asking for a version
    never leaves `-wal`/`-shm` files beside a closed project, yet sees the steps a running window
    has not yet checkpointed.
    """
    live = path.with_name(path.name + "-wal").exists()
    mode = "mode=ro" if live else "mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True)
    except sqlite3.Error:
        return None
    try:
        rows = conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY applied_at, rowid",
            [MIGRATION_SET],
        ).fetchall()
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()
    return [row[0] for row in rows] or None
