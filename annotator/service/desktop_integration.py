"""Put annotator in the user's application menu, with its icon and its project files' type.

Everything goes under the user's own data folder (`$XDG_DATA_HOME`, else `~/.local/share`), as the
freedesktop specifications say, so no root is needed and `--uninstall` removes exactly what was
written. The launcher in the `.desktop` file is the program that is running now: the bundle's own
executable, or the `annotator` script of the environment it was installed into, so the menu entry
keeps working whichever way annotator was installed. The desktop's caches are refreshed with
`update-mime-database` and `update-desktop-database` when they exist; they are optional.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from annotator import paths

APP_ID = "io.github.annotator.Annotator"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


@dataclass(frozen=True)
class DesktopFile:
    """One file the integration owns: where it goes and what it holds."""

    path: Path
    content: bytes


def data_home() -> Path:
    configured = os.environ.get("XDG_DATA_HOME")
    return Path(configured) if configured else Path.home() / ".local" / "share"


def launcher() -> str:
    """The command a desktop should run: this bundle's executable, or this install's script."""
    if getattr(sys, "frozen", False):
        return str(Path(sys.executable).resolve())
    script = Path(sys.executable).with_name("annotator")
    if script.exists():
        return str(script)
    found = shutil.which("annotator")
    return str(Path(found).resolve()) if found else "annotator"


def _quoted(command: str) -> str:
    """A path as the Desktop Entry spec quotes an Exec argument."""
    if all(c.isalnum() or c in "/._-+" for c in command):
        return command
    escaped = (
        command.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$")
    )
    return f'"{escaped}"'


def desktop_files(home: Path | None = None, command: str | None = None) -> list[DesktopFile]:
    """What `install-desktop` writes, under `home` (the XDG data folder)."""
    home = home or data_home()
    source = paths.resources_dir()
    entry = (source / "desktop" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    exec_line = f"Exec={_quoted(command or launcher())} gui %f"
    entry = "\n".join(
        exec_line if line.startswith("Exec=") else line for line in entry.splitlines()
    )
    files = [
        DesktopFile(home / "applications" / f"{APP_ID}.desktop", (entry + "\n").encode()),
        DesktopFile(
            home / "mime" / "packages" / f"{APP_ID}.xml",
            (source / "desktop" / f"{APP_ID}.mime.xml").read_bytes(),
        ),
        DesktopFile(
            home / "metainfo" / f"{APP_ID}.metainfo.xml",
            (source / "desktop" / f"{APP_ID}.metainfo.xml").read_bytes(),
        ),
        DesktopFile(
            home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
            (source / "icons" / "annotator.svg").read_bytes(),
        ),
    ]
    for size in ICON_SIZES:
        files.append(
            DesktopFile(
                home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png",
                (source / "icons" / f"annotator-{size}.png").read_bytes(),
            )
        )
    return files


def _refresh_caches(home: Path) -> None:
    for tool, folder in (
        ("update-mime-database", home / "mime"),
        ("update-desktop-database", home / "applications"),
    ):
        if shutil.which(tool) and folder.is_dir():
            subprocess.run([tool, str(folder)], capture_output=True, check=False)


def install(home: Path | None = None, command: str | None = None) -> list[Path]:
    """Write every file (each through a temporary file, then renamed) and return their paths."""
    home = home or data_home()
    written = []
    for item in desktop_files(home, command):
        item.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = item.path.with_name(f".{item.path.name}.tmp")
        temporary.write_bytes(item.content)
        os.replace(temporary, item.path)
        written.append(item.path)
    _refresh_caches(home)
    return written


def uninstall(home: Path | None = None) -> list[Path]:
    """Remove what `install` wrote (and only that); return the paths that were there."""
    home = home or data_home()
    removed = []
    for item in desktop_files(home, command="annotator"):
        if item.path.exists():
            item.path.unlink()
            removed.append(item.path)
    _refresh_caches(home)
    return removed
