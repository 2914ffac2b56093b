"""Edits that wait for another writer: made as soon as the project's lock is free, never lost.

While another program (a command-line import merging its articles, a second window) holds the
project's write lock, an edit cannot be committed. The window waits only a moment for the lock
(`LOCK_WAIT`: a key press must not freeze), then keeps the edit here, in order, says so in the
status bar, and tries again every `RETRY_MS`. Edits made meanwhile queue behind it, so they are
committed in the order they were made; an undo or redo pressed meanwhile waits in the same line. An edit the project refuses once it can be tried (its
span was deleted elsewhere meanwhile) becomes a message, as an edit refused at once does.
"""

from __future__ import annotations

import time
from collections import deque
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from annotator.domain.errors import AnnotatorError
from annotator.gui.commands import EditCommand
from annotator.storage.repository import ProjectBusy

if TYPE_CHECKING:
    from annotator.gui.session import Session
    from annotator.gui.undo_redo import StackStep

LOCK_WAIT = 0.02  # seconds an edit waits for the lock before it is kept pending
RETRY_MS = 100
RETRY_BUDGET = 0.03  # seconds of commits a retry may spend before it lets the window run
CLOSE_WAIT = 30.0  # seconds closing the window waits for another writer, to commit what waits


class PendingEdits(QObject):
    """The edits waiting for the lock, oldest first."""

    changed = Signal(int)  # how many wait now

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.session = session
        self._queue: deque[EditCommand | StackStep] = deque()
        self._timer = QTimer(self)
        self._timer.setInterval(RETRY_MS)
        self._timer.timeout.connect(self.retry)

    def __len__(self) -> int:
        return len(self._queue)

    def waiting(self) -> list[EditCommand | StackStep]:
        """What waits, oldest first: edits, and undos and redos (`undo_redo.StackStep`)."""
        return list(self._queue)

    def add(self, command: EditCommand | StackStep) -> None:
        self._queue.append(command)
        if not self._timer.isActive():
            self._timer.start()
            self.session.message.emit(
                "Another program is writing to the project: your edit is kept and will be"
                " saved as soon as it is done."
            )
        self.changed.emit(len(self._queue))

    def retry(self, wait: float | None = None) -> None:
        """Commit the waiting edits in order, up to the first that still finds the lock taken
        (waiting `wait` seconds for it; by default not at all)."""
        before = len(self._queue)
        if before and wait is None:
            # A retry while the lock is still taken must not cost the window anything.
            self.session.service.set_lock_wait(0)
        try:
            self._commit_waiting(budget=None if wait is not None else RETRY_BUDGET)
        finally:
            if wait is None:
                self.session.service.set_lock_wait(LOCK_WAIT)
        if not self._queue:
            self._timer.stop()
            if before:
                self.session.message.emit("Waiting edits saved.")
        if len(self._queue) != before:
            self.changed.emit(len(self._queue))

    def _commit_waiting(self, budget: float | None) -> None:
        """Commit waiting edits in order; a tick stops after `budget` seconds (each commit is a
        sync), so a queue of many edits does not freeze the window once the lock is free."""
        started = time.perf_counter()
        while self._queue:
            if budget is not None and time.perf_counter() - started > budget:
                break
            command = self._queue[0]
            if not isinstance(command, EditCommand):
                # An undo or redo moves the stack as it is made: out of the line first, so the
                # Undo/Redo actions, refreshed as it moves, do not count it twice.
                self._queue.popleft()
            try:
                command.execute()
            except ProjectBusy:
                if not isinstance(command, EditCommand):
                    self._queue.appendleft(command)
                break
            except AnnotatorError as error:
                if isinstance(command, EditCommand):
                    self._queue.popleft()
                self.session.message.emit(f"A waiting edit ({command.text()}) was refused: {error}")
                continue
            if isinstance(command, EditCommand):  # an undo or redo is on the stack already
                self._queue.popleft()
                self.session.undo_stack.push(command)

    def flush(self, wait: float = CLOSE_WAIT) -> int:
        """Commit what waits, waiting up to `wait` seconds for the lock; returns how many are left."""
        if self._queue:
            self.session.service.set_lock_wait(wait)
            try:
                self.retry(wait)
            finally:
                self.session.service.set_lock_wait(LOCK_WAIT)
        return len(self._queue)


class PendingIndicator(QLabel):
    """The status bar's word on waiting edits: hidden when none wait."""

    def __init__(self, pending: PendingEdits, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(self.textFormat().PlainText)
        self.setObjectName("PendingEdits")
        self.setStyleSheet("#PendingEdits { color: #8a5a00; font-weight: 600; }")
        pending.changed.connect(self._show)
        self._show(len(pending))

    def _show(self, count: int) -> None:
        self.setText(f"{count} edit{'s' if count != 1 else ''} waiting to be saved…")
        self.setToolTip(
            "Another program (an import, a second window) is writing to the project; these"
            " edits are saved as soon as it is done."
        )
        self.setVisible(count > 0)
