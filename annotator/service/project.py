"""`ProjectService`: the one façade the command line and the GUI use to reach a project.

Every user edit is one method here, committed in one transaction before it returns, then announced
once to every listener (`subscribe`). Views refresh themselves from those announcements; none of
them holds the real data, which is always in the project file.
"""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from annotator import paths
from annotator.domain import events
from annotator.domain.chains import ChainStep, attribution_chain
from annotator.domain.colors import distinct_color
from annotator.domain.errors import AnnotatorError, InvalidSpan, NotFound, UnknownLabel
from annotator.domain.labels import Label, LabelKind, LabelSchema
from annotator.domain.metadata import ArticleProperties
from annotator.domain.model import (
    DOCUMENT_STATUSES,
    Document,
    Link,
    Relation,
    RemovedSpan,
    Span,
)
from annotator.domain.search import DocumentFilter
from annotator.domain.text import snap_to_words
from annotator.service.article_texts import ArticleTexts
from annotator.service.assist import Suggestions
from annotator.service.bundle_import import import_bundles, is_bundle_import
from annotator.service.debris import accept_suggestions, detect_debris
from annotator.service.exporting import ExportOptions, ExportReport, Progress, export_project
from annotator.service.importing import Importer, ImportReport, import_paths
from annotator.service.live import OutsideChanges
from annotator.service.schema_editing import SchemaEdits
from annotator.service.span_editing import SpanEdits
from annotator.service.stories import StoryService
from annotator.storage import backup
from annotator.storage.changes import set_lock_wait
from annotator.storage.opening_any import open_store
from annotator.storage.repository import DocumentRow, ProjectStore
from annotator.storage.staging import remove_stale_stages

Listener = Callable[[events.Event], None]


def load_preset(name: str) -> LabelSchema:
    """A label-schema preset shipped with the program (e.g. "news_attribution")."""
    presets = paths.schema_presets()
    if name not in presets:
        raise AnnotatorError(f"unknown schema preset {name!r} (known: {', '.join(presets)})")
    data = json.loads(presets[name].read_text(encoding="utf-8"))
    return LabelSchema.from_json(data["labels"])


DEFAULT_PRESET = "news_attribution"


