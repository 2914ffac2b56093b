"""Where label tags go: small name tags above the line, one per span, at the span's start.

Pure geometry (no Qt), so it is tested without a window. The text view measures the text and the
lines; this module only decides rows and x positions, as brat and INCEpTION place their tags:
nested and overlapping spans that start close together get their tags in different rows, or
pushed right, instead of one tag hiding another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: A tag's text is at most this many characters; longer label names are abbreviated.
SHORT_NAME = 7

_PARTS = re.compile(r"[_\-\s.:/]+")


def short_name(label: str, limit: int = SHORT_NAME) -> str:
    """The tag text of a label: its name when short, else an abbreviation built from its parts
    (`REPORTED_BY` → `REP·BY`, `PROPAGANDA_TECHNIQUE` → `PRO·TEC`), else its cut name.

    Labels have no abbreviation field of their own yet, so the tag derives one; two labels that
    abbreviate alike still differ by colour.
    """
    if len(label) <= limit:
        return label
    parts = [p for p in _PARTS.split(label) if p]
    if len(parts) > 1:
        width = max(2, (limit - (len(parts) - 1)) // len(parts))
        short = "·".join(p[:width] for p in parts)
        if len(short) <= limit + 1:
            return short
    return label[: limit - 1] + "…"


@dataclass(frozen=True, slots=True)
class TagRequest:
    """A tag to place: the span's key, where its span starts on the line (x), and the tag's width."""

    key: int
    x: float
    width: float


@dataclass(frozen=True, slots=True)
class PlacedTag:
    """A placed tag: its row (0 is the row nearest the text) and left edge."""

    key: int
    row: int
    x: float
    width: float

    @property
    def right(self) -> float:
        return self.x + self.width


def place_tags(
    requests: list[TagRequest], rows: int, *, gap: float = 2.0, right_edge: float | None = None
) -> list[PlacedTag]:
    """Place tags of one line without overlap.

    Each tag goes at its span's start in the lowest row where it fits; when every row is taken
    there, it goes in the row that frees up first, pushed right just past the tag before it (its
    span's start is still under the tag's left part, or near it). Tags are placed in order of the
    span's start, longer (outer) spans first, so an outer span's tag sits nearest the text.
    `right_edge` keeps tags inside the line (a tag there may then stand left of its span's start).
    """
    ends = [float("-inf")] * max(1, rows)  # the right edge of the last tag in each row
    placed = []
    for request in requests:
        start = request.x
        if right_edge is not None:  # a span starting at the line's end: its tag ends there
            start = min(start, right_edge - request.width)
        row = next((r for r, end in enumerate(ends) if end + gap <= start), None)
        x = start
        if row is None:
            row = min(range(len(ends)), key=lambda r: ends[r])
            x = ends[row] + gap
            if right_edge is not None:
                x = min(x, right_edge - request.width)
        ends[row] = max(ends[row], x + request.width)
        placed.append(PlacedTag(request.key, row, x, request.width))
    return placed
