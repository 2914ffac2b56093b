"""The projects opened last (File ▸ Open recent), newest first, at most ten.

Kept in the user data folder (`paths.recent_projects_file`), not in any project: it is about the
user, not about one corpus. Written to a temporary file, then moved over the old one.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from annotator import paths

LIMIT = 10


def recent_projects() -> list[Path]:
    """The remembered projects, newest first (an unreadable list is an empty one)."""
    try:
        data = json.loads(paths.recent_projects_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, list):
        return []
    return [Path(item) for item in data if isinstance(item, str)][:LIMIT]


def remember_project(path: str | os.PathLike[str]) -> list[Path]:
    """Put `path` first in the list (once), keep ten; returns the new list."""
    resolved = Path(path).resolve()
    items = [resolved, *(p for p in recent_projects() if p != resolved)][:LIMIT]
    target = paths.recent_projects_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".recent-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump([str(p) for p in items], out, indent=1)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return items
