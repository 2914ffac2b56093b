"""The `annotator` bundle: a whole project as JSONL, lossless, for backups and moving projects.

Line 1 is the header (`format`, `version`, `schema`); then one `article` line an article (text,
title, meta, status, provenance, spans with attributes, notes and the suggested flag, relations by
span id); then one `link` line a link (span ids). Ids are the exporting project's: the reader maps
them to the ids the importing project gives. Debris and suggestions are kept: nothing is lost.

Version 2 adds who and when: each span, relation and link names its `layer`, `analyst`,
`created_at` and `changed_at`, and each article lists its `layers` (status, who set it, when).
Version 1 bundles are still read (their annotations go to the importing analyst's layer).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from annotator.domain.analysts import LayerState
from annotator.domain.errors import AnnotatorError, Problem
from annotator.domain.labels import LabelSchema
from annotator.domain.model import (
    DraftDocument,
    DraftRelation,
    DraftSpan,
    ExportItem,
    Provenance,
)
from annotator.formats.exportkit import ExportStream, LinkRecord

NAME = "annotator"
EXTENSION = ".jsonl"
FORMAT = "annotator-bundle"
VERSION = 2
KNOWN_VERSIONS = (1, 2)


@dataclass(frozen=True)
class BundleHeader:
    schema: LabelSchema


@dataclass(frozen=True)
class Stamped:
    """Who and when of one span or relation, as the bundle says (None in a version 1 bundle)."""

    layer: str | None
    analyst: str | None
    created_at: str | None
    changed_at: str | None


@dataclass(frozen=True)
class BundleArticle:
    """An article of the bundle; its spans' `key` is the span id the bundle gave it.

    `span_stamps` and `relation_stamps` run beside the draft's spans and relations.
    """

    id: int
    draft: DraftDocument
    span_stamps: tuple[Stamped, ...] = ()
    relation_stamps: tuple[Stamped, ...] = ()
    layers: tuple[LayerState, ...] = ()


@dataclass(frozen=True)
class BundleLink:
    a_key: str
    b_key: str
    label: str
    note: str
    line: int
    stamp: Stamped = Stamped(None, None, None, None)


BundleRecord = BundleHeader | BundleArticle | BundleLink | Problem


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) + "\n"


def _stamp(item: Any) -> dict[str, Any]:
    return {
        "layer": item.layer,
        "analyst": item.analyst,
        "created_at": item.created_at,
        "changed_at": item.changed_at,
    }


def _read_stamp(data: dict[str, Any]) -> Stamped:
    return Stamped(
        data.get("layer"), data.get("analyst"), data.get("created_at"), data.get("changed_at")
    )


def article_line(item: ExportItem) -> dict[str, Any]:
    document = item.document
    provenance = document.provenance
    return {
        "type": "article",
        "id": document.id,
        "title": document.title,
        "text": document.text,
        "meta": dict(document.meta),
        "status": document.status,
        "provenance": {
            "path": provenance.path,
            "line": provenance.line,
            "format": provenance.format,
            "imported_at": provenance.imported_at,
        },
        "spans": [
            {
                "id": span.id,
                "start": span.start,
                "end": span.end,
                "label": span.label,
                "attributes": dict(span.attributes),
                "note": span.note,
                "suggested": span.suggested,
                **_stamp(span),
            }
            for span in item.spans
        ],
        "relations": [
            {"id": r.id, "head": r.head_id, "child": r.child_id, "label": r.label, **_stamp(r)}
            for r in item.relations
        ],
        "layers": [
            {
                "name": layer.name,
                "status": layer.status,
                "analyst": layer.analyst,
                "created_at": layer.created_at,
                "changed_at": layer.changed_at,
            }
            for layer in item.layers
        ],
    }


def link_line(record: LinkRecord) -> dict[str, Any]:
    link = record.link
    return {
        "type": "link",
        "id": link.id,
        "a": link.a_id,
        "b": link.b_id,
        "label": link.label,
        "note": link.note,
        **_stamp(link),
    }


def write(stream: ExportStream, out: TextIO) -> None:
    out.write(_dumps({"format": FORMAT, "version": VERSION, "schema": stream.schema.to_json()}))
    for item in stream.items:
        out.write(_dumps(article_line(item)))
    for record in stream.links:
        out.write(_dumps(link_line(record)))


def is_bundle(path: Path) -> bool:
    """True when the file's first line is a bundle header."""
    try:
        with path.open("rb") as handle:
            first = handle.readline(1 << 20)
        header = json.loads(first)
    except (OSError, ValueError):
        return False
    return isinstance(header, dict) and header.get("format") == FORMAT


