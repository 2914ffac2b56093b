"""A scratch database an import fills, then merged into the project in one short transaction.

An import that held the project's write lock while it read its files kept every other writer (the
window of an analyst labelling) waiting for seconds, and then refused the analyst's edit as
"busy". So an import writes its articles, spans and relations into a stage of its own — a
throwaway SQLite file beside the project, with the project's own table definitions, no indexes, no
journal and no syncs — and takes the project's lock only to copy the stage in: a few
`INSERT … SELECT` statements in one transaction, so the import is still all or nothing. Ids are
renumbered on the way in (the stage counts from 1; the project's rows come after its largest id).

A stage holds an advisory lock (`flock`) on a file of its own for as long as its import runs; the
system lets go of it when the process ends, however it ends. So a stage left behind by an import
that was killed (`kill -9`, a power cut) is one whose lock anybody can take: the next open of the
project, or the next import, removes it (`remove_stale_stages`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.domain.labels import Label, LabelSchema
from annotator.domain.model import DraftDocument
from annotator.storage.repository import ProjectStore

try:
    import fcntl
except ImportError:  # Windows: no flock; stale stages are removed by age only
    fcntl = None  # type: ignore[assignment]

OWNER = "owner.lock"  # the file a running import holds its lock on
#: A stage folder without a lock file (made by an older version, or killed between making the
#: folder and its lock) is taken for stale after this long; without `flock`, every stage is.
STALE_AFTER = 24 * 60 * 60.0

_TABLES = ("documents", "spans", "relations", "layers")
_DOCUMENT_COLUMNS = (
    "title, text, meta, outlet, published, url, author, language, status, span_count,"
    " content_hash, source_path, source_line, source_format, imported_at"
)
_SPAN_COLUMNS = (
    "char_start, char_end, label, text, attributes, note, suggested,"
    " layer, analyst, created_at, changed_at"
)
_RELATION_COLUMNS = "label, layer, analyst, created_at, changed_at"
_LAYER_COLUMNS = "name, status, analyst, created_at, changed_at"


@dataclass
class Merged:
    """What the merge stored, and the staged articles another writer had stored meanwhile."""

    document_ids: list[int] = field(default_factory=list)
    late_duplicates: list[tuple[str, int | None]] = field(default_factory=list)  # (file, line)
    spans: int = 0
    #: Of `spans`, the suggestions (debris found, a rejected Prodigy answer's spans): not
    #: annotations, and not counted as such to the user.
    suggested: int = 0
    relations: int = 0


class ImportStage:
    """The stage of one import: write drafts into it, then `merge` it into the project once."""

    def __init__(self, project: ProjectStore) -> None:
        self.project = project
        self.document_offset = self.span_offset = 0  # known once `merge` has begun
        local = project.dialect.name == "sqlite"
        remove_stale_stages(project.path if local else None)
        self._folder = (
            _scratch_folder(project.path)
            if local
            else Path(tempfile.mkdtemp(prefix="annotator-import-"))
        )
        self._owner = _hold(self._folder / OWNER)
        path = self._folder / "stage.db"
        conn = sqlite3.connect(str(path), check_same_thread=False)
        # A stage is thrown away on any failure: no journal, no sync, no foreign keys to check.
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        for sql in _table_definitions(project):
            conn.execute(sql)
        # The stage's own store, so it is written by exactly the code that writes a project,
        # acting for the same analyst in the same layer.
        self.store = ProjectStore(conn, path, created=True)
        # Staged annotations are the importing analyst's, in their layer (or the file's).
        self.store.analyst, self.store.layer = project.analyst, project.layer

    def insert_documents(
        self, drafts: Iterable[DraftDocument], hashes: Sequence[str] | None = None
    ) -> list[int]:
        """Stage drafts; returns their ids in the stage (not the project's ids)."""
        return self.store.insert_documents(drafts, hashes)

    def merge(
        self,
        schema: LabelSchema,
        *,
        allow_duplicates: bool,
        then: Callable[[], None] | None = None,
    ) -> Merged:
        """Copy the stage into the project in one transaction; the lock is held only for this.

        `then` runs inside that transaction after the copy (layers joining stored articles), so
        that the import stays all or nothing.

        Labels the staged rows use and the project lacks (new in this import, or renamed away by
        another window meanwhile) are added from `schema`. Unless `allow_duplicates`, staged
        articles whose text another writer stored after the import checked are left out and named.
        """
        if self.store.conn.in_transaction:
            self.store.conn.commit()
        if self.project.dialect.explicit_ids:
            return self._merge_into_server(schema, allow_duplicates=allow_duplicates, then=then)
        main = self.project
        conn = main.conn
        # The merge's commit must not also copy the WAL into the file (tens of MB synced while a
        # window waits to commit its analyst's edits): the last connection to close does, or a
        # window's checkpoint thread while the analyst pauses (see `annotator.storage.changes`).
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute("ATTACH DATABASE ? AS stage", [str(self.store.path)])
        merged = Merged()
        try:
            with main.transaction():
                if not allow_duplicates:
                    merged.late_duplicates = _drop_late_duplicates(conn)
                _add_missing_labels(conn, schema)
                document_offset = conn.execute(
                    "SELECT coalesce(max(id), 0) FROM main.documents"
                ).fetchone()[0]
                span_offset = conn.execute(
                    "SELECT coalesce(max(id), 0) FROM main.spans"
                ).fetchone()[0]
                # A staged row's id in the project is its id in the stage plus these (`then`
                # uses them to point at what was staged: a bundle's links).
                self.document_offset, self.span_offset = document_offset, span_offset
                conn.execute(
                    f"INSERT INTO main.documents (id, {_DOCUMENT_COLUMNS})"
                    f" SELECT id + ?, {_DOCUMENT_COLUMNS} FROM stage.documents ORDER BY id",
                    [document_offset],
                )
                merged.suggested = conn.execute(
                    "SELECT count(*) FROM stage.spans WHERE suggested = 1"
                ).fetchone()[0]
                merged.spans = conn.execute(
                    f"INSERT INTO main.spans (id, document_id, {_SPAN_COLUMNS})"
                    f" SELECT id + ?, document_id + ?, {_SPAN_COLUMNS} FROM stage.spans ORDER BY id",
                    [span_offset, document_offset],
                ).rowcount
                merged.relations = conn.execute(
                    "INSERT INTO main.relations (document_id, head_span_id, child_span_id,"
                    f" {_RELATION_COLUMNS}) SELECT document_id + ?, head_span_id + ?,"
                    f" child_span_id + ?, {_RELATION_COLUMNS} FROM stage.relations ORDER BY id",
                    [document_offset, span_offset, span_offset],
                ).rowcount
                conn.execute(
                    f"INSERT INTO main.layers (document_id, {_LAYER_COLUMNS})"
                    f" SELECT document_id + ?, {_LAYER_COLUMNS} FROM stage.layers",
                    [document_offset],
                )
                merged.document_ids = [
                    row[0] + document_offset
                    for row in conn.execute("SELECT id FROM stage.documents ORDER BY id")
                ]
                if then is not None:
                    then()  # more of the same import, in the same transaction
        finally:
            conn.execute("DETACH DATABASE stage")
            conn.execute("PRAGMA wal_autocheckpoint = 1000")
        return merged

    def _merge_into_server(
        self,
        schema: LabelSchema,
        *,
        allow_duplicates: bool,
        then: Callable[[], None] | None,
    ) -> Merged:
        """`merge` into a server project, which cannot attach the stage: its rows are read here
        and written there in one transaction, ids renumbered into blocks reserved for them."""
        stage = self.store.conn
        main = self.project
        merged = Merged()
        with main.transaction():
            if not allow_duplicates:
                hashes = [row[0] for row in stage.execute("SELECT content_hash FROM documents")]
                stored = main.existing_hashes(hashes)
                if stored:
                    stage.execute("ATTACH DATABASE ':memory:' AS stored")
                    stage.execute("CREATE TABLE stored.hashes (content_hash TEXT)")
                    stage.executemany(
                        "INSERT INTO stored.hashes VALUES (?)", [(h,) for h in stored]
                    )
                    merged.late_duplicates = _drop_late_duplicates(
                        stage, "SELECT content_hash FROM stored.hashes", "main"
                    )
                    stage.execute("DETACH DATABASE stored")
            _add_labels(main, schema, _staged_labels(stage, ""))
            documents = stage.execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()[0]
            spans = stage.execute("SELECT coalesce(max(id), 0) FROM spans").fetchone()[0]
            document_offset = main._reserve_ids("documents", documents) - 1
            span_offset = main._reserve_ids("spans", spans) - 1
            self.document_offset, self.span_offset = document_offset, span_offset
            # Streamed from the stage's cursor into the server (`COPY`), never all in memory.
            main.bulk_insert(
                "documents",
                f"id, {_DOCUMENT_COLUMNS}",
                stage.execute(
                    f"SELECT id + ?, {_DOCUMENT_COLUMNS} FROM documents ORDER BY id",
                    [document_offset],
                ),
            )
            merged.suggested = stage.execute(
                "SELECT count(*) FROM spans WHERE suggested = 1"
            ).fetchone()[0]
            merged.spans = main.bulk_insert(
                "spans",
                f"id, document_id, {_SPAN_COLUMNS}",
                stage.execute(
                    f"SELECT id + ?, document_id + ?, {_SPAN_COLUMNS} FROM spans ORDER BY id",
                    [span_offset, document_offset],
                ),
            )
            merged.relations = main.bulk_insert(
                "relations",
                f"document_id, head_span_id, child_span_id, {_RELATION_COLUMNS}",
                stage.execute(
                    "SELECT document_id + ?, head_span_id + ?, child_span_id + ?,"
                    f" {_RELATION_COLUMNS} FROM relations ORDER BY id",
                    [document_offset, span_offset, span_offset],
                ),
            )
            main.bulk_insert(
                "layers",
                f"document_id, {_LAYER_COLUMNS}",
                stage.execute(
                    f"SELECT document_id + ?, {_LAYER_COLUMNS} FROM layers", [document_offset]
                ),
            )
            merged.document_ids = [
                row[0] + document_offset
                for row in stage.execute("SELECT id FROM documents ORDER BY id")
            ]
            if then is not None:
                then()
        return merged

    def close(self) -> None:
        """Throw the stage away (after a merge, a refusal or a cancel alike)."""
        with contextlib.suppress(sqlite3.Error):
            self.store.conn.close()
        shutil.rmtree(self._folder, ignore_errors=True)
        with contextlib.suppress(OSError):
            os.close(self._owner)  # lets go of the lock, after the folder is gone


def remove_stale_stages(project: Path | None) -> list[Path]:
    """Remove the stages of imports of this project (and of any project, in the system's
    temporary folder) that no running process owns any more; returns the folders removed.

    Called on opening a project and on starting an import. A stage whose import still runs holds
    its lock and is left alone, so two imports at once never remove each other's stage. Any
    error (a folder this user cannot write) leaves the stage where it is. A server project
    (`project` None) stages in the system's temporary folder only.
    """
    candidates = [
        *(_globbed(project.parent, f".{project.name}.import-*") if project is not None else []),
        *_globbed(Path(tempfile.gettempdir()), "annotator-import-*"),
    ]
    removed = []
    for folder in candidates:
        if _is_stale(folder):
            shutil.rmtree(folder, ignore_errors=True)
            if not folder.exists():
                removed.append(folder)
    return removed


def _globbed(folder: Path, pattern: str) -> list[Path]:
    try:
        return [p for p in folder.glob(pattern) if p.is_dir() and not p.is_symlink()]
    except OSError:
        return []


def _is_stale(folder: Path) -> bool:
    """Whether no running import owns the stage: its lock can be taken (then it is let go of at
    once), or it has no lock file and is older than `STALE_AFTER`."""
    owner = folder / OWNER
    try:
        if fcntl is None or not owner.exists():
            return time.time() - folder.stat().st_mtime > STALE_AFTER
        fd = os.open(owner, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # held: its import is running
    finally:
        os.close(fd)  # closing lets go of the lock, if it was taken
    return True


def _hold(owner: Path) -> int:
    """Make the stage's lock file and hold its lock until the descriptor is closed.

    The file is locked under another name and then renamed into place: another process looking
    for stale stages never sees the lock file before it is held (between creating and locking
    it, it would take the lock itself and remove a running import's stage).
    """
    making = owner.with_name(owner.name + ".new")
    fd = os.open(making, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a new file: nobody else holds it
    os.write(fd, f"{os.getpid()}\n".encode())
    os.replace(making, owner)
    return fd


def _scratch_folder(project: Path) -> Path:
    """A new folder for the stage: beside the project (same disk, which has room for the import
    anyway), else in the system's temporary folder when the project's folder is not writable."""
    try:
        return Path(tempfile.mkdtemp(prefix=f".{project.name}.import-", dir=project.parent))
    except OSError:
        return Path(tempfile.mkdtemp(prefix="annotator-import-"))


def _table_definitions(project: ProjectStore) -> list[str]:
    """The CREATE TABLE statements of the staged tables, as SQLite says them: the project's own
    (a file), or those the same steps make (a server project)."""
    if project.dialect.name == "sqlite":
        conn = project.conn
    else:
        from annotator.storage.pg_schema import reference_database

        conn = reference_database()
    return [
        row[0]
        for row in conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name IN (?, ?, ?, ?)", _TABLES
        )
    ]


def _drop_late_duplicates(
    conn: sqlite3.Connection,
    stored: str = "SELECT content_hash FROM main.documents",
    stage: str = "stage",
) -> list[tuple[str, int | None]]:
    rows = conn.execute(
        f"SELECT id, source_path, source_line FROM {stage}.documents"
        f" WHERE content_hash IN ({stored}) ORDER BY id"
    ).fetchall()
    if rows:
        ids = [(row[0],) for row in rows]
        conn.executemany(
            f"DELETE FROM {stage}.relations WHERE document_id = ?", ids
        )  # spans and relations of the stage have no cascades (no foreign keys there)
        conn.executemany(f"DELETE FROM {stage}.spans WHERE document_id = ?", ids)
        conn.executemany(f"DELETE FROM {stage}.layers WHERE document_id = ?", ids)
        conn.executemany(f"DELETE FROM {stage}.documents WHERE id = ?", ids)
    return [(row[1] or "", row[2]) for row in rows]


def _staged_labels(conn: sqlite3.Connection, stage: str = "stage.") -> tuple[set[str], set[str]]:
    """The labels the staged rows use, and those only relations use."""
    staged = {
        row[0]
        for row in conn.execute(
            f"SELECT label FROM {stage}spans UNION SELECT label FROM {stage}relations"
        )
    }
    relation_only = {
        row[0]
        for row in conn.execute(
            f"SELECT label FROM {stage}relations EXCEPT SELECT label FROM {stage}spans"
        )
    }
    return staged, relation_only


def _add_missing_labels(conn: sqlite3.Connection, schema: LabelSchema) -> None:
    """Add the labels the staged rows use and the project lacks."""
    staged, relation_only = _staged_labels(conn)
    present = {row[0] for row in conn.execute("SELECT name FROM main.labels")}
    missing = sorted(staged - present)
    if not missing:
        return
    position = conn.execute("SELECT coalesce(max(position), -1) + 1 FROM main.labels").fetchone()[0]
    _insert_labels(conn, "main.", schema, missing, relation_only, position)


def _add_labels(
    project: ProjectStore, schema: LabelSchema, labels: tuple[set[str], set[str]]
) -> None:
    staged, relation_only = labels
    present = {row[0] for row in project.conn.execute("SELECT name FROM labels")}
    missing = sorted(staged - present)
    if missing:
        row = project.conn.execute("SELECT coalesce(max(position), -1) + 1 FROM labels").fetchone()
        _insert_labels(project.conn, "", schema, missing, relation_only, row[0])


def _insert_labels(
    conn: Any,
    prefix: str,
    schema: LabelSchema,
    missing: list[str],
    relation_only: set[str],
    position: int,
) -> None:
    for offset, name in enumerate(missing):
        label = schema.get(name)
        if label is None:
            label = Label(name, "relation" if name in relation_only else "span", color="#9e9e9e")
        conn.execute(
            f"INSERT INTO {prefix}labels (name, kind, hotkey, color, description, position)"
            " VALUES (?, ?, NULL, ?, ?, ?)",
            [label.name, label.kind, label.color, label.description, position + offset],
        )
