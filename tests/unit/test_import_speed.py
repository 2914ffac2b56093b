"""What the fast import path must keep: span counts, ids, relations, file order, plain UTF-8.

The bulk import stores each article's `span_count` with the article and its spans in one
`executemany` (migration `m040_speed_bulk_span_inserts` dropped the counting triggers); these tests
hold the store to the counts the triggers kept, and the readers to what they did before.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from annotator.domain.debris import _short_lines
from annotator.domain.model import DraftDocument, DraftRelation, DraftSpan
from annotator.formats import decoding
from annotator.formats.common import title_of
from annotator.service import ProjectService
from annotator.service.importing import files_under
from annotator.storage.migrations import migrations


def real_counts(service: ProjectService) -> dict[int, int]:
    conn = service.store.conn
    return {
        document_id: count
        for document_id, count in conn.execute(
            "SELECT d.id, (SELECT count(*) FROM spans s WHERE s.document_id = d.id) FROM documents d"
        )
    }


def stored_counts(service: ProjectService) -> dict[int, int]:
    conn = service.store.conn
    return dict(conn.execute("SELECT id, span_count FROM documents").fetchall())


def test_span_count_is_right_after_a_bulk_import_and_after_edits_and_undo(
    service: ProjectService, tmp_path: Path
) -> None:
    source = tmp_path / "articles.jsonl"
    records = [
        {"text": "Lavrov said the talks would go on.", "spans": [[0, 6, "PERSON"]]},
        {"text": "No spans in this one."},
        {
            "text": "Peskov and Lavrov met in Moscow.",
            "spans": [
                {"start": 0, "end": 6, "label": "PERSON"},
                {"start": 11, "end": 17, "label": "PERSON"},
                {"start": 25, "end": 31, "label": "GPE"},
            ],
        },
    ]
    records[0] = {"text": records[0]["text"], "label": records[0]["spans"]}  # doccano shape
    source.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    report = service.import_paths([source], detect_debris=False)
    first, second, third = report.document_ids
    assert stored_counts(service) == real_counts(service) == {first: 1, second: 0, third: 3}

    span = service.add_span(second, 0, 2, "CLAIM")
    assert stored_counts(service)[second] == 1
    removed = service.remove_span(service.spans(third)[0].id)  # type: ignore[arg-type]
    assert stored_counts(service)[third] == 2
    service.restore_span(removed)  # undo of the delete
    assert stored_counts(service)[third] == 3
    service.remove_span(span.id)  # type: ignore[arg-type]
    assert stored_counts(service) == real_counts(service) == {first: 1, second: 0, third: 3}
    assert service.document_row(third).span_count == 3  # type: ignore[union-attr]


def test_a_refused_span_insert_leaves_the_count_alone(service: ProjectService) -> None:
    (document_id,) = service.store.insert_documents([DraftDocument(text="one two")])
    span = service.add_span(document_id, 0, 3, "CLAIM")
    with pytest.raises(service.store.integrity_errors):
        service.store.insert_span(span, "one two")  # the same id again
    assert stored_counts(service) == real_counts(service) == {document_id: 1}


def test_debris_suggestions_are_counted_with_the_article(service: ProjectService) -> None:
    service.import_paths([Path(__file__).resolve().parents[2] / "seeds"])
    counts = stored_counts(service)
    assert counts == real_counts(service)
    assert all(count == 1 for count in counts.values())  # each seed's suggested tail


def test_bulk_ids_follow_the_largest_and_relations_find_their_spans(
    service: ProjectService,
) -> None:
    store = service.store
    (first,) = store.insert_documents(
        [DraftDocument(text="abc def", spans=(DraftSpan(0, 3, "CLAIM"),))]
    )
    span_ids = store.span_ids_of(first)
    drafts = [
        DraftDocument(
            text="Lavrov said talks go on.",
            spans=(DraftSpan(7, 23, "CLAIM"), DraftSpan(0, 6, "SOURCE")),
            relations=(DraftRelation(0, 1, "SAID_BY"),),
        ),
        DraftDocument(text="Nothing here."),
        DraftDocument(
            text="Talks go on, Peskov said.",
            spans=(DraftSpan(13, 19, "SOURCE"), DraftSpan(0, 11, "CLAIM")),
            relations=(DraftRelation(1, 0, "SAID_BY"),),
        ),
    ]
    ids = store.insert_documents(drafts)
    assert ids == [first + 1, first + 2, first + 3]
    assert store.span_ids_of(ids[0]) == [span_ids[-1] + 1, span_ids[-1] + 2]
    for document_id, draft in zip(ids, drafts, strict=True):
        spans = {s.id: s for s in service.spans(document_id)}
        text = service.document(document_id).text
        for relation in service.relations(document_id):
            head, child = spans[relation.head_id], spans[relation.child_id]
            assert (head.label, child.label) == ("CLAIM", "SOURCE")
            assert text[child.start : child.end] in ("Lavrov", "Peskov")
        assert len(spans) == len(draft.spans)
    assert stored_counts(service) == real_counts(service)


def test_a_failing_bulk_insert_stores_nothing(service: ProjectService) -> None:
    before = service.store.document_count()
    with pytest.raises(service.store.integrity_errors):
        service.store.insert_documents(
            [
                DraftDocument(text="fine", spans=(DraftSpan(0, 4, "CLAIM"),)),
                DraftDocument(text="bad label", spans=(DraftSpan(0, 3, "NO_SUCH_LABEL"),)),
            ]
        )
    assert service.store.document_count() == before
    assert service.store.conn.execute("SELECT count(*) FROM spans").fetchone()[0] == 0


def test_an_old_project_migrates_to_counts_kept_by_the_store(project_path: Path) -> None:
    from sqlite_utils import Database

    db = Database(sqlite3.connect(project_path))
    migrations.apply(db, stop_before="m040_speed_bulk_span_inserts")
    conn = db.conn
    conn.execute("INSERT INTO labels (name, kind, color) VALUES ('CLAIM', 'span', '#ffcc00')")
    for text in ("one two", "three four"):
        conn.execute(
            "INSERT INTO documents (text, content_hash, imported_at) VALUES (?, 'h', 'now')",
            [text],
        )
    conn.execute(
        "INSERT INTO spans (document_id, char_start, char_end, label, text)"
        " VALUES (1, 0, 3, 'CLAIM', 'one'), (1, 4, 7, 'CLAIM', 'two')"
    )
    conn.execute("UPDATE documents SET span_count = 5 WHERE id = 2")  # a count gone wrong
    conn.commit()
    assert conn.execute("SELECT span_count FROM documents WHERE id = 1").fetchone()[0] == 2
    conn.close()

    service = ProjectService.open(project_path)
    assert stored_counts(service) == real_counts(service) == {1: 2, 2: 0}
    schema = service.store.db.conn.execute(
        "SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'index')"
    ).fetchall()
    names = {name for _kind, name in schema}
    assert not any(kind == "trigger" and name.startswith("spans_count") for kind, name in schema)
    assert "spans_document" not in names and {"spans_marks", "spans_label"} <= names
    service.add_span(2, 0, 5, "CLAIM")
    assert stored_counts(service) == {1: 2, 2: 1}
    service.close()


def test_files_under_lists_what_sorted_rglob_lists(tmp_path: Path) -> None:
    root = tmp_path / "in"
    for name in ("b.txt", "a.txt", "A.txt", ".hidden.txt", "a b.txt", "z/x.txt", "a/b/c.txt"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")
    (root / "empty").mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "o.txt").write_text("x", encoding="utf-8")
    if hasattr(os, "symlink"):
        try:
            (root / "linked_folder").symlink_to(outside, target_is_directory=True)
            (root / "linked_file.txt").symlink_to(outside / "o.txt")
            (root / "broken.txt").symlink_to(tmp_path / "missing.txt")
        except OSError:
            pass
    expected = [p for p in sorted(root.rglob("*")) if p.is_file()]
    assert files_under(root) == expected
    relative = Path(os.path.relpath(root))
    assert files_under(relative) == [p for p in sorted(relative.rglob("*")) if p.is_file()]


@pytest.mark.parametrize(
    "text",
    ["", "\n", "  \n\t\nTitle here  \nbody", "Only line", "\n\n  x", "a\u00a0\n", " \u2029\nT"],
)
def test_title_of_is_the_first_non_blank_line(text: str) -> None:
    expected = next((line.strip()[:200] for line in text.split("\n") if line.strip()), "")
    assert title_of(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "short\n" + "x" * 81 + "\n  Share | Tweet  \n",
        "x" * 80,
        "a\n\n\n b \n",
        " \u00a0x",
    ],
)
def test_short_lines_are_found_as_before(text: str) -> None:
    expected, position = [], 0
    for line in text.split("\n"):
        if len(line) <= 80 and line.strip():
            stripped = line.strip()
            expected.append((position + line.index(stripped[0]), stripped))
        position += len(line) + 1
    assert _short_lines(text) == expected


def test_utf8_text_never_asks_charset_normalizer(
    service: ProjectService, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(data: bytes, path: Path) -> str:
        raise AssertionError(f"charset-normalizer asked about UTF-8 text {path}")

    monkeypatch.setattr(decoding, "_detect", refuse)
    folder = tmp_path / "utf8"
    folder.mkdir()
    (folder / "plain.txt").write_text("Title\nJust ASCII.\n", encoding="utf-8")
    (folder / "emoji.txt").write_text("Заголовок 🇷🇺\r\nТекст.\r\n", encoding="utf-8")
    (folder / "bom.txt").write_bytes("\ufeffWith BOM\nbody".encode())
    report = service.import_paths([folder])
    assert len(report.document_ids) == 3
