"""Every test runs headless and isolated: its own data folder, no real user files, no display."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"
CASES = SHARED / "cases"


@pytest.fixture(autouse=True)
def isolated_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the default project, XDG folders and HOME at a temporary folder."""
    data = tmp_path / "user-data"
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(data))
    monkeypatch.delenv("ANNOTATOR_PROJECT", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    return data


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return tmp_path / "project.annotator.db"


@pytest.fixture
def service(project_path: Path) -> Iterator:
    from annotator.service import ProjectService

    opened = ProjectService.open(project_path)
    yield opened
    opened.close()


@pytest.fixture
def seeded(service):  # type: ignore[no-untyped-def]
    """A project holding the two seed articles."""
    service.import_paths([SEEDS])
    return service


@pytest.fixture
def cases_dir() -> Path:
    """Real files of other annotation tools, read in place (never copied into the repo)."""
    if not CASES.is_dir():
        pytest.skip(f"shared cases not found at {CASES}")
    return CASES
