"""What every reader shares: options, building checked drafts, and one problem per bad record."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.domain.errors import AnnotatorError, Problem
from annotator.domain.model import DraftDocument, DraftRelation, DraftSpan, Provenance
from annotator.domain.offsets import Utf16Map


@dataclass(frozen=True)
class ReadOptions:
    """What the user told the import about the files (`--text-column`, `--title-column`)."""

    text_column: str = "text"
    title_column: str = "title"


DEFAULT_OPTIONS = ReadOptions()


@dataclass
class DraftBuilder:
    """Collects one record's spans and relations, checking each, and names every bad one.

    `messages` holds what is wrong with the record; a record with any is refused as a whole.
    """

    text: str
    messages: list[str] = field(default_factory=list)
    #: What is not stored as the file gave it (a duplicate merged, a self-loop left out), with
    #: the line it came from: the import report lists them, so nothing is dropped silently.
    notices: list[tuple[int | None, str]] = field(default_factory=list)
    #: The line being read (what a notice names when it names none) and the file it is in,
    #: when that is not the article's own file (brat's `.ann`, the PTC's `.labels`).
    line: int | None = None
    source: Path | None = None
    spans: list[DraftSpan] = field(default_factory=list)
    relations: list[DraftRelation] = field(default_factory=list)
    _index: dict[tuple[int, int, str], int] = field(default_factory=dict)
    _keys: dict[str, int] = field(default_factory=dict)
    _utf16: Utf16Map | None = None

    def utf16(self) -> Utf16Map:
        if self._utf16 is None:
            self._utf16 = Utf16Map(self.text)
        return self._utf16

    def add_span(
        self,
        start: object,
        end: object,
        label: object,
        *,
        key: str | None = None,
        expected_text: object = None,
        utf16: bool = False,
        what: str = "span",
        **fields: Any,
    ) -> int | None:
        """Add a span (a duplicate of one already added is merged); None when it is refused."""
        if isinstance(label, bool) or not isinstance(label, str):
            self.messages.append(f"{what} label must be a string, not {label!r}")
            return None
        if not label.strip():
            self.messages.append(f"{what} label is empty")
            return None
        if type(start) is not int or type(end) is not int:
            self.messages.append(f"{what} offsets must be integers, not {start!r} and {end!r}")
            return None
        if utf16:
            mapping = self.utf16()
            if end > mapping.utf16_length or start < 0:
                self.messages.append(
                    f"{what} {start}-{end} is outside the text"
                    f" ({mapping.utf16_length} UTF-16 units)"
                )
                return None
            start, end = mapping.from_utf16(start), mapping.from_utf16(end)
        if start < 0 or end > len(self.text):
            self.messages.append(
                f"{what} {start}-{end} is outside the text ({len(self.text)} characters)"
            )
            return None
        if end <= start:
            self.messages.append(f"{what} {start}-{end} ends before it starts (end ≤ start)")
            return None
        if isinstance(expected_text, str) and self.text[start:end] != expected_text:
            self.messages.append(
                f"{what} {start}-{end} says its text is {expected_text[:60]!r} but the text there"
                f" is {self.text[start:end][:60]!r}"
            )
            return None
        label = label.strip()
        existing = self._index.get((start, end, label))
        if existing is not None:
            self.notice(f"{what} {start}-{end} {label} is there twice: stored once")
            if key is not None:
                self._keys[key] = existing
            return existing
        try:  # (an empty `**fields` or a `key=None` costs a span as much as its checks)
            if fields:
                span = DraftSpan(start, end, label, key=key, **fields)
            elif key is not None:
                span = DraftSpan(start, end, label, key=key)
            else:
                span = DraftSpan(start, end, label)
        except AnnotatorError as error:
            self.messages.append(error.message)
            return None
        self.spans.append(span)
        index = len(self.spans) - 1
        self._index[(start, end, label)] = index
        if key is not None:
            self._keys[key] = index
        return index

    def index_of_key(self, key: object) -> int | None:
        return self._keys.get(str(key))

    def index_of(self, start: object, end: object, label: object = None) -> int | None:
        for (s, e, name), index in self._index.items():
            if s == start and e == end and (label is None or name == label):
                return index
        return None

    def add_relation(self, head: int | None, child: int | None, label: object) -> None:
        if isinstance(label, bool) or not isinstance(label, str) or not label.strip():
            self.messages.append(f"relation label must be a non-empty string, not {label!r}")
            return
        if head is None or child is None:
            self.messages.append(f"relation {label!r} points to a span that is not in the record")
            return
        if head == child:
            # A relation joins two spans (the project refuses a self-loop): named, not stored.
            self.notice(f"relation {label.strip()} from a span to itself: not stored")
            return
        relation = DraftRelation(head, child, label.strip())
        if relation not in self.relations:
            self.relations.append(relation)

    def notice(self, message: str, line: int | None = None) -> None:
        """Name something of the file that the draft does not hold as given."""
        self.notices.append((line if line is not None else self.line, message))

    def problems(self, path: Path, line: int | None) -> list[Problem]:
        return [Problem(str(path), line, message) for message in self.messages]

    def draft(
        self,
        *,
        title: str,
        meta: Mapping[str, Any],
        path: Path,
        line: int | None,
        format_name: str,
    ) -> DraftDocument:
        return DraftDocument(
            text=self.text,
            title=title,
            meta=dict(meta),
            spans=tuple(self.spans),
            relations=tuple(self.relations),
            provenance=Provenance(path=str(path), line=line, format=format_name),
            notices=tuple(
                Problem(str(self.source or path), at if at is not None else line, message)
                for at, message in self.notices
            ),
        )


def finish(
    builder: DraftBuilder,
    *,
    title: str,
    meta: Mapping[str, Any],
    path: Path,
    line: int | None,
    format_name: str,
) -> Iterable[DraftDocument | Problem]:
    """The record's draft, or one problem for each thing wrong with it."""
    if builder.messages:
        return builder.problems(path, line)
    try:
        return [
            builder.draft(title=title, meta=meta, path=path, line=line, format_name=format_name)
        ]
    except AnnotatorError as error:
        return [Problem(str(path), line, error.message)]


