"""What `annotator --version` and Help ▸ About tell: this program's version and what it runs on.

Qt is not imported here (the command line runs without it): its version is read from the installed
PySide6 package's metadata, which is the Qt release it was built with. The GUI adds the Qt it loaded.
"""

from __future__ import annotations

import platform
import sqlite3
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from annotator import __version__
from annotator.storage.schema_version import applied_steps


def _package_version(*names: str) -> str | None:
    for name in names:
        try:
            return version(name)
        except PackageNotFoundError:
            continue
    return None


def version_lines(project: Path | str | None) -> list[str]:
    """One `name version` line each, the project's schema last (or why there is none)."""
    pyside = _package_version("PySide6-Essentials", "PySide6")
    lines = [
        f"annotator {__version__}",
        f"Python {platform.python_version()} ({platform.python_implementation()})",
        f"Qt {pyside} (PySide6)" if pyside else "Qt not installed (the workbench needs PySide6)",
        f"SQLite {sqlite3.sqlite_version}",
    ]
    if project is None:
        return lines
    if isinstance(project, str):
        return [*lines, _server_project_line(project)]
    if not project.exists():
        lines.append(f"project {project}: no such file yet")
        return lines
    steps = applied_steps(project)
    if steps is None:
        lines.append(f"project {project}: not an annotator project")
    else:
        lines.append(f"project {project}: schema {len(steps)} ({steps[-1] if steps else 'empty'})")
    return lines


def _server_project_line(target: str) -> str:
    """The schema line of a server project, which is named without its password."""
    from annotator.domain.errors import AnnotatorError
    from annotator.storage.postgres import applied_steps as server_steps
    from annotator.storage.postgres import connect
    from annotator.storage.targets import describe

    where = describe(target)
    try:
        conn = connect(target)
    except AnnotatorError as error:
        return f"project {where}: {error.message}"
    try:
        steps = server_steps(conn)
    finally:
        conn.close()
    if steps is None:
        return f"project {where}: not an annotator project"
    return f"project {where}: schema {len(steps)} ({steps[-1] if steps else 'empty'})"
