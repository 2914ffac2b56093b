"""All SQL of annotator: the project file and everything read from or written to it.

`ProjectStore` is the only class that speaks SQL. Each mutating method runs in one transaction
(nested calls become savepoints), so a caller that wraps several calls in `transaction()` gets one
commit for a whole user action and nothing half done if it fails.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annotator.domain.analysts import ORIGINAL, LayerState
from annotator.domain.errors import AnnotatorError, NotAProject, NotFound
from annotator.domain.labels import AttributeSpec, Label, LabelSchema
from annotator.domain.metadata import ArticleMetadata, article_metadata
from annotator.domain.model import (
    Document,
    DraftDocument,
    ExportItem,
    Link,
    Provenance,
    Relation,
    RemovedSpan,
    Span,
    content_hash,
)
from annotator.domain.search import DocumentFilter, fts_query, split_fields
from annotator.storage.opening import (
    ProjectReadOnly,
    connect,
    creation_lock,
    damaged,
    has_content,
    is_read_only,
    read_only_connection,
    remove_new_side_files,
    side_files,
    user_error,
)
from annotator.storage.steps import MIGRATION_SET, STEPS

SQLITE_HEADER = b"SQLite format 3\x00"


# One encoder for every call: `json.dumps` with options builds a new encoder each time.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def _json(value: Any) -> str:
    return _ENCODER.encode(value)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """One row of the corpus browser: what a list shows without loading the article's text."""

    id: int
    title: str
    outlet: str | None
    published: str | None
    status: str
    span_count: int
    url: str | None = None
    author: str | None = None
    language: str | None = None


# The columns of `DocumentRow`, as selected from `documents d`; the browser sorts by any of them.
_ROW_COLUMNS = (
    "id",
    "title",
    "outlet",
    "published",
    "status",
    "span_count",
    "url",
    "author",
    "language",
)
_ROW_SELECT = ", ".join(f"d.{c}" for c in _ROW_COLUMNS)


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
    except sqlite3.DatabaseError as error:
        mapped = user_error(error, path)
        if isinstance(mapped, NotAProject):  # damaged: say how to check and recover it
            raise mapped from None
        raise NotAProject(f"not an annotator project ({error})", path=str(path)) from None
    finally:
        conn.close()
        remove_new_side_files(before)
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


def _looks_finished(path: Path) -> bool:
    """True for a project this version can open; False for one another process may still be
    making (looked at again under the folder's lock, where a refusal is final)."""
    try:
        inspect_project_file(path)
    except NotAProject:
        return False
    return True


class ProjectBusy(AnnotatorError):
    """Another connection (a background import) holds the project's write lock."""


