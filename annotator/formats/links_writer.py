"""Links across articles, one JSON object a link: directly usable as sentence pairs.

Each line holds both articles' ids and titles, both spans (`start`, `end`, `label`, `text`), the
link's label and note, and the sentence around each span (`context_a`, `context_b`).
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from annotator.domain.text import sentence_bounds
from annotator.formats.exportkit import ExportStream, LinkEnd

NAME = "links"
EXTENSION = ".jsonl"


def _span(end: LinkEnd) -> dict[str, Any]:
    span, text = end.span, end.document.text
    return {
        "start": span.start,
        "end": span.end,
        "label": span.label,
        "text": text[span.start : span.end],
    }


def _context(end: LinkEnd) -> str:
    start, stop = sentence_bounds(end.document.text, end.span.start, end.span.end)
    return end.document.text[start:stop]


def write(stream: ExportStream, out: TextIO) -> None:
    for record in stream.links:
        line = {
            "link_id": record.link.id,
            "label": record.link.label,
            "note": record.link.note,
            "article_a": record.a.document.id,
            "title_a": record.a.document.title,
            "span_a": _span(record.a),
            "context_a": _context(record.a),
            "article_b": record.b.document.id,
            "title_b": record.b.document.title,
            "span_b": _span(record.b),
            "context_b": _context(record.b),
        }
        out.write(json.dumps(line, ensure_ascii=False))
        out.write("\n")
