"""Exporting a project: select, cut debris, stream to a writer, and move the result into place.

Output goes to a temporary file (or folder) beside the destination and is moved over it only when
the whole export succeeded, so a failed or interrupted export never leaves a half file where the
old one was. Documents stream from the project in batches: memory stays flat however many there are.

What every training-set format gets: the selected articles (`statuses`, `document_ids`), their
spans of the selected `labels`, accepted spans only (suggestions are not the analyst's word), with
accepted DEBRIS cut out of the text (unless `keep_debris`). A lossless format (the `annotator`
bundle) gets the selected articles exactly as stored.
"""

from __future__ import annotations

import os
import sys
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.domain.errors import AnnotatorError, InputRefused, NotFound, Problem
from annotator.domain.labels import LabelSchema
from annotator.domain.model import DOCUMENT_STATUSES, ExportItem, Span
from annotator.formats import prodigy
from annotator.formats.exportkit import ExportStream, LinkEnd, LinkRecord
from annotator.formats.prodigy import answer_of
from annotator.formats.registry import Writer, writer_named
from annotator.service.debris_cut import DebrisOverlap, cut_debris
from annotator.service.safe_write import (
    real_destination,
    write_file,
    write_folder,
    written_in_place,
)
from annotator.storage.layers import some_layer_names
from annotator.storage.opening import refuse_writing_over_project
from annotator.storage.repository import ProjectStore

Progress = Callable[[int, int], None]


@dataclass
class ExportReport:
    documents: int = 0
    spans: int = 0
    relations: int = 0
    links: int = 0
    dropped: list[DebrisOverlap] = field(default_factory=list)
    #: Articles left out because Prodigy said "reject" or "ignore" (see `prodigy.answer_of`).
    not_accepted: int = 0
    #: Articles nobody worked on, left out of a training set (see `worked_on`).
    untouched: int = 0


@dataclass(frozen=True)
class ExportOptions:
    """What to export: all empty means the whole project, debris cut."""

    statuses: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    document_ids: tuple[int, ...] | None = None
    keep_debris: bool = False
    drop_overlapping: bool = False
    suggested: bool = False  # the suggested spans instead of the accepted ones (to score them)
    #: Export articles nobody worked on too (`--status all`); naming statuses does the same.
    include_untouched: bool = False
    #: One layer's annotations (an analyst's, or `curated`) of the articles that have it; None:
    #: every annotation as stored (a project with one analyst). See `Team.export_layer`.
    layer: str | None = None


#: Formats whose files are annotations: an article read from one was annotated, spans or not.
ANNOTATED_FORMATS = frozenset({"brat", "conll", "webanno", "ptc", "xmi", "labelstudio"})


def worked_on(item: ExportItem) -> bool:
    """Whether someone worked on the article, so that it belongs in a training set.

    An article still "new", without one accepted span and not read from another tool's annotations
    (an annotation format, or a Prodigy record with its `answer`) was only imported: exported, it
    would teach a model that its text holds nothing worth labelling.
    """
    document = item.document
    if document.status != "new" or any(not span.suggested for span in item.spans):
        return True
    return document.provenance.format in ANNOTATED_FORMATS or "answer" in document.meta


class _Preparer:
    """Turns stored items into what a writer gets, collecting debris overlaps on the way."""

    def __init__(self, writer: Writer, options: ExportOptions) -> None:
        self.lossless = writer.lossless
        self.options = options
        self.labels = set(options.labels)
        self.overlaps: dict[int | None, DebrisOverlap] = {}  # by span id: an article may come twice

    def __call__(self, item: ExportItem) -> ExportItem:
        if not self.lossless:
            wanted = self.options.suggested
            item = ExportItem(
                item.document,
                [s for s in item.spans if s.suggested == wanted],
                item.relations,
                item.layers,
            )
            if not self.options.keep_debris:
                item, overlaps = cut_debris(item)
                self.overlaps.update((o.span.id, o) for o in overlaps)
        if self.labels:
            spans = [s for s in item.spans if s.label in self.labels]
            ids = {s.id for s in spans}
        else:
            spans = item.spans
            ids = {s.id for s in spans}
        relations = [r for r in item.relations if r.head_id in ids and r.child_id in ids]
        if len(spans) == len(item.spans) and len(relations) == len(item.relations):
            return item
        return ExportItem(item.document, spans, relations, item.layers)