class ProjectStore:
    """One project file: documents, labels, spans, relations, links and settings.

    The store acts for one `analyst` (who every write records) on one `layer` (whose annotations
    reads return and writes go to; by default the analyst's own). `layer = None` reads every
    layer at once, as a project with a single analyst always did (see ADR 0013).
    """

    def __init__(
        self, conn: sqlite3.Connection, path: Path, *, created: bool, read_only: bool = False
    ) -> None:
        self.conn = conn
        self.path = path
        self.created = created
        #: Opened for reading only: every write is refused with `ProjectReadOnly`, in one line.
        self.read_only = read_only
        self._made_side_files: dict[Path, bool] | None = None
        self._savepoints = itertools.count()
        self.analyst: str = ORIGINAL
        self.layer: str | None = ORIGINAL

    @property
    def write_layer(self) -> str:
        """The layer new annotations go to."""
        return self.layer if self.layer is not None else self.analyst

    @contextmanager
    def acting_as(self, analyst: str, layer: str | None = None) -> Iterator[None]:
        """Write as `analyst` into `layer` (their own by default) for the `with` block."""
        before = self.analyst, self.layer
        self.analyst, self.layer = analyst, layer if layer is not None else analyst
        try:
            yield
        finally:
            self.analyst, self.layer = before

    def _layer_sql(self, layer: str | None, column: str = "layer") -> tuple[str, list[Any]]:
        """The condition keeping one layer's rows (none when reading every layer)."""
        if layer is None:
            return "", []
        return f" AND {column} = ?", [layer]

    def touch_layer(self, document_id: int, status: str | None = None) -> None:
        """Record that the acting analyst changed this layer of the article now (and its status)."""
        now = now_iso()
        self._execute(
            "INSERT INTO layers (document_id, name, status, analyst, created_at, changed_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (document_id, name) DO UPDATE SET"
            " analyst = excluded.analyst, changed_at = excluded.changed_at"
            + (", status = excluded.status" if status is not None else ""),
            [document_id, self.write_layer, status or "in_progress", self.analyst, now, now],
        )

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
            if path.exists():
                inspect_project_file(path)  # final, now that nobody is making it
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

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    # -- schema --------------------------------------------------------------------------------

    def load_schema(self) -> LabelSchema:
        rows = self._execute(
            "SELECT name, kind, hotkey, color, description, attributes, head_labels,"
            " child_labels, retired FROM labels ORDER BY position, rowid"
        ).fetchall()
        return LabelSchema(
            tuple(
                Label(
                    name=row[0],
                    kind=row[1],
                    hotkey=row[2],
                    color=row[3],
                    description=row[4],
                    attributes=tuple(AttributeSpec.from_json(a) for a in json.loads(row[5])),
                    head_labels=tuple(json.loads(row[6])),
                    child_labels=tuple(json.loads(row[7])),
                    retired=bool(row[8]),
                )
                for row in rows
            )
        )

    def save_schema(self, schema: LabelSchema) -> None:
        """Store every label of `schema` (insert or update by name), in the schema's order.

        Labels of the project that `schema` leaves out are kept: removing a label is `delete_label`.
        """
        with self.transaction():
            for position, label in enumerate(schema.labels):
                self._execute(
                    "INSERT INTO labels (name, kind, hotkey, color, description, position,"
                    " attributes, head_labels, child_labels, retired)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (name) DO UPDATE SET kind = excluded.kind,"
                    " hotkey = excluded.hotkey, color = excluded.color,"
                    " description = excluded.description, position = excluded.position,"
                    " attributes = excluded.attributes, head_labels = excluded.head_labels,"
                    " child_labels = excluded.child_labels, retired = excluded.retired",
                    [
                        label.name,
                        label.kind,
                        label.hotkey,
                        label.color,
                        label.description,
                        position,
                        _json([spec.to_json() for spec in label.attributes]),
                        _json(list(label.head_labels)),
                        _json(list(label.child_labels)),
                        int(label.retired),
                    ],
                )

    def rename_label(self, old: str, new: str) -> None:
        """Rename a label; spans, relations and links follow (ON UPDATE CASCADE)."""
        with self.transaction():
            self._execute("UPDATE labels SET name = ? WHERE name = ?", [new, old])

    def label_uses(self) -> dict[str, tuple[int, int, int]]:
        """For every label in use: how many (spans, relations, links) carry it."""
        uses: dict[str, list[int]] = {}
        for column, table in enumerate(("spans", "relations", "links")):
            for name, count in self._execute(f"SELECT label, count(*) FROM {table} GROUP BY label"):
                uses.setdefault(name, [0, 0, 0])[column] = count
        return {name: (a, b, c) for name, (a, b, c) in uses.items()}

    def merge_label(self, old: str, into: str) -> int:
        """Move every use of `old` to `into` and delete `old`; returns how many uses moved."""
        with self.transaction():
            moved = 0
            for table in ("spans", "relations", "links"):
                moved += self._execute(
                    f"UPDATE {table} SET label = ? WHERE label = ?", [into, old]
                ).rowcount
            self._execute("DELETE FROM labels WHERE name = ?", [old])
        return moved

    def delete_label(self, name: str) -> None:
        """Delete an unused label (a used one is refused by the foreign keys)."""
        with self.transaction():
            self._execute("DELETE FROM labels WHERE name = ?", [name])

    # -- documents -----------------------------------------------------------------------------

    def insert_documents(
        self, drafts: Iterable[DraftDocument], hashes: Sequence[str] | None = None
    ) -> list[int]:
        """Store drafts with their spans and relations; all or nothing.

        Labels must already be in the schema (the importing service adds unknown ones first).
        `hashes`, when given, are the drafts' content hashes (the import has them already).

        One `executemany` a table for the whole call. SQLite gives each new row one more than the
        largest id (ids are not AUTOINCREMENT), so the ids are known before the rows are stored
        and relations can name their spans; they are left to SQLite (which stores faster than
        when told them) and checked after. Each article is stored with its `span_count`.
        """
        imported_at = now_iso()
        analyst = self.analyst
        with self.transaction():
            conn = self.conn
            next_document = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM documents")
            document_id = int(next_document.fetchone()[0])
            next_span = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM spans")
            span_id = int(next_span.fetchone()[0])
            ids: list[int] = []
            documents: list[tuple[Any, ...]] = []
            spans: list[tuple[Any, ...]] = []
            relations: list[tuple[Any, ...]] = []
            layers: list[tuple[Any, ...]] = []
            for number, draft in enumerate(drafts):
                layer = draft.analyst or self.write_layer
                author = draft.analyst or analyst
                meta = draft.meta
                text = draft.text
                provenance = draft.provenance
                found = article_metadata(meta)
                documents.append(
                    (
                        draft.title,
                        text,
                        _json(dict(meta)),
                        found.outlet,
                        found.published,
                        found.url,
                        found.author,
                        found.language,
                        draft.status,
                        len(draft.spans),
                        hashes[number] if hashes is not None else content_hash(text),
                        provenance.path,
                        provenance.line,
                        provenance.format,
                        provenance.imported_at or imported_at,
                    )
                )
                spans.extend(
                    [
                        (
                            document_id,
                            span.start,
                            span.end,
                            span.label,
                            text[span.start : span.end],
                            _json(dict(span.attributes)) if span.attributes else "{}",
                            span.note,
                            int(span.suggested),
                            layer,
                            author,
                            imported_at,
                            imported_at,
                        )
                        for span in draft.spans
                    ]
                )
                relations.extend(
                    [
                        (
                            document_id,
                            span_id + r.head,
                            span_id + r.child,
                            r.label,
                            layer,
                            author,
                            imported_at,
                            imported_at,
                        )
                        for r in draft.relations
                    ]
                )
                if draft.status != "new" or any(not s.suggested for s in draft.spans):
                    layers.append(
                        (
                            document_id,
                            layer,
                            "in_progress" if draft.status == "new" else draft.status,
                            author,
                            imported_at,
                            imported_at,
                        )
                    )
                span_id += len(draft.spans)
                ids.append(document_id)
                document_id += 1
            conn.executemany(
                "INSERT INTO documents (title, text, meta, outlet, published, url, author, language,"
                " status, span_count, content_hash, source_path, source_line, source_format,"
                " imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                documents,
            )
            conn.executemany(
                "INSERT INTO spans (document_id, char_start, char_end, label, text, attributes,"
                " note, suggested, layer, analyst, created_at, changed_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                spans,
            )
            last = conn.execute("SELECT max(id) FROM documents").fetchone()[0]
            last_span = conn.execute("SELECT max(id) FROM spans").fetchone()[0]
            if (documents and last != document_id - 1) or (spans and last_span != span_id - 1):
                raise RuntimeError("SQLite gave the new rows other ids than the next ones")
            conn.executemany(
                "INSERT INTO relations (document_id, head_span_id, child_span_id, label, layer,"
                " analyst, created_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                relations,
            )
            conn.executemany(
                "INSERT INTO layers (document_id, name, status, analyst, created_at, changed_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                layers,
            )
        return ids

    def existing_hashes(self, hashes: Iterable[str]) -> set[str]:
        """Which of these content hashes the project already holds."""
        found: set[str] = set()
        batch = list(hashes)
        for i in range(0, len(batch), 500):
            chunk = batch[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                row[0]
                for row in self._execute(
                    f"SELECT content_hash FROM documents WHERE content_hash IN ({marks})", chunk
                )
            )
        return found

    def document(self, document_id: int) -> Document:
        row = self._execute(
            "SELECT id, text, title, meta, status, source_path, source_line, source_format,"
            " imported_at, outlet, published FROM documents WHERE id = ?",
            [document_id],
        ).fetchone()
        if row is None:
            raise NotFound(f"no document {document_id}")
        return _document(row)

    def document_ids(self) -> list[int]:
        return [row[0] for row in self._execute("SELECT id FROM documents ORDER BY id")]

    def document_count(self, where: DocumentFilter | None = None) -> int:
        """How many documents the filter keeps (all of them without one)."""
        source, conditions, params = _filter_sql(where)
        if source == _FTS_SOURCE and len(conditions) == 1:
            # Words alone: the index counts its own matches (a tenth of the time of a join).
            sql = "SELECT count(*) FROM documents_fts f WHERE documents_fts MATCH ?"
        else:
            sql = f"SELECT count(*) FROM {source}{_where(conditions)}"
        return int(self._search(sql, params).fetchone()[0])

    def document_rows(
        self,
        offset: int = 0,
        limit: int = 200,
        order_by: str = "id",
        descending: bool = False,
        where: DocumentFilter | None = None,
    ) -> list[DocumentRow]:
        """A page of the corpus (of what `where` keeps), sorted by a column of `DocumentRow`."""
        if order_by not in _ROW_COLUMNS:
            raise ValueError(f"cannot sort documents by {order_by!r}")
        direction = "DESC" if descending else "ASC"
        source, conditions, params = _filter_sql(where)
        if source == _FTS_SOURCE and order_by == "id":
            # The index yields its matches in rowid order: the first page needs no sort at all.
            order = f"f.rowid {direction}"
        else:
            order = f"d.{order_by} {direction}, d.id {direction}"
        rows = self._search(
            f"SELECT {_ROW_SELECT} FROM {source}{_where(conditions)} ORDER BY {order} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        return [DocumentRow(*row) for row in rows]

    def catch_up_search_index(self) -> int:
        """Index the articles imported since the last search (see m060); returns how many.

        While another connection (a background import) holds the write lock, the search runs on
        what is indexed: what that import stores is not visible to this connection yet anyway.
        """
        through = int(self._execute("SELECT indexed_through FROM search_index_state").fetchone()[0])
        newest = int(self._execute("SELECT coalesce(max(id), 0) FROM documents").fetchone()[0])
        if newest <= through or self.read_only:  # read-only: search what is indexed
            return 0
        try:
            with self.transaction():
                cursor = self._execute(
                    "INSERT INTO documents_fts (rowid, title, text)"
                    " SELECT id, title, text FROM documents WHERE id > ? AND id <= ?",
                    [through, newest],
                )
                self._execute("UPDATE search_index_state SET indexed_through = ?", [newest])
        except ProjectBusy:
            return 0
        return cursor.rowcount

    def _search(self, sql: str, params: Sequence[Any]) -> sqlite3.Cursor:
        if "documents_fts" in sql:
            self.catch_up_search_index()
        try:
            return self._execute(sql, params)
        except sqlite3.OperationalError as error:
            # `fts_query` quotes every term, so this is a bug's last line of defence, not a path.
            if "fts5" in str(error):
                raise AnnotatorError(f"cannot search for that: {error}") from None
            raise

    def document_row(self, document_id: int) -> DocumentRow | None:
        row = self._execute(
            f"SELECT {_ROW_SELECT} FROM documents d WHERE d.id = ?", [document_id]
        ).fetchone()
        return DocumentRow(*row) if row else None

    def set_properties(self, document_id: int, title: str, metadata: ArticleMetadata) -> None:
        """Set an article's title and metadata columns (Article ▸ Properties); its text stays."""
        with self.transaction():
            cursor = self._execute(
                "UPDATE documents SET title = ?, outlet = ?, published = ?, url = ?, author = ?,"
                " language = ? WHERE id = ?",
                [title, *metadata.as_dict().values(), document_id],
            )
        if cursor.rowcount == 0:
            raise NotFound(f"no document {document_id}")

    def next_not_done(self, after_id: int) -> int | None:
        """The first document after `after_id` (wrapping around) that is not done."""
        row = self._execute(
            "SELECT id FROM documents WHERE status != 'done' ORDER BY id <= ?, id LIMIT 1",
            [after_id],
        ).fetchone()
        return int(row[0]) if row else None

    def mark_started(self, document_id: int) -> bool:
        """A new article becomes "in progress" with its first span; True if it changed."""
        with self.transaction():
            cursor = self._execute(
                "UPDATE documents SET status = 'in_progress' WHERE id = ? AND status = 'new'",
                [document_id],
            )
        return cursor.rowcount > 0

    def set_status(self, document_id: int, status: str) -> None:
        """The article's status, and its status in the acting layer, with who set it when."""
        with self.transaction():
            cursor = self._execute(
                "UPDATE documents SET status = ? WHERE id = ?", [status, document_id]
            )
            if cursor.rowcount == 0:
                raise NotFound(f"no document {document_id}")
            self.touch_layer(document_id, status)

    # -- spans ---------------------------------------------------------------------------------

    _SPAN_COLUMNS = (
        "id, document_id, char_start, char_end, label, attributes, note, suggested,"
        " layer, analyst, created_at, changed_at"
    )

    _KEEP: Any = object()  # "the store's layer", as a default that None (every layer) is not

    def spans_of(self, document_id: int, layer: str | None = _KEEP) -> list[Span]:
        """The document's spans in the store's layer (or `layer`), sorted by start then end."""
        condition, params = self._layer_sql(self.layer if layer is self._KEEP else layer)
        rows = self._execute(
            f"SELECT {self._SPAN_COLUMNS} FROM spans WHERE document_id = ?{condition}"
            " ORDER BY char_start, char_end, id",
            [document_id, *params],
        )
        return [_span(row) for row in rows]

    def span_marks(
        self, document_id: int, before: int | None = None, layer: str | None = _KEEP
    ) -> list[tuple[int, int, int, str, bool]]:
        """(start, end, id, label, suggested) of a document's spans, unsorted: what a view paints.

        Plain tuples, because opening an article with 10,000 spans must not build 10,000 objects;
        `before` keeps only spans starting before that offset (the first screen of a long article).
        The store's layer, or `layer` (a read-only pane showing another analyst's).
        """
        condition, params = self._layer_sql(self.layer if layer is self._KEEP else layer)
        sql = (
            "SELECT char_start, char_end, id, label, suggested FROM spans WHERE document_id = ?"
            + condition
        )
        if before is None:
            return self._execute(sql, [document_id, *params]).fetchall()
        return self._execute(sql + " AND char_start < ?", [document_id, *params, before]).fetchall()

    def span(self, span_id: int) -> Span:
        row = self._execute(
            f"SELECT {self._SPAN_COLUMNS} FROM spans WHERE id = ?", [span_id]
        ).fetchone()
        if row is None:
            raise NotFound(f"no span {span_id}")
        return _span(row)

    def insert_span(self, span: Span, text: str) -> Span:
        """Store a span (keeping `span.id` when given, as undo does); returns it with its id.

        The article's `span_count` follows in the same transaction (no trigger keeps it: see
        migration `m040_speed_bulk_span_inserts`).
        """
        with self.transaction():
            now = now_iso()
            layer = span.layer or self.write_layer
            cursor = self._execute(
                "INSERT INTO spans (id, document_id, char_start, char_end, label, text, attributes,"
                " note, suggested, layer, analyst, created_at, changed_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    span.id,
                    span.document_id,
                    span.start,
                    span.end,
                    span.label,
                    text[span.start : span.end],
                    _json(dict(span.attributes)),
                    span.note,
                    int(span.suggested),
                    layer,
                    span.analyst or self.analyst,
                    span.created_at or now,
                    span.changed_at or now,
                ],
            )
            self._execute(
                "UPDATE documents SET span_count = span_count + 1 WHERE id = ?",
                [span.document_id],
            )
            if not span.suggested and layer == self.write_layer:
                self.touch_layer(span.document_id)
        stored = _replace_id(span, int(cursor.lastrowid or 0))
        if span.layer is None:
            from dataclasses import replace

            stored = replace(
                stored, layer=layer, analyst=self.analyst, created_at=now, changed_at=now
            )
        return stored

    def update_span(self, span: Span) -> None:
        """Store a span's label, attributes, note and suggested flag (offsets never change)."""
        with self.transaction():
            cursor = self._execute(
                "UPDATE spans SET label = ?, attributes = ?, note = ?, suggested = ?, analyst = ?,"
                " changed_at = ? WHERE id = ?",
                [
                    span.label,
                    _json(dict(span.attributes)),
                    span.note,
                    int(span.suggested),
                    self.analyst,
                    now_iso(),
                    span.id,
                ],
            )
            if cursor.rowcount == 0:
                raise NotFound(f"no span {span.id}")

    def delete_span(self, span_id: int) -> RemovedSpan:
        """Delete a span with its relations and links, returning all of them for undo."""
        with self.transaction():
            span = self.span(span_id)
            relations = tuple(
                _relation(row)
                for row in self._execute(
                    f"SELECT {_RELATION_COLUMNS} FROM relations"
                    " WHERE head_span_id = ? OR child_span_id = ? ORDER BY id",
                    [span_id, span_id],
                )
            )
            links = tuple(
                _link(row)
                for row in self._execute(
                    f"SELECT {_LINK_COLUMNS} FROM links"
                    " WHERE span_a_id = ? OR span_b_id = ? ORDER BY id",
                    [span_id, span_id],
                )
            )
            self._execute("DELETE FROM spans WHERE id = ?", [span_id])
            self._execute(
                "UPDATE documents SET span_count = span_count - 1 WHERE id = ?",
                [span.document_id],
            )
        return RemovedSpan(span, relations, links)

    def restore_span(self, removed: RemovedSpan, text: str) -> None:
        """Bring back a deleted span whole: same id, attributes, relations and links."""
        with self.transaction():
            self.insert_span(removed.span, text)
            for relation in removed.relations:
                self.insert_relation(relation)
            for link in removed.links:
                self.insert_link(link)

    # -- relations and links -------------------------------------------------------------------

    def insert_relation(self, relation: Relation) -> Relation:
        with self.transaction():
            now = now_iso()
            cursor = self._execute(
                "INSERT INTO relations (id, document_id, head_span_id, child_span_id, label,"
                " layer, analyst, created_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    relation.id,
                    relation.document_id,
                    relation.head_id,
                    relation.child_id,
                    relation.label,
                    relation.layer or self.write_layer,
                    relation.analyst or self.analyst,
                    relation.created_at or now,
                    relation.changed_at or now,
                ],
            )
        return _replace_id(relation, int(cursor.lastrowid or 0))

    def delete_relation(self, relation_id: int) -> Relation:
        with self.transaction():
            relation = self.relation(relation_id)
            self._execute("DELETE FROM relations WHERE id = ?", [relation_id])
        return relation

    def relation(self, relation_id: int) -> Relation:
        row = self._execute(
            f"SELECT {_RELATION_COLUMNS} FROM relations WHERE id = ?", [relation_id]
        ).fetchone()
        if row is None:
            raise NotFound(f"no relation {relation_id}")
        return _relation(row)

    def relations_of(self, document_id: int, layer: str | None = _KEEP) -> list[Relation]:
        """The document's relations in the store's layer (or `layer`)."""
        condition, params = self._layer_sql(self.layer if layer is self._KEEP else layer)
        return [
            _relation(row)
            for row in self._execute(
                f"SELECT {_RELATION_COLUMNS} FROM relations"
                f" WHERE document_id = ?{condition} ORDER BY id",
                [document_id, *params],
            )
        ]

    def relations_of_span(self, span_id: int) -> list[Relation]:
        return [
            _relation(row)
            for row in self._execute(
                f"SELECT {_RELATION_COLUMNS} FROM relations"
                " WHERE head_span_id = ? OR child_span_id = ? ORDER BY id",
                [span_id, span_id],
            )
        ]

    def links_of_span(self, span_id: int) -> list[Link]:
        return [
            _link(row)
            for row in self._execute(
                f"SELECT {_LINK_COLUMNS} FROM links"
                " WHERE span_a_id = ? OR span_b_id = ? ORDER BY id",
                [span_id, span_id],
            )
        ]

    def spans_by_ids(self, span_ids: Sequence[int]) -> dict[int, Span]:
        found: dict[int, Span] = {}
        ids = list(dict.fromkeys(span_ids))
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._execute(
                f"SELECT {self._SPAN_COLUMNS} FROM spans WHERE id IN ({marks})", chunk
            ):
                span = _span(row)
                found[span.id] = span  # type: ignore[index]
        return found

    def insert_link_ids(self, a_id: int, b_id: int, label: str) -> None:
        """A link by span ids, unchecked: for bulk loading data already known to be valid."""
        with self.transaction():
            now = now_iso()
            self._execute(
                "INSERT INTO links (span_a_id, span_b_id, label, layer, analyst, created_at,"
                " changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [a_id, b_id, label, self.write_layer, self.analyst, now, now],
            )

    def insert_link(self, link: Link) -> Link:
        with self.transaction():
            now = now_iso()
            cursor = self._execute(
                "INSERT INTO links (id, span_a_id, span_b_id, label, note, layer, analyst,"
                " created_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    link.id,
                    link.a_id,
                    link.b_id,
                    link.label,
                    link.note,
                    link.layer or self.write_layer,
                    link.analyst or self.analyst,
                    link.created_at or now,
                    link.changed_at or now,
                ],
            )
        return _replace_id(link, int(cursor.lastrowid or 0))

    def delete_link(self, link_id: int) -> Link:
        with self.transaction():
            link = self.link(link_id)
            self._execute("DELETE FROM links WHERE id = ?", [link_id])
        return link

    def link(self, link_id: int) -> Link:
        row = self._execute(f"SELECT {_LINK_COLUMNS} FROM links WHERE id = ?", [link_id]).fetchone()
        if row is None:
            raise NotFound(f"no link {link_id}")
        return _link(row)

    def links_of_documents(self, document_ids: Sequence[int]) -> list[Link]:
        """Links with at least one end in one of these documents."""
        if not document_ids:
            return []
        marks = ",".join("?" * len(document_ids))
        condition, params = self._layer_sql(self.layer, "l.layer")
        return [
            _link(row)
            for row in self._execute(
                f"SELECT {_LINK_COLUMNS_L} FROM links l"
                " JOIN spans a ON a.id = l.span_a_id JOIN spans b ON b.id = l.span_b_id"
                f" WHERE (a.document_id IN ({marks}) OR b.document_id IN ({marks})){condition}"
                " ORDER BY l.id",
                [*document_ids, *document_ids, *params],
            )
        ]

    def all_links(self) -> Iterator[Link]:
        for row in self._execute(f"SELECT {_LINK_COLUMNS} FROM links ORDER BY id"):
            yield _link(row)

    # -- reading in bulk -----------------------------------------------------------------------

    _DOCUMENT_COLUMNS = (
        "id, text, title, meta, status, source_path, source_line, source_format, imported_at,"
        " outlet, published"
    )

    def iter_export_items(
        self,
        document_ids: Sequence[int] | None = None,
        *,
        statuses: Sequence[str] | None = None,
        batch_size: int = 500,
        layer: str | None = None,
    ) -> Iterator[ExportItem]:
        """Documents in id order with their spans and relations, streamed (constant memory).

        Three queries a batch of documents (documents, their spans, their relations), not three a
        document: a million-article export reads in a few thousand round trips. Every layer, or
        with `layer` only that layer's annotations, of the articles that have that layer.
        """
        wanted = sorted(set(document_ids)) if document_ids is not None else None
        status_sql, status_params = "", []
        if statuses:
            status_sql = f" AND status IN ({','.join('?' * len(statuses))})"
            status_params = list(statuses)
        layer_sql, layer_params = self._layer_sql(layer)
        if layer is not None:
            status_sql += " AND id IN (SELECT document_id FROM layers WHERE name = ?)"
            status_params.append(layer)
        last = 0
        while True:
            if wanted is None:
                rows = self._execute(
                    f"SELECT {self._DOCUMENT_COLUMNS} FROM documents WHERE id > ?{status_sql}"
                    " ORDER BY id LIMIT ?",
                    [last, *status_params, batch_size],
                ).fetchall()
            else:
                chunk, wanted = wanted[:batch_size], wanted[batch_size:]
                if not chunk:
                    return
                marks = ",".join("?" * len(chunk))
                rows = self._execute(
                    f"SELECT {self._DOCUMENT_COLUMNS} FROM documents WHERE id IN ({marks})"
                    f"{status_sql} ORDER BY id",
                    [*chunk, *status_params],
                ).fetchall()
                if not rows:
                    continue
            if not rows:
                return
            last = rows[-1][0]
            ids = [row[0] for row in rows]
            marks = ",".join("?" * len(ids))
            spans: dict[int, list[Span]] = {i: [] for i in ids}
            for row in self._execute(
                f"SELECT {self._SPAN_COLUMNS} FROM spans WHERE document_id IN ({marks})"
                f"{layer_sql} ORDER BY document_id, char_start, char_end, id",
                [*ids, *layer_params],
            ):
                spans[row[1]].append(_span(row))
            relations: dict[int, list[Relation]] = {i: [] for i in ids}
            for row in self._execute(
                f"SELECT {_RELATION_COLUMNS} FROM relations"
                f" WHERE document_id IN ({marks}){layer_sql} ORDER BY document_id, id",
                [*ids, *layer_params],
            ):
                relations[row[1]].append(_relation(row))
            layers: dict[int, list[LayerState]] = {i: [] for i in ids}
            for row in self._execute(
                "SELECT document_id, name, status, analyst, created_at, changed_at FROM layers"
                f" WHERE document_id IN ({marks}){self._layer_sql(layer, 'name')[0]}"
                " ORDER BY document_id, name",
                [*ids, *layer_params],
            ):
                layers[row[0]].append(LayerState(*row))
            for row in rows:
                yield ExportItem(_document(row), spans[row[0]], relations[row[0]], layers[row[0]])

    def count_documents(
        self, document_ids: Sequence[int] | None = None, statuses: Sequence[str] | None = None
    ) -> int:
        """How many documents a selection (ids and statuses, both optional) holds."""
        where: list[str] = ["1"]
        params: list[Any] = []
        if statuses:
            where.append(f"status IN ({','.join('?' * len(statuses))})")
            params.extend(statuses)
        if document_ids is None:
            return int(
                self._execute(
                    f"SELECT count(*) FROM documents WHERE {' AND '.join(where)}", params
                ).fetchone()[0]
            )
        total, wanted = 0, sorted(set(document_ids))
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            total += int(
                self._execute(
                    f"SELECT count(*) FROM documents WHERE {' AND '.join(where)}"
                    f" AND id IN ({','.join('?' * len(chunk))})",
                    [*params, *chunk],
                ).fetchone()[0]
            )
        return total

    def missing_document_ids(self, document_ids: Sequence[int]) -> list[int]:
        """Which of these ids the project does not hold."""
        wanted = sorted(set(document_ids))
        found: set[int] = set()
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            found.update(
                row[0]
                for row in self._execute(
                    f"SELECT id FROM documents WHERE id IN ({','.join('?' * len(chunk))})", chunk
                )
            )
        return [i for i in wanted if i not in found]

    def iter_link_ends(self, layer: str | None = None) -> Iterator[tuple[Link, int, int]]:
        """Every link (of every layer, or of `layer`) in id order with the documents of its two
        spans, streamed."""
        condition, params = self._layer_sql(layer, "l.layer")
        for row in self._execute(
            f"SELECT {_LINK_COLUMNS_L}, a.document_id, b.document_id"
            " FROM links l JOIN spans a ON a.id = l.span_a_id JOIN spans b ON b.id = l.span_b_id"
            f" WHERE 1{condition} ORDER BY l.id",
            params,
        ):
            yield _link(row), row[9], row[10]

    def span_ids_of(self, document_id: int) -> list[int]:
        """The document's span ids in the order they were stored."""
        return [
            row[0]
            for row in self._execute(
                "SELECT id FROM spans WHERE document_id = ? ORDER BY id", [document_id]
            )
        ]

    def stats(self) -> dict[str, Any]:
        """Counts for `annotator stats`: spans are the accepted ones; suggestions apart."""
        spans_by_label = {
            label: count
            for label, count in self._execute(
                "SELECT label, count(*) FROM spans WHERE NOT suggested GROUP BY label ORDER BY label"
            )
        }
        suggested_by_label = {
            label: count
            for label, count in self._execute(
                "SELECT label, count(*) FROM spans WHERE suggested GROUP BY label ORDER BY label"
            )
        }
        by_status = {
            status: count
            for status, count in self._execute(
                "SELECT status, count(*) FROM documents GROUP BY status ORDER BY status"
            )
        }
        return {
            "documents": self.document_count(),
            "documents_by_status": by_status,
            "spans": sum(spans_by_label.values()),
            "spans_by_label": spans_by_label,
            "suggested_spans_by_label": suggested_by_label,
            "relations": int(self._execute("SELECT count(*) FROM relations").fetchone()[0]),
            "links": int(self._execute("SELECT count(*) FROM links").fetchone()[0]),
        }

    # -- settings ------------------------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        row = self._execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        """Remember a setting (the window's place); a read-only project keeps it for this session
        only, not as an error: it is where the window was, not anyone's work."""
        if self.read_only:
            return
        with self.transaction():
            self._execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, _json(value)],
            )


