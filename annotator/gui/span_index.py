"""A sorted index of one document's spans, for painting and keyboard navigation.

A cache derived from the project (it is rebuilt from the service and kept in step by its signals),
never the data itself. Offsets are code points, like everything outside the text view's conversion.
"""

from __future__ import annotations

from bisect import bisect_left, insort

from annotator.domain.model import Span

#: Spans longer than this are kept apart, so one debris block over the whole tail does not make
#: every lookup scan the whole index.
LONG_SPAN = 4096


class SpanIndex:
    def __init__(self, spans: list[Span] | None = None) -> None:
        self._by_id: dict[int, Span] = {}
        self._keys: list[tuple[int, int, int]] = []  # (start, end, id) of short spans, sorted
        self._long: list[Span] = []
        self._max_short = 0
        for span in spans or ():
            self.add(span)

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, span_id: object) -> bool:
        return span_id in self._by_id

    def get(self, span_id: int) -> Span | None:
        return self._by_id.get(span_id)

    def all(self) -> list[Span]:
        return sorted(self._by_id.values(), key=lambda s: (s.start, s.end, s.id or 0))

    def add(self, span: Span) -> None:
        assert span.id is not None
        if span.id in self._by_id:
            self.remove(span.id)
        self._by_id[span.id] = span
        if span.end - span.start > LONG_SPAN:
            self._long.append(span)
        else:
            insort(self._keys, (span.start, span.end, span.id))
            self._max_short = max(self._max_short, span.end - span.start)

    def remove(self, span_id: int) -> Span | None:
        span = self._by_id.pop(span_id, None)
        if span is None:
            return None
        if span.end - span.start > LONG_SPAN:
            self._long = [s for s in self._long if s.id != span_id]
        else:
            key = (span.start, span.end, span_id)
            i = bisect_left(self._keys, key)
            if i < len(self._keys) and self._keys[i] == key:
                del self._keys[i]
        return span

    def overlapping(self, start: int, end: int) -> list[Span]:
        """Spans that share at least one character with `[start, end)`, sorted by start."""
        lo = bisect_left(self._keys, (start - self._max_short, -1, -1))
        hi = bisect_left(self._keys, (end, -1, -1))
        found = [self._by_id[i] for s, e, i in self._keys[lo:hi] if e > start]
        found += [span for span in self._long if span.start < end and span.end > start]
        found.sort(key=lambda s: (s.start, s.end))
        return found

    def at(self, position: int) -> list[Span]:
        """Spans covering the character at `position`, innermost (shortest) first."""
        spans = self.overlapping(position, position + 1)
        spans.sort(key=lambda s: (s.end - s.start, s.start))
        return spans

    def next_after(self, position: int, current: int | None = None) -> Span | None:
        """The first span starting after `position` (or after the `current` span), wrapping."""
        ordered = self.all()
        if not ordered:
            return None
        if current is not None and current in self._by_id:
            i = next(n for n, s in enumerate(ordered) if s.id == current)
            return ordered[(i + 1) % len(ordered)]
        return next((s for s in ordered if s.start >= position), ordered[0])

    def previous_before(self, position: int, current: int | None = None) -> Span | None:
        ordered = self.all()
        if not ordered:
            return None
        if current is not None and current in self._by_id:
            i = next(n for n, s in enumerate(ordered) if s.id == current)
            return ordered[(i - 1) % len(ordered)]
        before = [s for s in ordered if s.start < position]
        return before[-1] if before else ordered[-1]
