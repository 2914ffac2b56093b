"""The SQL of analysts and layers: which layers a project and an article hold, adding a layer to an
article already stored, and renaming an analyst.

Functions over a `ProjectStore`'s connection, apart from `repository.py` so that the team's
features grow here. Layers are plain columns (`layer`, `analyst`, `created_at`, `changed_at` on
spans, relations and links) and the `layers` table: nothing a server database lacks (ADR 0013).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.domain.analysts import CURATED, LayerState
from annotator.domain.model import DraftDocument, DraftSpan
from annotator.storage.repository import ProjectStore
from annotator.storage.rows import now_iso
from annotator.storage.rows import to_json as _json


@dataclass(frozen=True, slots=True)
class LayerSummary:
    """One layer across the project: how many articles it covers, how many spans it holds."""

    name: str
    articles: int
    spans: int
    done: int


LayerRow = LayerState


def layer_summaries(store: ProjectStore) -> list[LayerSummary]:
    """Every layer of the project, analysts by name and `curated` last."""
    spans = dict(
        store.conn.execute(
            "SELECT layer, count(*) FROM spans WHERE suggested = 0 GROUP BY layer"
        ).fetchall()
    )
    rows = store.conn.execute(
        "SELECT name, count(*), sum(CASE WHEN status = 'done' THEN 1 ELSE 0 END) FROM layers GROUP BY name"
    ).fetchall()
    found = {
        name: LayerSummary(name, articles, spans.get(name, 0), done)
        for name, articles, done in rows
    }
    for name, count in spans.items():
        found.setdefault(name, LayerSummary(name, 0, count, 0))
    return sorted(found.values(), key=lambda s: (s.name == CURATED, s.name))


def some_layer_names(store: ProjectStore, limit: int = 2) -> list[str]:
    """Up to `limit` layer names of the project (an index walk: cheap on any size)."""
    return [
        row[0]
        for row in store.conn.execute(
            "SELECT DISTINCT name FROM layers ORDER BY name LIMIT ?", [limit]
        )
    ]


def layers_of(store: ProjectStore, document_id: int) -> list[LayerRow]:
    """The layers of one article, by name."""
    return [
        LayerRow(*row)
        for row in store.conn.execute(
            "SELECT document_id, name, status, analyst, created_at, changed_at FROM layers"
            " WHERE document_id = ? ORDER BY name = ?, name",
            [document_id, CURATED],
        )
    ]


def layer_rows(store: ProjectStore, names: Sequence[str] | None = None) -> list[LayerRow]:
    """Every article's layers (of these names), by article then name."""
    sql = "SELECT document_id, name, status, analyst, created_at, changed_at FROM layers"
    params: list[Any] = []
    if names is not None:
        sql += f" WHERE name IN ({','.join('?' * len(names))})"
        params = list(names)
    return [
        LayerRow(*row) for row in store.conn.execute(sql + " ORDER BY document_id, name", params)
    ]


def documents_by_hash(store: ProjectStore, hashes: Iterable[str]) -> dict[str, int]:
    """The first stored article of each of these content hashes."""
    found: dict[str, int] = {}
    batch = list(dict.fromkeys(hashes))
    step = store.dialect.values_per_query
    for i in range(0, len(batch), step):
        condition, params = store.dialect.one_of("content_hash", batch[i : i + step])
        for digest, document_id in store.conn.execute(
            f"SELECT content_hash, min(id) FROM documents WHERE {condition} GROUP BY content_hash",
            params,
        ):
            found[digest] = document_id
    return found


def has_layer(store: ProjectStore, document_id: int, name: str) -> bool:
    return (
        store.conn.execute(
            "SELECT 1 FROM layers WHERE document_id = ? AND name = ?", [document_id, name]
        ).fetchone()
        is not None
    )


@dataclass(frozen=True, slots=True)
class Stamp:
    """Who made an annotation and when, as a file that keeps it says (a bundle, another project)."""

    analyst: str
    created_at: str
    changed_at: str


def add_layer(
    store: ProjectStore,
    document_id: int,
    draft: DraftDocument,
    layer: str,
    *,
    stamps: Sequence[Stamp | None] = (),
    relation_stamps: Sequence[Stamp | None] = (),
    layer_stamp: Stamp | None = None,
    status: str | None = None,
) -> list[int]:
    """Store a draft's spans and relations as `layer` of an article already stored (its text is
    the draft's); returns the new span ids in the draft's order. Stamps default to the acting
    analyst, now."""
    now = now_iso()
    text = store.document(document_id).text
    default = Stamp(store.analyst, now, now)
    ids: list[int] = []
    with store.transaction():
        conn = store.conn
        for number, span in enumerate(draft.spans):
            stamp = (stamps[number] if number < len(stamps) else None) or default
            ids.append(_insert_span(conn, document_id, text, span, layer, stamp))
        conn.execute(
            "UPDATE documents SET span_count = span_count + ? WHERE id = ?",
            [len(draft.spans), document_id],
        )
        for number, relation in enumerate(draft.relations):
            stamp = (relation_stamps[number] if number < len(relation_stamps) else None) or default
            conn.execute(
                "INSERT INTO relations (document_id, head_span_id, child_span_id, label, layer,"
                " analyst, created_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    document_id,
                    ids[relation.head],
                    ids[relation.child],
                    relation.label,
                    layer,
                    stamp.analyst,
                    stamp.created_at,
                    stamp.changed_at,
                ],
            )
        row = layer_stamp or default
        conn.execute(
            "INSERT INTO layers (document_id, name, status, analyst, created_at, changed_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (document_id, name) DO NOTHING",
            [
                document_id,
                layer,
                status or (draft.status if draft.status != "new" else "in_progress"),
                row.analyst,
                row.created_at,
                row.changed_at,
            ],
        )
    return ids


