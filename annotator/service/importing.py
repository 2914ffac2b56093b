"""Importing files into a project: one transaction, every problem listed, nothing half stored.

Readers stream drafts; they are stored in batches into the import's stage (a scratch database, see
`annotator.storage.staging`), so a file of gigabytes imports in constant memory and the project's
write lock stays free for the analyst's edits meanwhile. At the end the stage is merged into the
project in one short transaction, only if no record was bad (or `skip_invalid` was asked for); else
it is thrown away and the caller gets every problem at once.
Each article is checked for scraped debris as it comes, which is stored as suggested DEBRIS spans.
"""

from __future__ import annotations

import colorsys
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from annotator.domain.debris import find_debris
from annotator.domain.errors import AnnotatorError, InputRefused, Problem
from annotator.domain.labels import DEBRIS, Label, LabelKind, LabelSchema
from annotator.domain.model import DraftDocument, DraftSpan, content_hash
from annotator.formats import brat, html, plaintext
from annotator.formats.common import ReadOptions
from annotator.formats.registry import (
    FOLDER_EXTENSIONS,
    Reader,
    canonical_path,
    detect_reader,
    forget_listings,
    reader_named,
)
from annotator.formats.sidecar import MetadataTable
from annotator.storage.layers import add_layer, documents_by_hash, has_layer
from annotator.storage.opening import open_here
from annotator.storage.repository import ProjectStore
from annotator.storage.staging import ImportStage

BATCH = 500


class ImportCancelled(AnnotatorError):
    """The user cancelled an import; nothing of it was stored."""


@dataclass
class ImportReport:
    """What an import did, file by file, for the command line and the GUI to show."""

    document_ids: list[int] = field(default_factory=list)
    per_file: dict[str, int] = field(default_factory=dict)
    spans: int = 0
    #: Of `spans`, the suggestions (debris, a rejected Prodigy answer's spans).
    suggested: int = 0
    relations: int = 0
    links: int = 0
    duplicates: list[str] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    new_labels: list[str] = field(default_factory=list)
    debris: int = 0
    #: Items of stored articles that are not stored as the file gave them (a duplicate span
    #: merged, a zero-width annotation or a relation on tokens left out, a self-loop, predictions),
    #: each with its file and line: nothing an import leaves out goes unsaid.
    not_stored: list[Problem] = field(default_factory=list)
    #: (file, article id, layer): annotations that joined an article already stored.
    joined: list[tuple[str, int, str]] = field(default_factory=list)
    # With a sidecar metadata table (`--metadata`): articles that got a row, rows that matched
    # no article (or repeat a key), articles of files that have no row.
    with_metadata: int = 0
    metadata_unused: list[Problem] = field(default_factory=list)
    without_metadata: list[str] = field(default_factory=list)

    def spans_said(self) -> str:
        """The spans stored, the suggestions apart: "0 spans (2 suggested)", not "2 spans" for
        articles nobody annotated (their suggested debris)."""
        count = self.spans - self.suggested
        said = f"{count} span{'' if count == 1 else 's'}"
        return f"{said} ({self.suggested} suggested)" if self.suggested else said

    def file_outcomes(self) -> dict[str, list[str]]:
        """The files read, by what became of them: `stored` (articles stored), `joined` (only
        annotations joining articles already stored), `duplicates` (only texts already stored),
        `refused` (only refused records), `nothing` (no article, no record at all: an empty
        file). A folder import counts these instead of a line a file; the ones holding a
        problem are named with their lines (the duplicates and refused records themselves),
        the empty ones by name, so nothing is passed over in silence."""
        joined = {file for file, _id, _layer in self.joined}
        refused = {problem.path for problem in self.skipped}
        duplicated = {
            where if where in self.per_file else where.rpartition(":")[0]
            for where in self.duplicates
        }
        outcomes: dict[str, list[str]] = {
            "stored": [],
            "joined": [],
            "duplicates": [],
            "refused": [],
            "nothing": [],
        }
        for file, count in self.per_file.items():
            if count:
                outcome = "stored"
            elif file in joined:
                outcome = "joined"
            elif file in duplicated:
                outcome = "duplicates"
            elif file in refused:
                outcome = "refused"
            else:
                outcome = "nothing"
            outcomes[outcome].append(file)
        return outcomes


