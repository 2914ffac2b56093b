"""Label Studio JSON exports, and other `.json` files holding one record or an array of records.

A Label Studio task keeps its text in `data` under the key the labelling config names; the export
does not say which, so the key is the one whose text matches the regions' own `text`, else `text`,
else the longest string. Regions of type `labels` become spans and `relation` results relations,
across every annotation of the task that was not cancelled (predictions are left out).
Offsets are code points; a region that only fits as UTF-16 units (as older front ends counted)
is converted, and one that fits neither is refused with its text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from annotator.domain.errors import AnnotatorError, Problem
from annotator.domain.model import DraftDocument
from annotator.formats import jsonl
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
from annotator.formats.decoding import read_bytes

NAME = "labelstudio"
EXTENSIONS = (".json",)


def is_task(value: object) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("data"), dict)
        and ("annotations" in value or "predictions" in value or "completions" in value)
    )


def read(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[DraftDocument | Problem]:
    try:
        data = read_bytes(path)
        if not data.strip():
            yield Problem(str(path), None, "empty file: no records to import")
            return
        try:
            raw = data.decode("utf-8-sig")
            value = json.loads(raw)
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            yield Problem(str(path), line, "not UTF-8 text")
            return
        except json.JSONDecodeError as error:
            yield Problem(
                str(path),
                error.lineno,
                f"invalid JSON: {error.msg.removesuffix(' at')} at column {error.colno}",
            )
            return
    except AnnotatorError as error:
        yield located(error, path)
        return
    except RecursionError:
        yield Problem(str(path), None, "JSON nested too deeply to read")
        return
    broken = lone_surrogate(raw, value)
    if broken:
        yield Problem(str(path), None, broken)
        return
    tasks = value if isinstance(value, list) else [value]
    if not tasks:
        yield Problem(str(path), None, "empty array: no records to import")
        return
    if not any(is_task(task) for task in tasks):
        yield from jsonl.read_whole(path, format_name="json")
        return
    single = not isinstance(value, list)
    lines: list[int] | None = None  # where each task starts, found at the first problem
    for number, task in enumerate(tasks, start=1):
        for result in _task(task, path, number):
            if isinstance(result, Problem) and not single:
                # Named by task and by the line the task starts on, like any refused record.
                if lines is None:
                    lines = _element_lines(raw)
                starts = lines[number - 1] if number <= len(lines) else None
                result = Problem(result.path, starts, f"task {number}: {result.message}")
            yield result


def _element_lines(raw: str) -> list[int]:
    """The line each element of a top-level JSON array starts on (an export is one array,
    usually one task a line or pretty-printed); empty when the text is not such an array."""
    decoder = json.JSONDecoder()
    lines: list[int] = []
    at = len(raw) - len(raw.lstrip())
    if not raw.startswith("[", at):
        return []
    at += 1
    line = 1 + raw.count("\n", 0, at)
    try:
        while True:
            while at < len(raw) and raw[at] in " \t\r\n,":
                if raw[at] == "\n":
                    line += 1
                at += 1
            if at >= len(raw) or raw[at] == "]":
                return lines
            lines.append(line)
            _value, end = decoder.raw_decode(raw, at)
            line += raw.count("\n", at, end)
            at = end
    except (ValueError, RecursionError):
        return []


def _text_key(data: dict[str, Any], regions: list[dict[str, Any]]) -> str | None:
    strings = {k: v for k, v in data.items() if isinstance(v, str)}
    for key, text in strings.items():
        if regions and all(
            isinstance(r.get("start"), int)
            and isinstance(r.get("end"), int)
            and text[r["start"] : r["end"]] == r.get("text")
            for r in regions
        ):
            return key
    if "text" in data:
        return "text"
    return max(strings, key=lambda k: len(strings[k]), default=None)


def _task(task: object, path: Path, number: int) -> list[DraftDocument | Problem]:
    if not is_task(task):
        return [Problem(str(path), None, 'not a Label Studio task (no "data" and "annotations")')]
    assert isinstance(task, dict)
    results: list[dict[str, Any]] = []
    cancelled = 0
    for annotation in task.get("annotations") or task.get("completions") or []:
        if not isinstance(annotation, dict):
            continue
        found = annotation.get("result") or []
        if annotation.get("was_cancelled"):
            cancelled += 1
        elif isinstance(found, list):
            results.extend(r for r in found if isinstance(r, dict))
    regions = [
        r["value"]
        for r in results
        if r.get("type") == "labels" and isinstance(r.get("value"), dict)
    ]
    data = task["data"]
    key = _text_key(data, regions)
    text = data.get(key) if key is not None else None
    wrong = check_text(text, f"data.{key or 'text'}")
    if wrong:
        return [Problem(str(path), None, wrong)]
    assert isinstance(text, str)
    builder = DraftBuilder(text)
    predictions = task.get("predictions")
    if isinstance(predictions, list) and predictions:
        builder.notice(f"task {number}: {len(predictions)} predictions (a model's): not imported")
    if cancelled:
        builder.notice(f"task {number}: {cancelled} cancelled annotations: not imported")
    for result in results:
        if result.get("type") != "labels":
            continue
        value = result.get("value")
        if not isinstance(value, dict):
            builder.messages.append(f"region {result.get('id')!r}: its value is not an object")
            continue
        labels = value.get("labels")
        if not isinstance(labels, list) or not labels:
            builder.messages.append(f"region {result.get('id')!r} has no labels")
            continue
        start, end, expected = value.get("start"), value.get("end"), value.get("text")
        utf16 = False
        if (
            isinstance(start, int)
            and isinstance(end, int)
            and isinstance(expected, str)
            and text[start:end] != expected
        ):
            mapping = builder.utf16()
            if text[mapping.from_utf16(start) : mapping.from_utf16(end)] == expected:
                utf16 = True
        for label in labels:
            builder.add_span(
                start,
                end,
                label,
                key=str(result.get("id")),
                expected_text=expected,
                utf16=utf16,
                what=f"region {result.get('id')!r}",
            )
    for result in results:
        if result.get("type") == "relation":
            labels = result.get("labels") or ["RELATED"]
            if not isinstance(labels, list):
                builder.messages.append(f"relation {result.get('id')!r}: labels is not a list")
                continue
            for label in labels:
                builder.add_relation(
                    builder.index_of_key(result.get("from_id")),
                    builder.index_of_key(result.get("to_id")),
                    label,
                )
    meta: dict[str, Any] = {
        k: v for k, v in data.items() if k != key and not isinstance(v, dict | list)
    }
    meta["label_studio_id"] = task.get("id")
    meta["record"] = number
    title = data.get("title") if isinstance(data.get("title"), str) else title_of(text)
    return list(finish(builder, title=title, meta=meta, path=path, line=None, format_name=NAME))
