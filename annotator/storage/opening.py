"""Opening a project file safely: new ones made by one process at a time, read-only ones read,
damaged ones refused in one line, and nothing left beside a file that was refused.

SQLite errors that a user can act on (a damaged file, a full disk, a read-only file) become
`AnnotatorError`s here, so that the command line and the window say one clear line for each.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.domain.errors import AnnotatorError, NotAProject

try:
    import fcntl
except ImportError:  # Windows: creation is not serialised (SQLite's own locks still hold)
    fcntl = None  # type: ignore[assignment]

# SQLite's primary result codes (sqlite3.h), as `sqlite3.Error.sqlite_errorcode & 0xFF`.
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_NOTADB = 26


class ProjectDamaged(NotAProject):
    """The project file is damaged: SQLite cannot read part of it."""


class ProjectReadOnly(AnnotatorError):
    """The project was opened for reading only (a read-only file or folder); nothing was changed."""


class DiskFull(AnnotatorError):
    """The disk holding the project is full; the change was not stored, nothing else was lost."""


def damaged(path: Path, detail: str) -> ProjectDamaged:
    return ProjectDamaged(
        f"the project file is damaged ({detail}); `annotator --project {path} check` says more,"
        f" `annotator --project {path} recover NEW.db` saves what is readable into a new project",
        path=str(path),
    )


def user_error(error: sqlite3.Error, path: Path) -> AnnotatorError | None:
    """The `AnnotatorError` an SQLite error means for the user, or None for a bug."""
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(error)
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB) or "malformed" in text:
        return damaged(path, text)
    if primary == SQLITE_FULL or "disk is full" in text:
        return DiskFull(
            "the disk is full: this change was not stored (everything stored before is safe);"
            " free some space and try again",
            path=str(path),
        )
    if primary == SQLITE_READONLY or "readonly database" in text:
        return ProjectReadOnly(
            "the project is open read-only (the file or its folder cannot be written);"
            " nothing was changed",
            path=str(path),
        )
    if primary == SQLITE_IOERR:
        return AnnotatorError(f"cannot read or write the project: {text}", path=str(path))
    return None


def is_read_only(path: Path) -> bool:
    """True when the project can be read but not written: the file, or its folder (where SQLite
    keeps the `-wal` and `-shm` files), is not writable by this user."""
    return path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def has_content(path: Path) -> bool:
    """A file with something in it (an empty file is what a creating process starts from)."""
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


@contextlib.contextmanager
def creation_lock(folder: Path) -> Iterator[None]:
    """Hold the project folder's advisory lock: one process at a time creates or upgrades."""
    if fcntl is None:
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


# POSIX drops *every* lock a process holds on a file when it closes *any* descriptor of that file.
# SQLite knows this for its own connections, but a plain `open()` + `close()` of a project file
# that a connection of this process holds (reading the header when an export or training worker
# opens the project again) released the window's locks: the next command-line import, closing,
# thought itself the last user, deleted the `-wal` and `-shm`, and the window never saw another
# change again and its next edits went to a deleted WAL ("disk I/O error" for everyone else).
# So the stores open here are remembered, and a file one of them has open is never opened outside
# SQLite.
_open_here: weakref.WeakSet[Any] = weakref.WeakSet()  # stores with a `path`, while open
_open_here_lock = threading.Lock()


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def note_opened(store: Any) -> None:
    """`store` (with its `path`) has a connection to its project file until `note_closed`."""
    with _open_here_lock:
        _open_here.add(store)


def note_closed(store: Any) -> None:
    with _open_here_lock:
        _open_here.discard(store)


def open_here(path: Path) -> bool:
    """True when a connection of this process has `path` open, by any name (so it is an SQLite
    file, and opening it with anything but SQLite would drop that connection's locks).

    Compared by the file each open store's path names *now*: a deleted project's inode, reused
    by a new file, is not mistaken for it."""
    identity = _identity(path)
    if identity is None:
        return False
    with _open_here_lock:
        stores = list(_open_here)
    return any(_identity(store.path) == identity for store in stores)


def side_files(path: Path) -> dict[Path, bool]:
    """The `-wal` and `-shm` files SQLite keeps beside a project, and whether each exists now."""
    sides = (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"))
    return {side: side.exists() for side in sides}


def refuse_writing_over_project(project: Path, target: Path) -> None:
    """Refuse a file to write (an export, a screenshot, a copy) that is the project itself.

    `-o` naming the open project, or its `-wal`/`-shm`, by any path (a symlink, a hard link, a
    relative name) would replace the analyst's work with what was about to be saved from it.
    """
    for own in (project, *side_files(project)):
        try:
            same = target.exists() and own.exists() and os.path.samefile(target, own)
        except OSError:
            same = False
        if same or os.path.abspath(os.path.realpath(target)) == os.path.realpath(own):
            what = "the project's own file" if own == project else "part of the project"
            named = "" if os.path.abspath(target) == os.path.abspath(own) else f" ({project})"
            raise AnnotatorError(
                f"is {what}{named}: writing there would destroy it; name another file",
                path=str(target),
            )


def remove_new_side_files(before: dict[Path, bool]) -> None:
    """After refusing a file: remove the `-wal`/`-shm` that opening it made (never one it had).

    A `-wal` holding anything is kept: it may be the only copy of someone's last edits.
    """
    wal, shm = before
    if not before[wal] and wal.exists() and wal.stat().st_size == 0:
        wal.unlink(missing_ok=True)
    if not before[shm] and shm.exists() and not wal.exists():
        shm.unlink(missing_ok=True)


def read_only_connection(path: Path) -> sqlite3.Connection:
    """A connection that never writes a byte, even to a WAL project in a folder it cannot write.

    SQLite reads a WAL project through its `-shm` file; where that cannot be made (a read-only
    folder), the file is opened as immutable: nobody can be changing it through this folder.
    """
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
    except sqlite3.DatabaseError:  # damaged (e.g. the schema's own pages): the caller says so
        conn.close()
        raise
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, check_same_thread=False)


def connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """A connection with the project's settings; read-only ones never write a byte."""
    try:
        if read_only:
            conn = read_only_connection(path)
        else:
            conn = sqlite3.connect(str(path), check_same_thread=False)
    except sqlite3.Error as error:
        raise NotAProject(f"cannot open the project: {error}", path=str(path)) from None
    try:
        conn.execute("PRAGMA busy_timeout = 5000")  # first: a new file may be another's to set up
        conn.execute("PRAGMA foreign_keys = ON")
        if not read_only:
            conn.execute("PRAGMA journal_mode = WAL")
            # FULL: a commit is on disk before the screen shows the edit as done, even on power
            # loss.
            conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.Error as error:
        conn.close()
        raise user_error(error, path) or NotAProject(
            f"cannot open the project: {error}", path=str(path)
        ) from None
    return conn
