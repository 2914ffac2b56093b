"""Project settings (table `settings`): JSON values by key, such as the window's layout."""

from __future__ import annotations

import json
from typing import Any

from annotator.storage.base import StoreBase
from annotator.storage.rows import (
    to_json,
)


class Settings(StoreBase):
    """Settings kept in the project."""

    def setting(self, key: str, default: Any = None) -> Any:
        row = self._execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        """Remember a setting (the window's place); a read-only project keeps it for this session
        only, not as an error: it is where the window was, not anyone's work."""
        if self.read_only:
            return
        with self.transaction():
            self._execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, to_json(value)],
            )


# CROSS JOIN keeps the full-text index outermost: SQLite would otherwise start from a status or