# CROSS JOIN keeps the full-text index outermost: SQLite would otherwise start from a status or
# label index and run the MATCH once per article.
_FTS_SOURCE = "documents_fts f CROSS JOIN documents d ON d.id = f.rowid"


def _filter_sql(where: DocumentFilter | None) -> tuple[str, list[str], list[Any]]:
    """The FROM source (`documents d`, joined to the index `f` when searching words), the
    conditions and their parameters for a corpus filter."""
    if where is None:
        return "documents d", [], []
    source = "documents d"
    conditions: list[str] = []
    params: list[Any] = []
    words, fields = split_fields(where.query)
    match = fts_query(words)
    if match is not None:
        source = _FTS_SOURCE
        conditions.append("documents_fts MATCH ?")
        params.append(match)
    if where.status is not None:
        conditions.append("d.status = ?")
        params.append(where.status)
    if where.label is not None:
        conditions.append("d.id IN (SELECT document_id FROM spans WHERE label = ?)")
        params.append(where.label)
    for column, value in fields:  # columns named by `split_fields`, never by the user
        conditions.append(f"d.{column} LIKE ? ESCAPE '\\'")
        escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params.append(f"%{escaped}%")
    if where.story is not None:
        conditions.append("d.id IN (SELECT document_id FROM story_articles WHERE story_id = ?)")
        params.append(where.story)
    return source, conditions, params


