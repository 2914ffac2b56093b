"""`annotator --project postgresql://… check` and `recover` as a user types them: the check reads
a server project's content and names what is wrong (exit 1) or says ok; recover, which is about
damaged files, says what to use instead. One line each, never a traceback."""

from __future__ import annotations

from tests.cli import typed
from tests.conftest import SEEDS


def test_check_of_a_server_project_says_ok_then_names_what_is_wrong(
    pg_target: str, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from annotator.storage.postgres import connect

    made = typed.annotator("--project", pg_target, "import", str(SEEDS))
    assert made.returncode == 0, made.stderr
    where = typed.annotator("--project", pg_target, "check")
    assert where.returncode == 0, where.stderr
    database = pg_target.split("?")[0].rsplit("/", 1)[-1]
    assert where.stdout.strip().endswith(": ok") and database in where.stdout
    assert "Traceback" not in where.stderr

    conn = connect(pg_target)  # what another client (psql, a script) could leave
    conn.raw.execute("UPDATE documents SET span_count = span_count + 2 WHERE id = 1")
    conn.raw.execute(
        "UPDATE spans SET text = 'not the article''s words' WHERE id = (SELECT min(id) FROM spans)"
    )
    conn.close()
    checked = typed.annotator("--project", pg_target, "check")
    assert checked.returncode == 1
    assert "article 1 counts" in checked.stdout
    assert "keeps a copy of its text that differs" in checked.stdout
    assert checked.stderr.startswith("annotator: error:") and "2 problems" in checked.stderr
    assert "Traceback" not in checked.stderr


def test_recover_of_a_server_project_says_what_to_use_instead(pg_target: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "saved.annotator.db"
    run = typed.annotator("--project", pg_target, "recover", str(out))
    assert run.returncode == 2
    assert run.stderr.startswith("annotator: error:")
    assert "annotator copy" in run.stderr and "check" in run.stderr
    assert "Traceback" not in run.stderr and not out.exists()
    assert len(run.stderr.strip().splitlines()) == 1


def test_check_of_a_server_database_without_a_project_is_one_line(pg_cluster) -> None:  # type: ignore[no-untyped-def]
    empty = str(pg_cluster.target(pg_cluster.new_database()))
    run = typed.annotator("--project", empty, "check")
    assert run.returncode != 0
    assert run.stderr.startswith("annotator: error:") and "no annotator project" in run.stderr
    assert "Traceback" not in run.stderr
