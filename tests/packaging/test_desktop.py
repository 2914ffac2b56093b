"""Desktop integration: the files validate, install under XDG_DATA_HOME, and uninstall cleanly."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import xml.etree.ElementTree as ET
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.packaging.test_version import run

DESKTOP = REPO / "resources" / "desktop"
APP_ID = "io.github.annotator.Annotator"
MIME = "{http://www.freedesktop.org/standards/shared-mime-info}"


def validator(name: str) -> str:
    found = shutil.which(name)
    if found is None:  # .ci/run installs them; a developer machine may lack them
        pytest.skip(f"{name} is not installed (Debian: desktop-file-utils, appstream)")
    return found


def test_desktop_file_passes_desktop_file_validate() -> None:
    result = subprocess.run(
        [validator("desktop-file-validate"), str(DESKTOP / f"{APP_ID}.desktop")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower()


def test_metainfo_passes_appstreamcli_validate_and_names_this_version() -> None:
    metainfo = DESKTOP / f"{APP_ID}.metainfo.xml"
    result = subprocess.run(
        [validator("appstreamcli"), "validate", "--no-net", str(metainfo)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    newest = ET.parse(metainfo).getroot().find("releases/release")
    assert newest is not None and newest.get("version") == version("annotator")


def magic_matches(rule: ET.Element, data: bytes) -> bool:
    """The shared-mime-info string match, with its `start:end` offset range, and its nested rules."""
    value = rule.get("value", "").encode()
    start, _, end = rule.get("offset", "0").partition(":")
    window = data[int(start) : int(end or start) + len(value)]
    if value not in window:
        return False
    children = rule.findall(f"{MIME}match")
    return not children or any(magic_matches(child, data) for child in children)


def test_project_file_type_is_recognised_by_content_and_plain_sqlite_is_not(
    tmp_path: Path,
) -> None:
    mime = ET.parse(DESKTOP / f"{APP_ID}.mime.xml").getroot()
    (rule,) = mime.findall(f"{MIME}mime-type/{MIME}magic/{MIME}match")
    project = tmp_path / "renamed-project.sqlite"  # not named *.annotator.db: content decides
    assert run("--project", str(project), "labels", "add", "TOPIC").returncode == 0
    assert magic_matches(rule, project.read_bytes()[:8192])
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE projects (id INTEGER)")  # a near miss
        conn.execute("CREATE TABLE documents (id INTEGER)")
    assert not magic_matches(rule, other.read_bytes())
    globs = [g.get("pattern") for g in mime.iter(f"{MIME}glob")]
    assert globs == ["*.annotator.db"]


def test_install_desktop_writes_a_menu_entry_that_runs_this_install_and_uninstall_removes_it(
    tmp_path: Path,
) -> None:
    home = Path(os.environ["XDG_DATA_HOME"])
    installed = run("install-desktop")
    assert installed.returncode == 0, installed.stderr
    entry = home / "applications" / f"{APP_ID}.desktop"
    text = entry.read_text()
    assert "MimeType=application/x-annotator-project;" in text
    (exec_line,) = re.findall(r"^Exec=(.*)$", text, flags=re.MULTILINE)
    program, *arguments = exec_line.split()
    assert arguments == ["gui", "%f"]
    assert Path(program).is_absolute()
    check = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=60)
    assert check.stdout.startswith(f"annotator {version('annotator')}")
    assert (home / "icons" / "hicolor" / "256x256" / "apps" / f"{APP_ID}.png").is_file()
    assert (home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert (home / "mime" / "packages" / f"{APP_ID}.xml").is_file()
    assert (home / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    if shutil.which("desktop-file-validate"):
        valid = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True)
        assert valid.returncode == 0, valid.stdout
    removed = run("install-desktop", "--uninstall")
    assert removed.returncode == 0, removed.stderr
    left = [p for p in home.rglob(f"{APP_ID}*") if p.is_file()]
    assert left == []
