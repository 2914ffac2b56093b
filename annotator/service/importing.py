"""Importing files into a project: one transaction, every problem listed, nothing half stored.

Readers stream drafts; each is stored as it comes inside one open transaction, so a file of
gigabytes imports in constant memory. At the end the transaction commits only if no record was bad
(or `skip_invalid` was asked for); otherwise it rolls back and the caller gets every problem at once.
"""

from __future__ import annotations

import colorsys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.domain.errors import AnnotatorError, InputRefused, Problem
from annotator.domain.labels import Label, LabelKind, LabelSchema
from annotator.domain.model import DraftDocument, content_hash
from annotator.formats.registry import READERS, Reader, detect_reader, reader_named
from annotator.storage.repository import ProjectStore


class ImportCancelled(AnnotatorError):
    """The user cancelled an import; nothing of it was stored."""


@dataclass
class ImportReport:
    """What an import did, file by file, for the command line and the GUI to show."""

    document_ids: list[int] = field(default_factory=list)
    per_file: dict[str, int] = field(default_factory=dict)
    spans: int = 0
    relations: int = 0
    links: int = 0
    duplicates: list[str] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    new_labels: list[str] = field(default_factory=list)


def expand_paths(paths: Iterable[Path], forced: Reader | None) -> Iterator[Path | Problem]:
    """Files to import: each file given, and the readable files of each folder, sorted by name."""
    extensions = {ext for reader in READERS.values() for ext in reader.extensions}
    if forced is not None:
        extensions = set(forced.extensions)
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in extensions:
                    yield child
        elif path.exists():
            yield path
        else:
            yield Problem(str(path), None, "no such file or folder")


def _new_label_color(index: int) -> str:
    red, green, blue = colorsys.hls_to_rgb((index * 0.618034) % 1.0, 0.65, 0.55)
    return f"#{int(red * 255):02x}{int(green * 255):02x}{int(blue * 255):02x}"


def import_paths(
    store: ProjectStore,
    schema: LabelSchema,
    paths: Sequence[Path],
    *,
    format_name: str | None = None,
    skip_invalid: bool = False,
    allow_duplicates: bool = False,
    progress: Callable[[int], None] | None = None,
) -> tuple[ImportReport, LabelSchema]:
    """Import files into the project; returns the report and the (possibly grown) schema.

    Raises `InputRefused` listing every problem when any record is bad and `skip_invalid` is off;
    then nothing is stored. `progress` is called with the number of documents read so far and may
    raise `ImportCancelled` to roll everything back.
    """
    forced = reader_named(format_name) if format_name else None
    report = ImportReport()
    problems: list[Problem] = []
    seen_hashes: set[str] = set()
    read = 0
    with store.transaction():
        for item in expand_paths(paths, forced):
            if isinstance(item, Problem):
                problems.append(item)
                continue
            try:
                reader = forced or detect_reader(item)
            except AnnotatorError as error:
                problems.append(Problem(str(item), None, error.message))
                continue
            report.per_file.setdefault(str(item), 0)
            for draft in reader.read(item):
                if isinstance(draft, Problem):
                    problems.append(draft)
                    continue
                read += 1
                if progress is not None:
                    progress(read)
                if problems and not skip_invalid:
                    continue  # refused anyway: keep reading only to list every problem
                if not allow_duplicates:
                    digest = content_hash(draft.text)
                    if digest in seen_hashes or store.existing_hashes([digest]):
                        where = f"{draft.provenance.path}:{draft.provenance.line}"
                        report.duplicates.append(where if draft.provenance.line else str(item))
                        continue
                    seen_hashes.add(digest)
                schema = _with_labels_of(store, schema, draft, report)
                report.document_ids.extend(store.insert_documents([draft]))
                report.per_file[str(item)] += 1
                report.spans += len(draft.spans)
                report.relations += len(draft.relations)
        if problems and not skip_invalid:
            raise InputRefused(problems)
        report.skipped = problems
    return report, schema


def _with_labels_of(
    store: ProjectStore, schema: LabelSchema, draft: DraftDocument, report: ImportReport
) -> LabelSchema:
    """Add the draft's labels that the schema lacks (reported), so its spans can be stored."""
    missing = [label for label in {s.label for s in draft.spans} if label not in schema]
    missing += [label for label in {r.label for r in draft.relations} if label not in schema]
    if not missing:
        return schema
    for name in sorted(set(missing)):
        kind: LabelKind = "relation" if any(r.label == name for r in draft.relations) else "span"
        schema = schema.with_label(Label(name, kind, color=_new_label_color(len(schema.labels))))
        report.new_labels.append(name)
    store.save_schema(schema)
    return schema
