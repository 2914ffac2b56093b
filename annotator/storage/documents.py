"""Articles as stored (table `documents`): storing an import's drafts in bulk, reading one, its status and properties, and counting a selection."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.domain.errors import NotFound
from annotator.domain.metadata import ArticleMetadata, article_metadata
from annotator.domain.model import (
    Document,
    DraftDocument,
    content_hash,
)
from annotator.storage.base import StoreBase
from annotator.storage.rows import (
    document_of_row,
    now_iso,
    to_json,
)

DOCUMENT_INSERT = (
    "title, text, meta, outlet, published, url, author, language, status, span_count,"
    " content_hash, source_path, source_line, source_format, imported_at"
)
SPAN_INSERT = (
    "document_id, char_start, char_end, label, text, attributes, note, suggested, layer,"
    " analyst, created_at, changed_at"
)


RELATION_INSERT = (
    "document_id, head_span_id, child_span_id, label, layer, analyst, created_at, changed_at"
)
LAYER_INSERT = "document_id, name, status, analyst, created_at, changed_at"


@dataclass
class DraftRows:
    """Drafts as the rows of `documents` (without ids: `ids` are theirs, in order), `spans`
    (without ids, numbered from the first span id given), `relations` and `layers`."""

    ids: list[int] = field(default_factory=list)
    documents: list[tuple[Any, ...]] = field(default_factory=list)
    spans: list[tuple[Any, ...]] = field(default_factory=list)
    relations: list[tuple[Any, ...]] = field(default_factory=list)
    layers: list[tuple[Any, ...]] = field(default_factory=list)


def draft_rows(
    drafts: Iterable[DraftDocument],
    hashes: Sequence[str] | None,
    document_ids: Iterator[int],
    first_span: int,
    *,
    layer: str,
    analyst: str,
) -> DraftRows:
    """The rows that store `drafts`: each takes the next of `document_ids` (a block a file
    reserved, or ids a server handed out one by one), its spans the next span ids from
    `first_span`. Annotations go to the draft's analyst's layer, else to `layer`."""
    imported_at = now_iso()
    rows = DraftRows()
    ids, documents, spans, relations, layers = (
        rows.ids,
        rows.documents,
        rows.spans,
        rows.relations,
        rows.layers,
    )
    span_id = first_span
    for number, draft in enumerate(drafts):
        document_id = next(document_ids)
        draft_layer = draft.analyst or layer
        author = draft.analyst or analyst
        meta = draft.meta
        text = draft.text
        provenance = draft.provenance
        found = article_metadata(meta)
        documents.append(
            (
                draft.title,
                text,
                to_json(dict(meta)),
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
        if draft.spans:
            spans.extend(
                [
                    (
                        document_id,
                        span.start,
                        span.end,
                        span.label,
                        text[span.start : span.end],
                        to_json(dict(span.attributes)) if span.attributes else "{}",
                        span.note,
                        int(span.suggested),
                        draft_layer,
                        author,
                        imported_at,
                        imported_at,
                    )
                    for span in draft.spans
                ]
            )
        if draft.relations:
            relations.extend(
                [
                    (
                        document_id,
                        span_id + r.head,
                        span_id + r.child,
                        r.label,
                        draft_layer,
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
                    draft_layer,
                    "in_progress" if draft.status == "new" else draft.status,
                    author,
                    imported_at,
                    imported_at,
                )
            )
        span_id += len(draft.spans)
        ids.append(document_id)
    return rows


class Documents(StoreBase):
    """Storing and reading articles."""

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
        with self.transaction():
            conn = self.conn
            explicit = self.dialect.explicit_ids
            if explicit:  # a server hands out ids to many writers: reserve a block of each
                drafts = list(drafts)
                first_document = self._reserve_ids("documents", len(drafts))
                first_span = self._reserve_ids("spans", sum(len(d.spans) for d in drafts))
            else:
                next_document = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM documents")
                first_document = int(next_document.fetchone()[0])
                next_span = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM spans")
                first_span = int(next_span.fetchone()[0])
            rows = draft_rows(
                drafts,
                hashes,
                itertools.count(first_document),
                first_span,
                layer=self.write_layer,
                analyst=self.analyst,
            )
            if explicit:
                self._insert_with_ids("documents", DOCUMENT_INSERT, first_document, rows.documents)
                self._insert_with_ids("spans", SPAN_INSERT, first_span, rows.spans)
            else:
                conn.executemany(
                    f"INSERT INTO documents ({DOCUMENT_INSERT})"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows.documents,
                )
                conn.executemany(
                    f"INSERT INTO spans ({SPAN_INSERT}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows.spans,
                )
                last = conn.execute("SELECT max(id) FROM documents").fetchone()[0]
                last_span = conn.execute("SELECT max(id) FROM spans").fetchone()[0]
                if (rows.documents and last != rows.ids[-1]) or (
                    rows.spans and last_span != first_span + len(rows.spans) - 1
                ):
                    raise RuntimeError("SQLite gave the new rows other ids than the next ones")
            conn.executemany(
                f"INSERT INTO relations ({RELATION_INSERT}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows.relations,
            )
            conn.executemany(
                f"INSERT INTO layers ({LAYER_INSERT}) VALUES (?, ?, ?, ?, ?, ?)", rows.layers
            )
        return rows.ids

    def existing_hashes(self, hashes: Iterable[str]) -> set[str]:
        """Which of these content hashes the project already holds."""
        found: set[str] = set()
        batch = list(hashes)
        step = self.dialect.values_per_query
        for i in range(0, len(batch), step):
            condition, params = self.dialect.one_of("content_hash", batch[i : i + step])
            found.update(
                row[0]
                for row in self._execute(
                    f"SELECT content_hash FROM documents WHERE {condition}", params
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
        return document_of_row(row)

    def document_ids(self) -> list[int]:
        return [row[0] for row in self._execute("SELECT id FROM documents ORDER BY id")]

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

    def set_status(self, document_id: int, status: str) -> None:
        """The article's status, and its status in the acting layer, with who set it when."""
        with self.transaction():
            cursor = self._execute(
                "UPDATE documents SET status = ? WHERE id = ?", [status, document_id]
            )
            if cursor.rowcount == 0:
                raise NotFound(f"no document {document_id}")
            self.touch_layer(document_id, status)

    def count_documents(
        self, document_ids: Sequence[int] | None = None, statuses: Sequence[str] | None = None
    ) -> int:
        """How many documents a selection (ids and statuses, both optional) holds."""
        where: list[str] = ["TRUE"]
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
