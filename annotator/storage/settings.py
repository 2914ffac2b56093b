"""Project settings (table `settings`): JSON values by key, such as the window's layout.

Most settings are the project's (the assistant's threshold, its model's version). Those saying
how an analyst's window was left are each analyst's own (`ANALYST_SETTINGS`, kept under
`KEY@ANALYST`): on a server project a team shares one project, not one window (ADR 0042). An
analyst who has none yet starts from the project's (what a project kept before, when one
person's window was the only one).
"""

from __future__ import annotations

import json
from typing import Any

from annotator.storage.base import StoreBase
from annotator.storage.rows import (
    to_json,
)

#: Settings each analyst has their own of: their window's layout (panes, docks and their sizes,
#: View toggles), the article they were on, the corpus browser's columns, the export dialog's
#: last format and folders (places on their own machine).
ANALYST_SETTINGS = frozenset(
    {
        "workbench_layout",
        "last_document",
        "corpus_columns",
        "export_format",
        "export_destinations",
    }
)


def analyst_key(key: str, analyst: str) -> str:
    """Where `analyst`'s own value of a setting of `ANALYST_SETTINGS` is kept."""
    return f"{key}@{analyst}"


class Settings(StoreBase):
    """Settings kept in the project."""

    def setting(self, key: str, default: Any = None) -> Any:
        """The setting's value: for one of `ANALYST_SETTINGS`, the acting analyst's own, else
        the project's (one round trip either way)."""
        if key not in ANALYST_SETTINGS:
            row = self._execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
            return json.loads(row[0]) if row else default
        own = analyst_key(key, self.analyst)
        found = dict(
            self._execute("SELECT key, value FROM settings WHERE key IN (?, ?)", [own, key])
        )
        value = found.get(own, found.get(key))
        return json.loads(value) if value is not None else default

    def set_setting(self, key: str, value: Any) -> None:
        """Remember a setting (the window's place: the acting analyst's own, see
        `ANALYST_SETTINGS`); a read-only project keeps it for this session only, not as an
        error: it is where the window was, not anyone's work."""
        if self.read_only:
            return
        if key in ANALYST_SETTINGS:
            key = analyst_key(key, self.analyst)
        with self.transaction():
            self._execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, to_json(value)],
            )
