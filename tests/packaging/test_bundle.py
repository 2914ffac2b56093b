"""The bundle runs where no Python is: version, import, export and a window, offscreen."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.packaging.bundle import tarball, unpack


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return unpack(tarball(), tmp_path_factory.mktemp("bundle"))


def test_bundle_runs_without_python_imports_exports_and_draws_the_window(
    bundle: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty-path"
    empty.mkdir()
    env = {
        "PATH": str(empty),  # no python, no anything: the bundle must carry what it runs
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }
    project = tmp_path / "p.annotator.db"
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(bundle / "annotator"), "--project", str(project), *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=300,
        )

    shown = run("--version")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith(f"annotator {version('annotator')}\n")
    assert run("import", str(seeds)).returncode == 0
    suggested = run("suggest", "--rules")  # spaCy's blank English, carried by the bundle
    assert suggested.returncode == 0, suggested.stderr
    exported = run("export", "--format", "prodigy", "--status", "all", "-o", "out.jsonl")
    assert exported.returncode == 0, exported.stderr
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert len(records) == len(list(SEEDS.glob("*.txt")))
    shot = run("screenshot", "--out", "shot.png", "--open", "1", "--open", "2")
    assert shot.returncode == 0, shot.stderr
    png = (tmp_path / "shot.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 20_000  # a drawn window, not a blank image


def test_bundle_holds_the_platform_plugins_a_desktop_needs_and_not_the_rest(bundle: Path) -> None:
    plugins = {p.name for p in bundle.rglob("platforms/libq*.so")}
    assert {"libqxcb.so", "libqoffscreen.so", "libqwayland.so"} <= plugins
    assert not {"libqlinuxfb.so", "libqvnc.so", "libqeglfs.so"} & plugins
    assert not list(bundle.rglob("libQt6Qml*")), "QML is never imported by the app"


def test_bundle_ships_seeds_and_presets_where_the_program_looks(bundle: Path) -> None:
    assert (bundle / "_internal" / "annotator" / "_seeds").is_dir()
    assert (bundle / "_internal" / "annotator" / "_resources" / "schemas").is_dir()
    assert os.access(bundle / "annotator", os.X_OK)
