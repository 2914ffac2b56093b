"""The bundle: its size, and its start-to-window time against the same command from `.venv`.

Start-to-window is measured as a user's whole command: `annotator screenshot` starts the program,
opens the project, builds and paints the window with both seed articles, writes the PNG and exits.
The baseline is the same command from the development `.venv` in the same run. Goal: ≤ 1.5×.
"""

from __future__ import annotations

import os
import runpy
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from benchmarks.harness import Result, best_of

REPO = Path(__file__).resolve().parent.parent


def _folder_mb(folder: Path) -> float:
    return runpy.run_path(str(REPO / "packaging" / "build.py"))["folder_size"](folder) / 1e6


def run() -> list[Result]:
    build = runpy.run_path(str(REPO / "packaging" / "build.py"))
    tarball = build["ensure_built"]()
    work = Path(tempfile.mkdtemp(prefix="bench-package-"))
    try:
        with tarfile.open(tarball) as opened:
            opened.extractall(work / "unpacked", filter="tar")
        (bundle,) = (work / "unpacked").iterdir()
        venv_program = Path(sys.executable).with_name("annotator")
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ANNOTATOR_DATA_DIR": str(work)}
        project = work / "p.annotator.db"
        subprocess.run(
            [str(venv_program), "--project", str(project), "import", str(REPO / "seeds")],
            check=True,
            capture_output=True,
            env=env,
        )

        def screenshot(program: Path) -> None:
            subprocess.run(
                [
                    str(program),
                    "--project",
                    str(project),
                    "screenshot",
                    "--out",
                    str(work / "shot.png"),
                    "--open",
                    "1",
                    "--open",
                    "2",
                ],
                check=True,
                capture_output=True,
                env=env,
            )

        screenshot(bundle / "annotator")  # first run pays the disk cache, as an install would once
        bundled = best_of(5, lambda: screenshot(bundle / "annotator"))
        from_venv = best_of(5, lambda: screenshot(venv_program))
        size = _folder_mb(bundle)
        packed = tarball.stat().st_size / 1e6
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return [
        Result(
            "bundle_start_to_window", bundled, "s", from_venv, bundled / from_venv, "ratio<=1.5"
        ),
        Result("bundle_size_unpacked", size, "MB", None, None, "stated"),
        Result("bundle_size_tarball", packed, "MB", None, None, "stated"),
    ]
