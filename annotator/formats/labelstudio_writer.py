"""Label Studio JSON: a list of tasks with `labels` and `relation` results, as Label Studio exports.

Offsets are code points (what Label Studio's export and import hold for text tasks). The results
name `from_name="label"` and `to_name="text"`, the names in Label Studio's own NER template
(`<Labels name="label" toName="text">` over `<Text name="text" value="$text"/>`), plus
`<Relations>`.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from annotator.domain.model import ExportItem
from annotator.formats.exportkit import ExportStream

NAME = "labelstudio"
EXTENSION = ".json"


def task(item: ExportItem) -> dict[str, Any]:
    document = item.document
    results: list[dict[str, Any]] = [
        {
            "id": f"s{span.id}",
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {
                "start": span.start,
                "end": span.end,
                "text": document.text[span.start : span.end],
                "labels": [span.label],
            },
        }
        for span in item.spans
    ]
    results.extend(
        {
            "from_id": f"s{relation.head_id}",
            "to_id": f"s{relation.child_id}",
            "type": "relation",
            "direction": "right",
            "labels": [relation.label],
        }
        for relation in item.relations
    )
    return {
        "id": document.id,
        "data": {"text": document.text, "title": document.title, "meta": dict(document.meta)},
        "annotations": [{"result": results}],
    }


def write(stream: ExportStream, out: TextIO) -> None:
    """A JSON array written task by task, so memory stays flat however long the project."""
    out.write("[")
    first = True
    for item in stream.items:
        out.write("\n" if first else ",\n")
        out.write(json.dumps(task(item), ensure_ascii=False))
        first = False
    out.write("\n]\n")
