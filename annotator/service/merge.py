"""`annotator merge OTHER.db`: bring another analyst's project into this one, layers and all.

OTHER may also be a bundle (`annotator export --format annotator`), read as `import` reads it.

The other project is copied first (SQLite's backup), so it is never written to, not even by a
migration; the copy is read as a bundle (`export --format annotator`) and imported like one. One
path for both ways of bringing work together means one set of rules: an article whose text is
already here gains the layers it lacks, a layer it has is left alone, and merging twice changes
nothing the second time.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.domain.errors import AnnotatorError, NotAProject
from annotator.formats import bundle as bundle_format
from annotator.service.exporting import export_project
from annotator.service.importing import ImportReport
from annotator.storage import backup
from annotator.storage.repository import SQLITE_HEADER, ProjectStore, inspect_project_file

if TYPE_CHECKING:
    from annotator.service.project import ProjectService


def merge_project(service: ProjectService, other: str | Path) -> ImportReport:
    """Import every layer of the project file `other` into `service`'s project."""
    other = Path(other)
    if not other.exists():
        raise NotAProject("no such project", path=str(other))
    if other.resolve() == service.path.resolve():
        raise AnnotatorError("cannot merge a project into itself", path=str(other))
    with other.open("rb") as handle:
        sqlite = handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    if not sqlite and bundle_format.is_bundle(other):
        # A bundle (`export --format annotator`) holds the layers too: read as the copy below is.
        return service.import_paths([other], format_name="annotator")
    if not sqlite:
        raise NotAProject(
            "neither an annotator project nor a bundle (`export --format annotator`);"
            " `annotator import` reads other files",
            path=str(other),
        )
    inspect_project_file(other)
    with tempfile.TemporaryDirectory(prefix="annotator-merge-") as folder:
        copy = Path(folder) / "other.annotator.db"
        backup.copy_closed_project(other, copy)
        store = ProjectStore.open(copy, create=False)
        store.layer = None  # every layer
        bundle = Path(folder) / "other.jsonl"
        try:
            export_project(store, "annotator", bundle)
        finally:
            store.close()
        report = service.import_paths([bundle], format_name="annotator")
    # Name the project, not the temporary bundle, in what the report says.
    rename = {str(bundle): str(other)}
    report.per_file = {rename.get(k, k): v for k, v in report.per_file.items()}
    report.joined = [(rename.get(f, f), d, layer) for f, d, layer in report.joined]
    report.duplicates = [d.replace(str(bundle), str(other)) for d in report.duplicates]
    return report
