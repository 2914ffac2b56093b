"""Undo commands of assisted labelling: accept or reject suggestions, run a proposer.

Each calls one `Suggestions` method to do and its inverse to undo, like `annotator.gui.commands`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from annotator.domain.errors import AnnotatorError
from annotator.domain.looks import SpanLook
from annotator.gui.commands import EditCommand
from annotator.service import ProjectService
from annotator.service.assist import Accepted, Rejected
from annotator.storage.suggestions import SuggestedRelation


class AcceptSuggestedCommand(EditCommand):
    """Accept suggested spans (one, or all of an origin) and the relations that then hold."""

    def __init__(self, service: ProjectService, span_ids: Sequence[int], text: str) -> None:
        super().__init__(service, text)
        self._span_ids = list(span_ids)
        self.result: Accepted | None = None

    def do(self) -> None:
        if not self._span_ids:
            raise AnnotatorError("no suggestion to accept here")
        self.result = self.service.suggestions.accept(self._span_ids)

    def undo_edit(self) -> None:
        assert self.result is not None
        self.service.suggestions.undo_accept(self.result)


class RejectSuggestedCommand(EditCommand):
    """Reject suggested spans: deleted, and remembered so they are not proposed again."""

    def __init__(
        self,
        service: ProjectService,
        span_ids: Sequence[int],
        text: str,
        shown: Mapping[int, SpanLook] | None = None,
    ) -> None:
        super().__init__(service, text)
        self._span_ids = list(span_ids)
        self._shown = shown
        self.result: Rejected | None = None

    def do(self) -> None:
        if not self._span_ids:
            raise AnnotatorError("no suggestion to reject here")
        self.result = self.service.suggestions.reject(self._span_ids, self._shown)
        # a redo rejects them only as the undo put them back
        self._shown = {i.span.id: i.span for i in self.result.removed if i.span.id is not None}

    def undo_edit(self) -> None:
        assert self.result is not None
        self.service.suggestions.undo_reject(self.result)


class AcceptRelationCommand(EditCommand):
    def __init__(self, service: ProjectService, proposal_id: int) -> None:
        super().__init__(service, "Accept relation")
        self._proposal_id = proposal_id
        self._done: tuple[SuggestedRelation, object] | None = None

    def do(self) -> None:
        self._done = self.service.suggestions.accept_relation(self._proposal_id)

    def undo_edit(self) -> None:
        assert self._done is not None
        proposal, relation = self._done
        self.service.suggestions.undo_accept_relation(proposal, relation)  # type: ignore[arg-type]


class RejectRelationCommand(EditCommand):
    def __init__(self, service: ProjectService, proposal_id: int) -> None:
        super().__init__(service, "Reject relation")
        self._proposal_id = proposal_id
        self._proposal: SuggestedRelation | None = None

    def do(self) -> None:
        self._proposal = self.service.suggestions.reject_relation(self._proposal_id)

    def undo_edit(self) -> None:
        assert self._proposal is not None
        self.service.suggestions.undo_reject_relation(self._proposal)
