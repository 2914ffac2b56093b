"""What every part of the store shares: the JSON encoding of stored values, timestamps, the column
lists each table is read with, and the functions that turn a row into a domain object."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from annotator.domain.model import Document, Link, Provenance, Relation, Span

# One encoder for every call: `json.dumps` with options builds a new encoder each time.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def _made_once() -> Any:
    """`_ENCODER`'s C encoder, made once: `encode` makes one for every value, two thirds of the
    time of encoding an article's small `meta` (0.14 s of 100,000 imported, ADR 0047). Without
    the circular-reference check: what is stored comes from parsed JSON and the app's own
    values, never a structure that holds itself. None where the C encoder is missing."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return None
    try:
        return make(
            None,
            _ENCODER.default,
            json.encoder.encode_basestring,  # type: ignore[attr-defined]
            None,
            _ENCODER.key_separator,
            _ENCODER.item_separator,
            True,
            False,
            True,
        )
    except TypeError:  # another Python's signature
        return None


_C_ENCODE = _made_once()


def to_json(value: Any) -> str:
    if _C_ENCODE is None or value.__class__ is str:
        return _ENCODER.encode(value)
    return "".join(_C_ENCODE(value, 0))


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


#: "The store's layer", as a default argument that None (every layer) is not.
KEEP: Any = object()

SPAN_COLUMNS = (
    "id, document_id, char_start, char_end, label, attributes, note, suggested,"
    " layer, analyst, created_at, changed_at, version"
)
DOCUMENT_COLUMNS = (
    "id, text, title, meta, status, source_path, source_line, source_format, imported_at,"
    " outlet, published"
)


def document_of_row(row: Sequence[Any]) -> Document:
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


def span_of_row(row: Sequence[Any]) -> Span:
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
        row[12],
    )


RELATION_COLUMNS = (
    "id, document_id, head_span_id, child_span_id, label, layer, analyst, created_at, changed_at"
)
LINK_COLUMNS = "id, span_a_id, span_b_id, label, note, layer, analyst, created_at, changed_at"
LINK_COLUMNS_L = (
    "l.id, l.span_a_id, l.span_b_id, l.label, l.note, l.layer, l.analyst, l.created_at,"
    " l.changed_at"
)


def relation_of_row(row: Sequence[Any]) -> Relation:
    return Relation(row[1], row[2], row[3], row[4], row[0], row[5], row[6], row[7], row[8])


def link_of_row(row: Sequence[Any]) -> Link:
    return Link(row[1], row[2], row[3], row[0], row[4], row[5], row[6], row[7], row[8])


def with_id(item: Any, new_id: int) -> Any:

    return item if item.id is not None else replace(item, id=new_id)
