"""`annotator copy SOURCE DEST` as a user types it: a project made of the seeds and real cases,
with layers of several analysts, suggestions, stories and a link, copied to a server project and
back to a file; each copy exports byte for byte what the source does and holds the same rows."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.cli import typed
from tests.conftest import SEEDS
from tests.pg import table_rows

ROW_TABLES = ("assist_patterns", "rejected_suggestions", "project")


def annotator(*args: str) -> subprocess.CompletedProcess[str]:
    return typed.annotator(*args, env={"ANNOTATOR_ANALYST": "carol"}, timeout=300)


def ok(*args: str) -> str:
    run = annotator(*args)
    assert run.returncode == 0, run.stderr
    return run.stdout


def export(project: str, out: Path) -> bytes:
    ok("--project", project, "export", "--format", "annotator", "-o", str(out))
    return out.read_bytes()


def every_row(target: str | Path) -> dict[str, list[tuple[object, ...]]]:
    from annotator.storage.opening_any import open_store

    store = open_store(target, create=False)
    try:
        rows = table_rows(store)
        for table in ROW_TABLES:
            rows[table] = [
                tuple(r) for r in store.conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            ]
        return rows
    finally:
        store.close()


@pytest.fixture
def team_project(tmp_path: Path, cases_dir: Path) -> Path:
    """Seeds and real cases imported by two analysts (polnear's six layers besides), rule
    suggestions, suggested stories, a link between articles, a setting and a pattern."""
    project = tmp_path / "team.annotator.db"
    ok("--project", str(project), "--analyst", "alice", "import", str(SEEDS))
    ok(
        "--project",
        str(project),
        "--analyst",
        "bob",
        "import",
        str(cases_dir / "polnear" / "multi"),
        str(cases_dir / "brat"),
    )
    ok("--project", str(project), "--analyst", "alice", "suggest", "--rules")
    ok("--project", str(project), "stories", "suggest")
    from annotator.service import ProjectService

    service = ProjectService.open(project, analyst="alice")
    try:
        first, second = service.document_ids()[:2]
        a = service.add_span(first, 0, 5, "CLAIM")
        b = service.add_span(second, 0, 5, "CLAIM")
        assert a.id is not None and b.id is not None
        service.add_link(a.id, b.id, "SAME_CLAIM")
        service.set_setting("layout", {"panes": [1, 2], "größe": "ü"})
    finally:
        service.close()
    return project


def test_a_project_copied_to_a_server_and_back_exports_byte_for_byte_the_same(
    team_project: Path, pg_target: str, tmp_path: Path
) -> None:
    to_server = ok("copy", str(team_project), pg_target)
    assert to_server.startswith("copied 13 articles, ")
    assert "postgresql://" in to_server and "?host" not in to_server
    offline = tmp_path / "offline.annotator.db"
    ok("copy", pg_target, str(offline))

    original = export(str(team_project), tmp_path / "original.jsonl")
    assert original.count(b'"layer"') > 1000 and b'"bob"' in original and b'"alice"' in original
    assert export(pg_target, tmp_path / "server.jsonl") == original
    assert export(str(offline), tmp_path / "offline.jsonl") == original

    rows = every_row(team_project)
    assert rows["links"] and rows["stories"] and rows["span_suggestions"] and rows["settings"]
    assert every_row(pg_target) == rows
    assert every_row(offline) == rows


def test_a_file_copied_to_a_file_keeps_every_row_and_its_ids(
    team_project: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.annotator.db"
    assert "into " + str(copy) in ok("copy", str(team_project), str(copy))
    assert every_row(copy) == every_row(team_project)
    assert ok("--project", str(copy), "stats") == ok("--project", str(team_project), "stats")


def test_a_copy_into_a_project_with_articles_is_refused_and_changes_nothing(
    tmp_path: Path, pg_target: str
) -> None:
    source = tmp_path / "source.annotator.db"
    ok("--project", str(source), "import", str(SEEDS))
    ok("copy", str(source), pg_target)
    before = every_row(pg_target)
    again = annotator("copy", str(source), pg_target)
    assert again.returncode == 1
    assert again.stderr.startswith("annotator: error: postgresql://")
    assert "already holds a project with articles" in again.stderr
    assert "annotator merge" in again.stderr
    assert every_row(pg_target) == before

    into_file = annotator("copy", pg_target, str(source))
    assert into_file.returncode == 1 and "annotator merge" in into_file.stderr


def test_a_copy_from_nowhere_or_onto_itself_says_so_and_leaves_no_file(tmp_path: Path) -> None:
    missing = annotator("copy", str(tmp_path / "nope.db"), str(tmp_path / "new.db"))
    assert missing.returncode == 1
    assert missing.stderr == f"annotator: error: {tmp_path / 'nope.db'}: no such project\n"
    assert not (tmp_path / "new.db").exists()
    project = tmp_path / "p.annotator.db"
    ok("--project", str(project), "import", str(SEEDS))
    itself = annotator("copy", str(project), str(project))
    assert itself.returncode == 1 and "onto itself" in itself.stderr


def test_a_copy_to_an_unreachable_server_names_it_without_the_password(tmp_path: Path) -> None:
    project = tmp_path / "p.annotator.db"
    ok("--project", str(project), "import", str(SEEDS))
    socket_dir = tmp_path / "no-server"
    socket_dir.mkdir()
    target = f"postgresql://ann:s3cret@/team?host={socket_dir}"
    run = annotator("copy", str(project), target)
    assert run.returncode == 1
    assert run.stderr.startswith("annotator: error: postgresql://ann@/team: cannot connect")
    assert "s3cret" not in run.stderr and "Traceback" not in run.stderr