def _article(data: dict[str, Any]) -> BundleArticle:
    spans = tuple(
        DraftSpan(
            start=s["start"],
            end=s["end"],
            label=s["label"],
            attributes=dict(s.get("attributes") or {}),
            note=s.get("note", ""),
            suggested=bool(s.get("suggested", False)),
            key=str(s["id"]),
        )
        for s in data.get("spans", ())
    )
    index = {span.key: i for i, span in enumerate(spans)}
    relations = []
    for r in data.get("relations", ()):
        head, child = str(r["head"]), str(r["child"])
        if head not in index or child not in index:
            raise AnnotatorError(f"relation {r.get('id')} joins spans the article does not hold")
        relations.append(DraftRelation(index[head], index[child], r["label"]))
    provenance = data.get("provenance") or {}
    layers = tuple(
        LayerState(
            int(data["id"]),
            str(layer["name"]),
            str(layer.get("status", "in_progress")),
            str(layer.get("analyst") or layer["name"]),
            str(layer.get("created_at") or ""),
            str(layer.get("changed_at") or ""),
        )
        for layer in data.get("layers", ())
    )
    return BundleArticle(
        int(data["id"]),
        DraftDocument(
            text=data["text"],
            title=data.get("title", ""),
            meta=dict(data.get("meta") or {}),
            spans=spans,
            relations=tuple(relations),
            status=data.get("status", "new"),
            provenance=Provenance(
                path=provenance.get("path"),
                line=provenance.get("line"),
                format=provenance.get("format"),
                imported_at=provenance.get("imported_at"),
            ),
        ),
        tuple(_read_stamp(s) for s in data.get("spans", ())),
        tuple(_read_stamp(r) for r in data.get("relations", ())),
        layers,
    )


def read(path: Path) -> Iterator[BundleRecord]:
    """The bundle's header, articles and links in file order; a `Problem` for each bad line."""
    try:
        handle = path.open("rb")
    except OSError as error:
        yield Problem(str(path), None, f"cannot read: {error.strerror}")
        return
    with handle:
        for number, raw in enumerate(handle, start=1):
            if raw.strip():
                yield _record(path, number, raw)


def _record(path: Path, number: int, raw: bytes) -> BundleRecord:
    try:
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            raise AnnotatorError("not UTF-8 text") from None
        if not isinstance(data, dict):
            raise AnnotatorError("a bundle line is a JSON object")
        if number == 1:
            if data.get("format") != FORMAT:
                raise AnnotatorError("not an annotator bundle (no bundle header)")
            if data.get("version") not in KNOWN_VERSIONS:
                raise AnnotatorError(f"bundle version {data.get('version')} is not known")
            return BundleHeader(LabelSchema.from_json(data.get("schema", ())))
        if data.get("type") == "article":
            return _article(data)
        if data.get("type") == "link":
            return BundleLink(
                str(data["a"]),
                str(data["b"]),
                data["label"],
                data.get("note", ""),
                number,
                _read_stamp(data),
            )
        raise AnnotatorError(f"unknown bundle record type {data.get('type')!r}")
    except AnnotatorError as error:
        return Problem(str(path), number, error.message)
    except (ValueError, KeyError, TypeError) as error:
        return Problem(str(path), number, f"bad bundle line: {error}")
