"""What every export writer receives, and the helpers several writers share.

The service prepares the stream (selection, debris cut, suggestions left out); a writer only turns
it into bytes. Offsets stay code points here; a writer for a tool that counts otherwise converts.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from annotator.domain.labels import LabelSchema
from annotator.domain.model import Document, ExportItem, Link, Span
from annotator.domain.text import _TOKEN as TOKEN_PATTERN  # the one word rule, shared

#: A token of an exported text: `(start, end, text, ws)`, a plain tuple because a million-article
#: export makes hundreds of millions of them.
Token = tuple[int, int, str, bool]


@dataclass(frozen=True, slots=True)
class LinkEnd:
    """One end of a link, in its (exported) article's text."""

    document: Document
    span: Span


@dataclass(frozen=True, slots=True)
class LinkRecord:
    link: Link
    a: LinkEnd
    b: LinkEnd


@dataclass
class ExportStream:
    """The documents (and, for formats that hold them, the links) one export writes, in order."""

    items: Iterable[ExportItem]
    schema: LabelSchema
    links: Iterable[LinkRecord] = field(default_factory=tuple)


def training_tokens(text: str, spans: Sequence[Span]) -> list[Token]:
    """Tokens that cover `text` exactly, split wherever a span starts or ends.

    Words and punctuation follow `annotator.domain.text.tokenize`; one plain space after a token
    is its `ws`, any other white space is a token of its own (as spaCy makes them), so joining
    `text + " " * ws` gives the text back and every span starts and ends on a token boundary.
    """
    span_starts = {span.start for span in spans}
    span_ends = {span.end for span in spans}
    bounds = sorted(span_starts | span_ends)
    bounds.append(len(text) + 2)  # a sentinel past every position
    tokens: list[Token] = []
    append = tokens.append
    next_bound = 0  # index of the first boundary not yet behind us (positions only grow)

    def add(start: int, end: int, ws: bool) -> None:
        """Token(s) for `[start, end)`, cut at the span boundaries inside it."""
        nonlocal next_bound
        while bounds[next_bound] <= start:
            next_bound += 1
        while bounds[next_bound] < end:
            cut = bounds[next_bound]
            append((start, cut, text[start:cut], False))
            start = cut
            next_bound += 1
        append((start, end, text[start:end], ws))

    position, length = 0, len(text)
    for match in TOKEN_PATTERN.finditer(text):
        start, end = match.span()
        if start > position:
            add(position, start, False)
        # A span that starts at the space after a word, or ends just after it, needs that space
        # as a token of its own.
        ws = (
            end < length
            and text[end] == " "
            and end not in span_starts
            and end + 1 not in span_ends
        )
        if bounds[next_bound] < end:
            add(start, end, ws)
        else:  # no span boundary inside: the common case, kept inline for speed
            append((start, end, match.group(), ws))
        position = end + 1 if ws else end
    if position < length:
        add(position, length, False)
    return tokens


class TokenIndex:
    """Which token starts and which ends at a span's offsets (tokens from `training_tokens`)."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self._starts = [token[0] for token in tokens]

    def first(self, span: Span) -> int:
        return bisect.bisect_left(self._starts, span.start)

    def last(self, span: Span) -> int:
        return bisect.bisect_left(self._starts, span.end) - 1

    def covering(self, start: int, end: int) -> range:
        return range(bisect.bisect_left(self._starts, start), bisect.bisect_left(self._starts, end))


#: What a spreadsheet may take as the start of a formula: the ASCII signs, tab and line breaks
#: (some read past a leading line break), and the full-width and small forms of the signs, which
#: some spreadsheets fold to ASCII before deciding.
_FORMULA_STARTS = (
    "=",
    "+",
    "-",
    "@",
    "\t",
    "\r",
    "\n",
    "\uff1d",  # FULLWIDTH EQUALS SIGN
    "\uff0b",  # FULLWIDTH PLUS SIGN
    "\uff0d",  # FULLWIDTH HYPHEN-MINUS
    "\uff20",  # FULLWIDTH COMMERCIAL AT
    "\ufe66",  # SMALL EQUALS SIGN
    "\ufe62",  # SMALL PLUS SIGN
    "\ufe63",  # SMALL HYPHEN-MINUS
    "\ufe6b",  # SMALL COMMERCIAL AT
)


def csv_cell(value: str) -> str:
    """A text cell a spreadsheet will not run: one that starts like a formula gets a `'` first."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value
