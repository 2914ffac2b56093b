"""`annotator export` from the command line: options, the summary line, errors as one line."""

from __future__ import annotations

import json

from click.testing import CliRunner

from annotator.cli import main
from annotator.service import ProjectService


def labelled_project(path):  # type: ignore[no-untyped-def]
    service = ProjectService.open(path)
    from annotator.domain.model import DraftDocument

    first, second = service.store.insert_documents(
        [DraftDocument("Lavrov met Kerry in London.", "A"), DraftDocument("Kerry left.", "B")]
    )
    service.add_span(first, 0, 6, "PERSON")
    service.add_span(first, 11, 16, "PERSON")
    service.add_span(first, 20, 26, "GPE")
    kerry = service.add_span(second, 0, 5, "PERSON")
    service.add_link(service.spans(first)[1].id, kerry.id, "SAME_ENTITY")
    service.set_status(first, "done")
    service.close()
    return first, second


def test_export_with_selection_says_what_it_wrote(tmp_path):
    project = tmp_path / "p.db"
    first, _ = labelled_project(project)
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        main,
        [
            "--project",
            str(project),
            "export",
            "--format",
            "prodigy",
            "-o",
            str(out),
            "--status",
            "done",
            "--labels",
            "PERSON",
        ],
    )
    assert result.exit_code == 0, result.output
    assert f"wrote 1 articles, 2 spans, 0 relations, 0 links to {out}" in result.output
    (task,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert task["meta"]["id"] == first
    assert "exporting" not in result.output  # no progress bar when stderr is not a terminal


def test_links_export_counts_links_and_the_articles_they_join(tmp_path):
    project = tmp_path / "p.db"
    labelled_project(project)
    out = tmp_path / "links.jsonl"
    result = CliRunner().invoke(
        main, ["--project", str(project), "export", "--format", "links", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "wrote 2 articles, 0 spans, 0 relations, 1 links" in result.output


def test_unknown_label_and_missing_article_are_one_line_errors(tmp_path):
    project = tmp_path / "p.db"
    labelled_project(project)
    out = tmp_path / "out.jsonl"
    runner = CliRunner()
    base = ["--project", str(project), "export", "--format", "prodigy", "-o", str(out)]
    result = runner.invoke(main, [*base, "--labels", "NOPE"])
    assert result.exit_code == 1
    assert result.output.strip() == "annotator: error: label 'NOPE' is not in the project's schema"
    result = runner.invoke(main, [*base, "--articles", "1,99"])
    assert result.exit_code == 1 and "no article 99" in result.output
    result = runner.invoke(main, [*base[:-4], "--format", "brat", "-o", "-"])
    assert result.exit_code == 1 and "cannot go to standard output" in result.output
    assert not out.exists()


def test_a_folder_export_never_replaces_a_folder_of_other_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    from tests.conftest import SEEDS

    project = str(tmp_path / "p.db")
    subprocess.run(
        [sys.executable, "-m", "annotator", "--project", project, "import", str(SEEDS)],
        check=True,
        capture_output=True,
    )
    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "thesis.odt").write_bytes(b"precious")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "annotator",
            "--project",
            project,
            "export",
            "--format",
            "brat",
            "-o",
            str(documents),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "holds other files (thesis.odt" in result.stderr
    assert (documents / "thesis.odt").read_bytes() == b"precious"
    # an earlier brat export may be replaced
    fresh = tmp_path / "brat"
    for _ in range(2):
        again = subprocess.run(
            [
                sys.executable,
                "-m",
                "annotator",
                "--project",
                project,
                "export",
                "--format",
                "brat",
                "-o",
                str(fresh),
                "--status",
                "all",
            ],
            capture_output=True,
            text=True,
        )
        assert again.returncode == 0, again.stderr
    assert sorted(p.suffix for p in fresh.iterdir()) == [".ann", ".ann", ".conf", ".txt", ".txt"]
