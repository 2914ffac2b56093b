"""The real `annotator` command, run as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.typed import annotator
from tests.conftest import SEEDS


def test_import_then_export_prints_both_seeds_with_their_titles(tmp_path: Path) -> None:
    project = str(tmp_path / "p.db")
    imported = annotator("--project", project, "import", str(SEEDS))
    assert imported.returncode == 0, imported.stderr
    assert "imported 2 articles" in imported.stdout
    exported = annotator(
        "--project", project, "export", "--format", "prodigy", "-o", "-", "--status", "all"
    )
    assert exported.returncode == 0, exported.stderr
    records = [json.loads(line) for line in exported.stdout.splitlines()]
    assert [r["meta"]["title"] for r in records] == [
        "Russia ,US to urge ‘Opposition ‘to Form Team for Negotiations,says Lavrov",
        "If US Separates Terrorists & Opposition in Syria, Lavrov, Kerry Could Meet at G20",
    ]
    for record in records:
        assert set(record) >= {"text", "meta", "spans", "_input_hash", "_task_hash", "answer"}


def test_export_is_the_same_bytes_every_time(tmp_path: Path) -> None:
    project = str(tmp_path / "p.db")
    annotator("--project", project, "import", str(SEEDS))
    export = ("--project", project, "export", "--format", "prodigy", "-o", "-", "--status", "all")
    first = annotator(*export).stdout
    second = annotator(*export).stdout
    assert first == second and first


def test_stats_json_counts_documents_and_spans(tmp_path: Path) -> None:
    from annotator.service import ProjectService

    project = tmp_path / "p.db"
    service = ProjectService.open(project)
    (document_id, _) = service.import_paths([SEEDS]).document_ids
    service.add_span(document_id, 0, 6, "GPE")
    service.close()
    result = annotator("--project", str(project), "stats", "--json")
    stats = json.loads(result.stdout)
    assert stats["documents"] == 2
    assert stats["spans_by_label"] == {"GPE": 1}
    assert stats["relations"] == 0 and stats["links"] == 0


def test_environment_variable_chooses_the_project(tmp_path: Path) -> None:
    project = tmp_path / "from-env.db"
    result = annotator("import", str(SEEDS), env={"ANNOTATOR_PROJECT": str(project)})
    assert result.returncode == 0, result.stderr
    assert project.exists()


def test_default_project_lives_in_the_data_folder(tmp_path: Path) -> None:
    data = tmp_path / "user-data"
    result = annotator("import", str(SEEDS), env={"ANNOTATOR_DATA_DIR": str(data)})
    assert result.returncode == 0, result.stderr
    assert (data / "default.annotator.db").exists()


def test_errors_are_one_line_with_the_file_and_no_traceback(tmp_path: Path) -> None:
    project = str(tmp_path / "p.db")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = annotator("--project", project, "import", str(empty))
    assert result.returncode == 1
    assert result.stderr == f"annotator: error: {empty}: empty file: no text to import\n"
    not_a_project = tmp_path / "notes.txt"
    not_a_project.write_text("hello")
    result = annotator("--project", str(not_a_project), "stats")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"annotator: error: {not_a_project}: not an annotator project")


def test_unknown_export_format_is_a_clear_error(tmp_path: Path) -> None:
    result = annotator("--project", str(tmp_path / "p.db"), "export", "--format", "nope", "-o", "-")
    assert result.returncode == 1
    assert "unknown export format 'nope'" in result.stderr


def test_every_command_has_help() -> None:
    from click.testing import CliRunner

    from annotator.cli import main

    runner = CliRunner()
    for name in main.commands:
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Usage:" in result.output