class ProjectService:
    """One open project and everything a user can do to it."""

    def __init__(self, store: ProjectStore) -> None:
        self.store = store
        self._schema = store.load_schema()
        self._listeners: list[Listener] = []
        self._texts = ArticleTexts(lambda document_id: self.store.document(document_id).text)
        self._stories: StoryService | None = None
        self._outside: OutsideChanges | None = None  # made by the first `take_in_outside_changes`
        self._closed = False

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        seed_if_new: bool = False,
        create: bool = True,
        analyst: str | None = None,
    ) -> ProjectService:
        """Open a project, creating it with the default schema (and seeds, if asked) when new.

        `create=False` refuses a missing file (a second connection to a project already open).
        Edits are `analyst`'s, in their layer (see `annotator.service.team.resolve_analyst`).
        """
        from annotator.service.team import fixed_analyst, resolve_analyst

        name = resolve_analyst(analyst)
        store = open_store(path, create=create)
        login = getattr(store, "login_analyst", None)
        if login is not None:  # a server project with roles: the login role is the analyst
            try:
                name = fixed_analyst(login, analyst)
            except AnnotatorError as error:
                store.close()
                raise error.located(str(getattr(store, "location", store.path))) from None
        store.analyst = store.layer = name
        if not store.read_only:
            remove_stale_stages(
                store.path if store.dialect.name == "sqlite" else None
            )  # left by an import that was killed
        if store.created:
            store.save_schema(load_preset(DEFAULT_PRESET))
        service = cls(store)
        if store.created and seed_if_new:
            service.import_paths([paths.seeds_dir()])
        return service

    def close(self) -> None:
        self._closed = True  # a window's timer may still ask for outside changes
        self.store.close()

    @functools.cached_property
    def suggestions(self) -> Suggestions:
        """Assisted labelling: suggestions proposed, accepted and rejected (`service.assist`)."""
        return Suggestions(self)

    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def target(self) -> Path | str:
        """What opens this project again (a worker's own connection): its file, or a server
        project's connection string. Never for showing: `path` says where it is."""
        return getattr(self.store, "target", self.store.path)

    @property
    def stories(self) -> StoryService:
        """Stories: suggested, accepted and edited groups of articles (`service/stories.py`)."""
        if self._stories is None:
            self._stories = StoryService(self)
        return self._stories

    @property
    def analyst(self) -> str:
        """Who this project is open for: every edit records their name."""
        return self.store.analyst

    @property
    def team(self) -> Any:
        """Analysts, layers, agreement, merging and curation (`annotator.service.team.Team`)."""
        from annotator.service.team import Team

        return Team(self)

    # -- announcements -------------------------------------------------------------------------

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener` with every change from now on; returns the call that stops it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _announce(self, event: events.Event) -> None:
        for listener in list(self._listeners):
            listener(event)

    def take_in_outside_changes(self) -> bool:
        """Announce what other connections (a second window, a command-line import) committed
        since the last call: the schema, new articles, and `ChangedElsewhere` for the rest.
        Cheap when nothing changed, so a window calls it on a timer and before each edit."""
        if self._closed:
            return False
        if self._outside is None:
            self._outside = OutsideChanges(self.store)
            return False
        change = self._outside.take_in(self._schema)
        if change is None:
            return False
        if change.schema is not None:
            self._schema = change.schema
            self._announce(events.SchemaChanged())
        if change.new_document_ids:
            self._announce(events.DocumentsAdded(change.new_document_ids))
        self._announce(events.ChangedElsewhere())
        return True

    def set_lock_wait(self, seconds: float) -> None:
        """How long an edit waits for another writer's lock before `ProjectBusy`: the window
        waits a moment and keeps the edit pending (a key press must not freeze for seconds)."""
        set_lock_wait(self.store, round(seconds * 1000))

    # -- schema --------------------------------------------------------------------------------

    @property
    def schema(self) -> LabelSchema:
        return self._schema

    def save_label(self, label: Label) -> None:
        """Add a label or change one (colour, hotkey, description, retired), by name."""
        schema = self._schema.with_label(label)
        self.store.save_schema(schema)
        self._schema = schema
        self._announce(events.SchemaChanged())

    def load_schema_preset(self, name: str) -> list[str]:
        """Add a preset's labels to the schema (existing labels of the same name are updated).

        The preset's hotkeys win: a label already on one of its keys keeps its spans, not its key.
        """
        preset = load_preset(name)
        schema = _with_preset(self._schema, preset)
        self.store.save_schema(schema)
        self._schema = schema
        self._announce(events.SchemaChanged())
        return [label.name for label in preset.labels]

    def _reload_schema(self) -> None:
        self._schema = self.store.load_schema()
        self._announce(events.SchemaChanged())

    # -- documents -----------------------------------------------------------------------------

    def document(self, document_id: int) -> Document:
        return self.store.document(document_id)

    def document_count(
        self,
        *,
        query: str | None = None,
        status: str | None = None,
        label: str | None = None,
        story: int | None = None,
    ) -> int:
        """How many articles match the words, status, label and story given (all by default)."""
        return self.store.document_count(self._document_filter(query, status, label, story))

    def document_rows(
        self,
        offset: int = 0,
        limit: int = 200,
        *,
        order_by: str = "id",
        descending: bool = False,
        query: str | None = None,
        status: str | None = None,
        label: str | None = None,
        story: int | None = None,
    ) -> list[DocumentRow]:
        """A page of the corpus browser: sorted, and filtered like `document_count`."""
        return self.store.document_rows(
            offset, limit, order_by, descending, self._document_filter(query, status, label, story)
        )

    def _document_filter(
        self, query: str | None, status: str | None, label: str | None, story: int | None = None
    ) -> DocumentFilter | None:
        if label is not None:
            self._schema.require(label, "span")
        where = DocumentFilter(query or "", status, label, story)
        return None if where.is_empty else where

    def article_properties(self, document_id: int) -> ArticleProperties:
        """What Article ▸ Properties shows: the title and the metadata columns."""
        row = self.store.document_row(document_id)
        if row is None:
            raise NotFound(f"no document {document_id}")
        return ArticleProperties.of_row(row)

    def set_article_properties(
        self, document_id: int, properties: ArticleProperties
    ) -> ArticleProperties:
        """Set an article's title and metadata; returns what they were (for undo)."""
        before = self.article_properties(document_id)
        properties = properties.checked()
        self.store.set_properties(document_id, properties.title, properties.metadata)
        self._announce(events.DocumentChanged(document_id))
        return before

    def document_row(self, document_id: int) -> DocumentRow | None:
        return self.store.document_row(document_id)

    def document_ids(self) -> list[int]:
        return self.store.document_ids()

    def spans(self, document_id: int) -> list[Span]:
        return self.store.spans_of(document_id)

    def span_marks(
        self, document_id: int, before: int | None = None
    ) -> list[tuple[int, int, int, str, bool]]:
        """(start, end, id, label, suggested) of each span (starting before `before`), for views
        that paint many; suggestions scored below the assist threshold are left out)."""
        marks = self.store.span_marks(document_id, before)
        hidden = self.suggestions.hidden_span_ids(document_id)
        return [mark for mark in marks if mark[2] not in hidden] if hidden else marks

    def span(self, span_id: int) -> Span:
        return self.store.span(span_id)

    def relations(self, document_id: int) -> list[Relation]:
        return self.store.relations_of(document_id)

    def next_not_done(self, after_id: int) -> int | None:
        """The next article to work on: the first after this one (wrapping) that is not done."""
        return self.store.next_not_done(after_id)

    def set_status(self, document_id: int, status: str) -> str:
        """Set an article's status; returns the status it had (for undo)."""
        before = self.store.document(document_id).status
        if status not in DOCUMENT_STATUSES:
            raise AnnotatorError(
                f"unknown status {status!r} (known: {', '.join(DOCUMENT_STATUSES)})"
            )
        self.store.set_status(document_id, status)
        self._announce(events.DocumentChanged(document_id))
        return before

    # -- spans ---------------------------------------------------------------------------------

    def text_of(self, document_id: int) -> str:
        """An article's text, from memory once read (`ArticleTexts`): texts never change after
        import, and a keystroke should not reread a megabyte (or, on a server, wait a round
        trip for it)."""
        return self._texts(document_id)

    def add_span(
        self,
        document_id: int,
        start: int,
        end: int,
        label: str,
        *,
        snap: bool = False,
        layer: str | None = None,
    ) -> Span:
        """Label `[start, end)` of a document (widened to whole words with `snap`), in one's own
        layer or in `layer` (the curator writing into `curated`)."""
        return self.add_span_starting(document_id, start, end, label, snap=snap, layer=layer)[0]

    def add_span_starting(
        self,
        document_id: int,
        start: int,
        end: int,
        label: str,
        *,
        snap: bool = False,
        layer: str | None = None,
    ) -> tuple[Span, bool]:
        """`add_span`, and whether that span started the article (*new* to *in progress*): its
        undo (`remove_span(..., unstarts=True)`) then puts the article back to *new*."""
        text = self.text_of(document_id)
        if snap:
            start, end = snap_to_words(text, start, end)
            if not text[start:end].strip():  # a keyboard selection that caught only line breaks
                raise InvalidSpan(
                    "the selection holds only spaces or line breaks: nothing to label"
                )
        span = Span.in_text(document_id, text, start, end, label, self._schema, layer=layer)
        if layer is None or layer == self.store.write_layer:
            stored, started = self.store.label_span(span, text)
        else:
            with self.store.transaction():
                stored = self.store.insert_span(span, text)
                from annotator.storage.layers import ensure_layer

                ensure_layer(self.store, document_id, layer)
                stored = replace(stored, analyst=self.store.analyst)
                started = self.store.mark_started(document_id)
        self._announce(events.SpanAdded(stored))
        if started:
            self._announce(events.DocumentChanged(document_id))
        return stored, started

    def remove_span(self, span_id: int, *, unstarts: bool = False) -> RemovedSpan:
        """Delete a span with its relations and links; the result brings all of them back.
        `unstarts`: the undo of the span that started its article, which goes back to *new*."""
        # One transaction only when the article goes back too (a server's plain delete is one
        # statement, ADR 0037).
        with self.store.transaction() if unstarts else contextlib.nullcontext():
            removed = self.store.delete_span(span_id)
            own = removed.span.layer in (None, self.store.write_layer)
            unstarted = unstarts and self.store.unstart(removed.span.document_id, drop_layer=own)
        for relation in removed.relations:
            self._announce(events.RelationRemoved(relation))
        for link in removed.links:
            self._announce(events.LinkRemoved(link, self._link_documents(link, removed.span)))
        self._announce(events.SpanRemoved(removed.span))
        if unstarted:
            self._announce(events.DocumentChanged(removed.span.document_id))
        return removed

    def restore_span(self, removed: RemovedSpan, *, starts: bool = False) -> None:
        """Undo of `remove_span`: the span with the same id, attributes, relations and links
        (`starts`: the redo of an article's first span, which starts it again)."""
        document_id = removed.span.document_id
        started = self.store.restore_span(removed, self.text_of(document_id), starts=starts)
        self._announce(events.SpanAdded(removed.span))
        for relation in removed.relations:
            self._announce(events.RelationAdded(relation))
        for link in removed.links:
            self._announce(events.LinkAdded(link, self._link_documents(link, removed.span)))
        if started:
            self._announce(events.DocumentChanged(document_id))

    def update_span(self, span: Span) -> Span:
        """Store a span's new label, attributes, note or suggested flag; returns the old span."""
        if span.id is None:
            raise NotFound("a span without an id is not stored")
        before = self.store.span(span.id)
        label = self._schema.require(span.label, "span")
        for name, value in span.attributes.items():
            spec = label.attribute(name)
            if spec is not None:
                spec.check(value)
        self.store.update_span(span)
        if span.version is not None:  # checked and stored: the version it has now
            span = replace(span, version=span.version + 1)
        self._announce(events.SpanChanged(before, span))
        return replace(before, version=None)  # its undo puts it back whatever came between

    def update_spans(self, spans: Sequence[Span]) -> None:
        """Store several spans' fields in one transaction (undo of a bulk edit)."""
        befores = self.store.spans_by_ids([s.id for s in spans if s.id is not None])
        with self.store.transaction():
            for span in spans:
                self.store.update_span(replace(span, version=None))
        for span in spans:
            before = befores.get(span.id)  # type: ignore[arg-type]
            if before is not None:
                self._announce(events.SpanChanged(before, replace(span, version=None)))

    @property
    def schema_edits(self) -> SchemaEdits:
        """Undoable schema edits and the schema editor's questions (`service.schema_editing`)."""
        return SchemaEdits(self)

    @property
    def span_edits(self) -> SpanEdits:
        """A span's extent, and edits of several spans at once (`service.span_editing`)."""
        return SpanEdits(self)

    def relabel_span(self, span_id: int, label: str) -> Span:
        """Give a span another label; returns the span as it was."""
        return self.update_span(replace(self.store.span(span_id), label=label))

    # -- relations and links -------------------------------------------------------------------

    def add_relation(self, head_id: int, child_id: int, label: str) -> Relation:
        head, child = self.store.span(head_id), self.store.span(child_id)
        # a relation lives in its spans' layer (the curated one, when the curator relates there)
        between = replace(Relation.between(head, child, label, self._schema), layer=head.layer)
        relation = self.store.insert_relation(between)
        self._announce(events.RelationAdded(relation))
        return relation

    def remove_relation(self, relation_id: int) -> Relation:
        relation = self.store.delete_relation(relation_id)
        self._announce(events.RelationRemoved(relation))
        return relation

    def restore_relation(self, relation: Relation) -> None:
        self.store.insert_relation(relation)
        self._announce(events.RelationAdded(relation))

    def add_link(self, a_id: int, b_id: int, label: str) -> Link:
        a, b = self.store.span(a_id), self.store.span(b_id)
        link = self.store.insert_link(Link.between(a, b, label, self._schema))
        self._announce(events.LinkAdded(link, (a.document_id, b.document_id)))
        return link

    def remove_link(self, link_id: int) -> Link:
        link = self.store.link(link_id)
        documents = self._link_documents(link)
        self.store.delete_link(link_id)
        self._announce(events.LinkRemoved(link, documents))
        return link

    def restore_link(self, link: Link) -> None:
        self.store.insert_link(link)
        self._announce(events.LinkAdded(link, self._link_documents(link)))

    def links_of_documents(self, document_ids: Sequence[int]) -> list[Link]:
        return self.store.links_of_documents(document_ids)

    def relations_of_span(self, span_id: int) -> list[Relation]:
        return self.store.relations_of_span(span_id)

    def links_of_span(self, span_id: int) -> list[Link]:
        return self.store.links_of_span(span_id)

    def spans_by_ids(self, span_ids: Sequence[int]) -> dict[int, Span]:
        return self.store.spans_by_ids(span_ids)

    def attribution_chain(self, claim_id: int) -> list[ChainStep]:
        """claim ← SAID_BY source ← REPORTED_BY relayer ← …, from the claim's article."""
        claim = self.store.span(claim_id)
        return attribution_chain(claim_id, self.store.relations_of(claim.document_id))

    def link_labels_for(self, a_id: int, b_id: int) -> list[Label]:
        """The link labels the schema allows between these two spans."""
        return self._labels_allowed("link", self._schema.check_link, a_id, b_id)

    def relation_labels_for(self, head_id: int, child_id: int) -> list[Label]:
        """The relation labels the schema allows from this head span to this child span."""
        return self._labels_allowed("relation", self._schema.check_relation, head_id, child_id)

    def _labels_allowed(
        self,
        kind: LabelKind,
        check: Callable[[str, str, str], Label],
        first_id: int,
        second_id: int,
    ) -> list[Label]:
        """The labels of `kind` whose schema `check` accepts these two spans' labels."""
        first, second = self.store.span(first_id), self.store.span(second_id)
        allowed = []
        for label in self._schema.of_kind(kind):
            try:
                check(label.name, first.label, second.label)
            except AnnotatorError:
                continue
            allowed.append(label)
        return allowed

    def _link_documents(self, link: Link, known: Span | None = None) -> tuple[int, int]:
        def document_of(span_id: int) -> int:
            if known is not None and known.id == span_id:
                return known.document_id
            return self.store.span(span_id).document_id

        return document_of(link.a_id), document_of(link.b_id)

    # -- files ---------------------------------------------------------------------------------

    def import_paths(self, files: Sequence[str | Path], **options: Any) -> ImportReport:
        """Import files and folders in one transaction (see `annotator.service.importing`).

        `annotator` bundles (asked for by `format_name`, or recognised by their first line) are read
        whole, links and schema included (see `annotator.service.bundle_import`).
        """
        paths = [Path(f) for f in files]
        bundles = is_bundle_import(paths, options.get("format_name"))
        importer: Importer = import_bundles if bundles else import_paths
        report, schema = importer(self.store, self._schema, paths, **options)
        if schema is not self._schema:
            self._schema = schema
            self._announce(events.SchemaChanged())
        if report.document_ids:
            self._announce(events.DocumentsAdded(tuple(report.document_ids)))
        return report

    def absorb_import(self, report: ImportReport) -> None:
        """Take in an import made through another connection (the GUI's background import):
        reread the schema it may have grown and announce its articles."""
        self._reload_schema()
        if report.document_ids:
            if self._outside is not None:
                self._outside.saw_own_documents(tuple(report.document_ids))
            self._announce(events.DocumentsAdded(tuple(report.document_ids)))

    def detect_debris(self, document_ids: Sequence[int] | None = None) -> int:
        """Suggest DEBRIS spans for scraped boilerplate (all articles or these); returns the count."""
        added, schema = detect_debris(self.store, self._schema, document_ids)
        if schema is not self._schema:
            self._schema = schema
            self._announce(events.SchemaChanged())
        for span in added:
            self._announce(events.SpanAdded(span))
        return len(added)

    def accept_suggestions(self, document_id: int, label: str | None = None) -> list[Span]:
        """Accept an article's suggested spans (of one label, if given); returns them as they were."""
        before = accept_suggestions(self.store, document_id, label)
        for span in before:
            self._announce(events.SpanChanged(span, replace(span, suggested=False, version=None)))
        return before

    def export(
        self,
        format_name: str,
        destination: str | Path,
        options: ExportOptions | None = None,
        *,
        progress: Progress | None = None,
    ) -> ExportReport:
        """Write a training set (or the whole project, as a bundle); see `service.exporting`."""
        return export_project(
            self.store,
            format_name,
            destination,
            schema=self._schema,
            options=options,
            progress=progress,
        )

    def stats(self) -> dict[str, Any]:
        return self.store.stats()

    def save_copy(self, destination: str | Path) -> Path:
        """A consistent copy of the project, taken while it stays open (`storage.backup`); of a
        server project, a project file copied from one snapshot of it."""
        if self.store.dialect.name == "postgresql":
            from annotator.service.copying import save_server_copy

            return save_server_copy(self.store, destination)
        return backup.save_copy(self.store, destination)

    # -- remembered state ----------------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        return self.store.setting(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        self.store.set_setting(key, value)

    # -- the label schema editor (the schema dialog and `annotator labels`) ---------------------
    # Every method changes the schema in one transaction, then announces SchemaChanged once.

    def label_uses(self, name: str | None = None) -> dict[str, LabelUses]:
        """How many spans, relations and links use each label (or only `name`)."""
        stored = self.store.label_uses()
        names = [name] if name is not None else [label.name for label in self._schema]
        return {n: LabelUses(*stored.get(n, (0, 0, 0))) for n in names}

    def add_label(
        self,
        name: str,
        kind: str = "span",
        *,
        hotkey: str | None = None,
        color: str | None = None,
        description: str = "",
    ) -> Label:
        """Add a new label to the schema; a free colour is chosen when none is given."""
        if name in self._schema:
            raise AnnotatorError(f"there is already a label {name!r}")
        label = Label(
            name=name,
            kind=kind,  # type: ignore[arg-type]  # Label refuses an unknown kind
            hotkey=hotkey or None,
            color=color or self._free_color(kind),
            description=description,
        )
        self._save_label_checked(label)
        return label

    def rename_label(self, old: str, new: str) -> None:
        """Rename a label; its spans, relations and links (and relation rules) follow."""
        label = self._existing_label(old)
        if new == old:
            return
        if new in self._schema:
            raise AnnotatorError(f"there is already a label {new!r}")
        renamed = replace(label, name=new)
        schema = LabelSchema(
            tuple(
                renamed if item.name == old else _rename_in_rules(item, old, new)
                for item in self._schema
            )
        )
        with self.store.transaction():
            self.store.rename_label(old, new)  # ON UPDATE CASCADE moves spans, relations, links
            self.store.save_schema(schema)
        self._reload_schema()

    def recolor_label(self, name: str, color: str) -> None:
        self._save_label_checked(replace(self._existing_label(name), color=color))

    def set_label_hotkey(self, name: str, hotkey: str | None) -> None:
        """Give a label another key (None or "" takes its key away)."""
        self._save_label_checked(replace(self._existing_label(name), hotkey=hotkey or None))

    def retire_label(self, name: str, retired: bool = True) -> None:
        """Stop offering a label (its spans stay), or offer it again with `retired=False`."""
        self._save_label_checked(replace(self._existing_label(name), retired=retired))

    def delete_label(self, name: str) -> None:
        """Delete a label no span, relation or link uses; a used one must be merged instead."""
        label = self._existing_label(name)
        uses = self.label_uses(name)[name]
        if uses.total:
            raise AnnotatorError(
                f"label {name} is used by {uses.describe()}: merge it into another"
                f" {label.kind} label instead of deleting it"
            )
        schema = LabelSchema(
            tuple(_rename_in_rules(item, name, None) for item in self._schema if item.name != name)
        )
        with self.store.transaction():
            self.store.delete_label(name)
            self.store.save_schema(schema)
        self._reload_schema()

    def merge_label(self, name: str, into: str) -> int:
        """Move every use of `name` to `into` and delete `name`; returns how many uses moved."""
        label = self._existing_label(name)
        target = self._existing_label(into)
        if name == into:
            raise AnnotatorError(f"cannot merge label {name} into itself")
        if label.kind != target.kind:
            raise AnnotatorError(
                f"cannot merge the {label.kind} label {name} into the {target.kind} label {into}"
            )
        schema = LabelSchema(
            tuple(_rename_in_rules(item, name, into) for item in self._schema if item.name != name)
        )
        with self.store.transaction():
            moved = self.store.merge_label(name, into)
            self.store.save_schema(schema)
        self._reload_schema()
        return moved

    def _existing_label(self, name: str) -> Label:
        label = self._schema.get(name)
        if label is None:
            raise UnknownLabel(f"label {name!r} is not in the project's schema")
        return label

    def _save_label_checked(self, label: Label) -> None:
        """`save_label`, with a hotkey clash named in words before the schema refuses it."""
        if label.hotkey is not None and not label.retired:
            holder = self._schema.by_hotkey(label.hotkey, label.kind)
            if holder is not None and holder.name != label.name:
                raise AnnotatorError(
                    f"hotkey {label.hotkey} is already used by the {label.kind} label"
                    f" {holder.name}; give {label.name} another key or change {holder.name}'s"
                )
        self.save_label(label)

    def _free_color(self, kind: str) -> str:
        """A colour perceptually far from every label of this kind already there (CIEDE2000)."""
        return distinct_color(label.color for label in self._schema if label.kind == kind)


@dataclass(frozen=True, slots=True)
class LabelUses:
    """How much of the project carries a label."""

    spans: int = 0
    relations: int = 0
    links: int = 0

    @property
    def total(self) -> int:
        return self.spans + self.relations + self.links

    def describe(self) -> str:
        """E.g. "3 spans, 1 relation and 0 links"."""
        parts = [
            f"{count} {noun}{'' if count == 1 else 's'}"
            for count, noun in (
                (self.spans, "span"),
                (self.relations, "relation"),
                (self.links, "link"),
            )
        ]
        return f"{parts[0]}, {parts[1]} and {parts[2]}"


def _rename_in_rules(label: Label, old: str, new: str | None) -> Label:
    """A relation label's head/child rules with `old` renamed to `new` (or dropped when None)."""

    def renamed(names: tuple[str, ...]) -> tuple[str, ...]:
        out: list[str] = []
        for name in names:
            kept = new if name == old else name
            if kept is not None and kept not in out:
                out.append(kept)
        return tuple(out)

    if old not in label.head_labels and old not in label.child_labels:
        return label
    return replace(
        label, head_labels=renamed(label.head_labels), child_labels=renamed(label.child_labels)
    )


def _with_preset(schema: LabelSchema, preset: LabelSchema) -> LabelSchema:
    """`schema` with the preset's labels added or updated, the preset taking the keys it names."""
    taken = {(label.kind, label.hotkey) for label in preset if label.hotkey is not None}

    def merged(label: Label) -> Label:
        override = preset.get(label.name)
        if override is not None:
            return override
        if (label.kind, label.hotkey) in taken:
            return replace(label, hotkey=None)
        return label

    added = tuple(label for label in preset if label.name not in schema)
    return LabelSchema(tuple(merged(label) for label in schema) + added)
