"""The project file: opening (or making) it, and one transaction per user action.

`ProjectStore` puts the parts of the store together on a SQLite project: articles (`documents`),
spans (`spans`), relations and links (`links`), the label schema (`labels`), corpus search
(`search`), settings (`settings`) and bulk reads (`export_reading`). Each mutating method runs in
one transaction (nested calls become savepoints), so a caller that wraps several calls in
`transaction()` gets one commit for a whole user action and nothing half done if it fails.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from annotator.domain.analysts import ORIGINAL
from annotator.domain.errors import NotAProject
from annotator.storage.base import ProjectBusy, StoreBase
from annotator.storage.documents import Documents
from annotator.storage.export_reading import ExportReading
from annotator.storage.labels import Labels
from annotator.storage.opening import (
    ProjectReadOnly,
    connect,
    creation_lock,
    damaged,
    has_content,
    is_read_only,
    note_closed,
    note_opened,
    open_here,
    read_only_connection,
    remove_new_side_files,
    side_files,
    user_error,
)
from annotator.storage.rows import KEEP, now_iso, to_json
from annotator.storage.search import DocumentRow, Search
from annotator.storage.settings import Settings
from annotator.storage.spans import Spans
from annotator.storage.steps import MIGRATION_SET, STEPS

__all__ = [
    "DocumentRow",
    "ProjectBusy",
    "ProjectStore",
    "inspect_project_file",
    "now_iso",
]

_json = to_json  # the name the storage modules beside this one have always imported

SQLITE_HEADER = b"SQLite format 3\x00"


def _pending_steps(conn: sqlite3.Connection) -> list[str]:
    """The schema steps this version knows that the project has not had yet."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
    ).fetchone()
    applied = set()
    if has_table:
        applied = {
            row[0]
            for row in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET]
            )
        }
    return [step for step in STEPS if step not in applied]


def inspect_project_file(path: Path) -> None:
    """Refuse, without writing a byte, a file that is not an annotator project this version reads."""
    try:
        if open_here(path):  # an SQLite file; a plain open() and close() would drop its locks
            header = SQLITE_HEADER
        else:
            with path.open("rb") as handle:
                header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise NotAProject(f"cannot read the project: {error.strerror}", path=str(path)) from None
    if header != SQLITE_HEADER:
        raise NotAProject("not an annotator project (not an SQLite database)", path=str(path))
    before = side_files(path)
    try:
        conn = read_only_connection(path)
    except sqlite3.Error as error:
        remove_new_side_files(before)
        mapped = user_error(error, path)
        if isinstance(mapped, NotAProject):  # damaged where the schema is: check and recover
            raise mapped from None
        raise NotAProject(f"cannot open the project: {error}", path=str(path)) from None
    try:
        has_table = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
        ).fetchone()
        steps = (
            [
                row[0]
                for row in conn.execute(
                    "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", [MIGRATION_SET]
                )
            ]
            if has_table
            else []
        )
        others = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name != '_sqlite_migrations'"
        ).fetchone()[0]
    except sqlite3.DatabaseError as error:
        mapped = user_error(error, path)
        if isinstance(mapped, NotAProject):  # damaged: say how to check and recover it
            raise mapped from None
        raise NotAProject(f"not an annotator project ({error})", path=str(path)) from None
    finally:
        conn.close()
        remove_new_side_files(before)
    if not steps and not others:
        raise UnfinishedProject(
            "an unfinished project (its making was interrupted): `annotator import` or the"
            " workbench makes it again",
            path=str(path),
        )
    if not steps:
        raise NotAProject(
            "not an annotator project (an SQLite database made by something else)", path=str(path)
        )
    unknown = sorted(set(steps) - set(STEPS))
    if unknown:
        raise NotAProject(
            "this project was made by a newer version of annotator "
            f"(schema step {unknown[0]}); update annotator to open it",
            path=str(path),
        )


class UnfinishedProject(NotAProject):
    """An SQLite file holding nothing yet: a project whose making was interrupted (Ctrl+C, a
    kill) after SQLite wrote its header. Nothing is in it to lose, so it is made again."""


def _looks_finished(path: Path) -> bool:
    """True for a project this version can open; False for one another process may still be
    making (looked at again under the folder's lock, where a refusal is final)."""
    try:
        inspect_project_file(path)
    except NotAProject:
        return False
    return True


