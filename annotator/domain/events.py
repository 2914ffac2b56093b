"""What the service announces after each change, once, for every view to refresh from.

Plain dataclasses: the GUI turns them into Qt signals, the CLI ignores them.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.domain.model import Link, Relation, Span


@dataclass(frozen=True, slots=True)
class SpanAdded:
    span: Span


@dataclass(frozen=True, slots=True)
class SpanRemoved:
    span: Span


@dataclass(frozen=True, slots=True)
class SpanChanged:
    before: Span
    after: Span


@dataclass(frozen=True, slots=True)
class RelationAdded:
    relation: Relation


@dataclass(frozen=True, slots=True)
class RelationRemoved:
    relation: Relation


@dataclass(frozen=True, slots=True)
class LinkAdded:
    link: Link
    document_ids: tuple[int, int]


@dataclass(frozen=True, slots=True)
class LinkRemoved:
    link: Link
    document_ids: tuple[int, int]


@dataclass(frozen=True, slots=True)
class DocumentsAdded:
    ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class DocumentChanged:
    """A document's status or metadata changed (not its spans: those have their own events)."""

    document_id: int


@dataclass(frozen=True, slots=True)
class SchemaChanged:
    pass


@dataclass(frozen=True, slots=True)
class ChangedElsewhere:
    """Another connection (a second window, a command-line import) committed to the project:
    spans, relations, links or statuses may have changed without an event of their own, so
    every view rereads what it shows."""


@dataclass(frozen=True, slots=True)
class StoriesChanged:
    """Stories were suggested, created, edited or deleted."""


Event = (
    SpanAdded
    | SpanRemoved
    | SpanChanged
    | RelationAdded
    | RelationRemoved
    | LinkAdded
    | LinkRemoved
    | DocumentsAdded
    | DocumentChanged
    | SchemaChanged
    | ChangedElsewhere
    | StoriesChanged
)
