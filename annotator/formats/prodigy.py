"""Prodigy / spaCy JSONL: one JSON object a line, as Prodigy writes annotated tasks.

Hashes follow Prodigy's idea (an input hash of the text, a task hash of text and spans) with a
stable 32-bit signed integer, so the same project exports the same bytes on every run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any, TextIO

from annotator.domain.model import ExportItem

NAME = "prodigy"
EXTENSION = ".jsonl"


def stable_hash(value: Any) -> int:
    data = json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return int.from_bytes(hashlib.blake2b(data, digest_size=4).digest(), "big", signed=True)


def record(item: ExportItem) -> dict[str, Any]:
    document = item.document
    text = document.text
    spans = [
        {
            "start": span.start,
            "end": span.end,
            "label": span.label,
            "text": text[span.start : span.end],
        }
        for span in item.spans
    ]
    meta = {"title": document.title, "id": document.id, **dict(document.meta)}
    input_hash = stable_hash({"text": text})
    task_hash = stable_hash({"input": input_hash, "spans": spans})
    return {
        "text": text,
        "meta": meta,
        "spans": spans,
        "_input_hash": input_hash,
        "_task_hash": task_hash,
        "answer": "accept",
    }


def write(items: Iterable[ExportItem], out: TextIO) -> int:
    count = 0
    for item in items:
        out.write(json.dumps(record(item), ensure_ascii=False))
        out.write("\n")
        count += 1
    return count
