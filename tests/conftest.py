"""Every test runs headless and isolated: its own data folder, no real user files, no display."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """The store tests (tests/unit) run on both stores, except those about SQLite files."""
    if "store_kind" not in metafunc.fixturenames:
        return
    kinds = ["sqlite"]
    in_unit = Path(str(metafunc.definition.fspath)).parent.name == "unit"
    if in_unit and metafunc.definition.get_closest_marker("sqlite_only") is None:
        kinds.append("postgresql")
    metafunc.parametrize("store_kind", kinds, indirect=True)


@pytest.fixture
def store_kind(request: pytest.FixtureRequest) -> str:
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator:
    """A throwaway PostgreSQL server for the whole run (tests/pg.py), with a template database
    holding an empty project; skipped where no server is installed, except in CI."""
    from tests.pg import Cluster, must_not_skip, server_binaries

    binaries = server_binaries()
    if binaries is None or not (binaries / "initdb").exists():
        message = "PostgreSQL server binaries (initdb, pg_ctl) not found"
        if must_not_skip():
            pytest.fail(message + "; .ci/run installs Debian's postgresql")
        pytest.skip(message)
    cluster = Cluster(binaries)
    cluster.start()
    try:
        from annotator.service import ProjectService

        template = cluster.new_database()
        made = ProjectService.open(cluster.target(template), analyst="original")
        made.close()
        cluster.template = template
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_target(pg_cluster) -> str:  # type: ignore[no-untyped-def]
    """A new server project (a database of its own, schema and default labels made)."""
    return str(pg_cluster.target(pg_cluster.new_database(template=pg_cluster.template)))


@pytest.fixture
def project_target(store_kind: str, project_path: Path, request: pytest.FixtureRequest) -> Any:
    """What `--project` names for this test: the project file, or a new server project."""
    if store_kind == "postgresql":
        return request.getfixturevalue("pg_target")
    return project_path


@pytest.fixture
def service(project_target: Any) -> Iterator:
    from annotator.service import ProjectService

    opened = ProjectService.open(project_target)
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
