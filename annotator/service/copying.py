"""`annotator copy SOURCE DEST`: a whole project moved between stores, losslessly.

SOURCE and DEST are what `--project` takes: a project file, `postgresql://…` or `pg:SERVICE`.
The source is only read; the destination is made when new (a file, or the schema in an empty
database) and must hold no work. A destination file this copy made is removed again if the copy
fails, so a failed copy leaves nothing behind (a server database: its transaction is rolled back).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from annotator.domain.errors import AnnotatorError
from annotator.storage.base import StoreBase
from annotator.storage.copying import CopyProgress, CopyReport, copy_project
from annotator.storage.opening import side_files
from annotator.storage.opening_any import open_store
from annotator.storage.repository import ProjectStore
from annotator.storage.targets import describe, is_server_target

__all__ = ["CopyProgress", "CopyReport", "copy_between", "save_server_copy"]


def shown(target: str | Path) -> str:
    """A target as messages show it (a server's without its password)."""
    return describe(str(target)) if is_server_target(target) else str(target)


def copy_between(
    source: str | Path,
    destination: str | Path,
    progress: Callable[[CopyProgress], None] | None = None,
) -> CopyReport:
    """Copy the project `source` into the new or empty project `destination`."""
    new_file: Path | None = None
    if not is_server_target(destination):
        destination = Path(destination)
        if (
            not is_server_target(source)
            and destination.exists()
            and destination.resolve() == Path(source).resolve()
        ):
            raise AnnotatorError("a project cannot be copied onto itself", path=str(destination))
        if not destination.exists():
            new_file = destination
    elif is_server_target(source) and describe(str(source)) == describe(str(destination)):
        raise AnnotatorError(
            "a project cannot be copied onto itself", path=describe(str(destination))
        )
    if not is_server_target(source) and not Path(source).exists():
        raise AnnotatorError("no such project", path=str(source))
    reader = open_store(source, create=False)
    try:
        writer = open_store(destination)
        try:
            report = copy_project(reader, writer, shown(destination), progress)
        finally:
            writer.close()
    except BaseException:
        if new_file is not None:
            for leftover in (new_file, *side_files(new_file)):
                leftover.unlink(missing_ok=True)
        raise
    finally:
        reader.close()
    return report


def save_server_copy(store: StoreBase, destination: str | Path) -> Path:
    """A server project's Save a copy as…: a new project file, written beside `destination`
    first and moved over it (as a file's copy is), from one snapshot of the server."""
    target = Path(destination)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}-")
        os.close(handle)
        Path(name).unlink()  # a new project is made in its place
    except OSError as error:
        raise AnnotatorError(f"cannot write the copy: {error.strerror}", path=str(target)) from None
    temporary = Path(name)
    try:
        writer = ProjectStore.open(temporary)
        try:
            copy_project(store, writer, str(target))
        finally:
            writer.close()
        os.replace(temporary, target)
    finally:
        for leftover in (temporary, *side_files(temporary)):
            leftover.unlink(missing_ok=True)
    return target
