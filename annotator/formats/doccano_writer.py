"""doccano JSONL, as doccano's relation-extraction project exports and imports it.

One article a line: `text`, `entities` (`id`, `label`, `start_offset`, `end_offset`, code points)
and `relations` (`id`, `from_id`, `to_id`, `type`); other keys become doccano's metadata.
"""

from __future__ import annotations

import json
from typing import TextIO

from annotator.formats.exportkit import ExportStream

NAME = "doccano"
EXTENSION = ".jsonl"


def write(stream: ExportStream, out: TextIO) -> None:
    for item in stream.items:
        document = item.document
        record = {
            "id": document.id,
            "text": document.text,
            "title": document.title,
            "entities": [
                {"id": s.id, "label": s.label, "start_offset": s.start, "end_offset": s.end}
                for s in item.spans
            ],
            "relations": [
                {"id": r.id, "from_id": r.head_id, "to_id": r.child_id, "type": r.label}
                for r in item.relations
            ],
        }
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")