@dataclass(frozen=True)
class ImportProgress:
    """How far an import has come: files done of all files, articles read, the file being read."""

    files_done: int
    files: int
    documents: int
    current: str


def files_under(folder: Path) -> list[Path]:
    """The files in `folder` and its subfolders, sorted: `sorted(folder.rglob("*"))`, files only.

    Like `rglob` it does not descend into symlinked folders and passes over folders it may not
    read; unlike it, whether an entry is a file comes with the listing (no stat a file), and the
    sort compares tuples of names (the order `Path` sorts in), not `Path` objects.
    """
    found: list[tuple[str, ...]] = []  # each file's names below `folder`
    stack: list[tuple[tuple[str, ...], str]] = [((), str(folder))]
    while stack:
        relative, directory = stack.pop()
        try:
            with os.scandir(directory) as listing:
                entries = list(listing)
        except PermissionError:
            continue
        for entry in entries:
            try:
                if entry.is_dir() and not entry.is_symlink():
                    stack.append(((*relative, entry.name), entry.path))
                elif entry.is_file():
                    found.append((*relative, entry.name))
            except OSError:
                continue
    found.sort(key=lambda names: tuple(map(os.path.normcase, names)))
    return [folder.joinpath(*names) for names in found]


def expand_paths(paths: Iterable[Path], forced: Reader | None) -> Iterator[Path | Problem]:
    """Files to import: each file given, and the readable files of each folder, sorted by name.

    A brat or PTC article's files (`.txt` with `.ann` or `.labels`) count once, by the `.txt`.
    """
    extensions = set(FOLDER_EXTENSIONS)
    if forced is not None:
        extensions = set(forced.extensions) or {".tsv"}
        if forced.name in ("brat", "ptc"):
            extensions.add(".txt")
    seen: set[Path] = set()
    claimed: set[Path] = set()  # texts read through their annotators' `.ann` files
    listed: list[Path] = []
    for path in paths:
        named = False
        if path.is_dir():
            children: Iterator[Path] = (
                c for c in files_under(path) if c.suffix.lower() in extensions
            )
        elif open_here(path):  # the project itself: reading it as a file would drop its locks
            yield Problem(str(path), None, "is this project's own file, not a file to import")
            continue
        elif path.exists():
            children, named = iter([path]), True
        else:
            yield Problem(str(path), None, "no such file or folder")
            continue
        for child in children:
            article = canonical_path(child)
            if article.suffix.lower() == ".ann":
                shared = brat.shared_text(article)
                if shared is not None:
                    claimed.add(canonical_path(shared[0]))
            if article not in seen:
                seen.add(article)
                # A PTC `.labels` file named on the command line is the one read, not the one
                # a folder listing would choose (the TC file beside an SI file).
                listed.append(child if named and child.suffix.lower() == ".labels" else article)
        for article in listed:
            if article not in claimed:
                yield article
        listed.clear()


def _new_label_color(index: int) -> str:
    red, green, blue = colorsys.hls_to_rgb((index * 0.618034) % 1.0, 0.65, 0.55)
    return f"#{int(red * 255):02x}{int(green * 255):02x}{int(blue * 255):02x}"


def with_debris(draft: DraftDocument) -> DraftDocument:
    """The draft with its scraped boilerplate as suggested DEBRIS spans (none if it has DEBRIS)."""
    for span in draft.spans:
        if span.label == DEBRIS:
            return draft
    found = find_debris(draft.text)
    if not found:
        return draft
    suggestions = tuple(
        DraftSpan(d.start, d.end, DEBRIS, suggested=True, note=d.reason) for d in found
    )
    return replace(draft, spans=draft.spans + suggestions)


class Importer(Protocol):
    """What every importer takes, so the command line's and the GUI's options reach each alike.

    `import_paths` (every reader) and `import_bundles` (an `annotator` bundle) have this one
    signature: an option one of them does not use is accepted and documented there, never a
    `TypeError` for the user (the bundle import once crashed on `detect_debris`).
    """

    def __call__(
        self,
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
    ) -> tuple[ImportReport, LabelSchema]: ...


