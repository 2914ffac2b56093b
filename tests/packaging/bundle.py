"""The one-folder bundle, built once per test session when stale (or by `make package` before)."""

from __future__ import annotations

import runpy
import subprocess
import sys
import tarfile
from pathlib import Path

from tests.conftest import REPO

BUILD_SCRIPT = REPO / "packaging" / "build.py"


def tarball() -> Path:
    """The bundle's tarball; a stale one is rebuilt in a child process (PyInstaller's own)."""
    path = runpy.run_path(str(BUILD_SCRIPT))["tarball_path"]()
    is_stale = runpy.run_path(str(BUILD_SCRIPT))["newest_source"]() > (
        path.stat().st_mtime if path.exists() else 0
    )
    if is_stale:
        built = subprocess.run(
            [sys.executable, str(BUILD_SCRIPT)],
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=3600,
        )
        assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    return path


def unpack(archive: Path, into: Path) -> Path:
    with tarfile.open(archive) as opened:
        opened.extractall(into, filter="tar")
    (top,) = into.iterdir()
    return top
