"""Projects at the edges: missing, made by three commands at once, read-only, damaged, disk full.

Through the real command line, as a user types it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.domain.model import DraftDocument
from annotator.service import ProjectService
from tests.cli.typed import annotator
from tests.conftest import SEEDS

READING_COMMANDS = [
    ["stats"],
    ["stats", "--json"],
    ["labels", "list"],
    ["export", "--format", "prodigy", "-o", "OUT"],
    ["detect-debris"],
    ["screenshot", "--out", "OUT"],
]


@pytest.mark.parametrize("command", READING_COMMANDS, ids=lambda c: " ".join(c))
def test_a_missing_project_named_for_a_reading_command_is_an_error_and_nothing_is_created(
    tmp_path: Path, command: list[str]
) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("the export of yesterday\n", encoding="utf-8")
    typo = tmp_path / "projcets" / "news.db"
    args = [str(out) if word == "OUT" else word for word in command]
    result = annotator("--project", str(typo), *args)
    assert result.returncode == 1
    assert result.stderr.startswith(f"annotator: error: {typo}: no such project")
    assert len(result.stderr.splitlines()) == 1
    assert not typo.parent.exists()
    assert out.read_text(encoding="utf-8") == "the export of yesterday\n"


def test_three_commands_started_at_once_on_a_new_path_all_succeed(tmp_path: Path) -> None:
    project = tmp_path / "new" / "p.db"
    commands = [
        ["import", str(SEEDS / "000_7f3ecc1138e4dd58.txt")],
        ["labels", "add", "RUMOUR", "--hotkey", "9"],
        ["import", str(SEEDS / "004_6a4efd1afba59cf5.txt")],
    ]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "annotator", "--project", str(project), *command],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in commands
    ]
    results = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in processes]
    for process in processes:
        for stream in (process.stdout, process.stderr):
            if stream:
                stream.close()
    assert [code for code, _ in results] == [0, 0, 0], results
    service = ProjectService.open(project, create=False)
    assert len(service.document_ids()) == 2
    names = [label.name for label in service.schema]
    assert "RUMOUR" in names and "CLAIM" in names
    assert len(names) == len(set(names))
    service.close()


def _damage(path: Path) -> None:
    """Overwrite pages in the middle of the file, as a bad disk or a half copy would (not the
    schema's own pages: a file damaged there is refused as damaged, but nothing is recoverable)."""
    conn = sqlite3.connect(path)
    schema_pages = {
        row[0]
        for row in conn.execute(
            "SELECT pageno FROM dbstat WHERE name IN ('sqlite_master', 'sqlite_schema')"
        )
    }
    conn.close()
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(2 * page, len(data) - page, 3 * page):
        if offset // page + 1 in schema_pages:
            continue
        data[offset : offset + page] = b"\xde\xad\xbe\xef" * (page // 4)
    path.write_bytes(bytes(data))


def damaged_project(tmp_path: Path) -> Path:
    project = tmp_path / "p.db"
    service = ProjectService.open(project)
    service.store.insert_documents(
        [DraftDocument(f"Article {n} " + "text " * 400, f"T{n}") for n in range(60)]
    )
    service.close()
    _damage(project)
    assert not project.with_name("p.db-wal").exists()
    return project


def test_a_damaged_project_is_one_line_suggesting_check_and_recover(tmp_path: Path) -> None:
    project = damaged_project(tmp_path)
    for args in (["stats"], ["export", "--format", "prodigy", "-o", str(tmp_path / "o.jsonl")]):
        result = annotator("--project", str(project), *args)
        assert result.returncode == 1, result.stderr
        (line,) = result.stderr.splitlines()
        assert line.startswith(f"annotator: error: {project}: the project file is damaged")
        assert "annotator --project" in line and " check" in line and "recover" in line
        assert sorted(p.name for p in tmp_path.iterdir()) == ["p.db"]


def test_check_reports_the_damage_and_recover_saves_what_is_readable(tmp_path: Path) -> None:
    project = damaged_project(tmp_path)
    check = annotator("--project", str(project), "check")
    assert check.returncode == 1
    assert "damaged" in check.stdout + check.stderr
    recovered = tmp_path / "recovered.db"
    result = annotator("--project", str(project), "recover", str(recovered))
    assert result.returncode == 0, result.stderr
    assert "recovered" in result.stdout
    again = annotator("--project", str(recovered), "check")
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip().endswith("ok")
    service = ProjectService.open(recovered, create=False)
    count = len(service.document_ids())
    assert 0 < count < 60
    assert [label.name for label in service.schema][:2] == ["CLAIM", "SOURCE"]
    service.close()
    assert f"{count} of " in result.stdout or f"{count} articles" in result.stdout


def test_check_on_a_sound_project_says_ok(tmp_path: Path) -> None:
    project = tmp_path / "p.db"
    ProjectService.open(project).close()
    result = annotator("--project", str(project), "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")


def test_refusing_a_file_leaves_no_wal_or_shm_beside_it(tmp_path: Path) -> None:
    files = {
        "text.db": b"hello, not a database\n",
        "other.db": None,  # an SQLite database another program made
        "empty-header.db": b"SQLite format 3\x00" + b"\x00" * 100,
    }
    for name, content in files.items():
        path = tmp_path / name
        if content is None:
            conn = sqlite3.connect(path)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("CREATE TABLE t (x)")
            conn.commit()
            conn.close()
        else:
            path.write_bytes(content)
    damaged = damaged_project(tmp_path / "d") if (tmp_path / "d").mkdir() is None else None
    assert damaged is not None
    before = sorted(p.name for p in tmp_path.rglob("*"))
    for path in [*(tmp_path / name for name in files), damaged]:
        for args in (["stats"], ["import", str(SEEDS)]):
            result = annotator("--project", str(path), *args)
            assert result.returncode == 1, (path, result.stderr)
            assert len(result.stderr.splitlines()) == 1, result.stderr
            assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def _as_another_user() -> list[str] | None:
    """A prefix that runs a command as an unprivileged user (root reads and writes anything)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder another user can reach (pytest's own are private to the user running it)."""
    folder = Path(tempfile.mkdtemp(prefix="annotator-ro-"))
    os.chmod(folder, 0o755)
    yield folder
    os.chmod(folder, 0o755)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_project_is_read_and_writing_says_so_in_one_line(
    shared_folder: Path, what: str
) -> None:
    prefix = _as_another_user()
    if prefix is None:
        pytest.skip("running as root without setpriv: cannot make a file read-only")
    folder = shared_folder
    project = folder / "p.db"
    service = ProjectService.open(project)
    service.import_paths([SEEDS])
    service.close()
    if what == "file":
        os.chmod(project, 0o444)
        os.chown(folder, 65534, 65534)  # the folder is theirs, the file is not
    else:
        os.chmod(folder, 0o555)
    before = project.read_bytes()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*prefix, sys.executable, "-m", "annotator", "--project", str(project), *args],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "HOME": str(folder)},
        )

    stats = run("stats", "--json")
    assert stats.returncode == 0, stats.stderr
    assert '"documents": 2' in stats.stdout
    exported = run("export", "--format", "prodigy", "-o", "-", "--status", "all")
    assert exported.returncode == 0, exported.stderr
    assert len(exported.stdout.splitlines()) == 2
    for write in (["labels", "add", "RUMOUR"], ["import", str(SEEDS), "--allow-duplicates"]):
        refused = run(*write)
        assert refused.returncode == 1
        (line,) = refused.stderr.splitlines()
        assert line == (
            f"annotator: error: {project}: the project is open read-only (the file or its folder"
            " cannot be written); nothing was changed"
        )
    assert project.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["p.db"]


