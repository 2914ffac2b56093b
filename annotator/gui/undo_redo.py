"""Undo and redo that wait for another writer like edits do, and the window's Undo/Redo actions.

An undo changes the project as an edit does, so while another program (an import merging, a
second window) holds the write lock it cannot be made either. Qt's `QUndoStack.undo()` runs the
command inside C++, where a refusal cannot reach the caller and the stack would move on as if it
had been undone. So the session takes the lock first (one transaction around the stack's step:
the command's own writes nest inside it), and when the lock is taken elsewhere the step is kept in
`pending`, in order behind the edits already waiting, and made when the lock is free.

An undo or redo whose item another window or analyst changed meanwhile is refused as an edit
is (`ChangedMeanwhile`, ADR 0041): the command keeps the refusal and is made obsolete, so the
stack drops it, and the step raises `StepRefused` after Qt's call returns.

A waiting step names the edit it undoes or redoes (`target`); if that edit was refused meanwhile
(a waiting edit whose span was deleted elsewhere), the step is refused with a message rather than
undoing some other edit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from annotator.domain.errors import AnnotatorError, ChangedMeanwhile

if TYPE_CHECKING:
    from annotator.gui.commands import EditCommand
    from annotator.gui.session import Session
    from annotator.service import ProjectService


class StepOutdated(AnnotatorError):
    """The edit a waiting undo or redo was for is not the one it would now undo or redo."""


class StepRefused(ChangedMeanwhile):
    """An undo or redo refused because what it acts on was changed elsewhere meanwhile (the
    command is made obsolete: Qt drops it from the stack, the edits below stay undoable)."""


@dataclass(eq=False)
class StackStep:
    """An undo (or redo) of `target`, made on `stack` inside one transaction of `service`."""

    undo: bool
    target: QUndoCommand
    stack: QUndoStack
    service: ProjectService

    def __post_init__(self) -> None:
        # named now: a refused step's command is dropped (deleted) by Qt, its text with it
        self._text = f"{'Undo' if self.undo else 'Redo'} {self.target.text()}"

    def text(self) -> str:
        return self._text

    def execute(self) -> None:
        """Undo or redo now; raises `ProjectBusy` (nothing changed) while another writer holds
        the lock, `StepOutdated` when the stack's next step is another edit."""
        stack = self.stack
        index = stack.index()
        next_step = stack.command(index - 1 if self.undo else index)
        if next_step is not self.target:
            raise StepOutdated(f"{self.text()} no longer applies: that edit was not saved")
        text = self.text()
        with self.service.store.transaction():  # the write lock first, or ProjectBusy
            if self.undo:
                stack.undo()
            else:
                stack.redo()
            refusal = getattr(self.target, "refusal", None)
            if refusal is not None:  # rolls back whatever the step wrote before its refusal
                reason = refusal.message.split(": the view")[0]  # the why, not the advice
                raise StepRefused(
                    f"{text} was not made — {reason}; the view shows it as it is now, and that"
                    " edit is dropped from the undo history"
                )


@dataclass(frozen=True)
class PlannedStack:
    """The undo stack as it will be once everything waiting is made: the first `kept` commands of
    the real stack, then the waiting edits `added`, with the index at `index`. (Worked out from
    what waits only, not by copying the stack: a long session's stack has thousands of edits.)"""

    stack: QUndoStack
    kept: int
    added: tuple[QUndoCommand, ...]
    index: int

    def command(self, position: int) -> QUndoCommand | None:
        if 0 <= position < self.kept:
            return self.stack.command(position)
        if 0 <= position - self.kept < len(self.added):
            return self.added[position - self.kept]
        return None


def planned_stack(stack: QUndoStack, waiting: Iterable[EditCommand | StackStep]) -> PlannedStack:
    """What the undo stack will be once the waiting edits, undos and redos are made."""
    kept, index = stack.count(), stack.index()
    added: list[QUndoCommand] = []
    for item in waiting:
        if isinstance(item, StackStep):
            index += -1 if item.undo else 1
            continue
        # a new edit drops what could be redone, as Qt's push does
        if index <= kept:
            kept, added = index, []
        else:
            del added[index - kept :]
        added.append(item)
        index += 1
    return PlannedStack(stack, kept, tuple(added), index)


def next_step(session: Session, *, undo: bool) -> StackStep | None:
    """What Ctrl+Z (or Ctrl+Shift+Z) would do now, counting the edits and steps that wait."""
    planned = planned_stack(session.undo_stack, session.pending.waiting())
    target = planned.command(planned.index - 1 if undo else planned.index)
    if target is None:  # nothing to undo or redo (or mid-way through making what waits)
        return None
    return StackStep(undo, target, session.undo_stack, session.service)


class UndoRedoActions:
    """Edit ▸ Undo and Redo: named after the edit they would undo or redo, waiting ones included
    (so Ctrl+Z right after an edit that waits for the lock undoes that edit once it is saved)."""

    def __init__(self, session: Session, parent: QWidget) -> None:
        self.session = session
        self.undo = QAction("&Undo", parent)
        self.undo.setShortcuts([QKeySequence("Ctrl+Z")])
        self.undo.triggered.connect(lambda _checked=False: session.undo())
        self.redo = QAction("&Redo", parent)
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo.triggered.connect(lambda _checked=False: session.redo())
        stack = session.undo_stack
        stack.indexChanged.connect(self.refresh)
        stack.cleanChanged.connect(self.refresh)
        session.pending.changed.connect(self.refresh)
        self.refresh()

    def refresh(self, *_args: object) -> None:
        if self.session.closed or not shiboken6.isValid(self.session.undo_stack):
            return  # the stack empties itself as it is destroyed, telling us so
        for action, undo, word in ((self.undo, True, "&Undo"), (self.redo, False, "&Redo")):
            step = next_step(self.session, undo=undo)
            action.setEnabled(step is not None)
            action.setText(f"{word} {step.target.text()}" if step is not None else word)
