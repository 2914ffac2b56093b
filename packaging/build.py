"""Build the one-folder bundle and its tarball: `dist/annotator-VERSION-PLATFORM-MACHINE.tar.gz`.

`make package` runs this; the bundle's smoke tests run it once per test session when the tarball
is missing or older than the sources. Prints the bundle's size unpacked and packed.
"""

from __future__ import annotations

import platform
import shutil
import sys
import tarfile
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "pyinstaller"
DIST = ROOT / "dist"


def tarball_path() -> Path:
    system = platform.system().lower()
    return DIST / f"annotator-{version('annotator')}-{system}-{platform.machine()}.tar.gz"


def folder_size(folder: Path) -> int:
    """Bytes on disk, each file once (the bundle links some libraries under two names)."""
    return sum(
        path.lstat().st_size
        for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink()
    )


SOURCES = ("annotator", "seeds", "resources", "packaging", "pyproject.toml")


def newest_source() -> float:
    """The newest modification time among the files the bundle is made from."""
    newest = 0.0
    for name in SOURCES:
        root = ROOT / name
        files = [root] if root.is_file() else [p for p in root.rglob("*") if p.is_file()]
        times = (p.stat().st_mtime for p in files if "__pycache__" not in p.parts)
        newest = max([newest, *times])
    return newest


def ensure_built() -> Path:
    """The tarball, built again only when a source is newer than it (tests and benchmarks)."""
    tarball = tarball_path()
    if not tarball.exists() or tarball.stat().st_mtime < newest_source():
        build()
    return tarball


def build() -> Path:
    import PyInstaller.__main__

    PyInstaller.__main__.run(
        [
            str(ROOT / "packaging" / "annotator.spec"),
            "--noconfirm",
            "--clean",
            "--log-level=WARN",
            f"--distpath={BUILD / 'dist'}",
            f"--workpath={BUILD / 'work'}",
        ]
    )
    bundle = BUILD / "dist" / "annotator"
    tarball = tarball_path()
    DIST.mkdir(exist_ok=True)
    partial = tarball.with_name(tarball.name + ".part")
    top = tarball.name.removesuffix(".tar.gz")
    with tarfile.open(partial, "w:gz") as archive:
        archive.add(bundle, arcname=top)
    partial.replace(tarball)
    print(
        f"bundle {bundle}: {folder_size(bundle) / 1e6:.1f} MB unpacked; "
        f"{tarball.relative_to(ROOT)}: {tarball.stat().st_size / 1e6:.1f} MB"
    )
    return tarball


if __name__ == "__main__":
    if "--clean" in sys.argv:
        shutil.rmtree(BUILD, ignore_errors=True)
    build()