def _where(conditions: list[str]) -> str:
    return " WHERE " + " AND ".join(conditions) if conditions else ""


def _document(row: Sequence[Any]) -> Document:
    return Document(
        id=row[0],
        text=row[1],
        title=row[2],
        meta=json.loads(row[3]),
        status=row[4],
        provenance=Provenance(path=row[5], line=row[6], format=row[7], imported_at=row[8]),
        outlet=row[9],
        published=row[10],
    )


def _span(row: Sequence[Any]) -> Span:
    return Span(
        row[1],
        row[2],
        row[3],
        row[4],
        row[0],
        {} if row[5] == "{}" else json.loads(row[5]),
        row[6],
        bool(row[7]),
        row[8],
        row[9],
        row[10],
        row[11],
    )


_RELATION_COLUMNS = (
    "id, document_id, head_span_id, child_span_id, label, layer, analyst, created_at, changed_at"
)
_LINK_COLUMNS = "id, span_a_id, span_b_id, label, note, layer, analyst, created_at, changed_at"
_LINK_COLUMNS_L = (
    "l.id, l.span_a_id, l.span_b_id, l.label, l.note, l.layer, l.analyst, l.created_at,"
    " l.changed_at"
)


def _relation(row: Sequence[Any]) -> Relation:
    return Relation(row[1], row[2], row[3], row[4], row[0], row[5], row[6], row[7], row[8])


def _link(row: Sequence[Any]) -> Link:
    return Link(row[1], row[2], row[3], row[0], row[4], row[5], row[6], row[7], row[8])


def _replace_id(item: Any, new_id: int) -> Any:
    from dataclasses import replace

    return item if item.id is not None else replace(item, id=new_id)
