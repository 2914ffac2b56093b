"""`annotator PATH` opens that project in the workbench, as a file manager or a shell would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.service import ProjectService
from tests.cli.test_cli import annotator


@pytest.mark.parametrize(
    "typed",
    [
        [],  # `annotator PATH`, from a shell
        ["gui"],  # `annotator gui PATH`, what the desktop entry runs for a file opened with it
    ],
)
def test_annotator_path_opens_that_project_in_the_window(tmp_path: Path, typed: list[str]) -> None:
    project = tmp_path / "mine.db"
    ProjectService.open(project).close()
    data = tmp_path / "data"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "ANNOTATOR_DATA_DIR": str(data),
        "ANNOTATOR_ANALYST": "alice",  # named already: the first start's question is not asked
    }
    app = subprocess.Popen(
        [sys.executable, "-m", "annotator", *typed, str(project)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    recent = data / "recent-projects.json"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not recent.exists() and app.poll() is None:
            time.sleep(0.2)
        assert app.poll() is None, app.communicate()[1]  # the window is up, not an error
        assert json.loads(recent.read_text(encoding="utf-8")) == [str(project.resolve())]
        assert not (data / "default.annotator.db").exists()  # not the default project
    finally:
        app.kill()
        app.communicate()


def test_annotator_path_of_a_file_that_is_not_a_project_is_one_error_line(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("shopping list\n", encoding="utf-8")
    result = annotator(str(notes), env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 1
    assert result.stderr.startswith("annotator: error: ") and str(notes) in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert notes.read_text(encoding="utf-8") == "shopping list\n"


def test_a_command_name_still_runs_the_command(tmp_path: Path) -> None:
    ProjectService.open(tmp_path / "p.db").close()
    result = annotator("--project", str(tmp_path / "p.db"), "stats")
    assert result.returncode == 0, result.stderr


def test_the_workbench_without_a_display_is_one_error_line_and_makes_no_project(
    tmp_path: Path,
) -> None:
    project = tmp_path / "mine.db"
    no_display = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""}
    result = annotator("gui", str(project), env=no_display)
    assert result.returncode == 1
    assert result.stderr.startswith("annotator: error: no display to open the workbench on")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not project.exists()
