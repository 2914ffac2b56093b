"""Documents, spans, relations and links: the things an analyst makes.

Each is a small frozen dataclass that refuses to exist in a bad state. Offsets are Python code points
into the document's text, end exclusive, everywhere in this package; the UTF-16 code units Qt counts
are converted in `annotator.domain.offsets` and nowhere else.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from annotator.domain.errors import InvalidRelation, InvalidSpan, Problem
from annotator.domain.labels import LabelSchema

DocumentStatus = Literal["new", "in_progress", "done"]
DOCUMENT_STATUSES: tuple[DocumentStatus, ...] = ("new", "in_progress", "done")


def content_hash(text: str) -> str:
    """The hash that says two articles have the same text (used to skip duplicates)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where an article came from: the file, the line or record in it, the format, and when."""

    path: str | None = None
    line: int | None = None
    format: str | None = None
    imported_at: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """An article: its text, title and metadata, as stored in the project."""

    id: int
    text: str
    title: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)
    status: DocumentStatus = "new"
    provenance: Provenance = field(default_factory=Provenance)
    outlet: str | None = None  # as stored (imported or edited), see `domain/metadata.py`
    published: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise InvalidSpan(f"document text must be a string, not {type(self.text).__name__}")
        if self.status not in DOCUMENT_STATUSES:
            raise InvalidSpan(f"unknown document status {self.status!r}")

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled stretch of one document's text: `text[start:end]`, in code points.

    `suggested` marks a span proposed by a detector (e.g. debris) that the analyst has not accepted.
    """

    document_id: int
    start: int
    end: int
    label: str
    id: int | None = None
    attributes: Mapping[str, Any] = field(default_factory=dict)
    note: str = ""
    suggested: bool = False
    # Whose layer it is in and who last changed it when: kept, never compared (the same span
    # is the same span whoever touched it last).
    layer: str | None = field(default=None, compare=False)
    analyst: str | None = field(default=None, compare=False)
    created_at: str | None = field(default=None, compare=False)
    changed_at: str | None = field(default=None, compare=False)
    #: The stored version this span was read at (None: not read from a store, or not checked).
    version: int | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        check_offsets(self.start, self.end)
        if not isinstance(self.label, str) or not self.label:
            raise InvalidSpan(f"a span's label must be a non-empty string, not {self.label!r}")

    @classmethod
    def in_document(
        cls,
        document: Document,
        start: int,
        end: int,
        label: str,
        schema: LabelSchema,
        **fields: Any,
    ) -> Span:
        """A span of `document`, checked against its text length and the project's schema."""
        return cls.in_text(document.id, document.text, start, end, label, schema, **fields)

    @classmethod
    def in_text(
        cls,
        document_id: int,
        text: str,
        start: int,
        end: int,
        label: str,
        schema: LabelSchema,
        **fields: Any,
    ) -> Span:
        """A span of the article `document_id` whose text is `text` (when only the text is at
        hand, e.g. cached), checked against its length and the project's schema."""
        check_offsets(start, end, len(text))
        schema.require(label, "span")
        return cls(document_id, start, end, label, **fields)

    def text_in(self, text: str) -> str:
        return text[self.start : self.end]

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


def check_offsets(start: object, end: object, length: int | None = None) -> None:
    """Refuse offsets that are not `0 <= start < end <= length` integers."""
    if type(start) is not int or type(end) is not int:
        raise InvalidSpan(f"span offsets must be integers, not {start!r} and {end!r}")
    if start < 0:
        raise InvalidSpan(f"span starts before the text: start {start}")
    if end <= start:
        raise InvalidSpan(f"span ends before it starts: start {start}, end {end}")
    if length is not None and end > length:
        raise InvalidSpan(f"span {start}-{end} runs past the end of the text ({length} characters)")


@dataclass(frozen=True, slots=True)
class Relation:
    """A directed, labelled edge between two spans of one article (e.g. claim SAID_BY source)."""

    document_id: int
    head_id: int
    child_id: int
    label: str
    id: int | None = None
    # Whose layer it is in and who last changed it when: kept, never compared (the same span
    # is the same span whoever touched it last).
    layer: str | None = field(default=None, compare=False)
    analyst: str | None = field(default=None, compare=False)
    created_at: str | None = field(default=None, compare=False)
    changed_at: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.head_id == self.child_id:
            raise InvalidRelation("a relation joins two different spans, not a span to itself")

    @classmethod
    def between(
        cls, head: Span, child: Span, label: str, schema: LabelSchema, id: int | None = None
    ) -> Relation:
        """A relation from `head` to `child`, refused across articles or against the schema."""
        if head.document_id != child.document_id:
            raise InvalidRelation(
                "a relation joins two spans of one article; use a link across articles"
            )
        if head.id is None or child.id is None:
            raise InvalidRelation("a relation joins stored spans")
        schema.check_relation(label, head.label, child.label)
        return cls(head.document_id, head.id, child.id, label, id)


