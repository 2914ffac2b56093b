"""Debris cut out of exports with offsets remapped; the annotator bundle round trip; readers."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.domain.errors import AnnotatorError
from annotator.domain.model import Document, ExportItem, Span
from annotator.service import ProjectService
from annotator.service.debris_cut import cut_debris
from annotator.service.exporting import ExportOptions
from tests.unit.export_helpers import add_article, project_snapshot, span_of

TAILS = {"000": "You might also like", "004": 'string(1157) "'}


def mark_seed_tails(service) -> dict[int, str]:  # type: ignore[no-untyped-def]
    """DEBRIS over each seed's scraped tail, a claim before it; returns the texts without tails."""
    kept = {}
    for document_id in service.document_ids():
        document = service.document(document_id)
        tail = next(marker for marker in TAILS.values() if marker in document.text)
        start = document.text.index(tail)
        service.add_span(document_id, start, len(document.text), "DEBRIS")
        span_of(service, document_id, "Lavrov", "PERSON")
        kept[document_id] = document.text[:start].rstrip()  # no blank line left at the end
    return kept


def test_debris_tails_of_both_seeds_are_cut_and_spans_still_slice_their_text(seeded, tmp_path):
    kept = mark_seed_tails(seeded)
    out = tmp_path / "out.jsonl"
    seeded.export("prodigy", out)
    tasks = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(tasks) == 2
    for task in tasks:
        assert task["text"] == kept[task["meta"]["id"]]
        assert [s["label"] for s in task["spans"]] == ["PERSON"]
        assert all(
            task["text"][s["start"] : s["end"]] == s["text"] == "Lavrov" for s in task["spans"]
        )
    seeded.export("prodigy", out, ExportOptions(keep_debris=True))
    whole = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {t["text"] for t in whole} == {seeded.document(i).text for i in seeded.document_ids()}
    assert "DEBRIS" in {s["label"] for t in whole for s in t["spans"]}


def test_a_span_overlapping_debris_fails_the_export_unless_dropped(seeded, tmp_path):
    mark_seed_tails(seeded)
    document_id = seeded.document_ids()[0]
    text = seeded.document(document_id).text
    start = text.index("Latest news")  # inside the debris of seed 000
    seeded.add_span(document_id, start - 20, start + 6, "CLAIM")
    out = tmp_path / "out.jsonl"
    with pytest.raises(AnnotatorError) as refused:
        seeded.export("prodigy", out)
    assert f"article {document_id}" in str(refused.value)
    assert "overlaps debris" in str(refused.value)
    assert not out.exists()
    report = seeded.export("prodigy", out, ExportOptions(drop_overlapping=True))
    assert [o.span.label for o in report.dropped] == ["CLAIM"]
    assert report.spans == 2


def test_suggested_debris_is_not_cut(service, tmp_path):
    document_id = add_article(service, "Real news. Share this!")
    debris = service.add_span(document_id, 11, 22, "DEBRIS")
    service.update_span(replace(debris, suggested=True))
    service.export("prodigy", tmp_path / "o.jsonl")
    task = json.loads((tmp_path / "o.jsonl").read_text(encoding="utf-8"))
    assert task["text"] == "Real news. Share this!" and task["spans"] == []


# Texts the way scraped news comes: emoji, combining marks, NBSP, CRLF, right-to-left script.
ALPHABET = st.sampled_from(
    [*list("ab c.\n"), "🙂", "👍🏽", "é", "\xa0", "\r\n", "ש", "ل", "ß", "’"]
)
TEXTS = st.lists(ALPHABET, min_size=1, max_size=40).map("".join)


@st.composite
def items_with_spans(draw):  # type: ignore[no-untyped-def]
    text = draw(TEXTS)
    spans = []
    for i in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        label = draw(st.sampled_from(["DEBRIS", "CLAIM", "PERSON"]))
        spans.append(Span(1, start, end, label, id=i + 1))
    return text, sorted(spans, key=lambda s: (s.start, s.end, s.id))


@settings(max_examples=60, deadline=None)
@given(items_with_spans())
def test_cutting_debris_keeps_every_other_span_on_its_own_text(case):
    text, spans = case
    item = ExportItem(Document(1, text), spans, [])
    cut, overlaps = cut_debris(item)
    debris = [s for s in spans if s.label == "DEBRIS"]
    removed = {i for d in debris for i in range(d.start, d.end)}
    others = [s for s in spans if s.label != "DEBRIS"]
    if removed:  # debris ending the article takes the blank before it (and after) along
        last_end = max(d.end for d in debris)
        if not text[last_end:].strip() and not any(s.end > last_end for s in others):
            position = last_end
            while position - 1 in removed:
                position -= 1
            floor = max((s.end for s in others if s.end <= position), default=0)
            while position > floor and position - 1 not in removed and text[position - 1].isspace():
                position -= 1
            removed |= set(range(position, len(text)))
    kept_text = "".join(ch for i, ch in enumerate(text) if i not in removed)
    assert cut.document.text == kept_text
    originals = {s.id: s for s in spans}
    for span in cut.spans:
        old = originals[span.id]
        assert cut.document.text[span.start : span.end] == text[old.start : old.end]
    expected_overlaps = {
        s.id for s in spans if s.label != "DEBRIS" and any(s.overlaps(d) for d in debris)
    }
    assert {o.span.id for o in overlaps} == expected_overlaps
    assert {s.id for s in cut.spans} == {
        s.id for s in spans if s.label != "DEBRIS" and s.id not in expected_overlaps
    }