def title_of(text: str, limit: int = 200) -> str:
    """The first non-blank line, cut to `limit` characters."""
    start = 0
    while True:  # line by line, not `text.split`: a title is near the top of a long text
        end = text.find("\n", start)
        line = (text[start:] if end < 0 else text[start:end]).strip()
        if line:
            return line[:limit]
        if end < 0:
            return ""
        start = end + 1


def check_text(value: object, key: str = "text") -> str | None:
    """Why a record's text is unusable, or None when it is a non-empty string."""
    if value is None:
        return f'record has no "{key}"'
    if not isinstance(value, str):
        return f'"{key}" must be a string, not {type(value).__name__}'
    if not value.strip():
        return f'"{key}" is empty'
    return None


def located(error: AnnotatorError, path: Path, line: int | None = None) -> Problem:
    return Problem(error.path or str(path), error.line or line, error.message)


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def lone_surrogate(raw: str, value: object) -> str | None:
    """Why JSON `value` (parsed from `raw`) cannot be stored: a `\\udXXX` escape that is half a
    UTF-16 pair, which JSON allows and no text can hold; None when there is none."""
    if "\\u" not in raw or not _SURROGATE_ESCAPE.search(raw):
        return None  # (pairs are escaped so too: the check below tells them apart)
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as error:
        half = error.object[error.start : error.end]
        return (
            f"a lone surrogate \\u{ord(half[0]):04x} (half of a UTF-16 pair, not a character):"
            " the file was written from broken text"
        )
    return None


#: Characters a label name may hold in the project but not in a brat or CoNLL file, where a name
#: is one token (whitespace ends it), `,` `|` `:` `;` `=` `<` `>` are the syntax of brat's
#: `annotation.conf` and a leading `#` starts a comment. Written percent-encoded (`%` itself too,
#: so that decoding gives back exactly the name), as brat and CoNLL have no escapes of their own.
_LABEL_SYNTAX = frozenset(",|:;=<>#%")


def label_token(name: str) -> str:
    """A label name as one token brat's and CoNLL's readers accept (`MY LABEL` → `MY%20LABEL`)."""
    if name.isalnum():
        return name
    return "".join(
        "".join(f"%{byte:02X}" for byte in ch.encode("utf-8"))
        if ch in _LABEL_SYNTAX or ch.isspace() or not ch.isprintable()
        else ch
        for ch in name
    )


def label_from_token(token: str) -> str:
    """The label name a token written by `label_token` stands for (a token without `%` as is)."""
    if "%" not in token:
        return token
    from urllib.parse import unquote

    try:
        return unquote(token, errors="strict")
    except UnicodeDecodeError:
        return token
