"""`annotator --version` and Help ▸ About say the same version, read from one source."""

from __future__ import annotations

import os
import subprocess
import tomllib
from importlib.metadata import version
from pathlib import Path

from tests.conftest import REPO, SEEDS

ANNOTATOR = Path(os.environ.get("VIRTUAL_ENV", REPO / ".venv")) / "bin" / "annotator"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    script = ANNOTATOR if ANNOTATOR.exists() else Path("annotator")
    return subprocess.run([str(script), *args], capture_output=True, text=True, timeout=120)


def test_version_names_the_package_version_python_qt_sqlite_and_the_project_schema(
    tmp_path: Path,
) -> None:
    project = tmp_path / "p.annotator.db"
    assert run("--project", str(project), "import", str(SEEDS)).returncode == 0
    shown = run("--project", str(project), "--version")
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    declared = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert lines[0] == f"annotator {declared}" == f"annotator {version('annotator')}"
    assert any(line.startswith("Python 3.") for line in lines)
    assert any(line.startswith("Qt 6.") for line in lines)
    assert any(line.startswith("SQLite 3.") for line in lines)
    assert lines[-1].startswith(f"project {project}: schema ")
    assert not project.with_name(project.name + "-wal").exists()


def test_version_of_a_project_not_yet_made_says_so_and_creates_nothing(tmp_path: Path) -> None:
    project = tmp_path / "typo.annotator.db"
    shown = run("--project", str(project), "--version")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.splitlines()[-1] == f"project {project}: no such file yet"
    assert list(tmp_path.iterdir()) == []


def test_about_box_shows_the_same_lines_as_plain_text(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt, qVersion

    from annotator.gui.about import about_box
    from annotator.gui.app import application
    from annotator.service.about import version_lines

    application()
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    project = tmp_path / "<b>bold</b>.annotator.db"
    box = about_box(parent, project)
    assert box.textFormat() == Qt.TextFormat.PlainText
    shown = box.text().splitlines()
    for line in version_lines(project):
        assert line in shown
    assert f"Qt loaded: {qVersion()}" in shown
