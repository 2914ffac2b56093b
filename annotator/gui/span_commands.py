"""Undo commands for a span's extent and for edits of several chosen spans at once.

Each is one user edit calling one `ProjectService.span_edits` method to do and one to undo (see
`annotator.gui.commands` for how `execute()` and the undo stack's `redo()` share the first run).
"""

from __future__ import annotations

from collections.abc import Sequence

from annotator.domain.model import Relation, RemovedSpan, Span
from annotator.gui.commands import EditCommand
from annotator.service import ProjectService


class ResizeSpanCommand(EditCommand):
    """Move a span's start or end (Shift+arrows, or dragging an edge)."""

    def __init__(self, service: ProjectService, span_id: int, start: int, end: int) -> None:
        super().__init__(service, "Resize span")
        self._span_id = span_id
        self._extent = (start, end)
        self._before: Span | None = None

    def do(self) -> None:
        self._before = self.service.span_edits.resize_span(self._span_id, *self._extent)
        self.setText(f"Resize {self._before.label}")

    def undo(self) -> None:
        assert self._before is not None
        self.service.span_edits.resize_span(self._span_id, self._before.start, self._before.end)


class RelabelSpansCommand(EditCommand):
    def __init__(self, service: ProjectService, span_ids: Sequence[int], label: str) -> None:
        super().__init__(service, f"Relabel {len(span_ids)} spans as {label}")
        self._request = (tuple(span_ids), label)
        self.before: list[Span] = []

    def do(self) -> None:
        self.before = self.service.span_edits.relabel_spans(*self._request)

    def undo(self) -> None:
        self.service.update_spans(self.before)


class RemoveSpansCommand(EditCommand):
    def __init__(self, service: ProjectService, span_ids: Sequence[int]) -> None:
        super().__init__(service, f"Delete {len(span_ids)} spans")
        self._span_ids = tuple(span_ids)
        self._removed: list[RemovedSpan] = []

    def do(self) -> None:
        self._removed = self.service.span_edits.remove_spans(self._span_ids)

    def undo(self) -> None:
        self.service.span_edits.restore_spans(self._removed)


class RelateToHeadCommand(EditCommand):
    """One head related to several spans with one label ("link several regions to one")."""

    def __init__(
        self, service: ProjectService, head_id: int, child_ids: Sequence[int], label: str
    ) -> None:
        super().__init__(service, f"Relate {len(child_ids)} spans {label}")
        self._request = (head_id, tuple(child_ids), label)
        self.relations: list[Relation] = []

    def do(self) -> None:
        self.relations = self.service.span_edits.relate_to_head(*self._request)

    def redo_again(self) -> None:
        self.service.span_edits.restore_relations(self.relations)

    def undo(self) -> None:
        self.service.span_edits.remove_relations(self.relations)
