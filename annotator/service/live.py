"""Taking in what other connections commit to the project: another window, a command-line import.

The service announces its own changes as it makes them; changes made elsewhere reach it only by
asking. `OutsideChanges.take_in()` asks (cheaply: `PRAGMA data_version`) and, when something was
committed elsewhere, says what: the schema as stored now (if it differs), the ids of articles
added, and that anything else (spans, relations, links, statuses) may have changed too.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.domain.labels import LabelSchema
from annotator.storage.changes import data_version, document_ids_after, newest_document_id
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