def test_a_full_disk_is_one_clear_line_and_nothing_stored_is_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from annotator.cli import main
    from annotator.storage import repository

    project = tmp_path / "p.db"
    service = ProjectService.open(project)
    service.import_paths([SEEDS / "000_7f3ecc1138e4dd58.txt"])
    service.close()
    real_connect = repository.connect

    def on_a_full_disk(path: Path, *, read_only: bool) -> sqlite3.Connection:
        conn = real_connect(path, read_only=read_only)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")  # not one page more fits
        return conn

    monkeypatch.setattr(repository, "connect", on_a_full_disk)
    result = CliRunner().invoke(
        main, ["--project", str(project), "import", str(SEEDS / "004_6a4efd1afba59cf5.txt")]
    )
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line == (
        f"annotator: error: {project}: the disk is full: this change was not stored (everything"
        " stored before is safe); free some space and try again"
    )
    monkeypatch.undo()
    service = ProjectService.open(project, create=False)
    assert len(service.document_ids()) == 1
    service.close()


def interrupted_creation(path: Path, *, migrations_table: bool) -> Path:
    """The file a first `annotator import` leaves when Ctrl+C comes after SQLite wrote its header
    and before the first schema step was recorded."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    if migrations_table:
        conn.execute("CREATE TABLE _sqlite_migrations (migration_set TEXT, name TEXT, applied_at)")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("migrations_table", [False, True])
def test_a_project_whose_making_was_interrupted_is_made_again_by_the_next_import(
    tmp_path: Path, migrations_table: bool
) -> None:
    interrupted_creation(tmp_path / "p.db", migrations_table=migrations_table)
    reading = annotator("--project", "p.db", "stats", cwd=tmp_path)
    assert reading.returncode == 1
    assert "unfinished project" in reading.stderr and "annotator import" in reading.stderr
    result = annotator("--project", "p.db", "import", str(SEEDS), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    listed = annotator("--project", "p.db", "labels", "list", cwd=tmp_path)
    assert "CLAIM" in listed.stdout  # the default schema, as for any new project
    assert "documents: 2" in annotator("--project", "p.db", "stats", cwd=tmp_path).stdout
