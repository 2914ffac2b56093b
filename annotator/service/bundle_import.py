"""Reading an `annotator` bundle back into a project: schema, articles, spans, relations, links.

One transaction, like every import: a bundle with a bad line stores nothing and lists every problem.
The bundle's labels are added to (or update) the project's schema first, so its spans fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from annotator.domain.errors import AnnotatorError, InputRefused, Problem
from annotator.domain.labels import LabelSchema
from annotator.domain.model import Link, content_hash
from annotator.formats import bundle
from annotator.service.importing import ImportReport
from annotator.storage.repository import ProjectStore


def is_bundle_import(paths: Sequence[Path], format_name: str | None) -> bool:
    """Whether these files are bundles: asked for by name, or every file starts like one."""
    if format_name is not None:
        return format_name == bundle.NAME
    return bool(paths) and all(path.is_file() and bundle.is_bundle(path) for path in paths)


def import_bundles(
    store: ProjectStore,
    schema: LabelSchema,
    paths: Sequence[Path],
    *,
    allow_duplicates: bool = False,
    skip_invalid: bool = False,
) -> tuple[ImportReport, LabelSchema]:
    report = ImportReport()
    problems: list[Problem] = []
    with store.transaction():
        for path in paths:
            schema = _import_one(store, schema, path, report, problems, allow_duplicates)
        if problems and not skip_invalid:
            raise InputRefused(problems)
        report.skipped = problems
    return report, schema


def _import_one(
    store: ProjectStore,
    schema: LabelSchema,
    path: Path,
    report: ImportReport,
    problems: list[Problem],
    allow_duplicates: bool,
) -> LabelSchema:
    report.per_file.setdefault(str(path), 0)
    span_ids: dict[str, int] = {}  # the bundle's span id -> this project's
    skipped_spans: set[str] = set()
    for record in bundle.read(path):
        if isinstance(record, Problem):
            problems.append(record)
        elif isinstance(record, bundle.BundleHeader):
            for label in record.schema.labels:
                if label.name not in schema:
                    report.new_labels.append(label.name)
                schema = schema.with_label(label)
            store.save_schema(schema)
        elif isinstance(record, bundle.BundleArticle):
            draft = record.draft
            unknown = [s.label for s in draft.spans if s.label not in schema]
            if unknown:
                problems.append(
                    Problem(
                        str(path),
                        None,
                        f"article {record.id}: label {unknown[0]!r} is not in the bundle's schema",
                    )
                )
                continue
            if not allow_duplicates and store.existing_hashes([content_hash(draft.text)]):
                report.duplicates.append(f"{path}: article {record.id}")
                skipped_spans.update(s.key for s in draft.spans if s.key is not None)
                continue
            (document_id,) = store.insert_documents([draft])
            stored = store.span_ids_of(document_id)
            span_ids.update(
                (span.key, new) for span, new in zip(draft.spans, stored, strict=True) if span.key
            )
            report.document_ids.append(document_id)
            report.per_file[str(path)] += 1
            report.spans += len(draft.spans)
            report.relations += len(draft.relations)
        else:
            if record.a_key in skipped_spans or record.b_key in skipped_spans:
                continue  # a link to an article skipped as a duplicate
            if record.a_key not in span_ids or record.b_key not in span_ids:
                problems.append(
                    Problem(str(path), record.line, "link joins spans the bundle lacks")
                )
                continue
            try:
                schema.require(record.label, "link")
                store.insert_link(
                    Link(
                        span_ids[record.a_key],
                        span_ids[record.b_key],
                        record.label,
                        note=record.note,
                    )
                )
            except AnnotatorError as error:
                problems.append(Problem(str(path), record.line, error.message))
                continue
            report.links += 1
    return schema
