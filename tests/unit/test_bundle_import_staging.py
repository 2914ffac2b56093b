"""A bundle import, like every import, holds the project's write lock only for its merge: another
program writes while it reads, and it stays all or nothing, links and joined layers included."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.domain.errors import InputRefused
from annotator.service import ProjectService
from annotator.service.importing import ImportProgress


def _write_elsewhere(project: Path, key: str) -> None:
    """Another program's write, waiting for no lock at all (busy_timeout 0)."""
    other = sqlite3.connect(project, timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO settings (key, value) VALUES (?, '1')", [key])
        other.execute("COMMIT")
    finally:
        other.close()


def _bundles(tmp_path: Path) -> list[Path]:
    """Two bundles of two linked articles each, from a project of their own."""
    made = []
    for n in (1, 2):
        source = ProjectService.open(tmp_path / f"source{n}.db")
        ids = source.import_paths(
            [
                _text(tmp_path / f"a{n}.txt", f"Lavrov said talks {n} go on."),
                _text(tmp_path / f"b{n}.txt", f"Kerry said talks {n} go on."),
            ],
            detect_debris=False,
        ).document_ids
        claims = [source.add_span(i, 7, 20, "CLAIM", snap=False) for i in ids]
        assert claims[0].id is not None and claims[1].id is not None
        source.add_link(claims[0].id, claims[1].id, "SAME_CLAIM")
        bundle = tmp_path / f"bundle{n}.jsonl"
        source.export("annotator", bundle)
        source.close()
        made.append(bundle)
    return made


def _text(path: Path, text: str) -> Path:
    path.write_text(text + "\n", encoding="utf-8")
    return path


@pytest.mark.sqlite_only  # another program writes to the project's file with sqlite3
def test_another_writer_commits_while_a_bundle_import_reads(
    service: ProjectService, project_path: Path, tmp_path: Path
) -> None:
    bundles = _bundles(tmp_path)
    wrote: list[int] = []

    def progress(step: ImportProgress) -> None:
        if step.files_done == 1 and not wrote:
            # The first bundle is read: the import held the lock for its whole run before.
            _write_elsewhere(project_path, "written_meanwhile")
            wrote.append(step.files_done)

    report = service.import_paths(bundles, format_name="annotator", progress=progress)
    assert wrote, "the progress callback never ran between the bundles"
    assert len(report.document_ids) == 4 and report.links == 2
    assert service.setting("written_meanwhile") == 1
    links = service.store.links_of_documents(report.document_ids)

    def article_of(span_id: int) -> str:
        return service.text_of(service.store.span(span_id).document_id).strip()

    assert {(article_of(link.a_id), article_of(link.b_id)) for link in links} == {
        ("Lavrov said talks 1 go on.", "Kerry said talks 1 go on."),
        ("Lavrov said talks 2 go on.", "Kerry said talks 2 go on."),
    }
    assert [p.name for p in project_path.parent.iterdir() if ".import-" in p.name] == []


def test_a_bundle_joining_stored_articles_links_to_the_joined_layer(
    service: ProjectService, tmp_path: Path
) -> None:
    bundles = _bundles(tmp_path)
    first = service.import_paths([bundles[0]], format_name="annotator").document_ids
    # Another analyst's bundle of the same articles: their layer joins them, linked the same way.
    service.store.conn.execute("UPDATE spans SET layer = 'someone else', analyst = 'someone else'")
    service.store.conn.execute("UPDATE layers SET name = 'someone else'")
    service.store.conn.execute("UPDATE links SET layer = 'someone else'")
    service.store.conn.commit()
    again = service.import_paths([bundles[0]], format_name="annotator")
    assert again.document_ids == []
    assert sorted(d for _f, d, _layer in again.joined) == sorted(first)
    assert again.links == 1
    count = service.store.conn.execute("SELECT count(*) FROM links").fetchone()[0]
    assert count == 2


def test_a_bad_bundle_line_stores_nothing(service: ProjectService, tmp_path: Path) -> None:
    bundles = _bundles(tmp_path)
    lines = bundles[1].read_text(encoding="utf-8").splitlines()
    bundles[1].write_text("\n".join([*lines, '{"type": "link", "a": "x"}']) + "\n")
    with pytest.raises(InputRefused):
        service.import_paths(bundles, format_name="annotator")
    assert service.document_count() == 0
    assert service.store.conn.execute("SELECT count(*) FROM links").fetchone()[0] == 0
