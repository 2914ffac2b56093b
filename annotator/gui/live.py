"""The window keeps in step with other writers: a command-line import, a second window.

A timer asks the service every `POLL_MS` whether another connection committed (`PRAGMA
data_version`, no disk read when nothing did); the service then announces the new articles, the
schema as stored, and `ChangedElsewhere`, on which every view rereads what it shows. So an import
run beside the window appears in the corpus browser within a second, without a search. The same
timer starts the window's WAL checkpoints on a thread (see `annotator.service.live.Checkpoints`).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from annotator.domain.errors import AnnotatorError
from annotator.gui.session import Session
from annotator.service.live import Checkpoints

POLL_MS = 300
CHECKPOINT_EVERY = 10  # polls (~3 s)
IDLE_SECONDS = 2.0


class LiveProject(QObject):
    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        session.service.take_in_outside_changes()  # what this window sees now is the start
        self.checkpoints = Checkpoints(session.service.store)
        self._polls = 0
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()

    def poll(self) -> bool:
        """Take in other connections' commits; True if there were any."""
        if self.session.closed:
            self.timer.stop()
            return False
        self._polls += 1
        if self._polls % CHECKPOINT_EVERY == 0 and self.session.idle_for() > IDLE_SECONDS:
            # A checkpoint's writes slow the next commits' syncs: only while the analyst pauses.
            self.checkpoints.maybe_start()
        try:
            return self.session.service.take_in_outside_changes()
        except AnnotatorError as error:  # the file went away or broke: say so, keep the window
            self.session.message.emit(str(error))
            return False
