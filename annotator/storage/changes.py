"""What tells one connection that another (a second window, a command-line import) committed.

`PRAGMA data_version` changes when another connection commits to the file and not for this
connection's own commits; reading it costs no I/O beyond the WAL index, so a window can ask
several times a second.
"""

from __future__ import annotations

from annotator.storage.repository import ProjectStore


def data_version(store: ProjectStore) -> int:
    return int(store.conn.execute("PRAGMA data_version").fetchone()[0])


def newest_document_id(store: ProjectStore) -> int:
    return int(store.conn.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()[0])


def document_ids_after(store: ProjectStore, after: int) -> tuple[int, ...]:
    rows = store.conn.execute("SELECT id FROM documents WHERE id > ? ORDER BY id", [after])
    return tuple(row[0] for row in rows)


def set_lock_wait(store: ProjectStore, milliseconds: int) -> None:
    """How long a write of this connection waits for another's lock before it is refused busy."""
    store.conn.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")
