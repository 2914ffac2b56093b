"""One `QUndoCommand` per user edit, each calling one service method to do and one to undo.

An edit is first made by `execute()`, outside the undo stack, so a refusal (an `AnnotatorError`)
reaches the caller instead of vanishing inside Qt's `push()`; `push()` then calls `redo()`, which
skips that first time. Later redos restore the same object (same id), so relations and links that
point at it stay valid.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QUndoCommand

from annotator.domain.model import Link, Relation, RemovedSpan, Span
from annotator.service import ProjectService


class EditCommand(QUndoCommand):
    def __init__(self, service: ProjectService, text: str) -> None:
        super().__init__(text)
        self.service = service
        self._executed = False

    def execute(self) -> None:
        """Make the edit the first time; raises `AnnotatorError` when the service refuses it."""
        self.do()
        self._executed = True

    def redo(self) -> None:
        if self._executed:
            self._executed = False  # push() calls redo() right after execute()
            return
        self.redo_again()

    def do(self) -> None:
        raise NotImplementedError

    def redo_again(self) -> None:
        self.do()


class AddSpanCommand(EditCommand):
    def __init__(
        self,
        service: ProjectService,
        document_id: int,
        start: int,
        end: int,
        label: str,
        *,
        snap: bool,
        layer: str | None = None,
    ) -> None:
        super().__init__(service, f"Label {label}")
        self._request = (document_id, start, end, label, snap)
        self._layer = layer
        self._removed: RemovedSpan | None = None
        self.span: Span | None = None
        self._started = False  # the article's first span: its undo puts the article back to new

    def do(self) -> None:
        document_id, start, end, label, snap = self._request
        self.span, self._started = self.service.add_span_starting(
            document_id, start, end, label, snap=snap, layer=self._layer
        )

    def redo_again(self) -> None:
        assert self._removed is not None
        self.service.restore_span(self._removed, starts=self._started)

    def undo(self) -> None:
        assert self.span is not None and self.span.id is not None
        self._removed = self.service.remove_span(self.span.id, unstarts=self._started)


class RemoveSpanCommand(EditCommand):
    def __init__(self, service: ProjectService, span_id: int) -> None:
        super().__init__(service, "Delete span")
        self._span_id = span_id
        self._removed: RemovedSpan | None = None

    def do(self) -> None:
        self._removed = self.service.remove_span(self._span_id)
        self.setText(f"Delete {self._removed.span.label}")

    def undo(self) -> None:
        assert self._removed is not None
        self.service.restore_span(self._removed)


class UpdateSpanCommand(EditCommand):
    """A change of label, attributes or note: undo stores the span as it was."""

    def __init__(self, service: ProjectService, after: Span, text: str) -> None:
        super().__init__(service, text)
        self._after = after
        self._before: Span | None = None

    def do(self) -> None:
        self._before = self.service.update_span(self._after)
        # Checked against the version it was made from once; a redo puts it back as it was.
        self._after = replace(self._after, version=None)

    def undo(self) -> None:
        assert self._before is not None
        self.service.update_span(self._before)


class SetStatusCommand(EditCommand):
    """Mark an article new, in progress or done; undo puts back the status it had."""

    def __init__(self, service: ProjectService, document_id: int, status: str) -> None:
        super().__init__(service, f"Mark {status.replace('_', ' ')}")
        self._document_id = document_id
        self._status = status
        self._before: str | None = None

    def do(self) -> None:
        self._before = self.service.set_status(self._document_id, self._status)

    def undo(self) -> None:
        assert self._before is not None
        self.service.set_status(self._document_id, self._before)


class AddRelationCommand(EditCommand):
    def __init__(self, service: ProjectService, head_id: int, child_id: int, label: str) -> None:
        super().__init__(service, f"Relate {label}")
        self._request = (head_id, child_id, label)
        self.relation: Relation | None = None

    def do(self) -> None:
        self.relation = self.service.add_relation(*self._request)

    def redo_again(self) -> None:
        assert self.relation is not None
        self.service.restore_relation(self.relation)

    def undo(self) -> None:
        assert self.relation is not None and self.relation.id is not None
        self.service.remove_relation(self.relation.id)


class RemoveRelationCommand(EditCommand):
    def __init__(self, service: ProjectService, relation_id: int) -> None:
        super().__init__(service, "Delete relation")
        self._relation_id = relation_id
        self._removed: Relation | None = None

    def do(self) -> None:
        self._removed = self.service.remove_relation(self._relation_id)

    def undo(self) -> None:
        assert self._removed is not None
        self.service.restore_relation(self._removed)


class AddLinkCommand(EditCommand):
    def __init__(self, service: ProjectService, a_id: int, b_id: int, label: str) -> None:
        super().__init__(service, f"Link {label}")
        self._request = (a_id, b_id, label)
        self.link: Link | None = None

    def do(self) -> None:
        self.link = self.service.add_link(*self._request)

    def redo_again(self) -> None:
        assert self.link is not None
        self.service.restore_link(self.link)

    def undo(self) -> None:
        assert self.link is not None and self.link.id is not None
        self.service.remove_link(self.link.id)


class RemoveLinkCommand(EditCommand):
    def __init__(self, service: ProjectService, link_id: int) -> None:
        super().__init__(service, "Delete link")
        self._link_id = link_id
        self._removed: Link | None = None

    def do(self) -> None:
        self._removed = self.service.remove_link(self._link_id)

    def undo(self) -> None:
        assert self._removed is not None
        self.service.restore_link(self._removed)


class AcceptSuggestionsCommand(EditCommand):
    """Accept every suggested span of an article (e.g. the debris a detector found) at once."""

    def __init__(self, service: ProjectService, document_id: int) -> None:
        super().__init__(service, "Accept suggestions")
        self._document_id = document_id
        self.before: list[Span] = []

    def do(self) -> None:
        self.before = self.service.accept_suggestions(self._document_id)

    def undo(self) -> None:
        self.service.update_spans(self.before)
