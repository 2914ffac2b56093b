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
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TextIO

from annotator.domain.analysts import LayerState, check_analyst, check_layer
from annotator.domain.errors import AnnotatorError, Problem
from annotator.domain.labels import LabelSchema
from annotator.domain.model import (
    DOCUMENT_STATUSES,
    DraftDocument,
    DraftRelation,
    DraftSpan,
    ExportItem,
    Provenance,
)
from annotator.formats.common import lone_surrogate
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
    line: int | None = None


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
    """Who and when of a span, relation or link line; a layer or analyst that is not a valid
    name is refused (it would name a layer nobody can choose)."""
    values = []
    for key in ("layer", "analyst", "created_at", "changed_at"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise AnnotatorError(f'"{key}" must be str, not {type(value).__name__}')
        values.append(value)
    if values[0] is not None:
        check_layer(values[0])
    if values[1] is not None:
        check_analyst(values[1])
    return Stamped(*values)


def _layer_state(ident: int, data: object) -> LayerState:
    if not isinstance(data, dict):
        raise AnnotatorError(f"article {ident}: a layer is a JSON object, not {data!r:.40}")
    name = check_layer(_field(data, "name", str))
    status = _field(data, "status", str, "in_progress")
    if status not in DOCUMENT_STATUSES:
        raise AnnotatorError(f"article {ident}: layer {name} has an unknown status {status!r}")
    return LayerState(
        ident,
        name,
        status,
        check_analyst(_field(data, "analyst", str, None) or name)
        if name != "curated"
        else (_field(data, "analyst", str, None) or name),
        _field(data, "created_at", str, None) or "",
        _field(data, "changed_at", str, None) or "",
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
        # Every file imported is asked this: parse only a line that names the format.
        if not first.lstrip().startswith(b"{") or FORMAT.encode() not in first:
            return False
        header = json.loads(first)
    except (OSError, ValueError, RecursionError):
        return False
    return isinstance(header, dict) and header.get("format") == FORMAT


_MAX_ID = (1 << 63) - 1  # SQLite's largest integer: a bigger id or line cannot be stored


_REQUIRED = object()


def _field(data: dict[str, Any], key: str, kind: Any, default: Any = _REQUIRED) -> Any:
    """`data[key]`, checked to be a `kind` (`int`: one SQLite can store); `default` if missing."""
    if key not in data:
        if default is _REQUIRED:
            raise AnnotatorError(f'"{key}" is missing')
        return default
    value = data[key]
    if value is None and default is None:
        return None
    if kind is int:
        if type(value) is not int or not 0 <= value <= _MAX_ID:
            raise AnnotatorError(
                f'"{key}" must be a whole number from 0 to {_MAX_ID}, not {value!r:.40}'
            )
        return value
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise AnnotatorError(f'"{key}" must be {kind.__name__}, not {type(value).__name__}')
    return value


def _key(value: object, what: str) -> str:
    """A bundle id (of a span, an article) as the key spans and links are matched by."""
    if type(value) is not int or not 0 <= value <= _MAX_ID:
        raise AnnotatorError(f"{what} must be a whole number from 0 to {_MAX_ID}, not {value!r}")
    return str(value)


def _article(data: dict[str, Any]) -> BundleArticle:
    """An article line, every field checked: a bad one is a problem of its line, not a crash."""
    ident = int(_key(data.get("id"), "article id"))
    status = _field(data, "status", str, "new")
    if status not in DOCUMENT_STATUSES:
        raise AnnotatorError(
            f"article {ident}: status {status!r} is not one of {', '.join(DOCUMENT_STATUSES)}"
        )
    spans = []
    for s in _field(data, "spans", list, []):
        if not isinstance(s, dict):
            raise AnnotatorError(f"article {ident}: a span is a JSON object, not {s!r:.40}")
        spans.append(
            DraftSpan(
                start=_field(s, "start", int),
                end=_field(s, "end", int),
                label=_field(s, "label", str),
                attributes=dict(_field(s, "attributes", dict, {})),
                note=_field(s, "note", str, ""),
                suggested=_field(s, "suggested", bool, False),
                key=_key(s.get("id"), "span id"),
            )
        )
    index = {span.key: i for i, span in enumerate(spans)}
    relations = []
    for r in _field(data, "relations", list, []):
        if not isinstance(r, dict):
            raise AnnotatorError(f"article {ident}: a relation is a JSON object, not {r!r:.40}")
        head, child = _key(r.get("head"), "relation head"), _key(r.get("child"), "relation child")
        if head not in index or child not in index:
            raise AnnotatorError(f"relation {r.get('id')} joins spans the article does not hold")
        if head == child:
            raise AnnotatorError(f"relation {r.get('id')} joins a span to itself")
        relations.append(DraftRelation(index[head], index[child], _field(r, "label", str)))
    provenance = _field(data, "provenance", dict, {})
    layers = tuple(_layer_state(ident, layer) for layer in _field(data, "layers", list, []))
    return BundleArticle(
        ident,
        DraftDocument(
            text=_field(data, "text", str),
            title=_field(data, "title", str, ""),
            meta=dict(_field(data, "meta", dict, {})),
            spans=tuple(spans),
            relations=tuple(relations),
            status=status,
            provenance=Provenance(
                path=_field(provenance, "path", str, None),
                line=_field(provenance, "line", int, None),
                format=_field(provenance, "format", str, None),
                imported_at=_field(provenance, "imported_at", str, None),
            ),
        ),
        span_stamps=tuple(_read_stamp(s) for s in data.get("spans", ())),
        relation_stamps=tuple(_read_stamp(r) for r in data.get("relations", ())),
        layers=layers,
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
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise AnnotatorError("not UTF-8 text") from None
        data = json.loads(line)
        broken = lone_surrogate(line, data)
        if broken:
            raise AnnotatorError(broken)
        if not isinstance(data, dict):
            raise AnnotatorError("a bundle line is a JSON object")
        if number == 1:
            if data.get("format") != FORMAT:
                raise AnnotatorError("not an annotator bundle (no bundle header)")
            if data.get("version") not in KNOWN_VERSIONS:
                raise AnnotatorError(f"bundle version {data.get('version')} is not known")
            return BundleHeader(LabelSchema.from_json(data.get("schema", ())))
        if data.get("type") == "article":
            return replace(_article(data), line=number)
        if data.get("type") == "link":
            return BundleLink(
                _key(data.get("a"), "link span a"),
                _key(data.get("b"), "link span b"),
                _field(data, "label", str),
                _field(data, "note", str, ""),
                number,
                _read_stamp(data),
            )
        raise AnnotatorError(f"unknown bundle record type {data.get('type')!r}")
    except AnnotatorError as error:
        return Problem(str(path), number, error.message)
    except RecursionError:
        return Problem(str(path), number, "JSON nested too deeply to read")
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        return Problem(str(path), number, f"bad bundle line: {error}")
