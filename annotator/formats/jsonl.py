"""JSON Lines articles: one JSON object a line, as Prodigy, spaCy and doccano write them.

A record holds `text` (required), `title` and `meta`, and spans in any of the shapes those tools
use: Prodigy/spaCy `spans` ({start, end, label}), doccano `label`/`labels` ([start, end, LABEL]),
doccano `entities` ({id, start_offset, end_offset, label}) and doccano 1.x `annotations` (numeric
label ids). Relations are Prodigy's (`head_span`/`child_span`) or doccano's (`from_id`/`to_id`).

Lines are read one at a time (constant memory). A file that is one JSON value spread over many
lines (doccano's export example is one pretty-printed object) is read as that value.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from annotator.domain.errors import AnnotatorError, Problem
from annotator.domain.model import DraftDocument, Provenance
from annotator.formats.common import (
    DEFAULT_OPTIONS,
    DraftBuilder,
    ReadOptions,
    check_text,
    finish,
    located,
    lone_surrogate,
    title_of,
)
from annotator.formats.decoding import utf8_lines

NAME = "jsonl"
EXTENSIONS = (".jsonl", ".ndjson")

# Keys that are the annotation itself or too bulky to keep as metadata.
_NOT_META = {
    "text",
    "title",
    "meta",
    "spans",
    "relations",
    "label",
    "labels",
    "entities",
    "annotations",
    "tokens",
    "_input_hash",
    "_task_hash",
    "_view_id",
    "html",
}

#: The keys `_read_spans` and `_read_relations` read: a record with none of them has neither.
_ANNOTATION_KEYS = frozenset({"spans", "label", "labels", "entities", "annotations", "relations"})

_MAX_WHOLE_FILE = 256 * 1024 * 1024

#: Prodigy answers that do not make a record's spans annotations (see `prodigy.answer_of`).
NOT_ACCEPTED = ("reject", "ignore")


def record_to_drafts(
    record: object,
    path: Path,
    line: int | None,
    format_name: str = NAME,
    extra_meta: Mapping[str, Any] | None = None,
) -> list[DraftDocument | Problem]:
    """One JSON record as a draft, or a problem for each thing wrong with it."""
    if not isinstance(record, dict):
        return [Problem(str(path), line, f"a record must be a JSON object, not {_kind(record)}")]
    text = record.get("text")
    wrong = check_text(text)
    if wrong:
        return [Problem(str(path), line, wrong)]
    assert isinstance(text, str)
    messages: list[str] = []
    meta_value = record.get("meta", {})
    if meta_value is None:
        meta_value = {}
    if not isinstance(meta_value, dict):
        messages.append(f'"meta" must be an object, not {_kind(meta_value)}')
        meta_value = {}
    meta: dict[str, Any] = {k: v for k, v in record.items() if k not in _NOT_META}
    meta.update(meta_value)
    if extra_meta:
        meta.update(extra_meta)
    title = record.get("title", meta_value.get("title"))
    if title is not None and not isinstance(title, str):
        messages.append(f'"title" must be a string, not {_kind(title)}')
        title = None
    if not messages and _ANNOTATION_KEYS.isdisjoint(record):
        # A bare article (the usual large corpus): what `finish` would make of a builder with
        # nothing in it, without making one (half of reading such a record).
        try:
            draft = DraftDocument(
                text=text,
                title=title or title_of(text),
                meta=meta,
                provenance=Provenance(path=str(path), line=line, format=format_name),
            )
        except AnnotatorError as error:
            return [Problem(str(path), line, error.message)]
        return [draft]
    builder = DraftBuilder(text)
    builder.messages.extend(messages)
    _read_spans(record, builder, meta)
    _read_relations(record, builder)
    answer = record.get("answer")
    if answer in NOT_ACCEPTED and builder.spans:
        # A Prodigy "reject" says the spans are wrong, an "ignore" that nobody judged them:
        # never accepted annotations. Kept as suggestions, the `answer` in the article's meta.
        builder.spans = [
            replace(s, suggested=True, note=f"answer {answer} in Prodigy") for s in builder.spans
        ]
        builder.notice(
            f"answer {answer}: its {len(builder.spans)} spans stored as suggestions, not"
            " annotations"
        )
    return list(
        finish(
            builder,
            title=title or title_of(text),
            meta=meta,
            path=path,
            line=line,
            format_name=format_name,
        )
    )


def _kind(value: object) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), "a value")


def _list(record: dict[str, Any], key: str, builder: DraftBuilder) -> list[Any]:
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        builder.messages.append(f'"{key}" must be a list, not {_kind(value)}')
        return []
    return value


def _read_spans(record: dict[str, Any], builder: DraftBuilder, meta: dict[str, Any]) -> None:
    for number, span in enumerate(_list(record, "spans", builder), start=1):
        if not isinstance(span, dict):
            builder.messages.append(f"span {number} must be an object, not {_kind(span)}")
            continue
        if "start" not in span or "end" not in span or "label" not in span:
            builder.messages.append(f"span {number} needs start, end and label")
            continue
        key = span.get("id")
        builder.add_span(
            span["start"],
            span["end"],
            span["label"],
            what=f"span {number}",
            expected_text=span.get("text"),
            key=None if key is None else str(key),
        )
    for key in ("label", "labels"):
        categories = []
        for number, item in enumerate(_list(record, key, builder), start=1):
            if isinstance(item, str):
                categories.append(item)  # doccano text classification: a label of the whole text
            elif isinstance(item, list) and len(item) == 3:
                builder.add_span(item[0], item[1], item[2], what=f"{key} {number}")
            else:
                builder.messages.append(
                    f"{key} {number} must be [start, end, label], not {json.dumps(item)[:60]}"
                )
        if categories:
            meta["categories"] = categories
    for number, entity in enumerate(_list(record, "entities", builder), start=1):
        if not isinstance(entity, dict):
            builder.messages.append(f"entity {number} must be an object, not {_kind(entity)}")
            continue
        key = entity.get("id")
        builder.add_span(
            entity.get("start_offset", entity.get("start")),
            entity.get("end_offset", entity.get("end")),
            entity.get("label"),
            key=None if key is None else str(key),
            what=f"entity {number}",
        )
    for number, item in enumerate(_list(record, "annotations", builder), start=1):
        if not isinstance(item, dict):
            builder.messages.append(f"annotation {number} must be an object, not {_kind(item)}")
            continue
        label = item.get("label")
        # doccano 1.x writes the label's numeric id; keep it as its name, the id's digits.
        if isinstance(label, int) and not isinstance(label, bool):
            label = str(label)
        builder.add_span(
            item.get("start_offset"), item.get("end_offset"), label, what=f"annotation {number}"
        )


def _read_relations(record: dict[str, Any], builder: DraftBuilder) -> None:
    for number, relation in enumerate(_list(record, "relations", builder), start=1):
        if not isinstance(relation, dict):
            builder.messages.append(f"relation {number} must be an object, not {_kind(relation)}")
            continue
        if "from_id" in relation:  # doccano
            builder.add_relation(
                builder.index_of_key(relation.get("from_id")),
                builder.index_of_key(relation.get("to_id")),
                relation.get("type", relation.get("label")),
            )
            continue
        head_span, child_span = relation.get("head_span"), relation.get("child_span")
        if isinstance(head_span, dict) and isinstance(child_span, dict):  # Prodigy
            builder.add_relation(
                _span_at(builder, head_span), _span_at(builder, child_span), relation.get("label")
            )
            continue
        builder.messages.append(
            f"relation {number} needs head_span/child_span (Prodigy) or from_id/to_id (doccano)"
        )


def _span_at(builder: DraftBuilder, span: dict[str, Any]) -> int | None:
    found = builder.index_of(span.get("start"), span.get("end"), span.get("label"))
    if found is None and "label" in span:
        found = builder.add_span(
            span.get("start"), span.get("end"), span.get("label"), what="relation span"
        )
    return found


def read(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[DraftDocument | Problem]:
    try:
        lines = utf8_lines(path)
        first_seen = False
        for number, line in lines:
            if isinstance(line, AnnotatorError):
                yield located(line, path, number)
                first_seen = True
                continue
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                if not first_seen and _is_multiline_value(path):
                    yield from read_whole(path)
                    return
                yield Problem(
                    str(path),
                    number,
                    f"invalid JSON: {error.msg.removesuffix(' at')} at column {error.colno}",
                )
                first_seen = True
                continue
            first_seen = True
            broken = lone_surrogate(line, record)
            if broken:
                yield Problem(str(path), number, broken)
                continue
            yield from record_to_drafts(record, path, number)
        if not first_seen:
            yield Problem(str(path), None, "empty file: no records to import")
    except AnnotatorError as error:
        yield located(error, path)
    except RecursionError:
        yield Problem(str(path), None, "JSON nested too deeply to read")


def _is_multiline_value(path: Path) -> bool:
    """True for a file that parses as one JSON value though its lines do not."""
    try:
        if path.stat().st_size > _MAX_WHOLE_FILE:
            return False
        json.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, ValueError, RecursionError):
        return False
    return True


def read_whole(path: Path, format_name: str = NAME) -> Iterator[DraftDocument | Problem]:
    """A file holding one JSON object, or an array of records (its problems name the record)."""
    raw = path.read_bytes().decode("utf-8-sig")
    value = json.loads(raw)
    broken = lone_surrogate(raw, value)
    if broken:
        yield Problem(str(path), None, broken)
        return
    records = value if isinstance(value, list) else [value]
    for number, record in enumerate(records, start=1):
        line = 1 if not isinstance(value, list) else None
        results = record_to_drafts(
            record, path, line, format_name, extra_meta={"record": number} if line is None else None
        )
        for result in results:
            if isinstance(result, Problem) and line is None:
                result = Problem(result.path, None, f"record {number}: {result.message}")
            yield result
