"""`annotator import` on the command line: one error line per problem, exit 1, nothing stored."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from annotator.cli import main
from tests.cli.typed import annotator
from tests.conftest import SEEDS


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_refused_import_lists_every_problem(tmp_path: Path) -> None:
    project = str(tmp_path / "p.db")
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": 1}\n{"text": "ok"}\n{oops\n', encoding="utf-8")
    code, _out, err = run("--project", project, "import", str(path))
    assert code == 1
    assert err.splitlines()[0] == f'annotator: error: {path}:1: "text" must be a string, not int'
    assert err.splitlines()[1].startswith(f"annotator: error: {path}:3: invalid JSON")
    code, out, _err = run("--project", project, "stats", "--json")
    assert '"documents": 0' in out


def test_csv_columns_and_debris_on_the_command_line(tmp_path: Path) -> None:
    project = str(tmp_path / "p.db")
    path = tmp_path / "a.csv"
    path.write_text("head,body\nT,Some body text\n", encoding="utf-8")
    code, out, err = run(
        "--project", project, "import", "--text-column", "body", "--title-column", "head", str(path)
    )
    assert code == 0, err
    assert "imported 1 article" in out
    code, out, _err = run("--project", project, "detect-debris")
    assert (code, out.strip()) == (0, "suggested 0 DEBRIS spans")


def test_unknown_forced_format(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("x", encoding="utf-8")
    code, _out, err = run(
        "--project", str(tmp_path / "p.db"), "import", "--format", "nope", str(path)
    )
    assert code == 1 and "unknown import format 'nope'" in err


def test_a_folder_import_counts_the_files_and_names_only_those_with_problems(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("a", "b"):
        (folder / f"{name}.txt").write_text(f"Article {name} says the talks went on.\n")
    (folder / "c.txt").write_text("Article a says the talks went on.\n")  # a's text again
    (folder / "d.csv").write_text("title,text\n")  # a header, no rows
    (folder / "e.jsonl").write_text('{"text": "Good one here."}\n{oops\n')
    done = annotator("--project", str(tmp_path / "p.db"), "import", "--skip-invalid", str(folder))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert not any(str(folder / "a.txt") in line or str(folder / "b.txt") in line for line in lines)
    assert f"{folder / 'c.txt'}: skipped, the same text is already in the project" in lines
    assert f"{folder / 'd.csv'}: no rows under the header: skipped" in lines
    assert any(line.startswith(f"{folder / 'e.jsonl'}:2: invalid JSON") for line in lines)
    assert (
        "5 files read: 3 with articles stored, 1 with only texts already in the project"
        " (listed above), 1 with only refused records (listed above)"
    ) in lines
    assert lines[-1] == f"imported 3 articles, 0 spans, 0 relations into {tmp_path / 'p.db'}"


def test_suggested_debris_is_not_counted_as_annotated_spans(tmp_path: Path) -> None:
    done = annotator("--project", str(tmp_path / "p.db"), "import", str(SEEDS))
    assert done.returncode == 0, done.stderr
    assert "suggested 2 DEBRIS spans" in done.stdout
    assert "imported 2 articles, 0 spans (2 suggested), 0 relations" in done.stdout
