"""What agreement, model training, evaluation and link proposals read in bulk: plain rows, on the
store's connection, so that the services above never write SQL of their own."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from annotator.domain.errors import AnnotatorError
from annotator.storage.base import StoreBase


def titles_and_texts(
    store: StoreBase, document_ids: Sequence[int]
) -> Iterable[tuple[int, str, str]]:
    """(id, title, text) of these articles (at most a few hundred ids a call)."""
    marks = ",".join("?" * len(document_ids))
    return store._execute(
        f"SELECT id, title, text FROM documents WHERE id IN ({marks})", list(document_ids)
    )


def accepted_span_rows(
    store: StoreBase, document_ids: Sequence[int]
) -> Iterable[tuple[int, str, int, int, str]]:
    """(document_id, layer, start, end, label) of every accepted span of these articles."""
    marks = ",".join("?" * len(document_ids))
    return store._execute(
        "SELECT document_id, layer, char_start, char_end, label FROM spans"
        f" WHERE document_id IN ({marks}) AND suggested = 0",
        list(document_ids),
    )


def relation_rows_with_ends(store: StoreBase, document_ids: Sequence[int]) -> Iterable[Any]:
    """(document_id, layer, label, head label, head start, head end, child label, child start,
    child end) of every relation of these articles."""
    marks = ",".join("?" * len(document_ids))
    return store._execute(
        "SELECT r.document_id, r.layer, r.label, h.label, h.char_start, h.char_end,"
        " c.label, c.char_start, c.char_end FROM relations r"
        " JOIN spans h ON h.id = r.head_span_id JOIN spans c ON c.id = r.child_span_id"
        f" WHERE r.document_id IN ({marks})",
        list(document_ids),
    )


def accepted_spans_of_labels(
    store: StoreBase, labels: Sequence[str]
) -> list[tuple[int, str, int, int, str]]:
    """(document_id, layer, start, end, label) of the accepted spans of `labels`, by article,
    layer and start (the longer first)."""
    marks = ",".join("?" * len(labels))
    return list(
        store._execute(
            f"SELECT document_id, layer, char_start, char_end, label FROM spans WHERE suggested = 0"
            f" AND label IN ({marks}) ORDER BY document_id, layer, char_start, char_end DESC",
            list(labels),
        ).fetchall()
    )


def accepted_spans_with_text(
    store: StoreBase, labels: Iterable[str]
) -> list[tuple[int, int, int, int, str, str]]:
    """(id, document_id, start, end, label, text) of the accepted spans of `labels`."""
    wanted = sorted(labels)
    marks = ",".join("?" * len(wanted))
    return list(
        store._execute(
            f"SELECT id, document_id, char_start, char_end, label, text FROM spans"
            f" WHERE suggested = 0 AND label IN ({marks}) ORDER BY document_id, char_start",
            wanted,
        ).fetchall()
    )


def spans_with_hashes(
    store: StoreBase, suggested: bool | None = None
) -> list[tuple[str, int, int, int, str]]:
    """(article content hash, span id, start, end, label) of the spans (only the suggested or
    only the accepted ones when `suggested` says)."""
    sql = (
        "SELECT d.content_hash, s.id, s.char_start, s.char_end, s.label FROM spans s"
        " JOIN documents d ON d.id = s.document_id"
    )
    if suggested is None:
        return list(store._execute(sql).fetchall())
    return list(store._execute(sql + " WHERE s.suggested = ?", [int(suggested)]).fetchall())


def content_hashes(store: StoreBase) -> set[str]:
    return {row[0] for row in store._execute("SELECT content_hash FROM documents")}


def link_span_pairs(store: StoreBase, suggested: bool) -> list[tuple[int, int]]:
    """(span a, span b) of every link, or of every proposed link."""
    table = "suggested_links" if suggested else "links"
    return [(a, b) for a, b in store._execute(f"SELECT span_a_id, span_b_id FROM {table}")]


def published(store: StoreBase, document_id: int) -> str | None:
    """The article's `published` column as stored (None when unknown)."""
    row = store._execute("SELECT published FROM documents WHERE id = ?", [document_id]).fetchone()
    return row[0] if row else None


def proposed_relation_document(store: StoreBase, proposal_id: int) -> int | None:
    """The article of a proposed relation, or None when there is no such proposal."""
    row = store._execute(
        "SELECT document_id FROM suggested_relations WHERE id = ?", [proposal_id]
    ).fetchone()
    return None if row is None else int(row[0])


def gold_rows(
    path: Path,
) -> tuple[list[tuple[str, int, int, int, str]], list[tuple[int, int, str]]]:
    """The accepted spans (content hash, id, start, end, label) and links (a, b, label) of a
    project file used as a gold set, read without writing to it."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        rows = conn.execute(
            "SELECT d.content_hash, s.id, s.char_start, s.char_end, s.label FROM spans s"
            " JOIN documents d ON d.id = s.document_id WHERE s.suggested = 0"
        ).fetchall()
        link_rows = conn.execute(
            "SELECT span_a_id, span_b_id, label FROM links ORDER BY id"
        ).fetchall()
        conn.close()
    except sqlite3.DatabaseError as error:
        raise AnnotatorError(f"{path}: not an annotator project ({error})") from None
    return rows, link_rows
