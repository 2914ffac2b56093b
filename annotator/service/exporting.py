"""Exporting a project: written to a temporary file first, then moved into place.

A failed or interrupted export never leaves a half file where the old one was.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.domain.errors import AnnotatorError
from annotator.domain.model import ExportItem
from annotator.formats.registry import writer_named
from annotator.service.debris import without_debris
from annotator.storage.repository import ProjectStore


@dataclass
class ExportReport:
    documents: int = 0
    spans: int = 0
    relations: int = 0
    links: int = 0


def export_project(
    store: ProjectStore,
    format_name: str,
    destination: str | Path,
    *,
    document_ids: Sequence[int] | None = None,
) -> ExportReport:
    """Write the project (or some documents) in `format_name` to `destination` ("-": stdout)."""
    writer = writer_named(format_name)
    report = ExportReport()

    def counted() -> Iterator[ExportItem]:
        for stored in store.iter_export_items(document_ids):
            item = without_debris(stored)
            report.spans += len(item.spans)
            report.relations += len(item.relations)
            yield item

    if str(destination) == "-":
        report.documents = writer.write(counted(), sys.stdout)
        sys.stdout.flush()
        return report
    target = Path(destination)
    if target.is_dir():
        raise AnnotatorError("is a folder; name a file to write", path=str(target))
    if not target.parent.exists():
        raise AnnotatorError("the folder to write into does not exist", path=str(target))
    handle = tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", newline="\n", dir=target.parent, prefix=f".{target.name}.", delete=False
    )
    try:
        with handle:
            report.documents = writer.write(counted(), handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return report
