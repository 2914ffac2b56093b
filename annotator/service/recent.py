"""The projects opened last (File ▸ Open recent), newest first, at most ten.

Kept in the user data folder (`paths.recent_projects_file`), not in any project: it is about the
user, not about one corpus. Written to a temporary file, then moved over the old one. A server
project is kept as what opens it again without its password (`targets.without_password`): a
password belongs in libpq's own places, never in a list on disk.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from annotator import paths
from annotator.storage.targets import is_server_target, without_password

LIMIT = 10


#: A project file, or a server project's `postgresql://…` / `pg:SERVICE` (without a password).
Recent = Path | str


def recent_projects() -> list[Recent]:
    """The remembered projects, newest first (an unreadable list is an empty one)."""
    try:
        data = json.loads(paths.recent_projects_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, list):
        return []
    return [
        without_password(item) if is_server_target(item) else Path(item)
        for item in data
        if isinstance(item, str)
    ][:LIMIT]


def remembered(target: str | os.PathLike[str]) -> Recent:
    """How `target` is kept in the list (and compared with what is there)."""
    if is_server_target(target):
        return without_password(str(target))
    return Path(target).resolve()


def remember_project(path: str | os.PathLike[str]) -> list[Recent]:
    """Put `path` first in the list (once), keep ten; returns the new list."""
    resolved = remembered(path)
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
