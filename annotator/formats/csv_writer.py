"""CSV, one row a span, for spreadsheets and quick counts.

A cell that begins with `=`, `+`, `-`, `@` (or a tab or carriage return) is prefixed with `'`, so
that a scraped article cannot smuggle a formula into the analyst's spreadsheet (CSV injection).
"""

from __future__ import annotations

import csv
import json
from typing import TextIO

from annotator.formats.exportkit import ExportStream, csv_cell

NAME = "csv"
EXTENSION = ".csv"
HEADER = ("article_id", "title", "span_id", "start", "end", "label", "text", "note", "attributes")


def write(stream: ExportStream, out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for item in stream.items:
        document = item.document
        for span in item.spans:
            writer.writerow(
                (
                    document.id,
                    csv_cell(document.title),
                    span.id,
                    span.start,
                    span.end,
                    csv_cell(span.label),
                    csv_cell(document.text[span.start : span.end]),
                    csv_cell(span.note),
                    json.dumps(dict(span.attributes), ensure_ascii=False, sort_keys=True)
                    if span.attributes
                    else "",
                )
            )
