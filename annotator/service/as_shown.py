"""Reading the span an edit acts on as the analyst saw it, or refusing the edit (ADR 0041).

The service's edits of existing spans take an optional `shown` look (`domain.looks`). Given
one, the stored span is read and compared with it: gone, or not as shown, the edit is refused
with `ChangedMeanwhile`; as shown, the edit is written only at the version just read, so a
change that lands between this read and the write is refused too. Without one (a script, a
bulk tool) the edit is made as asked, as before.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from annotator.domain.errors import DELETED_MEANWHILE, ChangedMeanwhile, NotFound
from annotator.domain.looks import SpanLook, looks_changed
from annotator.domain.model import Span
from annotator.storage.repository import ProjectStore


def span_as_shown(store: ProjectStore, span_id: int, shown: SpanLook | None) -> Span:
    """The stored span (with its version), refused if it is not as `shown` showed it."""
    try:
        stored = store.span(span_id)
    except NotFound:
        if shown is None:
            raise
        raise ChangedMeanwhile(DELETED_MEANWHILE) from None
    if shown is not None and looks_changed(stored, shown):
        raise ChangedMeanwhile
    return stored


def spans_as_shown(
    store: ProjectStore, span_ids: Sequence[int], shown: Mapping[int, SpanLook] | None
) -> dict[int, Span]:
    """Several spans read as `span_as_shown` reads one (one query); ids without a look in
    `shown` are read unchecked, and left out when gone."""
    found = store.spans_by_ids(list(span_ids))
    for span_id, look in (shown or {}).items():
        stored = found.get(span_id)
        if stored is None:
            raise ChangedMeanwhile(DELETED_MEANWHILE)
        if looks_changed(stored, look):
            raise ChangedMeanwhile
    return found


def versions_of(spans: Mapping[int, Span], shown: Mapping[int, SpanLook] | None) -> dict[int, int]:
    """The versions to write the checked spans at (only those given a look)."""
    return {
        span_id: version
        for span_id in (shown or {})
        if (version := spans[span_id].version) is not None
    }
