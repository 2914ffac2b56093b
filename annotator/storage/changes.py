"""What tells one connection that another (a second window, a command-line import) committed.

`PRAGMA data_version` changes when another connection commits to the file and not for this
connection's own commits; reading it costs no I/O beyond the WAL index, so a window can ask
several times a second.

Checkpoints: by default the commit that grows the WAL past 1,000 pages copies it into the project
file, whichever connection makes it. After another program's import that was the window's next
key press (0.3-1 s for 10,000 articles). A window leaves that to a thread of its own (`checkpoint`).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from annotator.storage.repository import ProjectStore


def data_version(store: ProjectStore) -> int:
    if store.dialect.name != "sqlite":
        return int(store.change_counter())  # type: ignore[attr-defined]
    return int(store.conn.execute("PRAGMA data_version").fetchone()[0])


def newest_document_id(store: ProjectStore) -> int:
    return int(store.conn.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()[0])


def document_ids_after(store: ProjectStore, after: int) -> tuple[int, ...]:
    # Through a small index (every index holds the rowid): walking the table itself reads every
    # new article's text pages, 0.12 s for 10,000 articles of 3 KB. An import's ids run without
    # gaps, so they are counted, not fetched one row at a time into Python.
    index = " INDEXED BY documents_status" if store.dialect.name == "sqlite" else ""
    count, first, last = store.conn.execute(
        f"SELECT count(*), min(id), max(id) FROM documents{index} WHERE id > ?",
        [after],
    ).fetchone()
    if not count:
        return ()
    if last - first + 1 == count:
        return tuple(range(first, last + 1))
    rows = store.conn.execute(f"SELECT id FROM documents{index} WHERE id > ? ORDER BY id", [after])
    return tuple(row[0] for row in rows)


def set_lock_wait(store: ProjectStore, milliseconds: int) -> None:
    """How long a write of this connection waits for another's lock before it is refused busy."""
    if store.dialect.name != "sqlite":
        store.conn.raw.execute(f"SET lock_timeout = {max(1, int(milliseconds))}")
        return
    store.conn.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")


def set_autocheckpoint(store: ProjectStore, pages: int) -> None:
    """After how many WAL pages a commit of this connection copies the WAL into the file (0: never)."""
    if store.dialect.name != "sqlite":
        return  # a server keeps its own write-ahead log
    store.conn.execute(f"PRAGMA wal_autocheckpoint = {int(pages)}")


def wal_size(path: Path) -> int:
    try:
        return os.stat(f"{path}-wal").st_size
    except OSError:
        return 0


def checkpoint(path: Path) -> None:
    """Copy the WAL into the project file on a connection of its own (made for a thread), without
    waiting for any lock: what readers still use stays for the next time."""
    conn = sqlite3.connect(str(path), timeout=0)
    try:
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    except sqlite3.Error:
        pass
    finally:
        conn.close()
