"""Reading an `annotator` bundle back into a project: schema, articles, spans, relations, links.

All or nothing, like every import: a bundle with a bad line stores nothing and lists every problem.
And like every import it is staged (`annotator.storage.staging`): the bundle's new articles, with
their layers, are read into a scratch database while the project stays free for other writers,
then merged in one short transaction. What touches the project itself waits for that
transaction: the layers joining articles already stored (see `_import_article`: an article whose
text is stored gains the layers it lacks, so a bundle imported twice changes nothing the second
time), the schema, and the links (their spans get their ids only in the merge).
The bundle's labels are added to (or update) the project's schema, so its spans fit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from annotator.domain.errors import AnnotatorError, InputRefused, Problem
from annotator.domain.labels import Label, LabelSchema
from annotator.domain.model import DraftDocument, DraftRelation, Link, content_hash
from annotator.formats import bundle
from annotator.formats.common import ReadOptions
from annotator.formats.sidecar import MetadataTable
from annotator.service.importing import ImportProgress, ImportReport
from annotator.storage.layers import (
    Stamp,
    add_layer,
    documents_by_hash,
    has_layer,
    set_document_status,
)
from annotator.storage.repository import ProjectStore
from annotator.storage.staging import ImportStage


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
    metadata: MetadataTable | None = None,
    analyst: str | None = None,
) -> tuple[ImportReport, LabelSchema]:
    """Import bundles, with the options every import takes (`service.importing.Importer`).

    `format_name` is the bundle's; `detect_debris` does nothing here, because a bundle is the
    project as it was, debris suggestions (or their rejection) included; `options` name columns
    of tables, which a bundle has none of. `analyst` takes the place of the importing analyst for
    a version 1 bundle, which names no layers. A sidecar `metadata` table is refused: a bundle
    carries its articles' metadata, and joining a table to it would be silently half done.
    """
    if metadata is not None:
        raise AnnotatorError(
            "a bundle carries its articles' metadata: --metadata is for article files",
            path=str(metadata.path),
        )
    report = ImportReport()
    problems: list[Problem] = []
    files: list[_BundleFile] = []
    stage = ImportStage(store)
    try:
        with stage.store.transaction(), stage.store.acting_as(analyst or store.analyst):
            for number, path in enumerate(paths):
                if progress is not None:
                    progress(
                        ImportProgress(number, len(paths), len(report.document_ids), str(path))
                    )
                read = _BundleFile(path)
                schema = _stage_one(
                    store, stage.store, schema, read, report, problems, allow_duplicates
                )
                files.append(read)
        if progress is not None:
            progress(ImportProgress(len(paths), len(paths), len(report.document_ids), ""))
        if problems and not skip_invalid:
            raise InputRefused(problems)
        staged_joins = len(report.joined)

        def into_project() -> None:
            """Inside the merge's transaction: the schema, the layers joining stored articles,
            then every link (staged spans have their project ids now)."""
            store.save_schema(schema)
            with store.acting_as(analyst or store.analyst):
                for read in files:
                    for record in read.joins:
                        _import_article(
                            store, read.path, record, report, problems, False, read.joined_ids
                        )
                for read in files:
                    _store_links(store, schema, read, stage.span_offset, report, problems)
            if problems and not skip_invalid:
                raise InputRefused(problems)

        # Duplicates were sorted out while staging; one stored by another writer meanwhile
        # stays a second article rather than losing the bundle's layers.
        merged = stage.merge(schema, allow_duplicates=True, then=into_project)
    finally:
        stage.close()
    report.document_ids = merged.document_ids
    report.joined[:staged_joins] = [
        (file, document_id + stage.document_offset, layer)
        for file, document_id, layer in report.joined[:staged_joins]
    ]
    report.skipped = problems
    return report, schema


@dataclass
class _BundleFile:
    """What staging one bundle file leaves for the merge: its articles already in the project
    (their layers join them there) and its links, with the ids its span keys got."""

    path: Path
    staged_ids: dict[str, int] = field(default_factory=dict)  # span key -> id in the stage
    joined_ids: dict[str, int] = field(default_factory=dict)  # span key -> id in the project
    skipped_spans: set[str] = field(default_factory=set)  # of layers the project already had
    joins: list[bundle.BundleArticle] = field(default_factory=list)
    links: list[bundle.BundleLink] = field(default_factory=list)


def _stage_one(
    project: ProjectStore,
    stage: ProjectStore,
    schema: LabelSchema,
    read: _BundleFile,
    report: ImportReport,
    problems: list[Problem],
    allow_duplicates: bool,
) -> LabelSchema:
    """Read one bundle: the schema merged into `schema`, new articles into the stage."""
    path = read.path
    report.per_file.setdefault(str(path), 0)
    for record in bundle.read(path):
        if isinstance(record, Problem):
            problems.append(record)
        elif isinstance(record, bundle.BundleHeader):
            schema = _with_bundle_labels(schema, record, path, report)
        elif isinstance(record, bundle.BundleArticle):
            draft = record.draft
            wrong = _unknown_label(schema, draft)
            if wrong:
                problems.append(Problem(str(path), record.line, f"article {record.id}: {wrong}"))
                continue
            digest = content_hash(draft.text)
            if not allow_duplicates and documents_by_hash(project, [digest]):
                read.joins.append(record)  # its layers join the stored article in the merge
                continue
            _import_article(
                stage, path, record, report, problems, allow_duplicates, read.staged_ids
            )
            read.skipped_spans.update(
                s.key for s in draft.spans if s.key and s.key not in read.staged_ids
            )
        else:
            read.links.append(record)
    return schema


def _with_bundle_labels(
    schema: LabelSchema, header: bundle.BundleHeader, path: Path, report: ImportReport
) -> LabelSchema:
    for label in header.schema.labels:
        if label.name not in schema:
            report.new_labels.append(label.name)
        fitted = _fitting(schema, label)
        if fitted.hotkey != label.hotkey:
            # The project gave that key to another label (a preset, a colleague's schema): it
            # keeps it, and says so.
            holder = schema.by_hotkey(label.hotkey or "", label.kind)
            kept = f"keeps its key {fitted.hotkey}" if fitted.hotkey else "has no hotkey"
            report.not_stored.append(
                Problem(
                    str(path),
                    None,
                    f"label {label.name}: its hotkey {label.hotkey} stays with"
                    f" {holder.name if holder else 'another label'}; {label.name} {kept} here",
                )
            )
        schema = schema.with_label(fitted)
    return schema


def _store_links(
    store: ProjectStore,
    schema: LabelSchema,
    read: _BundleFile,
    span_offset: int,
    report: ImportReport,
    problems: list[Problem],
) -> None:
    """A bundle file's links, between spans it staged (renumbered by `span_offset` in the merge)
    or joined to stored articles."""
    skipped = read.skipped_spans | {
        key
        for record in read.joins
        for key in (s.key for s in record.draft.spans)
        if key and key not in read.joined_ids
    }

    def project_id(key: str) -> int | None:
        if key in read.joined_ids:
            return read.joined_ids[key]
        staged = read.staged_ids.get(key)
        return None if staged is None else staged + span_offset

    for record in read.links:
        if record.a_key in skipped or record.b_key in skipped:
            continue  # a link to a layer the project already had
        a_id, b_id = project_id(record.a_key), project_id(record.b_key)
        if a_id is None or b_id is None:
            problems.append(
                Problem(str(read.path), record.line, "link joins spans the bundle lacks")
            )
            continue
        stamp = record.stamp
        try:
            schema.require(record.label, "link")
            store.insert_link(
                Link(
                    a_id,
                    b_id,
                    record.label,
                    note=record.note,
                    layer=stamp.layer,
                    analyst=stamp.analyst,
                    created_at=stamp.created_at,
                    changed_at=stamp.changed_at,
                )
            )
        except AnnotatorError as error:
            problems.append(Problem(str(read.path), record.line, error.message))
            continue
        report.links += 1


def _import_article(
    store: ProjectStore,
    path: Path,
    record: bundle.BundleArticle,
    report: ImportReport,
    problems: list[Problem],
    allow_duplicates: bool,
    span_ids: dict[str, int],
) -> None:
    """Store a bundle article's layers: the article itself when its text is new, then each layer
    it lacks, with the bundle's who and when. A layer the article already has is left as it is,
    so importing a bundle twice changes nothing the second time."""
    draft = record.draft
    digest = content_hash(draft.text)
    existing = None if allow_duplicates else documents_by_hash(store, [digest]).get(digest)
    fallback = store.write_layer  # a version 1 bundle names no layers
    groups: dict[str, list[int]] = {}
    for index, _span in enumerate(draft.spans):
        stamp = record.span_stamps[index] if index < len(record.span_stamps) else None
        groups.setdefault((stamp.layer if stamp else None) or fallback, []).append(index)
    states = {state.name: state for state in record.layers}
    for name in states:
        groups.setdefault(name, [])
    if not groups and draft.status != "new":
        groups[fallback] = []
    if existing is None:
        (document_id,) = store.insert_documents(
            [replace(draft, spans=(), relations=(), status="new")], [digest]
        )
        set_document_status(store, document_id, draft.status)
        report.document_ids.append(document_id)
        report.per_file[str(path)] += 1
    else:
        document_id = existing
    added = False
    for layer, indices in groups.items():
        if existing is not None and has_layer(store, document_id, layer):
            continue
        position = {old: new for new, old in enumerate(indices)}
        relations, relation_stamps = [], []
        for number, relation in enumerate(draft.relations):
            if relation.head in position and relation.child in position:
                relations.append(
                    DraftRelation(position[relation.head], position[relation.child], relation.label)
                )
                stamp = (
                    record.relation_stamps[number] if number < len(record.relation_stamps) else None
                )
                relation_stamps.append(_stamp(stamp))
            elif relation.head in position:
                problems.append(
                    Problem(str(path), None, f"article {record.id}: a relation joins two layers")
                )
        state = states.get(layer)
        ids = add_layer(
            store,
            document_id,
            DraftDocument(
                text=draft.text,
                spans=tuple(draft.spans[i] for i in indices),
                relations=tuple(relations),
                status=draft.status,
            ),
            layer,
            stamps=[
                _stamp(record.span_stamps[i] if i < len(record.span_stamps) else None)
                for i in indices
            ],
            relation_stamps=relation_stamps,
            layer_stamp=Stamp(state.analyst, state.created_at, state.changed_at)
            if state and state.created_at
            else None,
            status=state.status if state else None,
        )
        for index, new in zip(indices, ids, strict=True):
            key = draft.spans[index].key
            if key:
                span_ids[key] = new
        report.spans += len(indices)
        report.relations += len(relations)
        if existing is not None:
            report.joined.append((str(path), document_id, layer))
        added = True
    if existing is not None and not added:
        report.duplicates.append(f"{path}: article {record.id}")


def _stamp(stamped: bundle.Stamped | None) -> Stamp | None:
    if stamped is None or not stamped.analyst or not stamped.created_at:
        return None
    return Stamp(stamped.analyst, stamped.created_at, stamped.changed_at or stamped.created_at)


def _fitting(schema: LabelSchema, label: Label) -> Label:
    """The bundle's label, without a hotkey another label of the project holds: the project's
    key (or none) stays, so a colleague's bundle or project never takes an analyst's keys."""
    if label.hotkey is None or label.retired:
        return label
    holder = schema.by_hotkey(label.hotkey, label.kind)
    if holder is None or holder.name == label.name:
        return label
    current = schema.get(label.name)
    return replace(label, hotkey=current.hotkey if current is not None else None)


def _unknown_label(schema: LabelSchema, draft: DraftDocument) -> str | None:
    """Why the article's spans or relations do not fit the schema (the bundle's, merged in)."""
    needed = [(s.label, "span") for s in draft.spans]
    needed += [(r.label, "relation") for r in draft.relations]
    for name, kind in needed:
        label = schema.get(name)
        if label is None or label.kind != kind:
            return f"label {name!r} is not a {kind} label of the bundle's schema"
    return None
