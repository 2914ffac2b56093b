"""What an analyst saw of a span when they asked for an edit, and whether the stored span is still
that (ADR 0041).

Every edit of an existing span (a relabel, a resize, a delete, a note, an undo or redo, a relation
or link to it) is made from a look of it: the pane's mark (label, extent, suggested) or, where the
window shows all of it (the inspector, an undo that knows what its edit left), the whole span. If
the stored span no longer looks so, somebody else changed it meanwhile and the edit is refused
(`ChangedMeanwhile`) instead of being written over that change.
"""

from __future__ import annotations

from typing import Protocol

from annotator.domain.model import Span


class SpanLook(Protocol):
    """What a pane shows of a span (a `gui.span_index.SpanMark`, or a whole `Span`)."""

    @property
    def label(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def suggested(self) -> bool: ...


def looks_changed(stored: Span, shown: SpanLook) -> bool:
    """Whether `stored` is not what `shown` showed: another label or extent, accepted or not, and,
    when `shown` is a whole span, other attributes or another note."""
    if (stored.label, stored.start, stored.end, bool(stored.suggested)) != (
        shown.label,
        shown.start,
        shown.end,
        bool(shown.suggested),
    ):
        return True
    return isinstance(shown, Span) and (
        dict(stored.attributes) != dict(shown.attributes) or stored.note != shown.note
    )
