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
from annotator.domain.text import Token, tokenize


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

    Words and punctuation come from `annotator.domain.text.tokenize`; one plain space after a token
    is its `ws`, any other white space is a token of its own (as spaCy makes them), so joining
    `text + " " * ws` gives the text back and every span starts and ends on a token boundary.
    """
    bounds = {0, len(text)}
    for token in tokenize(text):
        bounds.add(token.start)
        bounds.add(token.end)
    span_bounds = {point for span in spans for point in (span.start, span.end)}
    bounds |= span_bounds
    points = sorted(p for p in bounds if 0 <= p <= len(text))
    pieces = [(points[i], points[i + 1]) for i in range(len(points) - 1)]
    tokens: list[Token] = []
    i = 0
    while i < len(pieces):
        start, end = pieces[i]
        piece = text[start:end]
        if piece.isspace():
            tokens.append(Token(start, end, piece, False))
            i += 1
            continue
        # A span that takes the space after a word needs that space as a token of its own.
        ws = end < len(text) and text[end] == " " and (end + 1) not in span_bounds
        tokens.append(Token(start, end, piece, ws))
        i += 1
        if ws:
            next_start, next_end = pieces[i]
            if next_end - next_start == 1:
                i += 1
            else:
                pieces[i] = (next_start + 1, next_end)
    return tokens


class TokenIndex:
    """Which token starts and which ends at a code-point offset."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self._starts = {token.start: i for i, token in enumerate(tokens)}
        self._ends = {token.end: i for i, token in enumerate(tokens)}
        self._start_list = [token.start for token in tokens]

    def first(self, span: Span) -> int:
        return self._starts[span.start]

    def last(self, span: Span) -> int:
        return self._ends[span.end]

    def covering(self, start: int, end: int) -> range:
        return range(bisect.bisect_left(self._start_list, start), self._ends[end] + 1)


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """A text cell a spreadsheet will not run: one that starts like a formula gets a `'` first."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value
