"""The wheel and sdist build, carry what the program reads at run time, and install cleanly."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.conftest import REPO, SEEDS


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """`python -m build` as a maintainer runs it (no isolation: the suite runs without a network)."""
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(REPO)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    (wheel,) = out.glob("annotator-*.whl")
    (sdist,) = out.glob("annotator-*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}


def test_the_wheel_ships_seeds_and_resources_and_no_tests(built: dict[str, Path]) -> None:
    names = set(zipfile.ZipFile(built["wheel"]).namelist())
    for seed in SEEDS.glob("*.txt"):
        assert f"annotator/_seeds/{seed.name}" in names
    assert "annotator/_resources/schemas/news_attribution.json" in names
    assert "annotator/_resources/icons/annotator.svg" in names
    assert "annotator/_resources/desktop/io.github.annotator.Annotator.desktop" in names
    assert "annotator/cli.py" in names
    assert not [n for n in names if n.startswith(("tests/", "benchmarks/", "packaging/"))]


def test_the_wheel_declares_the_command_and_the_gui_script(built: dict[str, Path]) -> None:
    archive = zipfile.ZipFile(built["wheel"])
    (entry_points,) = [n for n in archive.namelist() if n.endswith("entry_points.txt")]
    text = archive.read(entry_points).decode()
    assert "[console_scripts]\nannotator = annotator.launch:main" in text
    assert "[gui_scripts]\nannotator-gui = annotator.launch:gui_main" in text


def test_the_sdist_builds_the_same_wheel_contents(built: dict[str, Path]) -> None:
    with tarfile.open(built["sdist"]) as archive:
        names = archive.getnames()
    top = built["sdist"].name.removesuffix(".tar.gz")
    assert f"{top}/pyproject.toml" in names
    assert f"{top}/seeds/{next(SEEDS.glob('*.txt')).name}" in names
    assert f"{top}/resources/icons/annotator.svg" in names


def test_the_wheel_installed_in_a_fresh_venv_imports_and_exports_the_seeds(
    built: dict[str, Path], tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    install = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(built["wheel"])],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    program = venv / "bin" / "annotator"
    assert (venv / "bin" / "annotator-gui").exists()
    env = {**os.environ, "PATH": f"{venv / 'bin'}:/usr/bin:/bin"}
    env.pop("VIRTUAL_ENV", None)
    project = tmp_path / "p.annotator.db"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(program), "--project", str(project), *args],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=300,
        )

    shown = run("--version")
    assert shown.stdout.startswith(f"annotator {version('annotator')}\n"), shown.stderr
    # The installed program finds its shipped seeds and presets inside the wheel, not the checkout.
    located = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "from annotator import paths; print(paths.seeds_dir())",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    seeds = Path(located.stdout.strip())
    assert seeds.is_relative_to(venv), located
    assert run("import", str(seeds)).returncode == 0
    assert run("labels", "preset", "semeval2020_task11", "--move-hotkeys").returncode == 0
    exported = run("export", "--format", "prodigy", "--status", "all", "-o", "-")
    assert exported.returncode == 0, exported.stderr
    records = [json.loads(line) for line in exported.stdout.splitlines()]
    assert len(records) == len(list(SEEDS.glob("*.txt")))
