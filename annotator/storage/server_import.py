"""An import into a server project: its articles streamed straight into the server as they are
read, inside one transaction that commits only at the end (ADR 0039).

A project file's import reads into a stage and merges it in one short transaction (`staging`),
because SQLite has one writer: the project's lock is held only for the merge. A server has many
writers and no such lock, so its stage was only a detour: every article written to a local
SQLite file, read back and copied in (more than half of a 100,000-article import), while the
server idled during the reading and the client during the merge. Here the articles go into one
`COPY … FROM STDIN` that stays open while the file is read, so the server stores (and indexes)
one batch while the client parses the next, on the other core.

What the stage gave is kept:
- all or nothing: one transaction; a refused or cancelled import rolls it back;
- no table lock while reading: ids come from the sequences (`nextval`), not from a block
  reserved under `LOCK TABLE`, so other analysts write spans, statuses and labels meanwhile;
  the transaction holds only the new rows. The spans, relations and layers of the articles
  (which point at labels, whose rows a reference would hold against a rename) are staged
  locally and copied in at the end, with the labels they need;
- duplicates: looked up in the project batch by batch on a second connection (the first is
  busy with the `COPY`), within the file by the importer; at the end, under an advisory lock
  every server import takes to commit, the articles another writer stored meanwhile are taken
  out again and named (`late_duplicates`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

from psycopg.copy import QueuedLibpqWriter

from annotator.domain.labels import LabelSchema
from annotator.domain.model import DraftDocument
from annotator.storage.documents import DOCUMENT_INSERT, draft_rows
from annotator.storage.repository import ProjectStore
from annotator.storage.staging import (
    _LAYER_COLUMNS,
    _RELATION_COLUMNS,
    _SPAN_COLUMNS,
    ImportStage,
    Merged,
    _add_labels,
    _staged_labels,
)

#: Taken by each server import for its last steps (late duplicates, commit): two imports of the
#: same articles at once store them once.
_IMPORT_LOCK = "SELECT pg_advisory_xact_lock(hashtext('annotator import'))"


class ServerImportStage(ImportStage):
    """`ImportStage` for a server project: articles streamed in, annotations staged locally."""

    #: Each batch costs a round trip to a server busy storing the last one: fewer, larger.
    batch_size = 2000
    #: The most ids asked of a sequence at once (the last ask's unused ones are a gap).
    most_ids_at_once = 8192

    def __init__(self, project: ProjectStore) -> None:
        super().__init__(project)
        from annotator.storage.postgres import PostgresStore, connect

        self._ids: dict[str, list[int]] = {}  # ids handed out, not used yet, by table
        self._last_asked: dict[str, int] = {}
        self._streamed: dict[int, tuple[str, str | None, int | None]] = {}  # id -> hash, where
        self._next_span = 1  # the stage's span ids; the server's are handed out at the end
        self._copying = contextlib.ExitStack()
        self._copy: Any = None
        self._begun = False
        self._lookup: PostgresStore | None = None
        try:
            target: str = project.target  # type: ignore[attr-defined]
            #: Reads while the project's own connection is busy with the `COPY`: which
            #: articles the project holds, and new ids from the sequences.
            self._lookup = PostgresStore(connect(target), target, created=False)
            self.lookup = cast(ProjectStore, self._lookup)
            with project._refusals_said():  # type: ignore[attr-defined]
                self._begin()
                # What an insert takes anyway (no other writer waits for it); taken first so
                # that a role that may not import (an analyst's: ADR 0035) is refused at once,
                # not after reading the files, nor let through when they hold only duplicates.
                project.conn.raw.execute(  # type: ignore[attr-defined]
                    "LOCK TABLE documents IN ROW EXCLUSIVE MODE"
                )
        except BaseException:
            self.close()
            raise

    def _stage_tables(self) -> list[str]:
        """Only the annotations are staged, in tables of just the columns copied (deriving the
        project's own definitions took a server's first import of a process 0.3-0.45 s)."""
        return [
            f"CREATE TABLE spans (id INTEGER PRIMARY KEY, document_id, {_SPAN_COLUMNS})",
            "CREATE TABLE relations (id INTEGER PRIMARY KEY, document_id, head_span_id,"
            f" child_span_id, {_RELATION_COLUMNS})",
            f"CREATE TABLE layers (document_id, {_LAYER_COLUMNS})",
        ]

    def insert_documents(
        self, drafts: Iterable[DraftDocument], hashes: Sequence[str] | None = None
    ) -> list[int]:
        """Send the drafts' articles into the server's `COPY` (their ids handed out by the
        sequence) and stage their spans, relations and layers; returns the articles' ids."""
        drafts = list(drafts)
        ids = self._handed_out("documents", len(drafts))
        staged = self.store
        rows = draft_rows(
            drafts,
            hashes,
            iter(ids),
            self._next_span,
            layer=staged.write_layer,
            analyst=staged.analyst,
        )
        with self.project._refusals_said():  # type: ignore[attr-defined]
            copy = self._documents_copy()
            for document_id, row in zip(ids, rows.documents, strict=True):
                copy.write_row((document_id, *row))
        for document_id, row in zip(ids, rows.documents, strict=True):
            self._streamed[document_id] = (row[10], row[11], row[12])  # hash, file, line
        conn = staged.conn
        if rows.spans:
            first = self._next_span
            conn.executemany(
                f"INSERT INTO spans (id, document_id, {_SPAN_COLUMNS})"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(first + n, *row) for n, row in enumerate(rows.spans)],
            )
            self._next_span += len(rows.spans)
        if rows.relations:
            conn.executemany(
                f"INSERT INTO relations (document_id, head_span_id, child_span_id,"
                f" {_RELATION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows.relations,
            )
        if rows.layers:
            conn.executemany(
                f"INSERT INTO layers (document_id, {_LAYER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
                rows.layers,
            )
        return ids

    def merge(
        self,
        schema: LabelSchema,
        *,
        allow_duplicates: bool,
        then: Callable[[], None] | None = None,
    ) -> Merged:
        """End the `COPY`, take out late duplicates, copy the staged annotations in (with the
        labels they need), let the search index know, run `then`, and commit."""
        if self.store.conn.in_transaction:
            self.store.conn.commit()
        main = self.project
        stage = self.store.conn
        merged = Merged()
        with main._refusals_said():  # type: ignore[attr-defined]
            self._begin()
            self._copying.close()  # waits for the server to store the last rows sent
            self._copy = None
            raw = main.conn.raw  # type: ignore[attr-defined]
            raw.execute(_IMPORT_LOCK)
            if not allow_duplicates and self._streamed:
                merged.late_duplicates = self._take_out_late_duplicates()
            _add_labels(main, schema, _staged_labels(stage, ""))
            last_span = stage.execute("SELECT coalesce(max(id), 0) FROM spans").fetchone()[0]
            span_ids = [0, *self._handed_out("spans", last_span)]  # stage id -> server id
            merged.spans = main.bulk_insert(
                "spans",
                f"id, document_id, {_SPAN_COLUMNS}",
                (
                    (span_ids[row[0]], *row[1:])
                    for row in stage.execute(
                        f"SELECT id, document_id, {_SPAN_COLUMNS} FROM spans ORDER BY id"
                    )
                ),
            )
            merged.relations = main.bulk_insert(
                "relations",
                f"document_id, head_span_id, child_span_id, {_RELATION_COLUMNS}",
                (
                    (row[0], span_ids[row[1]], span_ids[row[2]], *row[3:])
                    for row in stage.execute(
                        "SELECT document_id, head_span_id, child_span_id,"
                        f" {_RELATION_COLUMNS} FROM relations ORDER BY id"
                    )
                ),
            )
            main.bulk_insert(
                "layers",
                f"document_id, {_LAYER_COLUMNS}",
                stage.execute(f"SELECT document_id, {_LAYER_COLUMNS} FROM layers"),
            )
            merged.document_ids = sorted(self._streamed)
            if merged.document_ids:
                # Ids are handed out as articles are read, not in the order transactions
                # commit: another writer's article may be indexed for search before these,
                # which have smaller ids; the index catches up from the first of them.
                raw.execute(
                    "UPDATE search_index_state SET indexed_through = least(indexed_through, %s)",
                    [merged.document_ids[0] - 1],
                )
            if then is not None:
                then()
            main.conn.commit()
        return merged

    def close(self) -> None:
        """Roll back whatever was not committed, throw the local stage away."""
        try:
            with contextlib.suppress(Exception):
                self._copying.__exit__(RuntimeError, RuntimeError("import ended"), None)
            with contextlib.suppress(Exception):
                self.project.conn.rollback()
            if self._lookup is not None:
                with contextlib.suppress(Exception):
                    self._lookup.close()
        finally:
            super().close()

    def _server(self) -> Any:
        assert self._lookup is not None  # made in `__init__`, or it raised
        return self._lookup

    def _begin(self) -> None:
        if not self._begun:
            self.project.conn.raw.execute("BEGIN")  # type: ignore[attr-defined]
            self._begun = True

    def _documents_copy(self) -> Any:
        if self._copy is None:
            self._begin()
            cursor = self.project.conn.raw.cursor()  # type: ignore[attr-defined]
            statement = f"COPY documents (id, {DOCUMENT_INSERT}) FROM STDIN"
            # A thread sends what the reading queues (it waits for the socket, not the reading:
            # the server takes a batch while the next is parsed, even when it falls behind).
            writer = QueuedLibpqWriter(cursor)
            self._copy = self._copying.enter_context(cursor.copy(statement, writer=writer))
        return self._copy

    def _handed_out(self, table: str, count: int) -> list[int]:
        """`count` new ids of `table` from its sequence: no lock, any other writer's ids are
        simply others. Asked for on the lookup connection, twice as many as the last time (up
        to `most_ids_at_once`), so that a large import asks a few times, a small one once."""
        pool = self._ids.setdefault(table, [])
        if len(pool) < count:
            asked = max(
                count - len(pool), min(2 * self._last_asked.get(table, 0), self.most_ids_at_once)
            )
            row = (
                self._server()
                .conn.raw.execute(
                    "SELECT array_agg(nextval(%s::regclass)) FROM generate_series(1, %s)",
                    [f"{table}_id_seq", asked],
                )
                .fetchone()
            )
            pool += sorted(row[0]) if row and row[0] else []
            self._last_asked[table] = asked
        taken, self._ids[table] = pool[:count], pool[count:]
        return taken

    def _take_out_late_duplicates(self) -> list[tuple[str, int | None]]:
        """The streamed articles whose text another writer committed meanwhile (seen by the
        lookup connection, which does not see this import's): deleted again, their staged
        annotations dropped, named by file and line."""
        by_hash = {digest: document_id for document_id, (digest, _f, _l) in self._streamed.items()}
        stored = self.lookup.existing_hashes(by_hash)
        if not stored:
            return []
        late = sorted(by_hash[digest] for digest in stored)
        self.project.conn.raw.execute(  # type: ignore[attr-defined]
            "DELETE FROM documents WHERE id = ANY(%s)", [late]
        )
        stage = self.store.conn
        ids = [(document_id,) for document_id in late]
        for table in ("relations", "spans", "layers"):
            stage.executemany(f"DELETE FROM {table} WHERE document_id = ?", ids)
        where = [self._streamed.pop(document_id)[1:] for document_id in late]
        return [(file or "", line) for file, line in where]
