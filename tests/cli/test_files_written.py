"""Files a command writes: never the project itself, and a refusal names the file as typed.

Tried as a new user would: `annotator --project p.db export --format annotator -o p.db` (a backup
"into the project") replaced the project with the bundle, and every later command called it
"not an SQLite database"; `annotator graph -o FILE.png` into a folder nobody may write said "a bug".
Run through the real command line, as typed.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.domain.model import DraftDocument
from annotator.service import ProjectService
from tests.cli.typed import annotator


def project_with_a_claim(path: Path) -> Path:
    service = ProjectService.open(path)
    (document_id,) = service.store.insert_documents(
        [DraftDocument("Lavrov said talks will go on.", "Talks")]
    )
    service.add_span(document_id, 12, 28, "CLAIM")
    service.stories.create("Talks", [document_id])
    service.close()
    return path


def claims_in(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM spans").fetchone()[0])


@pytest.mark.parametrize(
    "command",
    [
        ["export", "--format", "annotator", "-o", "p.db"],
        ["export", "--format", "prodigy", "-o", "./p.db"],
        ["export", "--format", "spacy", "-o", "p.db"],
        ["export", "--format", "annotator", "-o", "p.db-wal"],
        ["export", "--format", "prodigy", "-o", "alias.db"],
        ["screenshot", "--out", "p.db", "--open", "1"],
    ],
)
def test_writing_to_the_project_file_is_refused_and_the_project_stays(
    tmp_path: Path, command: list[str]
) -> None:
    project = project_with_a_claim(tmp_path / "p.db")
    (tmp_path / "alias.db").symlink_to(project)
    result = annotator("--project", "p.db", *command, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("annotator: error: ")
    assert "p.db" in result.stderr and "name another file" in result.stderr
    assert "Traceback" not in result.stderr
    assert claims_in(project) == 1
    stats = annotator("--project", "p.db", "stats", cwd=tmp_path)
    assert stats.returncode == 0, stats.stderr


def test_a_hard_link_to_the_project_is_the_project_too(tmp_path: Path) -> None:
    project = project_with_a_claim(tmp_path / "p.db")
    (tmp_path / "other-name.db").hardlink_to(project)
    result = annotator(
        "--project", "p.db", "export", "--format", "annotator", "-o", "other-name.db", cwd=tmp_path
    )
    assert result.returncode == 1
    assert claims_in(project) == 1


UNWRITABLE = Path("/sys")  # read-only even for root, where tests often run


@pytest.mark.skipif(not UNWRITABLE.is_dir(), reason="needs Linux's read-only /sys")
@pytest.mark.parametrize(
    "command",
    [
        ["graph", "--story", "Talks", "-o", "/sys/graph.png"],
        ["graph", "--story", "Talks", "-o", "/sys/graph.svg"],
        ["graph", "--story", "Talks", "-o", "/sys/graph.graphml"],
        ["report", "--story", "Talks", "-o", "/sys/report.html"],
        ["export", "--format", "brat", "-o", "/sys/brat"],
        ["export", "--format", "prodigy", "-o", "/sys/out.jsonl"],
    ],
)
def test_a_folder_that_cannot_be_written_is_one_line_naming_the_file_as_typed(
    tmp_path: Path, command: list[str]
) -> None:
    project_with_a_claim(tmp_path / "p.db")
    result = annotator("--project", "p.db", *command, cwd=tmp_path)
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"annotator: error: {command[-1]}: cannot write")
    assert "bug" not in line and "tmp" not in line


def test_a_screenshot_leaves_the_project_and_the_analysts_place_as_they_were(
    tmp_path: Path,
) -> None:
    """`screenshot` only reads: the next workbench opens where the analyst left it."""
    project = project_with_a_claim(tmp_path / "p.db")
    before = project.read_bytes()
    result = annotator("--project", "p.db", "screenshot", "--out", "shot.png", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "shot.png").stat().st_size > 0
    with sqlite3.connect(project) as conn:
        assert conn.execute("SELECT key FROM settings").fetchall() == []
    assert project.read_bytes() == before


def test_importing_the_project_into_itself_is_one_line_and_changes_nothing(tmp_path: Path) -> None:
    project = project_with_a_claim(tmp_path / "p.db")
    before = project.read_bytes()
    result = annotator("--project", "p.db", "import", "p.db", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        result.stderr
        == "annotator: error: p.db: is this project's own file, not a file to import\n"
    )
    assert project.read_bytes() == before