def check_options(store: ProjectStore, schema: LabelSchema, options: ExportOptions) -> None:
    """Refuse, before anything is written, a selection that names what the project lacks."""
    for status in options.statuses:
        if status not in DOCUMENT_STATUSES:
            raise AnnotatorError(
                f"unknown status {status!r} (known: {', '.join(DOCUMENT_STATUSES)})"
            )
    for label in options.labels:
        schema.require(label, "span")
    if options.document_ids is not None:
        missing = store.missing_document_ids(options.document_ids)
        if missing:
            raise NotFound(f"no article {', '.join(map(str, missing[:10]))} in the project")


def export_project(
    store: ProjectStore,
    format_name: str,
    destination: str | Path,
    *,
    schema: LabelSchema | None = None,
    options: ExportOptions | None = None,
    document_ids: Sequence[int] | None = None,
    progress: Progress | None = None,
) -> ExportReport:
    """Write the project (or a selection) in `format_name` to `destination` ("-": stdout).

    Raises `InputRefused` listing every span that overlaps debris (unless `drop_overlapping`),
    leaving the destination as it was. `progress(done, total)` is called as articles are read.
    """
    writer = writer_named(format_name)
    schema = schema if schema is not None else store.load_schema()
    options = options or ExportOptions()
    if document_ids is not None:
        options = ExportOptions(**{**options.__dict__, "document_ids": tuple(document_ids)})
    check_options(store, schema, options)
    if options.layer is None and not writer.lossless and len(some_layer_names(store)) > 1:
        # Every layer at once would write each analyst's version of a span side by side.
        raise AnnotatorError(
            "the project holds the layers of several analysts: choose one to export"
            " (--analyst NAME, or --layer curated)"
        )
    report = ExportReport()
    prepare = _Preparer(writer, options)
    total = store.count_documents(options.document_ids, options.statuses) if progress else 0
    keeps_answers = writer.lossless or writer.name == prodigy.NAME

    everything = (
        writer.lossless
        or options.include_untouched
        or bool(options.statuses)
        or options.document_ids is not None
    )

    def items() -> Iterator[ExportItem]:
        stored_items = store.iter_export_items(
            options.document_ids, statuses=options.statuses, layer=options.layer
        )
        for done, stored in enumerate(stored_items, start=1):
            if progress is not None:
                progress(done, total)
            if not keeps_answers and answer_of(stored.document) != "accept":
                report.not_accepted += 1  # only Prodigy's format can say "rejected"
                continue
            if not everything and not (
                any(s.suggested for s in stored.spans) if options.suggested else worked_on(stored)
            ):  # with --suggested, the articles something was proposed in
                report.untouched += 1
                continue
            item = prepare(stored)
            report.documents += 1
            report.spans += len(item.spans)
            report.relations += len(item.relations)
            yield item

    linked: set[int] = set()
    stream = ExportStream(items(), schema, _links(store, options, prepare, report, linked))

    def finish() -> None:
        _finish(prepare, options, report, linked)

    if str(destination) == "-":
        if writer.target == "folder" or writer.target == "binary":
            raise AnnotatorError(f"the {writer.name} format cannot go to standard output")
        writer.write(stream, sys.stdout)
        sys.stdout.flush()
        finish()
        return report
    target = Path(destination)
    refuse_writing_over_project(store.path, target)
    if writer.target == "folder" or _wants_shards(writer, destination):
        check_folder_target(real_destination(target))
        write = writer.write if writer.target == "folder" else writer.write_folder
        assert write is not None
        write_folder(target, lambda folder: write(stream, folder), finish)
    else:
        write_file(target, writer.target == "binary", lambda out: writer.write(stream, out), finish)
    return report


