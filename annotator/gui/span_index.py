"""A sorted index of one document's spans, for painting and keyboard navigation.

A cache derived from the project (it is rebuilt from the service and kept in step by its signals),
never the data itself. Offsets are code points, like everything outside the text view's conversion.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable
from typing import NamedTuple

from annotator.domain.model import Span


class SpanMark(NamedTuple):
    """What painting and navigation need of a span: a light tuple, not the full `Span`."""

    start: int
    end: int
    id: int
    label: str
    suggested: bool

    @classmethod
    def of(cls, span: Span) -> SpanMark:
        assert span.id is not None
        return cls(span.start, span.end, span.id, span.label, span.suggested)


#: Spans longer than this are kept apart, so one debris block over the whole tail does not make
#: every lookup scan the whole index.
LONG_SPAN = 4096


Row = tuple[int, int, int, str, bool]  # the fields of SpanMark, as storage returns them


class SpanIndex:
    """Spans kept as plain rows; `SpanMark`s are made only for the few spans a lookup returns."""

    def __init__(self, rows: Iterable[Row] = ()) -> None:
        """Index `rows` of (start, end, id, label, suggested), in O(n log n) at C speed."""
        self._by_id: dict[int, Row] = {}
        self._keys: list[tuple[int, int, int]] = []  # (start, end, id) of short spans, sorted
        self._long: list[Row] = []
        self._max_short = 0
        rows = list(rows)
        self._by_id = {row[2]: row for row in rows}
        self._long = [row for row in rows if row[1] - row[0] > LONG_SPAN]
        self._keys = sorted(
            (row[0], row[1], row[2]) for row in rows if row[1] - row[0] <= LONG_SPAN
        )
        self._max_short = max((e - s for s, e, _ in self._keys), default=0)

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, span_id: object) -> bool:
        return span_id in self._by_id

    def get(self, span_id: int) -> SpanMark | None:
        row = self._by_id.get(span_id)
        return SpanMark._make(row) if row is not None else None

    def all(self) -> list[SpanMark]:
        return [SpanMark._make(row) for row in sorted(self._by_id.values())]

    def add(self, span: SpanMark) -> None:
        if span.id in self._by_id:
            self.remove(span.id)
        row = tuple(span)
        self._by_id[span.id] = row  # type: ignore[assignment]
        if span.end - span.start > LONG_SPAN:
            self._long.append(row)  # type: ignore[arg-type]
        else:
            insort(self._keys, (span.start, span.end, span.id))
            self._max_short = max(self._max_short, span.end - span.start)

    def remove(self, span_id: int) -> SpanMark | None:
        row = self._by_id.pop(span_id, None)
        if row is None:
            return None
        start, end = row[0], row[1]
        if end - start > LONG_SPAN:
            self._long = [r for r in self._long if r[2] != span_id]
        else:
            key = (start, end, span_id)
            i = bisect_left(self._keys, key)
            if i < len(self._keys) and self._keys[i] == key:
                del self._keys[i]
        return SpanMark._make(row)

    def overlapping(self, start: int, end: int) -> list[SpanMark]:
        """Spans that share at least one character with `[start, end)`, sorted by start."""
        lo = bisect_left(self._keys, (start - self._max_short, -1, -1))
        hi = bisect_left(self._keys, (end, -1, -1))
        by_id = self._by_id
        found = [SpanMark._make(by_id[i]) for s, e, i in self._keys[lo:hi] if e > start]
        found += [SpanMark._make(r) for r in self._long if r[0] < end and r[1] > start]
        found.sort()
        return found

    def at(self, position: int) -> list[SpanMark]:
        """Spans covering the character at `position`, innermost (shortest) first."""
        spans = self.overlapping(position, position + 1)
        spans.sort(key=lambda s: (s.end - s.start, s.start))
        return spans

    def next_after(self, position: int, current: int | None = None) -> SpanMark | None:
        """The first span starting after `position` (or after the `current` span), wrapping."""
        ordered = self.all()
        if not ordered:
            return None
        if current is not None and current in self._by_id:
            i = next(n for n, s in enumerate(ordered) if s.id == current)
            return ordered[(i + 1) % len(ordered)]
        return next((s for s in ordered if s.start >= position), ordered[0])

    def previous_before(self, position: int, current: int | None = None) -> SpanMark | None:
        ordered = self.all()
        if not ordered:
            return None
        if current is not None and current in self._by_id:
            i = next(n for n, s in enumerate(ordered) if s.id == current)
            return ordered[(i - 1) % len(ordered)]
        before = [s for s in ordered if s.start < position]
        return before[-1] if before else ordered[-1]


class RangeIndex:
    """Items placed on `[start, end)` ranges of one text, found by the range they overlap.

    For what is drawn between spans (relation arcs, link ribbons): a paint asks only for what
    touches the visible text, so its cost follows the screen, not the article.
    """

    def __init__(self, items: Iterable[tuple[int, int, int]] = ()) -> None:
        """`items` are (start, end, key); keys may repeat (an item with two ends)."""
        self._short: list[tuple[int, int, int]] = []
        self._long: list[tuple[int, int, int]] = []
        for item in items:
            (self._long if item[1] - item[0] > LONG_SPAN else self._short).append(item)
        self._short.sort()
        self._reach = max((e - s for s, e, _ in self._short), default=0)

    def keys_overlapping(self, start: int, end: int) -> set[int]:
        lo = bisect_left(self._short, (start - self._reach, -1, -1))
        hi = bisect_left(self._short, (end, -1, -1))
        found = {key for s, e, key in self._short[lo:hi] if e > start}
        found.update(key for s, e, key in self._long if s < end and e > start)
        return found