def build_rich_project(service) -> None:  # type: ignore[no-untyped-def]
    a = add_article(
        service, "Lavrov said 🙂 talks e\u0301 go on.\r\nRT website\u00a0quoted him.", "A", "done"
    )
    b = add_article(service, "ذكرت Talks go on, said Lavrov. Share!", "B", "in_progress")
    claim = span_of(service, a, "talks e\u0301 go on", "CLAIM")
    lavrov = span_of(service, a, "Lavrov", "PERSON")
    rt = span_of(service, a, "RT website", "MEDIA")
    gone = span_of(service, a, "quoted", "CUE")
    service.remove_span(gone.id)  # leaves a gap in the span ids
    service.update_span(
        replace(claim, attributes={"stance": "neutral", "check_worthy": True}, note="check")
    )
    service.update_span(replace(rt, suggested=True))
    service.add_relation(claim.id, lavrov.id, "SAID_BY")
    service.add_relation(lavrov.id, rt.id, "REPORTED_BY")
    claim_b = span_of(service, b, "Talks go on", "CLAIM")
    span_of(service, b, "Share!", "DEBRIS")
    span_of(service, b, "Lavrov", "PERSON")
    service.add_link(claim.id, claim_b.id, "SAME_CLAIM")


def test_annotator_bundle_round_trip_gives_back_an_equal_project(service, tmp_path):
    build_rich_project(service)
    bundle = tmp_path / "project.jsonl"
    report = service.export("annotator", bundle)
    assert (report.documents, report.spans, report.relations, report.links) == (2, 6, 2, 1)
    copy = ProjectService.open(tmp_path / "copy.db")
    try:
        imported = copy.import_paths([bundle])  # recognised by its first line
        assert imported.links == 1
        assert project_snapshot(copy) == project_snapshot(service)
    finally:
        copy.close()


def test_a_bad_bundle_line_stores_nothing_and_names_the_line(service, tmp_path):
    build_rich_project(service)
    bundle = tmp_path / "project.jsonl"
    service.export("annotator", bundle)
    lines = bundle.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace('"start": ', '"start": -', 1)
    bundle.write_text("\n".join(lines) + "\n", encoding="utf-8")
    copy = ProjectService.open(tmp_path / "copy.db")
    try:
        with pytest.raises(AnnotatorError) as refused:
            copy.import_paths([bundle], format_name="annotator")
        assert f"{bundle}:3:" in str(refused.value)
        assert copy.document_count() == 0
    finally:
        copy.close()


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(items_with_spans(), min_size=1, max_size=3))
def test_bundle_round_trip_over_random_texts_and_overlapping_spans(tmp_path_factory, cases):
    folder = tmp_path_factory.mktemp("bundle")
    source = ProjectService.open(folder / "source.db")
    copy = ProjectService.open(folder / "copy.db")
    try:
        for text, spans in cases:
            document_id = add_article(source, text)
            for span in spans:
                source.add_span(document_id, span.start, span.end, span.label)
        source.export("annotator", folder / "b.jsonl")
        copy.import_paths([folder / "b.jsonl"], format_name="annotator", allow_duplicates=True)
        assert project_snapshot(copy) == project_snapshot(source)
    finally:
        source.close()
        copy.close()


ROUND_TRIPS = [
    ("doccano", "jsonl", "d.jsonl"),
    ("labelstudio", "labelstudio", "ls.json"),
    ("brat", "brat", "brat"),
]


@pytest.mark.parametrize(("writer", "reader", "name"), ROUND_TRIPS)
def test_export_then_import_gives_back_articles_spans_and_relations(
    service, tmp_path, writer, reader, name
):
    a = add_article(service, "Lavrov said 🙂 talks go on.\nRT website quoted him.", "A")
    claim = span_of(service, a, "talks go on", "CLAIM")
    lavrov = span_of(service, a, "Lavrov", "PERSON")
    span_of(service, a, "RT website", "MEDIA")
    service.add_relation(claim.id, lavrov.id, "SAID_BY")
    out = tmp_path / name
    service.export(writer, out)
    copy = ProjectService.open(tmp_path / "copy.db")
    try:
        copy.import_paths([out], format_name=reader)
        (document_id,) = copy.document_ids()
        assert copy.document(document_id).text == service.document(a).text
        spans = copy.spans(document_id)
        assert [(s.start, s.end, s.label) for s in spans] == [
            (s.start, s.end, s.label) for s in service.spans(a)
        ]
        by_id = {s.id: s for s in spans}
        assert [
            (by_id[r.head_id].label, by_id[r.child_id].label, r.label)
            for r in copy.relations(document_id)
        ] == [("CLAIM", "PERSON", "SAID_BY")]
    finally:
        copy.close()


def test_conll_export_reads_back_as_the_same_labelled_tokens(service, tmp_path):
    a = add_article(service, "Lavrov met Kerry in London.", "A")
    for needle, label in (("Lavrov", "PERSON"), ("Kerry", "PERSON"), ("London", "GPE")):
        span_of(service, a, needle, label)
    out = tmp_path / "out.conll"
    service.export("conll", out)
    copy = ProjectService.open(tmp_path / "copy.db")
    try:
        copy.import_paths([out], format_name="conll")
        (document_id,) = copy.document_ids()
        text = copy.document(document_id).text
        assert [(text[s.start : s.end], s.label) for s in copy.spans(document_id)] == [
            ("Lavrov", "PERSON"),
            ("Kerry", "PERSON"),
            ("London", "GPE"),
        ]
    finally:
        copy.close()