def _wants_shards(writer: Writer, destination: str | Path) -> bool:
    """A format that can write a folder of shards does so for `-o DIR/` or an existing folder."""
    if writer.write_folder is None:
        return False
    text = str(destination)
    return text.endswith(("/", os.sep)) or Path(text).is_dir()


def _finish(
    prepare: _Preparer, options: ExportOptions, report: ExportReport, linked: set[int]
) -> None:
    """After the writer is done: refuse the export if spans overlapped debris (and not dropped)."""
    overlaps = sorted(prepare.overlaps.values(), key=lambda o: (o.document_id, o.span.start))
    if overlaps and not options.drop_overlapping:
        raise InputRefused(
            [
                Problem(
                    f"article {o.document_id}",
                    None,
                    f"span {o.span.label} {o.span.start}-{o.span.end} {o.text!r} overlaps debris"
                    " (export with --drop-overlapping to leave it out, or --keep-debris)",
                )
                for o in overlaps
            ]
        )
    report.dropped = overlaps
    if not report.documents:
        report.documents = len(linked)  # a links export counts the articles its links join


FOLDER_EXPORT_FILES = (".txt", ".ann", ".conf", ".spacy")


def check_folder_target(target: Path) -> None:
    """Refuse a destination folder that holds anything but an earlier export's files.

    A folder export replaces the whole folder once it succeeds: `-o ~/Documents` must never
    throw the analyst's files away. An absent or empty folder, or an earlier export of brat files
    or spaCy shards, is fine.
    """
    if not target.exists():
        return
    if not target.is_dir():
        raise AnnotatorError("is a file; this format writes a folder here", path=str(target))
    if written_in_place(target):
        raise AnnotatorError("is not a folder; this format writes a folder", path=str(target))
    try:
        entries = sorted(target.iterdir())
    except OSError as error:
        raise AnnotatorError(
            f"cannot read the folder: {error.strerror}", path=str(target)
        ) from None
    foreign = [e for e in entries if not (e.is_file() and e.suffix in FOLDER_EXPORT_FILES)]
    if foreign:
        raise AnnotatorError(
            f"holds other files ({foreign[0].name}, …) and the export replaces the whole folder;"
            " choose an empty or new folder, or an earlier brat export",
            path=str(target),
        )


def _links(
    store: ProjectStore,
    options: ExportOptions,
    prepare: _Preparer,
    report: ExportReport,
    linked: set[int],
) -> Iterator[LinkRecord]:
    """The links whose two ends are both exported, streamed with a small cache of articles."""
    cache: OrderedDict[int, ExportItem | None] = OrderedDict()
    selected = frozenset(options.document_ids) if options.document_ids is not None else None

    def item_of(document_id: int) -> ExportItem | None:
        if document_id in cache:
            cache.move_to_end(document_id)
            return cache[document_id]
        if selected is not None and document_id not in selected:
            found = None
        else:
            stored = next(
                iter(
                    store.iter_export_items(
                        [document_id], statuses=options.statuses, layer=options.layer
                    )
                ),
                None,
            )
            found = prepare(stored) if stored is not None else None
        cache[document_id] = found
        if len(cache) > 64:
            cache.popitem(last=False)
        return found

    def end(document_id: int, span_id: int) -> LinkEnd | None:
        item = item_of(document_id)
        if item is None:
            return None
        span: Span | None = next((s for s in item.spans if s.id == span_id), None)
        return LinkEnd(item.document, span) if span is not None else None

    for link, document_a, document_b in store.iter_link_ends(options.layer):
        a, b = end(document_a, link.a_id), end(document_b, link.b_id)
        if a is None or b is None:
            continue
        report.links += 1
        linked.update((document_a, document_b))
        yield LinkRecord(link, a, b)
