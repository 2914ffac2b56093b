"""An import names every duplicate and bad line, stores nothing when refused, and lets the other
analysts of the project work meanwhile: their edits go through at once and stay (on a server the
articles stream in while the file is read, ADR 0039)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.domain.errors import InputRefused
from annotator.service import ProjectService
from annotator.service.importing import ImportProgress


def _jsonl(path: Path, texts: list[str]) -> Path:
    path.write_text("".join(json.dumps({"text": text}) + "\n" for text in texts))
    return path


def test_duplicates_and_a_bad_line_are_named_by_file_and_line_and_a_refusal_stores_nothing(
    service: ProjectService, tmp_path: Path
) -> None:
    service.import_paths([_jsonl(tmp_path / "before.jsonl", ["Already here."])])
    source = tmp_path / "news.jsonl"
    source.write_text(
        '{"text": "A new article."}\n'
        '{"text": "Already here."}\n'
        '{"text": "A new article."}\n'
        '{"no text": 1}\n'
        '{"text": "Another new one."}\n'
    )

    with pytest.raises(InputRefused) as refused:
        service.import_paths([source])
    assert [(p.path, p.line) for p in refused.value.problems] == [(str(source), 4)]
    assert service.document_count() == 1

    report = service.import_paths([source], skip_invalid=True)
    assert sorted(report.duplicates) == [f"{source}:2", f"{source}:3"]
    assert [(p.path, p.line) for p in report.skipped] == [(str(source), 4)]
    assert sorted(service.document(d).text for d in report.document_ids) == [
        "A new article.",
        "Another new one.",
    ]
    assert service.document_count() == 3


def test_other_analysts_edit_and_import_during_an_import_at_once_and_nothing_is_lost(
    service: ProjectService, project_target: Any, tmp_path: Path
) -> None:
    [article] = service.import_paths(
        [_jsonl(tmp_path / "first.jsonl", ["Lavrov said the talks continue."])]
    ).document_ids
    source = _jsonl(
        tmp_path / "many.jsonl",
        [f"Report {i}: a quokka was seen at the port." for i in range(1200)],
    )
    elsewhere = _jsonl(tmp_path / "other.jsonl", ["A wombat crossed the road."])
    other = ProjectService.open(project_target, analyst="bob")
    other.set_lock_wait(0.05)  # an edit that had to wait for the import would fail: not here
    done: list[int] = []

    def progress(step: ImportProgress) -> None:
        if step.documents >= 800 and not done:  # some hundreds of articles sent meanwhile
            other.add_span(article, 0, 6, "SOURCE")
            other.set_status(article, "done")
            other.import_paths([elsewhere])
            assert other.document_count(query="wombat") == 1  # the search index caught up
            done.append(step.documents)

    try:
        report = service.import_paths([source], progress=progress)
    finally:
        other.close()
    assert done, "the progress callback never ran mid-import"
    assert len(report.document_ids) == 1200
    assert service.document_count() == 1202
    [span] = service.store.spans_of(article, layer="bob")
    assert (span.start, span.end, span.label) == (0, 6, "SOURCE")
    # Every article of the import is found, though another's, stored and indexed for search
    # while it ran, may have a larger id than all of them.
    assert service.document_count(query="quokka") == 1200
    assert service.document_count(query="wombat") == 1
