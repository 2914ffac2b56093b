"""The project file: made by migrations, readable by any SQLite tool, refusing what it is not."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.domain import NotAProject
from annotator.domain.model import DraftDocument, DraftRelation, DraftSpan
from annotator.service import ProjectService
from annotator.storage import ProjectStore
from annotator.storage.migrations import known_steps


def test_a_new_project_is_migrated_and_readable_by_plain_sqlite(project_path: Path) -> None:
    ProjectService.open(project_path).close()
    conn = sqlite3.connect(project_path)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"documents", "labels", "spans", "relations", "links", "_sqlite_migrations"} <= tables
    applied = [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert applied == known_steps()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    labels = [row[0] for row in conn.execute("SELECT name FROM labels ORDER BY position")]
    assert labels[:3] == ["CLAIM", "SOURCE", "CUE"]


def test_foreign_keys_are_enforced(service: ProjectService) -> None:
    with pytest.raises(service.store.integrity_errors):
        service.store.conn.execute(
            "INSERT INTO spans (document_id, char_start, char_end, label, text)"
            " VALUES (999, 0, 1, 'CLAIM', 'x')"
        )


def test_reopening_a_project_keeps_everything(project_path: Path) -> None:
    first = ProjectService.open(project_path)
    (document_id,) = first.store.insert_documents([DraftDocument(text="Lavrov said so.")])
    first.add_span(document_id, 0, 6, "PERSON")
    first.close()
    again = ProjectService.open(project_path)
    assert [(s.start, s.end, s.label) for s in again.spans(document_id)] == [(0, 6, "PERSON")]
    again.close()


def file_state(path: Path) -> tuple[bytes, float]:
    return path.read_bytes(), path.stat().st_mtime


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just some text\n", "not an SQLite database"),
        (b"", "not an SQLite database"),
    ],
)
def test_a_file_that_is_not_a_project_is_refused_untouched(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    before = file_state(path)
    with pytest.raises(NotAProject, match=message):
        ProjectService.open(path)
    assert file_state(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_another_programs_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE things (id INTEGER)")
    conn.commit()
    conn.close()
    before = file_state(path)
    with pytest.raises(NotAProject, match="made by something else"):
        ProjectService.open(path)
    assert file_state(path) == before


def test_a_project_from_a_newer_version_is_refused_untouched(project_path: Path) -> None:
    ProjectService.open(project_path).close()
    conn = sqlite3.connect(project_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('annotator', 'm999_from_the_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    before = file_state(project_path)
    with pytest.raises(NotAProject, match="newer version"):
        ProjectService.open(project_path)
    assert file_state(project_path) == before


def test_deleting_a_span_takes_its_relations_and_links_and_restore_brings_them_back(
    service: ProjectService,
) -> None:
    store = service.store
    a, b = store.insert_documents(
        [
            DraftDocument(
                text="Lavrov said talks go on.",
                spans=(DraftSpan(7, 23, "CLAIM"), DraftSpan(0, 6, "SOURCE")),
                relations=(DraftRelation(0, 1, "SAID_BY"),),
            ),
            DraftDocument(text="Talks go on, Lavrov said.", spans=(DraftSpan(0, 11, "CLAIM"),)),
        ]
    )
    claim_a = next(s for s in service.spans(a) if s.label == "CLAIM")
    claim_b = service.spans(b)[0]
    link = service.add_link(claim_a.id, claim_b.id, "SAME_CLAIM")  # type: ignore[arg-type]

    removed = service.remove_span(claim_a.id)  # type: ignore[arg-type]
    assert len(removed.relations) == 1 and removed.links == (link,)
    assert service.relations(a) == []
    assert service.links_of_documents([a, b]) == []

    service.restore_span(removed)
    assert service.span(claim_a.id) == claim_a  # type: ignore[arg-type]
    assert service.relations(a) == list(removed.relations)
    assert service.links_of_documents([b]) == [link]


def test_span_count_follows_adds_and_deletes(service: ProjectService) -> None:
    (document_id,) = service.store.insert_documents([DraftDocument(text="one two three")])
    span = service.add_span(document_id, 0, 3, "CLAIM")
    service.add_span(document_id, 4, 7, "CLAIM")
    assert service.document_row(document_id).span_count == 2  # type: ignore[union-attr]
    service.remove_span(span.id)  # type: ignore[arg-type]
    row = service.document_row(document_id)
    assert row is not None and row.span_count == 1 and row.status == "in_progress"


def test_store_refuses_offsets_the_domain_would_refuse(service: ProjectService) -> None:
    store: ProjectStore = service.store
    (document_id,) = store.insert_documents([DraftDocument(text="abc")])
    with pytest.raises(store.integrity_errors):
        store.conn.execute(
            "INSERT INTO spans (document_id, char_start, char_end, label, text)"
            " VALUES (?, 2, 2, 'CLAIM', '')",
            [document_id],
        )


def test_the_step_list_read_at_open_matches_the_migrations() -> None:
    from annotator.storage.steps import STEPS

    assert list(STEPS) == known_steps()


def test_opening_an_up_to_date_project_does_not_load_sqlite_utils(project_path: Path) -> None:
    import subprocess
    import sys

    ProjectService.open(project_path).close()
    code = (
        "import sys; from annotator.service import ProjectService;"
        f"ProjectService.open({str(project_path)!r}).close();"
        "print('sqlite_utils' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_an_edit_while_another_connection_writes_says_the_project_is_busy(
    project_path: Path,
) -> None:
    from annotator.storage.repository import ProjectBusy

    writer = ProjectService.open(project_path)
    (document_id,) = writer.store.insert_documents([DraftDocument(text="Lavrov said so.")])
    editor = ProjectService.open(project_path)
    editor.store.conn.execute("PRAGMA busy_timeout = 50")
    writer.store.conn.execute("BEGIN IMMEDIATE")  # an import in progress
    try:
        with pytest.raises(ProjectBusy, match="busy"):
            editor.add_span(document_id, 0, 6, "PERSON")
    finally:
        writer.store.conn.rollback()
    assert editor.add_span(document_id, 0, 6, "PERSON").label == "PERSON"
    writer.close()
    editor.close()
