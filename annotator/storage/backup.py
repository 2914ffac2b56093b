"""A consistent copy of an open project, made with SQLite's online backup API.

Copying the file would miss what is still in the write-ahead log (`-wal`) and could catch a write
half done; `sqlite3.Connection.backup` copies the database as one transaction sees it, WAL
included, while the project stays open. The copy is written beside the target, then moved over it.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from annotator.domain.errors import AnnotatorError
from annotator.storage.opening import refuse_writing_over_project
from annotator.storage.repository import ProjectStore


def save_copy(store: ProjectStore, destination: str | os.PathLike[str]) -> Path:
    """Write the whole project to `destination` (replacing a file there); returns its path."""
    target = Path(destination)
    refuse_writing_over_project(store.path, target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-")
        os.close(handle)
    except OSError as error:
        raise AnnotatorError(f"cannot write the copy: {error.strerror}", path=str(target)) from None
    try:
        copy = sqlite3.connect(temporary)
        try:
            store.conn.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            copy.close()
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def copy_closed_project(source: Path, target: Path) -> None:
    """Copy the project file `source` (not open here) to a new file `target`, reading `source`
    only: not even a migration touches it."""
    reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    writer = sqlite3.connect(str(target))
    try:
        reader.backup(writer)
    finally:
        reader.close()
        writer.close()
