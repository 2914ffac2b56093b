"""Where annotator's files live: the one module that knows.

The default project is `default.annotator.db` in `platformdirs.user_data_dir("annotator")`.
`ANNOTATOR_DATA_DIR` moves that folder (tests point it at a temporary folder so they never touch
the real user's files); `ANNOTATOR_PROJECT` or `--project PATH` choose another project file.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "annotator"
DEFAULT_PROJECT_NAME = "default.annotator.db"
PROJECT_ENV = "ANNOTATOR_PROJECT"
DATA_DIR_ENV = "ANNOTATOR_DATA_DIR"


def data_dir() -> Path:
    """The folder for the default project (and anything else that is the user's, not a project's)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_project() -> Path:
    return data_dir() / DEFAULT_PROJECT_NAME


def project_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The project to open: `--project`, else `ANNOTATOR_PROJECT`, else the default project."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(PROJECT_ENV)
    if from_env:
        return Path(from_env)
    return default_project()


def _bundled(name: str) -> Path:
    """A folder shipped with the program: inside the wheel, or beside the package in a checkout.

    The wheel carries the top-level `seeds/` and `resources/` folders as `annotator/_seeds` and
    `annotator/_resources` (see pyproject.toml); an editable install runs from the source tree.
    """
    packaged = Path(str(resources.files("annotator"))) / f"_{name}"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / name


def seeds_dir() -> Path:
    """The seed articles a new default project starts with."""
    return _bundled("seeds")


def resources_dir() -> Path:
    """Schemas presets and other files the program reads."""
    return _bundled("resources")


def schema_presets() -> dict[str, Path]:
    """The label-schema presets shipped with the program, by file stem."""
    folder = resources_dir() / "schemas"
    return {path.stem: path for path in sorted(folder.glob("*.json"))}


def recent_projects_file() -> Path:
    """The list of projects opened last (File ▸ Open recent)."""
    return data_dir() / "recent-projects.json"


def analyst_name_file() -> Path:
    """The analyst's name as the workbench asked it on its first start, for every command."""
    return data_dir() / "analyst-name.txt"