def import_paths(
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
    """Import files into the project; returns the report and the (possibly grown) schema.

    Raises `InputRefused` listing every problem when any record is bad and `skip_invalid` is off;
    then nothing is stored. `progress` is called after each file and every few hundred articles,
    and may raise `ImportCancelled` to roll everything back.

    Annotations go to the layer of `analyst`, else of the analyst the file names (brat's
    `NAME_ANALYST.ann`), else of the store's analyst. An article whose text is already stored is
    a duplicate, unless the draft brings annotations in a layer that article lacks: then they
    join it as that layer.

    `metadata`, a sidecar table, gives each article the fields of its file's row (see
    `annotator.formats.sidecar`).
    """
    forced = reader_named(format_name) if format_name else None
    options = options or ReadOptions()
    forget_listings()
    report = ImportReport()
    problems: list[Problem] = []
    files = list(expand_paths(paths, forced))
    if metadata is not None:
        metadata.choose_key(f for f in files if isinstance(f, Path))
    read = 0
    batch: list[tuple[str, str, DraftDocument]] = []  # (file, content hash, draft)
    in_batch: set[tuple[str, str]] = set()  # the batch's (hash, layer): duplicates inside it

    def layer_of(draft: DraftDocument) -> str:
        return analyst or draft.analyst or store.write_layer

    staged: dict[str, int] = {}  # hash -> id in the stage, of every article staged so far
    # Annotations in a new layer of an article stored before or staged in this import: they
    # join it inside the merge's transaction (see `store_joins`).
    pending_joins: list[tuple[str, str, DraftDocument]] = []
    joined_counts = [0, 0]  # spans, relations

    def flush() -> None:
        """Store the batch, less the articles the project already holds (one query a batch);
        annotations in a new layer of an article already stored (or earlier in the batch) join
        it."""
        nonlocal schema
        if not batch:
            return
        known = {} if allow_duplicates else documents_by_hash(store, (d for _f, d, _x in batch))
        drafts: list[DraftDocument] = []
        digests: list[str] = []
        first: dict[str, int] = {}  # hash -> index in `drafts`, for joins inside the batch
        joins: list[tuple[str, str, DraftDocument]] = []
        for file, digest, draft in batch:
            if not allow_duplicates and (digest in known or digest in first or digest in staged):
                layer = layer_of(draft)
                stored = known.get(digest)
                if _annotated(draft) and (stored is None or not has_layer(store, stored, layer)):
                    joins.append((file, digest, draft))
                    continue
                report.duplicates.append(_where(file, draft))
                continue
            first[digest] = len(drafts)
            if detect_debris:
                draft = with_debris(draft)
                report.debris += sum(1 for s in draft.spans if s.suggested and s.label == DEBRIS)
            drafts.append(
                draft if draft.analyst or not analyst else replace(draft, analyst=analyst)
            )
            digests.append(digest)
            report.not_stored.extend(draft.notices)
            report.per_file[file] += 1
            report.spans += len(draft.spans)
            report.relations += len(draft.relations)
        batch.clear()
        in_batch.clear()
        if drafts or joins:
            schema = _with_labels_of(schema, drafts + [d for _f, _h, d in joins], report)
        if drafts:
            for digest, stage_id in zip(
                digests, stage.insert_documents(drafts, digests), strict=True
            ):
                staged.setdefault(digest, stage_id)
        pending_joins.extend(joins)

    def store_joins() -> None:
        """Inside the merge's transaction: the layers that join articles already stored (or
        stored by this import), found by their text's hash."""
        if not pending_joins:
            return
        store.save_schema(schema)  # labels only the joining layers use
        found = documents_by_hash(store, (digest for _f, digest, _d in pending_joins))
        for file, digest, draft in pending_joins:
            document_id = found[digest]
            layer = layer_of(draft)
            if has_layer(store, document_id, layer):  # two files of one layer in one import
                report.duplicates.append(file)
                continue
            with store.acting_as(analyst or draft.analyst or store.analyst):
                add_layer(store, document_id, draft, layer)
            report.joined.append((file, document_id, layer))
            joined_counts[0] += len(draft.spans)
            joined_counts[1] += len(draft.relations)

    def read_into_stage() -> None:
        """Read every file, staging the good articles; raise `InputRefused` if any is bad."""
        nonlocal read
        for number, item in enumerate(files):
            if progress is not None:
                progress(ImportProgress(number, len(files), read, str(item)))
            if isinstance(item, Problem):
                problems.append(item)
                continue
            try:
                reader = forced or detect_reader(item)
            except AnnotatorError as error:
                problems.append(Problem(str(item), None, error.message))
                continue
            report.per_file.setdefault(str(item), 0)
            for draft in _guarded(reader, item, options):
                if isinstance(draft, Problem):
                    problems.append(draft)
                    continue
                read += 1
                if metadata is not None:
                    joined = metadata.joined(draft)
                    if joined is None:
                        line = draft.provenance.line
                        report.without_metadata.append(
                            f"{item}:{line}" if line and line > 1 else str(item)
                        )
                    else:
                        draft = joined
                        report.with_metadata += 1
                if progress is not None and read % 200 == 0:
                    progress(ImportProgress(number, len(files), read, str(item)))
                if problems and not skip_invalid:
                    continue  # refused anyway: keep reading only to list every problem
                digest = content_hash(draft.text)
                if not allow_duplicates:
                    key = (digest, layer_of(draft))
                    if key in in_batch:
                        report.duplicates.append(_where(str(item), draft))
                        continue
                    in_batch.add(key)
                batch.append((str(item), digest, draft))
                if len(batch) >= BATCH:
                    flush()
        if problems and not skip_invalid:
            raise InputRefused(problems)
        flush()
        if progress is not None:
            progress(ImportProgress(len(files), len(files), read, ""))
        report.skipped = problems
        if metadata is not None:
            report.metadata_unused = metadata.unused()

    stage = ImportStage(store)
    try:
        with stage.store.transaction():
            read_into_stage()
        merged = stage.merge(schema, allow_duplicates=allow_duplicates, then=store_joins)
    finally:
        stage.close()
    for file, line in merged.late_duplicates:
        report.duplicates.append(f"{file}:{line}" if line and line > 1 else file)
        if file in report.per_file:
            report.per_file[file] -= 1
    report.document_ids = merged.document_ids
    report.spans = merged.spans + joined_counts[0]
    report.suggested = merged.suggested
    report.relations = merged.relations + joined_counts[1]
    return report, schema


def _annotated(draft: DraftDocument) -> bool:
    """Whether a draft brings an analyst's work: an accepted span, or a status past new."""
    return draft.status != "new" or any(not span.suggested for span in draft.spans)


def _where(file: str, draft: DraftDocument) -> str:
    """`FILE:LINE` of a record, or the file of a one-article file (a text, a page)."""
    line = draft.provenance.line
    whole_file = draft.provenance.format in (plaintext.NAME, html.NAME)
    return f"{file}:{line}" if line is not None and not whole_file else file


def _guarded(reader: Reader, path: Path, options: ReadOptions) -> Iterator[DraftDocument | Problem]:
    """The reader's drafts and problems; a reader's own failure is one more problem of its file.

    Readers name what is wrong with a file themselves (the fuzz tests hold them to it); this is
    the net under them, so that a case nobody foresaw is still one line, never a traceback.
    """
    try:
        yield from reader.read(path, options)
    except (Exception, RecursionError) as error:
        yield Problem(
            str(path),
            None,
            f"the {reader.name} reader failed on this file ({type(error).__name__}: {error})",
        )


def _with_labels_of(
    schema: LabelSchema, drafts: Sequence[DraftDocument], report: ImportReport
) -> LabelSchema:
    """Add the drafts' labels that the schema lacks (reported); the merge stores them."""
    span_labels = {s.label for d in drafts for s in d.spans}
    relation_labels = {r.label for d in drafts for r in d.relations}
    missing = sorted((span_labels | relation_labels) - {label.name for label in schema.labels})
    if not missing:
        return schema
    for name in missing:
        kind: LabelKind = (
            "relation" if name in relation_labels and name not in span_labels else "span"
        )
        schema = schema.with_label(Label(name, kind, color=_new_label_color(len(schema.labels))))
        report.new_labels.append(name)
    return schema