@dataclass(frozen=True, slots=True)
class Link:
    """A labelled join between spans of two different articles (e.g. SAME_CLAIM)."""

    a_id: int
    b_id: int
    label: str
    id: int | None = None
    note: str = ""
    # Whose layer it is in and who last changed it when: kept, never compared (the same span
    # is the same span whoever touched it last).
    layer: str | None = field(default=None, compare=False)
    analyst: str | None = field(default=None, compare=False)
    created_at: str | None = field(default=None, compare=False)
    changed_at: str | None = field(default=None, compare=False)

    @classmethod
    def between(
        cls, a: Span, b: Span, label: str, schema: LabelSchema, id: int | None = None
    ) -> Link:
        """A link from `a` to `b`, refused inside one article or against the schema."""
        if a.document_id == b.document_id:
            raise InvalidRelation(
                "a link joins spans of two different articles; use a relation inside one"
            )
        if a.id is None or b.id is None:
            raise InvalidRelation("a link joins stored spans")
        schema.check_link(label, a.label, b.label)
        return cls(a.id, b.id, label, id)


@dataclass(frozen=True, slots=True)
class RemovedSpan:
    """A deleted span with everything its deletion took along, so undo can bring all of it back."""

    span: Span
    relations: tuple[Relation, ...] = ()
    links: tuple[Link, ...] = ()


@dataclass(frozen=True, slots=True)
class DraftSpan:
    """A span read from a file, not yet stored: offsets are code points into the draft's text."""

    start: int
    end: int
    label: str
    attributes: Mapping[str, Any] = field(default_factory=dict)
    note: str = ""
    suggested: bool = False
    key: str | None = None  # the file's own id for the span, for relations

    def __post_init__(self) -> None:
        start, end = self.start, self.end
        # The check inline (an import makes a hundred thousand of these); `check_offsets` raises,
        # saying what is wrong.
        if type(start) is not int or type(end) is not int or start < 0 or end <= start:
            check_offsets(start, end)
        if not isinstance(self.label, str) or not self.label:
            raise InvalidSpan(f"a span's label must be a non-empty string, not {self.label!r}")


@dataclass(frozen=True, slots=True)
class DraftRelation:
    """A relation read from a file: indices into its draft document's `spans`."""

    head: int
    child: int
    label: str


@dataclass(frozen=True, slots=True)
class DraftDocument:
    """An article read from a file, checked and ready to be stored in one transaction."""

    text: str
    title: str = ""
    meta: Mapping[str, Any] = field(default_factory=dict)
    spans: tuple[DraftSpan, ...] = ()
    relations: tuple[DraftRelation, ...] = ()
    provenance: Provenance = field(default_factory=Provenance)
    status: DocumentStatus = "new"
    #: What the reader did not store as the file gave it (see `formats.common.DraftBuilder`).
    notices: tuple[Problem, ...] = ()
    #: The analyst whose layer the file's annotations are, when the file says (see `brat`).
    analyst: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise InvalidSpan(f"text must be a string, not {type(self.text).__name__}")
        if not self.text:
            raise InvalidSpan("the text is empty")
        if self.status not in DOCUMENT_STATUSES:
            raise InvalidSpan(f"unknown article status {self.status!r}")
        length = len(self.text)
        for span in self.spans:
            if span.end > length:  # a DraftSpan has checked the rest of its offsets itself
                check_offsets(span.start, span.end, length)
        for relation in self.relations:
            for index in (relation.head, relation.child):
                if not 0 <= index < len(self.spans):
                    raise InvalidRelation(f"relation {relation.label!r} points to no span")


@dataclass(frozen=True, slots=True)
class ExportItem:
    """One stored document with its spans and relations, as exporters stream them."""

    document: Document
    spans: list[Span]
    relations: list[Relation]
    #: The article's layers (`annotator.domain.analysts.LayerState`), for lossless formats.
    layers: Sequence[Any] = ()
