"""The GUI's handle on an open project: the service, its signals, and the undo stack.

Views ask the session for edits; the session wraps each in an undo command and pushes it. A refused
edit (bad offsets, unknown label) becomes a message, never an exception in a key handler. An edit
that finds another program writing to the project waits in `pending` (see `annotator.gui.pending`),
and so do undo and redo (`annotator.gui.undo_redo`).
Before each edit the session takes in what other connections committed, so an edit is checked
against the project as it is (a label another window renamed away is refused with a message).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from annotator.domain.errors import AnnotatorError, ChangedMeanwhile, NotFound
from annotator.domain.looks import SpanLook
from annotator.domain.model import Span
from annotator.gui.assist_commands import (
    AcceptSuggestedCommand,
    RejectRelationCommand,
    RejectSuggestedCommand,
)
from annotator.gui.commands import (
    AcceptSuggestionsCommand,
    AddLinkCommand,
    AddRelationCommand,
    AddSpanCommand,
    EditCommand,
    Ends,
    RemoveLinkCommand,
    RemoveRelationCommand,
    RemoveSpanCommand,
    SetStatusCommand,
    UpdateSpanCommand,
)
from annotator.gui.pending import LOCK_WAIT, PendingEdits
from annotator.gui.signals import ProjectSignals
from annotator.gui.span_commands import (
    RelabelSpansCommand,
    RelateToHeadCommand,
    RemoveSpansCommand,
    ResizeSpanCommand,
)
from annotator.gui.span_index import SpanMark
from annotator.gui.undo_redo import StackStep, next_step
from annotator.service import ProjectService
from annotator.storage.repository import ProjectBusy

#: What `Session.push` says of an edit kept to be made when another writer lets go of the project.
PENDING = "the project is busy (another program is writing to it): the edit is made when it is done"


class Session(QObject):
    """One open project in the GUI."""

    message = Signal(str)  # something the user should read in the status bar
    find_elsewhere = Signal(int)  # F on a chosen span: list the same one in other articles

    def __init__(self, service: ProjectService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.signals = ProjectSignals(service, self)
        self.undo_stack = QUndoStack(self)
        self.snap_to_words = True
        self.pending = PendingEdits(self)
        self.closed = False
        #: Keep where the analyst is (layout, last article) in the project as it changes; off for
        #: `annotator screenshot`, which only reads the project and must not move the user's place.
        self.remembers_place = True
        self._last_edit = time.monotonic()
        service.set_lock_wait(LOCK_WAIT)

    def edit(self, command: EditCommand) -> bool:
        """Make an edit of a module's own (stories, properties) and put it on the undo stack;
        False if it was refused (said in the status bar) or waits behind another writer."""
        return self._push(command)

    def _push(self, command: EditCommand) -> bool:
        """Make the edit, then put it on the undo stack; a refusal becomes a message.

        False when the edit was refused, or is kept pending (another writer has the lock).
        """
        refusal = self.push(command)
        if refusal is not None and refusal != PENDING:
            self.message.emit(refusal)
        return refusal is None

    def push(self, command: EditCommand | StackStep) -> str | None:
        """Make the edit and put it on the undo stack (or make an undo or redo); returns why it
        was not made (`PENDING` when it waits behind another writer's lock), or None (for a
        dialog that shows refusals itself, as the schema editor does)."""
        self._last_edit = time.monotonic()
        self.service.take_in_outside_changes()
        if len(self.pending):
            self.pending.add(command)  # behind the edits already waiting, in order
            return PENDING
        try:
            command.execute()
        except ProjectBusy:
            self.pending.add(command)
            return PENDING
        except ChangedMeanwhile as error:
            # changed between the look taken in above and the write: the views catch up now
            self.service.take_in_outside_changes()
            return str(error)
        except AnnotatorError as error:
            return str(error)
        if isinstance(command, EditCommand):
            self.undo_stack.push(command)
        return None

    def undo(self) -> bool:
        """Ctrl+Z: undo the last edit (the last one waiting, if edits wait for the lock). Kept
        pending like an edit while another writer holds the lock; True if made now."""
        return self._step(undo=True)

    def redo(self) -> bool:
        """Ctrl+Shift+Z: redo what was last undone, kept pending as `undo` is."""
        return self._step(undo=False)

    def _step(self, *, undo: bool) -> bool:
        self._last_edit = time.monotonic()
        self.service.take_in_outside_changes()
        step = next_step(self, undo=undo)
        if step is None:
            return False
        refusal = self.push(step)
        if refusal is not None and refusal != PENDING:
            self.message.emit(refusal)
        return refusal is None

    def add_span(
        self,
        document_id: int,
        start: int,
        end: int,
        label: str,
        *,
        snap: bool | None = None,
        layer: str | None = None,
    ) -> Span | None:
        """Label a stretch in one's own layer, or in `layer` (the curator's `curated`)."""
        command = AddSpanCommand(
            self.service,
            document_id,
            start,
            end,
            label,
            snap=self.snap_to_words if snap is None else snap,
            layer=layer,
        )
        return command.span if self._push(command) else None

    def remove_span(self, span_id: int, shown: Span | SpanMark | None = None) -> bool:
        """Delete a span as the window `shown` it (refused, as `relabel_span` is, if another
        window or analyst changed it since)."""
        return self._push(RemoveSpanCommand(self.service, span_id, shown))

    def _changed_since(self, stored: Span, shown: Span | SpanMark | None) -> bool:
        """Whether the span was changed elsewhere since the window showed it as `shown`; if so
        the views are brought up to date and the analyst told."""
        if shown is None or (stored.label, stored.start, stored.end, stored.suggested) == (
            shown.label,
            shown.start,
            shown.end,
            shown.suggested,
        ):
            return False
        self.service.take_in_outside_changes()
        self.message.emit(str(ChangedMeanwhile()))
        return True

    def relabel_span(self, span_id: int, label: str, shown: Span | SpanMark | None = None) -> bool:
        """Relabel a span as the window `shown` it: if another window or analyst changed it since
        (before this window heard of it), refused with a message and the view brought up to date,
        never written over the other change."""
        span = self.service.span(span_id)
        if self._changed_since(span, shown):
            return False
        if span.label == label and span.suggested:  # the same label on a suggestion accepts it
            return self.accept_suggested([span_id], f"Accept {label}")
        if span.suggested:  # another label's key accepts the suggestion as that label
            return self._push(
                UpdateSpanCommand(
                    self.service, replace(span, label=label, suggested=False), f"Accept as {label}"
                )
            )
        if span.label == label:
            return False
        return self._push(
            UpdateSpanCommand(self.service, replace(span, label=label), f"Relabel as {label}")
        )

    def update_span(self, after: Span, description: str, shown: Span | None = None) -> bool:
        """Store a span's new attributes or note (one undoable edit), made from the span as
        the window `shown` it (refused if another window or analyst changed it since)."""
        if after == (shown if shown is not None else self._stored(after.id)):
            return False  # nothing to change
        return self._push(UpdateSpanCommand(self.service, after, description, shown))

    def resize_span(
        self, span_id: int, start: int, end: int, shown: SpanLook | None = None
    ) -> bool:
        """Move a span's edges to `[start, end)` (one undoable edit), from the span as the
        window `shown` it (refused if changed elsewhere since)."""
        was = shown if shown is not None else self._stored(span_id)
        if was is not None and (was.start, was.end) == (start, end):
            return False  # nothing to change
        return self._push(ResizeSpanCommand(self.service, span_id, start, end, shown))

    def _stored(self, span_id: int | None) -> Span | None:
        """The span as stored, None when it is not (the edit then says so itself)."""
        try:
            return self.service.span(span_id if span_id is not None else -1)
        except NotFound:
            return None

    def relabel_spans(
        self, span_ids: list[int], label: str, shown: Sequence[SpanLook] = ()
    ) -> bool:
        """Several chosen spans relabelled in one undoable step (none if one of them is no
        longer as `shown`: marks of the chosen spans, by their ids)."""
        looks = _by_id(shown)
        return self._push(RelabelSpansCommand(self.service, span_ids, label, looks))

    def remove_spans(self, span_ids: list[int], shown: Sequence[SpanLook] = ()) -> bool:
        """Several chosen spans deleted in one undoable step (checked as `relabel_spans`)."""
        return self._push(RemoveSpansCommand(self.service, span_ids, _by_id(shown)))

    def relate_to_head(
        self, head_id: int, child_ids: list[int], label: str, shown: Sequence[SpanLook] = ()
    ) -> bool:
        return self._push(
            RelateToHeadCommand(self.service, head_id, child_ids, label, _by_id(shown))
        )

    def set_status(self, document_id: int, status: str) -> bool:
        return self._push(SetStatusCommand(self.service, document_id, status))

    def add_relation(
        self, head_id: int, child_id: int, label: str, shown: Ends = (None, None)
    ) -> bool:
        """Relate two spans as the window `shown` them (refused if either changed since)."""
        return self._push(AddRelationCommand(self.service, head_id, child_id, label, shown))

    def remove_relation(self, relation_id: int) -> bool:
        return self._push(RemoveRelationCommand(self.service, relation_id))

    def add_link(self, a_id: int, b_id: int, label: str, shown: Ends = (None, None)) -> bool:
        """Link two spans as the windows `shown` them (refused if either changed since)."""
        return self._push(AddLinkCommand(self.service, a_id, b_id, label, shown))

    def remove_link(self, link_id: int) -> bool:
        return self._push(RemoveLinkCommand(self.service, link_id))

    def accept_suggestions(self, document_id: int) -> int:
        """Accept an article's suggested spans in one undoable step; returns how many."""
        command = AcceptSuggestionsCommand(self.service, document_id)
        return len(command.before) if self._push(command) else 0

    def idle_for(self) -> float:
        """Seconds since the last edit the analyst asked for."""
        return time.monotonic() - self._last_edit

    def accept_suggested(self, span_ids: list[int], text: str = "Accept suggestion") -> bool:
        """Accept suggested spans (and the proposed relations that then hold): one undo step."""
        return self._push(AcceptSuggestedCommand(self.service, span_ids, text))

    def reject_suggested(
        self, span_ids: list[int], text: str = "Reject suggestion", shown: Sequence[SpanLook] = ()
    ) -> bool:
        """Reject suggested spans, remembered for their article: one undo step (refused if one
        is no longer as `shown`: accepted or changed elsewhere meanwhile)."""
        return self._push(RejectSuggestedCommand(self.service, span_ids, text, _by_id(shown)))

    def reject_proposed_relation(self, proposal_id: int) -> bool:
        return self._push(RejectRelationCommand(self.service, proposal_id))

    def close(self) -> None:
        """Commit the edits still waiting (waiting for the other writer a while), then let go of
        the project (once: a window switched away and the app's exit may both ask)."""
        if self.closed:
            return
        left = self.pending.flush()
        if left:
            import sys

            print(
                f"annotator: error: {left} edit(s) could not be saved: another program held"
                " the project's lock",
                file=sys.stderr,
            )
        self.closed = True
        self.signals.detach()
        self.service.close()


def _by_id(shown: Sequence[SpanLook]) -> dict[int, SpanLook] | None:
    """Looks of chosen spans (marks or spans, which carry their id) by span id; None: none."""
    looks = {look.id: look for look in shown if getattr(look, "id", None) is not None}  # type: ignore[attr-defined]
    return looks or None
