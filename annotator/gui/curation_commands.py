"""The adjudication's undoable steps: one `QUndoCommand` per curation step or status change,
each made and undone by `service.curation` (see `annotator.gui.adjudication`)."""

from __future__ import annotations

from collections.abc import Callable

from annotator.domain.errors import AnnotatorError
from annotator.gui.commands import EditCommand
from annotator.service import ProjectService
from annotator.service.curation import DONE, CurationEdit


class CurationCommand(EditCommand):
    """One curation step (take, merge, accept agreed): made by the service, undone exactly."""

    def __init__(
        self,
        service: ProjectService,
        make: Callable[[], CurationEdit],
        text: str,
        where: tuple[int, int] | None = None,
    ):
        super().__init__(service, text)
        self._make = make
        self.edit: CurationEdit | None = None
        #: (article, disagreement number) the step settled: its undo or redo goes back there.
        self.where = where

    def do(self) -> None:
        edit = self._make()
        if edit.empty:
            raise AnnotatorError("the curated layer already holds that: nothing to change")
        self.edit = edit
        self.setText(edit.text)

    def redo_again(self) -> None:
        assert self.edit is not None
        self.service.team.curation.redo(self.edit)

    def undo(self) -> None:
        assert self.edit is not None
        self.service.team.curation.undo(self.edit)


class CurationStatusCommand(EditCommand):
    """Mark an article's curation done (or back); undo puts back the status it had."""

    def __init__(self, service: ProjectService, document_id: int, status: str) -> None:
        super().__init__(service, "Mark curated" if status == DONE else "Mark curation open")
        self._request = (document_id, status)
        self._before: str | None = None

    def do(self) -> None:
        self._before = self.service.team.curation.set_status(*self._request)

    def undo(self) -> None:
        self.service.team.curation.set_status(self._request[0], self._before)
