"""`annotator import --metadata TABLE`: a sidecar table's rows joined to the files, leftovers told."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import main
from annotator.service import ProjectService


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_polnear_metadata_gives_every_article_its_outlet_and_date(
    cases_dir: Path, tmp_path: Path
) -> None:
    project = tmp_path / "p.db"
    polnear = cases_dir / "polnear"
    code, out, err = run(
        "--project",
        str(project),
        "import",
        "--metadata",
        str(polnear / "metadata.tsv"),
        str(polnear / "train" / "text"),
    )
    assert code == 0, err
    assert "(key column 'filename'): 840 articles" in out
    # The dev and test compartments' rows name articles that are not here: each is told.
    assert "matches no imported article: not used" in out
    service = ProjectService.open(project)
    rows = service.document_rows(limit=2000)
    assert len(rows) == 839
    assert all(row.outlet and row.published for row in rows)
    assert {row.outlet for row in rows} == {
        "breitbart",
        "huff-post",
        "nyt",
        "politico",
        "usa-today",
        "wash-post",
        "west-journal",
    }
    service.close()


def test_ecbplus_stories_table_by_doc_column(cases_dir: Path, tmp_path: Path) -> None:
    project = tmp_path / "p.db"
    ecb = cases_dir / "ecbplus"
    code, out, err = run(
        "--project",
        str(project),
        "import",
        "--metadata",
        str(ecb / "stories.tsv"),
        "--metadata-key",
        "doc",
        str(ecb / "articles"),
    )
    assert code == 0, err
    assert "413 articles, 0 rows unused, 0 articles without a row" in out
    service = ProjectService.open(project)
    row = next(r for r in service.document_rows(limit=500) if r.url and "accesshollywood" in r.url)
    assert row.outlet == "accesshollywood.com"
    service.close()


def test_rows_without_files_and_files_without_rows_are_named(tmp_path: Path) -> None:
    project = str(tmp_path / "p.db")
    (tmp_path / "a.txt").write_text("Text of a", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Text of b", encoding="utf-8")
    table = tmp_path / "meta.csv"
    table.write_text(
        "file,url\na.txt,https://www.rt.com/a\nzzz.txt,https://x.org/\na.txt,https://dup.org/\n",
        encoding="utf-8",
    )
    code, out, err = run(
        "--project",
        project,
        "import",
        "--metadata",
        str(table),
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.txt"),
    )
    assert code == 0, err
    assert f"{table}:3: file 'zzz.txt' matches no imported article: not used" in out
    assert f"{table}:4: file 'a.txt' repeats line 2: this row is not used: not used" in out
    assert f"{tmp_path / 'b.txt'}: no row in {table}" in out
    service = ProjectService.open(Path(project))
    outlets = {r.title: r.outlet for r in service.document_rows()}
    assert outlets == {"Text of a": "rt.com", "Text of b": None}
    service.close()


def test_a_bad_table_is_one_error_line_and_stores_nothing(tmp_path: Path) -> None:
    project = str(tmp_path / "p.db")
    (tmp_path / "a.txt").write_text("Text of a", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Text of b", encoding="utf-8")
    assert run("--project", project, "import", str(tmp_path / "b.txt"))[0] == 0
    table = tmp_path / "meta.tsv"
    table.write_text("file\toutlet\na.txt\tRT\textra\n", encoding="utf-8")
    code, _out, err = run(
        "--project", project, "import", "--metadata", str(table), str(tmp_path / "a.txt")
    )
    assert code == 1
    assert err.strip() == f"annotator: error: {table}:2: row has 3 fields, the header has 2"
    code, _out, err = run(
        "--project",
        project,
        "import",
        "--metadata",
        str(table),
        "--metadata-key",
        "doc",
        str(tmp_path / "a.txt"),
    )
    assert code == 1 and err.startswith(f"annotator: error: {table}:1: no column 'doc'")
    code, out, _err = run("--project", project, "stats", "--json")
    assert json.loads(out)["documents"] == 1  # what was there before, and nothing of a.txt
