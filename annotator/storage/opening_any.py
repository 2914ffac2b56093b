"""Opening whichever store `--project` names: a project file (SQLite) or a server project
(PostgreSQL, imported only then: psycopg is not loaded for a file)."""

from __future__ import annotations

from pathlib import Path

from annotator.storage.repository import ProjectStore
from annotator.storage.targets import is_server_target


def open_store(target: str | Path, *, create: bool = True) -> ProjectStore:
    """The store of `target`; the layers above use it the same way whichever it is."""
    if is_server_target(target):
        from annotator.storage.postgres import PostgresStore

        return PostgresStore.open(str(target), create=create)  # type: ignore[return-value]
    return ProjectStore.open(target, create=create)
