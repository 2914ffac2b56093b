"""An import's files by outcome: what a folder import counts, and which files it names."""

from __future__ import annotations

from annotator.domain.errors import Problem
from annotator.service.importing import ImportReport


def test_each_file_read_has_one_outcome_and_none_is_left_out() -> None:
    report = ImportReport(
        per_file={
            "a.txt": 1,
            "b.jsonl": 3,
            "bob.ann": 0,
            "copy.txt": 0,
            "c.jsonl": 0,
            "bad.csv": 0,
            "empty.conll": 0,
        },
        joined=[("bob.ann", 1, "bob")],
        duplicates=["copy.txt", "c.jsonl:2"],
        skipped=[Problem("bad.csv", 2, "no text")],
    )
    assert report.file_outcomes() == {
        "stored": ["a.txt", "b.jsonl"],
        "joined": ["bob.ann"],
        "duplicates": ["copy.txt", "c.jsonl"],
        "refused": ["bad.csv"],
        "nothing": ["empty.conll"],
    }


def test_suggestions_are_counted_apart_from_the_spans() -> None:
    assert ImportReport(spans=5, suggested=2).spans_said() == "3 spans (2 suggested)"
    assert ImportReport(spans=1).spans_said() == "1 span"
