"""The `annotator` bundle: a whole project as JSONL, lossless, for backups and moving projects.

Line 1 is the header (`format`, `version`, `schema`); then one `article` line an article (text,
title, meta, status, provenance, spans with attributes, notes and the suggested flag, relations by
span id); then one `link` line a link (span ids). Ids are the exporting project's: the reader maps
them to the ids the importing project gives. Debris and suggestions are kept: nothing is lost.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

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
VERSION = 1


@dataclass(frozen=True)
class BundleHeader:
    schema: LabelSchema


@dataclass(frozen=True)
class BundleArticle:
    """An article of the bundle; its spans' `key` is the span id the bundle gave it."""

    id: int
    draft: DraftDocument


@dataclass(frozen=True)
class BundleLink:
    a_key: str
    b_key: str
    label: str
    note: str
    line: int


BundleRecord = BundleHeader | BundleArticle | BundleLink | Problem


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) + "\n"


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
            }
            for span in item.spans
        ],
        "relations": [
            {"id": r.id, "head": r.head_id, "child": r.child_id, "label": r.label}
            for r in item.relations
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
            if data.get("version") != VERSION:
                raise AnnotatorError(f"bundle version {data.get('version')} is not known")
            return BundleHeader(LabelSchema.from_json(data.get("schema", ())))
        if data.get("type") == "article":
            return _article(data)
        if data.get("type") == "link":
            return BundleLink(
                str(data["a"]), str(data["b"]), data["label"], data.get("note", ""), number
            )
        raise AnnotatorError(f"unknown bundle record type {data.get('type')!r}")
    except AnnotatorError as error:
        return Problem(str(path), number, error.message)
    except (ValueError, KeyError, TypeError) as error:
        return Problem(str(path), number, f"bad bundle line: {error}")
