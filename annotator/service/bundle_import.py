"""Reading an `annotator` bundle back into a project: schema, articles, spans, relations, links.

One transaction, like every import: a bundle with a bad line stores nothing and lists every problem.
The bundle's labels are added to (or update) the project's schema first, so its spans fit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from annotator.domain.errors import AnnotatorError, InputRefused, Problem
from annotator.domain.labels import LabelSchema
from annotator.domain.model import DraftDocument, Link, content_hash
from annotator.formats import bundle
from annotator.formats.common import ReadOptions
from annotator.service.importing import ImportProgress, ImportReport
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
    format_name: str | None = None,
    skip_invalid: bool = False,
    allow_duplicates: bool = False,
    detect_debris: bool = True,
    options: ReadOptions | None = None,
    progress: Callable[[ImportProgress], None] | None = None,
) -> tuple[ImportReport, LabelSchema]:
    """Import bundles, with the options every import takes (`service.importing.Importer`).

    `format_name` is the bundle's; `detect_debris` does nothing here, because a bundle is the
    project as it was, debris suggestions (or their rejection) included; `options` name columns
    of tables, which a bundle has none of.
    """
    report = ImportReport()
    problems: list[Problem] = []
    with store.transaction():
        for number, path in enumerate(paths):
            if progress is not None:
                progress(ImportProgress(number, len(paths), len(report.document_ids), str(path)))
            schema = _import_one(store, schema, path, report, problems, allow_duplicates)
        if progress is not None:
            progress(ImportProgress(len(paths), len(paths), len(report.document_ids), ""))
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
            wrong = _unknown_label(schema, draft)
            if wrong:
                problems.append(Problem(str(path), record.line, f"article {record.id}: {wrong}"))
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


def _unknown_label(schema: LabelSchema, draft: DraftDocument) -> str | None:
    """Why the article's spans or relations do not fit the schema (the bundle's, merged in)."""
    needed = [(s.label, "span") for s in draft.spans]
    needed += [(r.label, "relation") for r in draft.relations]
    for name, kind in needed:
        label = schema.get(name)
        if label is None or label.kind != kind:
            return f"label {name!r} is not a {kind} label of the bundle's schema"
    return None
