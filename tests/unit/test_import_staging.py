"""An import takes the project's write lock only to merge what it read, and stays all or nothing."""

from __future__ import annotations

import gc
import tempfile
from pathlib import Path

import pytest

from annotator.domain.errors import InputRefused
from annotator.service import ProjectService
from annotator.service.importing import ImportCancelled, ImportProgress
from tests.pg import write_elsewhere


def _articles(folder: Path, count: int, prefix: str = "Article") -> Path:
    folder.mkdir()
    for i in range(count):
        (folder / f"{i:04d}.txt").write_text(f"{prefix} {i}\n\nThe minister said {i} things.\n")
    return folder


_write_elsewhere = write_elsewhere


def test_another_writer_commits_while_an_import_reads_its_files(
    service: ProjectService, project_target: Path, tmp_path: Path
) -> None:
    folder = _articles(tmp_path / "in", 600)
    wrote: list[int] = []

    def progress(step: ImportProgress) -> None:
        if step.documents >= 200 and not wrote:
            # Today's import held the lock from its first article: this raised "locked".
            _write_elsewhere(project_target, "UPDATE settings SET value = value WHERE FALSE")
            _write_elsewhere(
                project_target,
                "INSERT INTO settings (key, value) VALUES ('written_meanwhile', '1')",
            )
            wrote.append(step.documents)

    report = service.import_paths([folder], progress=progress)
    assert wrote, "the progress callback never ran mid-import"
    assert len(report.document_ids) == 600
    assert service.document_count() == 600
    assert service.setting("written_meanwhile") == 1


def test_a_refused_or_cancelled_import_stores_nothing_and_leaves_no_stage(
    service: ProjectService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "scratch"  # where a server project's stage goes (no folder beside it)
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    good = _articles(tmp_path / "good", 30)
    (good / "zz-bad.jsonl").write_text('{"text": "fine"}\n{"no text": 1}\n')
    with pytest.raises(InputRefused):
        service.import_paths([good])
    assert service.document_count() == 0

    def cancel(step: ImportProgress) -> None:
        if step.files_done >= 10:
            raise ImportCancelled("cancelled")

    with pytest.raises(ImportCancelled):
        service.import_paths([good], progress=cancel)
    assert service.document_count() == 0
    folder = service.path.parent if service.store.dialect.name == "sqlite" else scratch
    leftovers = [p.name for p in folder.iterdir() if "import-" in p.name]
    assert leftovers == []
    # The cycle collector, paused while an import reads, is back after one that failed too.
    assert gc.isenabled()


def test_ids_spans_and_relations_follow_the_articles_already_stored(
    service: ProjectService, tmp_path: Path
) -> None:
    first = tmp_path / "first.jsonl"
    first.write_text(
        '{"text": "Lavrov said talks continue.", "spans": [{"start": 0, "end": 6, "label": "SOURCE"}]}\n'
    )
    service.import_paths([first])
    second = tmp_path / "second.jsonl"
    second.write_text(
        '{"text": "Peskov said the talks failed.", "spans": ['
        '{"start": 0, "end": 6, "label": "SOURCE"}, {"start": 12, "end": 29, "label": "CLAIM"}],'
        ' "relations": [{"head_span": {"start": 12, "end": 29}, "child_span": {"start": 0, "end": 6},'
        ' "label": "SAID_BY"}]}\n'
    )
    report = service.import_paths([second])
    [document_id] = report.document_ids
    text = service.document(document_id).text
    spans = service.spans(document_id)
    assert [(s.label, text[s.start : s.end]) for s in spans] == [
        ("SOURCE", "Peskov"),
        ("CLAIM", "the talks failed."),
    ]
    [relation] = service.relations(document_id)
    by_id = {s.id: s for s in spans}
    assert (by_id[relation.head_id].label, by_id[relation.child_id].label) == ("CLAIM", "SOURCE")


def test_a_label_renamed_elsewhere_during_an_import_is_added_back_not_a_failure(
    service: ProjectService, project_target: Path, tmp_path: Path
) -> None:
    source = tmp_path / "spans.jsonl"
    source.write_text(
        "".join(
            f'{{"text": "Lavrov {i} said so.", "spans": [{{"start": 0, "end": 6, "label": "SOURCE"}}]}}\n'
            for i in range(300)
        )
    )

    def progress(step: ImportProgress) -> None:
        if step.documents == 200:
            _write_elsewhere(
                project_target, "UPDATE labels SET name = 'SPEAKER' WHERE name = 'SOURCE'"
            )

    report = service.import_paths([source], progress=progress)
    assert len(report.document_ids) == 300
    labels = {s.label for d in report.document_ids for s in service.spans(d) if not s.suggested}
    assert labels == {"SOURCE"}
    assert {"SOURCE", "SPEAKER"} <= {
        row[0] for row in service.store.conn.execute("SELECT name FROM labels")
    }


def test_an_article_stored_elsewhere_during_the_import_is_a_duplicate_named_in_the_report(
    service: ProjectService, project_target: Path, tmp_path: Path
) -> None:
    folder = _articles(tmp_path / "in", 3)
    other = ProjectService.open(project_target, create=False)
    try:

        def progress(step: ImportProgress) -> None:
            if step.files_done == 2 and other.document_count() == 0:
                other.import_paths([folder / "0001.txt"])

        report = service.import_paths([folder], progress=progress)
    finally:
        other.close()
    assert len(report.document_ids) == 2
    assert report.duplicates == [str(folder / "0001.txt")]
    assert service.document_count() == 3


def test_the_service_announces_what_another_connection_committed(
    service: ProjectService, project_target: Path, tmp_path: Path
) -> None:
    from annotator.domain import events

    heard: list[object] = []
    service.subscribe(heard.append)
    assert service.take_in_outside_changes() is False  # the first call only starts watching
    folder = _articles(tmp_path / "in", 5)
    other = ProjectService.open(project_target, create=False)
    try:
        ids = other.import_paths([folder]).document_ids
        assert service.take_in_outside_changes() is True
        assert events.DocumentsAdded(tuple(ids)) in heard
        assert heard[-1] == events.ChangedElsewhere()
        assert service.take_in_outside_changes() is False  # nothing new since
        # ids with a gap (an article deleted meanwhile) are listed as they are
        more = other.import_paths([_articles(tmp_path / "more", 3, prefix="More")]).document_ids
        other.store.conn.execute("DELETE FROM documents WHERE id = ?", [more[1]])
        other.store.conn.commit()
        heard.clear()
        assert service.take_in_outside_changes() is True
        assert events.DocumentsAdded((more[0], more[2])) in heard
    finally:
        other.close()
