"""Analysts and layers: who made each annotation when, one layer an analyst, exports of a layer,
imports that join stored articles, bundles and merges that keep identity and times."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from annotator.domain.errors import AnnotatorError
from annotator.service import ProjectService
from annotator.service.exporting import ExportOptions

HERE = Path(__file__).resolve().parents[1]
PRE = HERE / "data" / "pre_analysts"

TEXT = "Officials said the bridge will close. Critics said it never opened."


def _open(path: Any, analyst: str) -> ProjectService:
    return ProjectService.open(path, analyst=analyst)


def _label(service: ProjectService, document_id: int, needle: str, label: str):
    text = service.document(document_id).text
    start = text.index(needle)
    return service.add_span(document_id, start, start + len(needle), label)


def _article(tmp_path: Path, service: ProjectService) -> int:
    source = tmp_path / "bridge.txt"
    source.write_text("Bridge\n\n" + TEXT, encoding="utf-8")
    report = service.import_paths([source])
    return report.document_ids[0]


def test_migrated_project_keeps_every_annotation_as_the_original_analysts(tmp_path: Path) -> None:
    db = tmp_path / "old.annotator.db"
    shutil.copy(PRE / "project.annotator.db", db)
    before = sqlite3.connect(f"{(PRE / 'project.annotator.db').as_uri()}?immutable=1", uri=True)
    old_spans = before.execute(
        "SELECT id, char_start, char_end, label FROM spans ORDER BY id"
    ).fetchall()
    before.close()
    service = _open(db, "someone")
    rows = service.store.conn.execute(
        "SELECT id, char_start, char_end, label, layer, analyst, created_at FROM spans ORDER BY id"
    ).fetchall()
    assert [row[:4] for row in rows] == old_spans
    assert {row[4] for row in rows} == {"original"} and {row[5] for row in rows} == {"original"}
    assert all(row[6] for row in rows)  # the article's import time
    assert [s.name for s in service.team.layers()] == ["original"]
    service.close()


@pytest.mark.parametrize(
    ("format_name", "target", "extra"),
    [
        ("prodigy", "prodigy.jsonl", ()),
        ("spacy", "spacy.spacy", ()),
        ("brat", "brat", ()),
        ("doccano", "doccano.jsonl", ()),
        ("labelstudio", "labelstudio.json", ()),
        ("conll", "conll.conll", ("CLAIM", "SOURCE", "CUE")),
        ("csv", "csv.csv", ()),
        ("links", "links.jsonl", ()),
    ],
)
def test_a_single_analyst_project_exports_byte_for_byte_as_before_layers(
    tmp_path: Path, format_name: str, target: str, extra: tuple[str, ...]
) -> None:
    db = tmp_path / "old.annotator.db"
    shutil.copy(PRE / "project.annotator.db", db)
    service = _open(db, "someone")
    layer = service.team.export_layer(None, None, format_name=format_name)
    out = tmp_path / target
    service.export(format_name, out, ExportOptions(labels=extra, layer=layer))
    expected = PRE / "exports" / target
    if expected.is_dir():
        names = sorted(p.name for p in expected.iterdir())
        assert sorted(p.name for p in out.iterdir()) == names
        for name in names:
            assert (out / name).read_bytes() == (expected / name).read_bytes(), name
    else:
        assert out.read_bytes() == expected.read_bytes()
    # The analyst's own name works too, and gives the same file.
    again = tmp_path / ("again-" + target)
    original = service.team.export_layer("original", None, format_name=format_name)
    service.export(format_name, again, ExportOptions(labels=extra, layer=original))
    if not expected.is_dir():
        assert again.read_bytes() == expected.read_bytes()
    service.close()


def test_the_bundle_of_a_migrated_project_only_adds_who_and_when(tmp_path: Path) -> None:
    db = tmp_path / "old.annotator.db"
    shutil.copy(PRE / "project.annotator.db", db)
    service = _open(db, "someone")
    out = tmp_path / "bundle.jsonl"
    service.export("annotator", out)
    new = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    old = [
        json.loads(line)
        for line in (PRE / "exports" / "bundle.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert new[0]["version"] == 2 and old[0]["version"] == 1
    stamp = {"layer", "analyst", "created_at", "changed_at"}
    for n, o in zip(new[1:], old[1:], strict=True):
        if n["type"] == "article":
            for ns, os_ in zip(n["spans"], o["spans"], strict=True):
                assert {k: v for k, v in ns.items() if k not in stamp} == os_
                assert ns["layer"] == "original"
            n = {k: v for k, v in n.items() if k not in ("spans", "relations", "layers")}
            o = {k: v for k, v in o.items() if k not in ("spans", "relations")}
        else:
            n = {k: v for k, v in n.items() if k not in stamp}
        assert n == o
    service.close()


def test_each_edit_records_its_analyst_and_times(tmp_path: Path, project_target: Any) -> None:
    alice = _open(project_target, "alice")
    document_id = _article(tmp_path, alice)
    span = _label(alice, document_id, "Officials", "SOURCE")
    stored = alice.span(span.id)
    assert (stored.layer, stored.analyst) == ("alice", "alice")
    assert stored.created_at and stored.changed_at == stored.created_at
    claim = _label(alice, document_id, "the bridge will close", "CLAIM")
    relation = alice.add_relation(claim.id, span.id, "SAID_BY")
    assert (alice.store.relation(relation.id).layer, alice.store.relation(relation.id).analyst) == (
        "alice",
        "alice",
    )
    alice.set_status(document_id, "done")
    (layer,) = alice.team.layers_of(document_id)
    assert (layer.name, layer.status, layer.analyst) == ("alice", "done", "alice")
    alice.close()


def test_each_analyst_edits_and_reads_their_own_layer(tmp_path: Path, project_target: Any) -> None:
    alice = _open(project_target, "alice")
    document_id = _article(tmp_path, alice)
    _label(alice, document_id, "Officials", "SOURCE")
    alice.close()
    bob = _open(project_target, "bob")
    assert bob.spans(document_id) == []
    _label(bob, document_id, "Critics", "SOURCE")
    assert [s.label for s in bob.spans(document_id)] == ["SOURCE"]
    assert [m[3] for m in bob.span_marks(document_id)] == ["SOURCE"]
    alices = bob.store.span_marks(document_id, layer="alice")
    assert [(m[0], m[1]) for m in alices] == [
        (TEXT.index("Officials") + 8, TEXT.index("Officials") + 17)
    ]
    assert [s.name for s in bob.team.layers()] == ["alice", "bob"]
    with pytest.raises(AnnotatorError, match="several analysts"):
        bob.team.export_layer(None, None, format_name="prodigy")
    with pytest.raises(AnnotatorError, match="several analysts"):
        bob.export("prodigy", tmp_path / "mixed.jsonl")  # the window's export too, unchosen
    assert not (tmp_path / "mixed.jsonl").exists()
    layer = bob.team.export_layer("alice", None, format_name="prodigy")
    out = tmp_path / "alice.jsonl"
    bob.export("prodigy", out, ExportOptions(layer=layer))
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [s["label"] for s in record["spans"]] == ["SOURCE"]
    assert record["text"][record["spans"][0]["start"] : record["spans"][0]["end"]] == "Officials"
    bob.close()


def test_undoing_an_articles_first_span_makes_it_new_again_with_no_layer(
    tmp_path: Path, project_target: Any
) -> None:
    alice = _open(project_target, "alice")
    document_id = _article(tmp_path, alice)
    text = alice.document(document_id).text
    span, started = alice.add_span_starting(document_id, 0, 9, "SOURCE")
    assert started and alice.document(document_id).status == "in_progress"
    removed = alice.remove_span(span.id, unstarts=True)  # type: ignore[arg-type]
    assert alice.document(document_id).status == "new"
    assert alice.team.layers() == []
    alice.restore_span(removed, starts=True)  # the redo
    assert alice.document(document_id).status == "in_progress"
    assert [s.name for s in alice.team.layers()] == ["alice"]
    # bob's span, made meanwhile, keeps the article started when alice undoes her first one
    alice.remove_span(span.id, unstarts=True)  # type: ignore[arg-type]
    alice.restore_span(removed, starts=True)
    bob = _open(project_target, "bob")
    bob.add_span(document_id, text.index("Critics"), text.index("Critics") + 7, "SOURCE")
    alice.remove_span(span.id, unstarts=True)  # type: ignore[arg-type]
    assert alice.document(document_id).status == "in_progress"
    bob.close()
    alice.close()


def test_an_import_as_another_analyst_joins_the_stored_article(
    tmp_path: Path, project_target: Any
) -> None:
    service = _open(project_target, "alice")
    source = tmp_path / "a.jsonl"
    record = {"text": TEXT, "spans": [{"start": 0, "end": 9, "label": "SOURCE"}]}
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    first = service.import_paths([source])
    second = service.import_paths([source], analyst="bob")
    assert second.document_ids == [] and [j[2] for j in second.joined] == ["bob"]
    third = service.import_paths([source], analyst="bob")
    assert third.joined == [] and len(third.duplicates) == 1
    (document_id,) = first.document_ids
    assert sorted(layer.name for layer in service.team.layers_of(document_id)) == ["alice", "bob"]
    assert service.document_count() == 1
    service.close()


def test_polnear_multi_imports_as_four_articles_with_six_layers_each(
    cases_dir: Path, project_target: Any
) -> None:
    service = _open(project_target, "me")
    service.import_paths([cases_dir / "polnear" / "multi"])
    assert service.document_count() == 4
    for document_id in service.document_ids():
        names = [layer.name for layer in service.team.layers_of(document_id)]
        assert names == ["4b22", "4e07", "5fec", "6b86", "d473", "ef2d"]
    ann = cases_dir / "polnear" / "multi" / "attributions"
    first = sorted(ann.glob("*_4e07.ann"))[0]
    t_lines = [line for line in first.read_text(encoding="utf-8").splitlines() if line[:1] == "T"]
    fragments = sum(len(line.split("\t")[1].split(";")) for line in t_lines)
    document_id = service.document_ids()[0]
    assert len(service.store.spans_of(document_id, layer="4e07")) == fragments
    service.close()


def test_bundle_round_trip_keeps_identity_and_times_and_twice_changes_nothing(
    tmp_path: Path, project_target: Any
) -> None:
    alice = _open(project_target, "alice")
    document_id = _article(tmp_path, alice)
    claim = _label(alice, document_id, "the bridge will close", "CLAIM")
    source = _label(alice, document_id, "Officials", "SOURCE")
    alice.add_relation(claim.id, source.id, "SAID_BY")
    alice.close()
    bob = _open(project_target, "bob")
    _label(bob, document_id, "Critics", "SOURCE")
    bundle = tmp_path / "team.jsonl"
    bob.export("annotator", bundle)
    stored = {s.id: s for s in bob.store.spans_of(document_id, layer=None)}
    bob.close()
    other = _open(tmp_path / "other.annotator.db", "carol")
    other.import_paths([bundle])
    spans = other.store.spans_of(other.document_ids()[0], layer=None)
    assert sorted(
        (s.layer, s.analyst, s.created_at, s.changed_at, s.label) for s in spans
    ) == sorted((s.layer, s.analyst, s.created_at, s.changed_at, s.label) for s in stored.values())
    snapshot = other.store.conn.execute("SELECT count(*) FROM spans").fetchone()
    again = other.import_paths([bundle])
    assert again.document_ids == [] and again.joined == []
    assert other.store.conn.execute("SELECT count(*) FROM spans").fetchone() == snapshot
    assert [r.layer for r in other.store.relations_of(other.document_ids()[0], layer=None)] == [
        "alice"
    ]
    other.close()


def test_merge_brings_another_projects_layers_once(tmp_path: Path) -> None:
    mine = _open(tmp_path / "mine.annotator.db", "alice")
    document_id = _article(tmp_path, mine)
    _label(mine, document_id, "Officials", "SOURCE")
    theirs = _open(tmp_path / "theirs.annotator.db", "bob")
    _article(tmp_path, theirs)
    _label(theirs, theirs.document_ids()[0], "Critics", "SOURCE")
    theirs.close()
    report = mine.team.merge(tmp_path / "theirs.annotator.db")
    assert report.document_ids == [] and [j[1:] for j in report.joined] == [(document_id, "bob")]
    bobs = mine.store.spans_of(document_id, layer="bob")
    assert [(s.label, s.analyst) for s in bobs] == [("SOURCE", "bob")]
    counts = mine.store.conn.execute("SELECT count(*) FROM spans").fetchone()
    again = mine.team.merge(tmp_path / "theirs.annotator.db")
    assert again.joined == [] and again.document_ids == []
    assert mine.store.conn.execute("SELECT count(*) FROM spans").fetchone() == counts
    mine.close()


def test_an_analyst_name_is_checked(project_target: Any) -> None:
    with pytest.raises(AnnotatorError, match="curated"):
        _open(project_target, "curated")
    with pytest.raises(AnnotatorError, match="empty"):
        from annotator.domain.analysts import check_analyst

        check_analyst("  ")
