"""Prodigy / spaCy JSONL: one JSON object a line, as Prodigy writes annotated tasks.

Each task has `text`, `meta`, `tokens` (`text`, `start`, `end`, `id`, `ws`), `spans` (with
`token_start` and inclusive `token_end`), `relations` in Prodigy's shape (`head` and `child` are
the indices of the spans' last tokens), `_input_hash`, `_task_hash` and `answer`. Hashes follow
Prodigy's idea (an input hash of the text, a task hash of text and annotations) with a stable
32-bit signed integer, so the same project exports the same bytes on every run.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, TextIO

from annotator.domain.model import Document, ExportItem, Span
from annotator.formats.exportkit import ExportStream, TokenIndex, training_tokens

NAME = "prodigy"
EXTENSION = ".jsonl"


def stable_hash(value: Any) -> int:
    data = json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return int.from_bytes(hashlib.blake2b(data, digest_size=4).digest(), "big", signed=True)


def record(item: ExportItem) -> dict[str, Any]:
    document = item.document
    text = document.text
    tokens = training_tokens(text, item.spans)
    index = TokenIndex(tokens)

    def span_ref(span: Span) -> dict[str, Any]:
        return {
            "start": span.start,
            "end": span.end,
            "token_start": index.first(span),
            "token_end": index.last(span),
            "label": span.label,
        }

    spans = [{**span_ref(span), "text": text[span.start : span.end]} for span in item.spans]
    by_id = {span.id: span for span in item.spans}
    relations = []
    for relation in item.relations:
        head, child = by_id[relation.head_id], by_id[relation.child_id]
        relations.append(
            {
                "head": index.last(head),
                "child": index.last(child),
                "head_span": span_ref(head),
                "child_span": span_ref(child),
                "label": relation.label,
            }
        )
    meta = {"title": document.title, "id": document.id, **dict(document.meta)}
    input_hash = stable_hash({"text": text})
    task_hash = stable_hash({"input": input_hash, "spans": spans, "relations": relations})
    return {
        "text": text,
        "meta": meta,
        "tokens": [
            {"text": text, "start": start, "end": end, "id": i, "ws": ws}
            for i, (start, end, text, ws) in enumerate(tokens)
        ],
        "spans": spans,
        "relations": relations,
        "_input_hash": input_hash,
        "_task_hash": task_hash,
        "answer": answer_of(document),
    }


def answer_of(document: Document) -> str:
    """ "accept", or the "reject"/"ignore" a Prodigy record was imported with, until an analyst
    marks the article done: a rejected example never goes out as accepted training data."""
    answer = document.meta.get("answer")
    if answer in ("reject", "ignore") and document.status != "done":
        return str(answer)
    return "accept"


def write(stream: ExportStream, out: TextIO) -> None:
    for item in stream.items:
        out.write(json.dumps(record(item), ensure_ascii=False))
        out.write("\n")
