"""Every command, given bad arguments, answers in `annotator: error: …` lines and an exit status.

Never click's usage block, never a traceback: a mistyped command line is one line pointing to
`--help` (exit 2); a bad value the command itself refuses is one line (exit 1).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from annotator.cli import main
from annotator.service import ProjectService


def command_paths(group: click.Group = main, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command line's words, down to the subcommands (new commands are covered too)."""
    paths: list[tuple[str, ...]] = []
    for name, command in sorted(group.commands.items()):
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths.extend(command_paths(command, (*prefix, name)))
    return paths


def assert_error_lines(stderr: str) -> None:
    lines = stderr.splitlines()
    assert lines, "no error said"
    assert all(line.startswith("annotator: error: ") for line in lines), stderr
    assert "Traceback" not in stderr and "Usage:" not in stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    service = ProjectService.open(path)
    service.close()
    return path


@pytest.mark.parametrize("words", command_paths(), ids=" ".join)
def test_an_unknown_option_is_one_line_pointing_to_help(
    project: Path, words: tuple[str, ...]
) -> None:
    result = CliRunner().invoke(
        main, ["--project", str(project), *words, "--no-such-option"], prog_name="annotator"
    )
    assert result.exit_code == 2, result.output
    assert_error_lines(result.stderr)
    (line,) = result.stderr.splitlines()
    assert "--no-such-option" in line
    assert line.endswith(f"(see `annotator {' '.join(words)} --help`)")


BAD = [
    (["expor"], 2, "No such command 'expor'"),
    (["export"], 2, "Missing option '--format'"),
    (["export", "--format", "prodigy"], 2, "Missing option '-o'"),
    (["export", "--format", "nope", "-o", "-"], 1, "unknown export format 'nope'"),
    (["export", "--format", "prodigy", "-o", "-", "--status", "finished"], 1, "unknown status"),
    (["export", "--format", "prodigy", "-o", "-", "--articles", "x"], 1, "article ids"),
    (["export", "--format", "prodigy", "-o", "-", "--labels", "NOPE"], 1, "NOPE"),
    (["export", "--format", "spacy", "-o", "-"], 1, "cannot go to standard output"),
    (["import"], 2, "Missing argument 'SOURCES"),
    (["import", "no/such/file.txt"], 1, "no/such/file.txt"),
    (["import", "--format", "nope", "x.txt"], 1, "nope"),
    (["detect-debris", "abc"], 2, "'abc' is not a valid integer"),
    (["detect-debris", "999"], 1, "999"),
    (["screenshot"], 2, "Missing option '--out'"),
    (["screenshot", "--out", "s.png", "--size", "big"], 2, "WIDTHxHEIGHT"),
    (["screenshot", "--out", "s.png", "--open", "99"], 1, "99"),
    (["labels", "add"], 2, "Missing argument 'NAME'"),
    (["labels", "add", "X", "--kind", "nope"], 2, "'nope' is not one of"),
    (["labels", "add", "CLAIM"], 1, "CLAIM"),
    (["labels", "preset", "nope"], 1, "unknown schema preset 'nope'"),
    (["labels", "nope"], 2, "No such command 'nope'"),
    (["recover"], 2, "Missing argument 'OUT'"),
    (["stats", "extra"], 2, "unexpected extra argument"),
]


@pytest.mark.parametrize(("args", "status", "says"), BAD, ids=lambda v: str(v))
def test_bad_arguments_are_error_lines_and_a_status(
    project: Path, tmp_path: Path, args: list[str], status: int, says: str, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["--project", str(project), *args])
    assert result.exit_code == status, result.output
    assert_error_lines(result.stderr)
    assert says in result.stderr


def test_recover_into_an_existing_file_and_check_of_a_missing_project_are_one_line(
    project: Path, tmp_path: Path
) -> None:
    taken = tmp_path / "taken.db"
    taken.write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["--project", str(project), "recover", str(taken)])
    assert result.exit_code == 1
    assert_error_lines(result.stderr)
    assert taken.read_text(encoding="utf-8") == "mine"
    missing = CliRunner().invoke(main, ["--project", str(tmp_path / "none.db"), "check"])
    assert missing.exit_code == 1
    assert_error_lines(missing.stderr)
    assert "no such project" in missing.stderr


def test_an_unforeseen_failure_is_one_line_not_a_traceback(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyError("boom")

    monkeypatch.setattr(ProjectService, "stats", broken)
    result = CliRunner().invoke(main, ["--project", str(project), "stats"])
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("annotator: error: unexpected KeyError: 'boom'")
    assert "ANNOTATOR_DEBUG=1" in line


def test_a_usage_error_as_typed_in_a_shell_is_one_line_with_status_2(project: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "--project", str(project), "export", "-o", "x"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr == (
        "annotator: error: Missing option '--format'. (see `annotator export --help`)\n"
    )
    ok = subprocess.run(
        [sys.executable, "-m", "annotator", "--project", str(project), "stats", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ok.returncode == 0 and json.loads(ok.stdout)["documents"] == 0


def test_invalid_json_says_where_without_at_at(tmp_path: Path, project: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "unterminated\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["--project", str(project), "import", str(bad)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"annotator: error: {bad}:1: invalid JSON: Unterminated string starting at column 10\n"
    )
