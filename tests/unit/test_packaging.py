"""The wheel carries the seeds and the schema presets the program reads at run time."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import REPO, SEEDS


def test_the_wheel_ships_seeds_and_resources(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("annotator-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for seed in SEEDS.glob("*.txt"):
        assert f"annotator/_seeds/{seed.name}" in names
    assert "annotator/_resources/schemas/news_attribution.json" in names
    assert "annotator/cli.py" in names