class ProjectStore(Documents, Spans, Labels, Search, ExportReading, Settings, StoreBase):
    """One project file: documents, labels, spans, relations, links and settings.

    The store acts for one `analyst` (who every write records) on one `layer` (whose annotations
    reads return and writes go to; by default the analyst's own). `layer = None` reads every
    layer at once, as a project with a single analyst always did (see ADR 0013).
    """

    _KEEP: Any = KEEP

    def __init__(
        self, conn: sqlite3.Connection, path: Path, *, created: bool, read_only: bool = False
    ) -> None:
        self.conn = conn
        self.path = path
        self.created = created
        #: Opened for reading only: every write is refused with `ProjectReadOnly`, in one line.
        self.read_only = read_only
        self._made_side_files: dict[Path, bool] | None = None
        note_opened(self)
        self._savepoints = itertools.count()
        self.analyst: str = ORIGINAL
        self.layer: str | None = ORIGINAL

    @property
    def db(self) -> Any:
        """The project as a sqlite-utils `Database`, for tools and tests (imported on demand)."""
        from sqlite_utils import Database

        return Database(self.conn, execute_plugins=False)

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        create: bool = True,
        on_create: Callable[[ProjectStore], None] | None = None,
    ) -> ProjectStore:
        """Open (or create) a project; refuse other files and newer projects, leaving them as is.

        A new project is made under the folder's lock, so that commands started at once on a new
        path make it once; `on_create` fills it (the default schema) before anyone else sees it.
        A project whose file or folder cannot be written is opened read-only (`read_only`).
        """
        path = Path(path)
        if has_content(path) and _looks_finished(path):
            opened = cls._open_up_to_date(path)
            if opened is not None:
                return opened
        elif not create and not path.exists():
            raise NotAProject(
                "no such project (a command that only reads does not make one; `annotator"
                " import` starts a project)",
                path=str(path),
            )
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise NotAProject(
                    f"cannot create the project's folder: {error.strerror}", path=str(path)
                ) from None
        with creation_lock(path.parent):
            # Another process may have made or updated the project while this one waited. An
            # empty file now is nobody's project being made (its maker would hold the lock).
            unfinished = False
            if path.exists():
                try:
                    inspect_project_file(path)  # final, now that nobody is making it
                except UnfinishedProject:
                    if not create:
                        raise
                    unfinished = True
            if path.exists() and not unfinished:
                opened = cls._open_up_to_date(path)
                if opened is not None:
                    return opened
            before = side_files(path)
            conn = connect(path, read_only=False)
            try:
                pending = _pending_steps(conn)
                created = "m001_initial" in pending
                if pending:
                    # sqlite-utils (and the numpy it pulls in) is loaded only when there is a
                    # step to apply.
                    from sqlite_utils import Database

                    from annotator.storage.migrations import migrations

                    migrations.apply(Database(conn, execute_plugins=False))
                store = cls(conn, path, created=created)
                if created and on_create is not None:
                    on_create(store)
            except sqlite3.DatabaseError as error:
                conn.close()
                remove_new_side_files(before)
                raise user_error(error, path) or damaged(path, str(error)) from None
            return store

    @classmethod
    def _open_up_to_date(cls, path: Path) -> ProjectStore | None:
        """The project opened as it is, or None when it needs schema steps applied first."""
        read_only = is_read_only(path)
        before = side_files(path)
        conn = connect(path, read_only=read_only)
        try:
            pending = _pending_steps(conn)
        except sqlite3.DatabaseError as error:
            conn.close()
            remove_new_side_files(before)
            raise user_error(error, path) or damaged(path, str(error)) from None
        if not pending:
            store = cls(conn, path, created=False, read_only=read_only)
            if read_only:
                store._made_side_files = before  # removed again on close: reading leaves nothing
            return store
        conn.close()
        if read_only:
            raise ProjectReadOnly(
                "this project was made by an older version and must be updated, but it"
                " cannot be written; open it once where it can be",
                path=str(path),
            )
        return None

    def close(self) -> None:
        self.conn.close()
        note_closed(self)
        if self._made_side_files is not None:
            remove_new_side_files(self._made_side_files)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One commit for everything inside; nothing of it stored if anything inside fails.

        Nested transactions are savepoints, as in sqlite-utils' `atomic()`.
        """
        conn = self.conn
        if conn.in_transaction:
            name = f"annotator_{next(self._savepoints)}"
            conn.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                if conn.in_transaction:  # an error may have ended the whole transaction
                    conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                    conn.execute(f"RELEASE SAVEPOINT {name}")
                raise
            conn.execute(f"RELEASE SAVEPOINT {name}")
            return
        if self.read_only:
            raise ProjectReadOnly(
                "the project is open read-only (the file or its folder cannot be written);"
                " nothing was changed",
                path=str(self.path),
            )
        try:
            conn.execute("BEGIN IMMEDIATE")  # take the write lock now, or say the project is busy
        except sqlite3.OperationalError as error:
            if "locked" in str(error):
                raise ProjectBusy(
                    "the project is busy: an import is writing to it; try again when it is done",
                    path=str(self.path),
                ) from None
            raise user_error(error, self.path) or error from None
        try:
            yield
            conn.execute("COMMIT")
        except sqlite3.Error as error:
            # A full disk, a damaged page: rolled back whole, said in words (not a traceback).
            conn.rollback()
            mapped = user_error(error, self.path)
            if mapped is None:
                raise
            raise mapped from None
        except BaseException:
            conn.rollback()
            raise
