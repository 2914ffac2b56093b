"""Taking in what other connections commit to the project: another window, a command-line import.

The service announces its own changes as it makes them; changes made elsewhere reach it only by
asking. `OutsideChanges.take_in()` asks (cheaply: `PRAGMA data_version`) and, when something was
committed elsewhere, says what: the schema as stored now (if it differs), the ids of articles
added, and that anything else (spans, relations, links, statuses) may have changed too.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from annotator.domain.labels import LabelSchema
from annotator.storage.changes import (
    checkpoint,
    data_version,
    document_ids_after,
    newest_document_id,
    set_autocheckpoint,
    wal_size,
)
from annotator.storage.repository import ProjectStore


@dataclass(frozen=True)
class OutsideChange:
    schema: LabelSchema | None  # the stored schema, when it is not the one the service holds
    new_document_ids: tuple[int, ...]


class OutsideChanges:
    """Remembers what this connection last saw, to tell what others committed since."""

    def __init__(self, store: ProjectStore) -> None:
        self._store = store
        self._version = data_version(store)
        self._newest = newest_document_id(store)

    def take_in(self, schema: LabelSchema) -> OutsideChange | None:
        """None when no other connection committed since the last call."""
        version = data_version(self._store)
        if version == self._version:
            return None
        self._version = version
        stored = self._store.load_schema()
        added = document_ids_after(self._store, self._newest)
        if added:
            self._newest = added[-1]
        return OutsideChange(stored if stored != schema else None, added)

    def saw_own_documents(self, ids: tuple[int, ...]) -> None:
        """This connection stored these articles (announced already): not news from elsewhere."""
        if ids:
            self._newest = max(self._newest, max(ids))


class Checkpoints:
    """A window's WAL upkeep: its own commits never copy the WAL into the file (a key press must
    not pay for another program's import); a thread does, now and then, when the WAL has grown."""

    def __init__(self, store: ProjectStore, threshold: int = 4 << 20) -> None:
        self._path = store.path
        self._threshold = threshold
        self._thread: threading.Thread | None = None
        set_autocheckpoint(store, 0)

    def maybe_start(self) -> bool:
        """Start a checkpoint thread if the WAL is large and none runs; True if one started."""
        if self._thread is not None and self._thread.is_alive():
            return False
        if wal_size(self._path) < self._threshold:
            return False
        self._thread = threading.Thread(
            target=checkpoint, args=(self._path,), name="annotator-checkpoint", daemon=True
        )
        self._thread.start()
        return True

    def wait(self, seconds: float = 10.0) -> None:
        if self._thread is not None:
            self._thread.join(seconds)
