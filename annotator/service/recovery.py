"""`annotator check` and `annotator recover` on a damaged project file (the reading and copying
is SQLite's and lives in `annotator/storage/recovery.py`); a recovered project without labels
gets the default schema."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from annotator.storage.consistency import consistency_problems
from annotator.storage.recovery import RecoveryReport, integrity_check
from annotator.storage.recovery import recover as _recover

if TYPE_CHECKING:
    from annotator.service.project import ProjectService

__all__ = ["RecoveryReport", "integrity_check", "recover", "server_problems"]


def server_problems(service: ProjectService) -> list[str]:
    """What `annotator check` finds wrong in a server project's content (read, never changed),
    in every layer."""
    return consistency_problems(service.store)


def recover(source: Path, destination: Path) -> RecoveryReport:
    """Copy what is readable of `source` into a new project at `destination`."""
    from annotator.service.project import DEFAULT_PRESET, load_preset

    return _recover(source, destination, lambda: load_preset(DEFAULT_PRESET))
