"""Undo commands for a span's extent and for edits of several chosen spans at once.

Each is one user edit calling one `ProjectService.span_edits` method to do and one to undo (see
`annotator.gui.commands` for how `execute()` and the undo stack's `redo()` share the first run).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from annotator.domain.looks import SpanLook
from annotator.domain.model import Relation, RemovedSpan, Span
from annotator.gui.commands import EditCommand
from annotator.service import ProjectService


class ResizeSpanCommand(EditCommand):
    """Move a span's start or end (Shift+arrows, or dragging an edge)."""

    def __init__(
        self,
        service: ProjectService,
        span_id: int,
        start: int,
        end: int,
        shown: SpanLook | None = None,
    ) -> None:
        super().__init__(service, "Resize span")
        self._span_id = span_id
        self._extent = (start, end)
        self._shown = shown
        self._before: Span | None = None

    def do(self) -> None:
        self._before = self.service.span_edits.resize_span(
            self._span_id, *self._extent, shown=self._shown
        )
        self.setText(f"Resize {self._before.label}")

    def _after(self) -> Span:
        assert self._before is not None
        start, end = self._extent
        return replace(self._before, start=start, end=end)

    def redo_again(self) -> None:
        assert self._before is not None
        edits = self.service.span_edits
        edits.resize_span(self._span_id, *self._extent, shown=self._before)

    def undo_edit(self) -> None:
        assert self._before is not None
        before = self._before
        edits = self.service.span_edits
        edits.resize_span(self._span_id, before.start, before.end, shown=self._after())


class RelabelSpansCommand(EditCommand):
    def __init__(
        self,
        service: ProjectService,
        span_ids: Sequence[int],
        label: str,
        shown: Mapping[int, SpanLook] | None = None,
    ) -> None:
        super().__init__(service, f"Relabel {len(span_ids)} spans as {label}")
        self._request = (tuple(span_ids), label)
        self._shown = shown
        self.before: list[Span] = []

    def do(self) -> None:
        self.before = self.service.span_edits.relabel_spans(*self._request, shown=self._shown)

    def _afters(self) -> list[Span]:
        label = self._request[1]
        return [replace(b, label=label, suggested=False, version=None) for b in self.before]

    def redo_again(self) -> None:
        befores = {b.id: b for b in self.before if b.id is not None}
        self.service.update_spans(self._afters(), shown=befores)

    def undo_edit(self) -> None:
        afters = {a.id: a for a in self._afters() if a.id is not None}
        self.service.update_spans(self.before, shown=afters)


class RemoveSpansCommand(EditCommand):
    def __init__(
        self,
        service: ProjectService,
        span_ids: Sequence[int],
        shown: Mapping[int, SpanLook] | None = None,
    ) -> None:
        super().__init__(service, f"Delete {len(span_ids)} spans")
        self._span_ids = tuple(span_ids)
        self._shown = shown
        self._removed: list[RemovedSpan] = []

    def do(self) -> None:
        self._removed = self.service.span_edits.remove_spans(self._span_ids, shown=self._shown)
        # a redo deletes them only as the undo put them back
        self._shown = {item.span.id: item.span for item in self._removed if item.span.id}

    def undo_edit(self) -> None:
        self.service.span_edits.restore_spans(self._removed)


class RelateToHeadCommand(EditCommand):
    """One head related to several spans with one label ("link several regions to one")."""

    def __init__(
        self,
        service: ProjectService,
        head_id: int,
        child_ids: Sequence[int],
        label: str,
        shown: Mapping[int, SpanLook] | None = None,
    ) -> None:
        super().__init__(service, f"Relate {len(child_ids)} spans {label}")
        self._request = (head_id, tuple(child_ids), label)
        self._shown = shown
        self.relations: list[Relation] = []

    def do(self) -> None:
        self.relations = self.service.span_edits.relate_to_head(*self._request, shown=self._shown)

    def redo_again(self) -> None:
        self.service.span_edits.restore_relations(self.relations)

    def undo_edit(self) -> None:
        self.service.span_edits.remove_relations(self.relations)