def _insert_span(
    conn: Any, document_id: int, text: str, span: DraftSpan, layer: str, stamp: Stamp
) -> int:
    cursor = conn.execute(
        "INSERT INTO spans (document_id, char_start, char_end, label, text, attributes, note,"
        " suggested, layer, analyst, created_at, changed_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            document_id,
            span.start,
            span.end,
            span.label,
            text[span.start : span.end],
            _json(dict(span.attributes)),
            span.note,
            int(span.suggested),
            layer,
            stamp.analyst,
            stamp.created_at,
            stamp.changed_at,
        ],
    )
    return int(cursor.lastrowid)


def set_document_status(store: ProjectStore, document_id: int, status: str) -> None:
    """The article's own status, as a bundle or another project had it (no layer touched)."""
    store.conn.execute("UPDATE documents SET status = ? WHERE id = ?", [status, document_id])


def rename_layer(store: ProjectStore, old: str, new: str) -> int:
    """Give a layer (its annotations and statuses) to another name; returns the articles moved.

    Refused where the new name already has a layer of the same article.
    """
    with store.transaction():
        clash = store.conn.execute(
            "SELECT count(*) FROM layers a JOIN layers b ON a.document_id = b.document_id"
            " WHERE a.name = ? AND b.name = ?",
            [old, new],
        ).fetchone()[0]
        if clash:
            from annotator.domain.errors import AnnotatorError

            raise AnnotatorError(
                f"{new} already has a layer of {clash} of {old}'s articles; cannot rename"
            )
        moved = store.conn.execute("UPDATE layers SET name = ? WHERE name = ?", [new, old]).rowcount
        for table in ("spans", "relations", "links"):
            store.conn.execute(f"UPDATE {table} SET layer = ? WHERE layer = ?", [new, old])
    return int(moved)


# -- curation: the `curated` layer's rows ----------------------------------------------------


def ensure_layer(store: ProjectStore, document_id: int, name: str) -> None:
    """Record that the acting analyst changed `name`'s layer of the article now (a new row is
    *in progress*; an existing row keeps its status)."""
    now = now_iso()
    store.conn.execute(
        "INSERT INTO layers (document_id, name, status, analyst, created_at, changed_at)"
        " VALUES (?, ?, 'in_progress', ?, ?, ?) ON CONFLICT (document_id, name) DO UPDATE SET"
        " analyst = excluded.analyst, changed_at = excluded.changed_at",
        [document_id, name, store.analyst, now, now],
    )


def layer_status(store: ProjectStore, document_id: int, name: str) -> str | None:
    """The status of one layer of an article; None when the article has no such layer."""
    row = store.conn.execute(
        "SELECT status FROM layers WHERE document_id = ? AND name = ?", [document_id, name]
    ).fetchone()
    return None if row is None else str(row[0])


def set_layer_status(
    store: ProjectStore, document_id: int, name: str, status: str | None
) -> str | None:
    """Set one layer's status (None removes the layer's row, as undo of its first status
    needs); returns the status it had."""
    with store.transaction():
        before = layer_status(store, document_id, name)
        if status is None:
            store.conn.execute(
                "DELETE FROM layers WHERE document_id = ? AND name = ?", [document_id, name]
            )
        else:
            now = now_iso()
            store.conn.execute(
                "INSERT INTO layers (document_id, name, status, analyst, created_at, changed_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (document_id, name) DO UPDATE SET"
                " status = excluded.status, analyst = excluded.analyst,"
                " changed_at = excluded.changed_at",
                [document_id, name, status, store.analyst, now, now],
            )
    return before


@dataclass(frozen=True, slots=True)
class CurationRow:
    """An article two or more analysts annotated: who, and its curation status (None: not
    started)."""

    document_id: int
    title: str
    analysts: tuple[str, ...]
    status: str | None


def curation_rows(store: ProjectStore) -> list[CurationRow]:
    """Every article with two or more analysts' layers (what there is to curate), by id."""
    names: dict[int, list[str]] = {}
    curated: dict[int, str] = {}
    for document_id, name, status in store.conn.execute(
        "SELECT document_id, name, status FROM layers ORDER BY document_id, name"
    ):
        if name == CURATED:
            curated[document_id] = status
        else:
            names.setdefault(document_id, []).append(name)
    wanted = [d for d, found in names.items() if len(found) >= 2]
    titles: dict[int, str] = {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        marks = ",".join("?" * len(chunk))
        titles.update(
            store.conn.execute(f"SELECT id, title FROM documents WHERE id IN ({marks})", chunk)
        )
    return [
        CurationRow(d, titles.get(d, ""), tuple(names[d]), curated.get(d)) for d in sorted(wanted)
    ]
