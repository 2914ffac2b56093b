"""Every real file of another tool in ../shared/cases imports, each span on the tool's own text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.domain.errors import InputRefused

SKIPPED_SUFFIXES = {".md", ".xml"}  # READMEs, the UIMA TypeSystem.xml that goes with the .xmi files
# Whole corpora (hundreds of articles, sidecar tables, licence files), not one file per tool's format:
# their own tests read them with the options they need.
CORPORA = {"ecbplus", "polnear"}


def stored(service, document_id):  # type: ignore[no-untyped-def]
    text = service.document(document_id).text
    return text, [
        (s.start, s.end, s.label, text[s.start : s.end]) for s in service.spans(document_id)
    ]


def case_files(cases_dir: Path) -> list[Path]:
    return sorted(
        p
        for p in cases_dir.rglob("*")
        if p.is_file()
        and p.suffix not in SKIPPED_SUFFIXES
        and p.relative_to(cases_dir).parts[0] not in CORPORA
    )


def test_every_case_file_imports_with_valid_spans(service, cases_dir: Path) -> None:
    deliberately_bad = "doccano-import-tests-sequence_labeling-example.jsonl"
    for path in case_files(cases_dir):
        report = service.import_paths(
            [path], allow_duplicates=True, skip_invalid=path.name == deliberately_bad
        )
        assert report.document_ids, path
        for document_id in report.document_ids:
            text, spans = stored(service, document_id)
            for start, end, _label, span_text in spans:
                assert 0 <= start < end <= len(text), path
                assert span_text.strip(), (path, start, end)


def test_doccano_fixture_without_text_is_refused_by_line(service, cases_dir: Path) -> None:
    path = cases_dir / "doccano" / "doccano-import-tests-sequence_labeling-example.jsonl"
    with pytest.raises(InputRefused) as refused:
        service.import_paths([path])
    assert [(p.line, p.message) for p in refused.value.problems] == [(3, 'record has no "text"')]
    assert service.document_count() == 0


def test_brat_spans_match_the_ann_text(service, cases_dir: Path) -> None:
    for ann in sorted((cases_dir / "brat").glob("*.ann")):
        report = service.import_paths([ann], allow_duplicates=True, detect_debris=False)
        _text, spans = stored(service, report.document_ids[0])
        by_offsets = {(s, e): t for s, e, _label, t in spans}
        for line in ann.read_text(encoding="utf-8").splitlines():
            fields = line.split("\t")
            if line.startswith("T") and ";" not in fields[1]:
                _label, start, end = fields[1].split(" ")
                assert by_offsets[(int(start), int(end))] == fields[2], (ann.name, line)


def test_brat_discontinuous_span_is_split_into_parts(service, cases_dir: Path) -> None:
    report = service.import_paths([cases_dir / "brat" / "dkpro-document0d.txt"])
    spans = service.spans(report.document_ids[0])
    text = service.document(report.document_ids[0]).text
    parts = [s for s in spans if "of T2" in s.note]
    assert [text[s.start : s.end] for s in parts] == ["is", "n"]


def test_brat_events_notes_and_attributes(service, cases_dir: Path) -> None:
    report = service.import_paths([cases_dir / "brat" / "dkpro-document1.txt"])
    document_id = report.document_ids[0]
    text, _ = stored(service, document_id)
    spans = {s.id: s for s in service.spans(document_id)}
    relations = {
        (
            text[spans[r.head_id].start : spans[r.head_id].end],
            r.label,
            text[spans[r.child_id].start : spans[r.child_id].end],
        )
        for r in service.relations(document_id)
    }
    assert ("Ericsson", "Origin", "Sweden") in relations
    assert ("joint venture", "Org", "Sony") in relations
    sony = next(s for s in spans.values() if text[s.start : s.end] == "Sony")
    assert sony.note == "This is a named entity."
    report = service.import_paths([cases_dir / "brat" / "news-100-attribute_annotation.ann"])
    attributes = [s.attributes for s in service.spans(report.document_ids[0]) if s.attributes]
    assert {"Individual": True} in attributes
    assert {"Confidence": "Neutral"} in attributes


def test_label_studio_regions_match_their_text(service, cases_dir: Path) -> None:
    for path in sorted((cases_dir / "label_studio").glob("*.json")):
        tasks = json.loads(path.read_text(encoding="utf-8"))
        tasks = tasks if isinstance(tasks, list) else [tasks]
        report = service.import_paths([path], detect_debris=False)
        assert len(report.document_ids) == len(tasks)
        for task, document_id in zip(tasks, report.document_ids, strict=True):
            _text, spans = stored(service, document_id)
            expected = {
                (r["value"]["start"], r["value"]["end"], label, r["value"]["text"])
                for a in task["annotations"]
                for r in a["result"]
                if r["type"] == "labels"
                for label in r["value"]["labels"]
            }
            assert set(spans) == expected


def test_prodigy_spans_and_relations_match(service, cases_dir: Path) -> None:
    path = cases_dir / "prodigy" / "explosion-projects-rel_component-annotations-first40.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    report = service.import_paths([path], detect_debris=False)
    for record, document_id in zip(records, report.document_ids, strict=True):
        _text, spans = stored(service, document_id)
        assert {(s["start"], s["end"], s["label"], s["text"]) for s in record["spans"]} == set(
            spans
        )
        assert len(service.relations(document_id)) == len(
            {
                (r["head_span"]["start"], r["child_span"]["start"], r["label"])
                for r in record["relations"]
            }
        )


def test_doccano_entities_and_relations(service, cases_dir: Path) -> None:
    path = cases_dir / "doccano" / "doccano-export-relation_extraction-example.jsonl"
    report = service.import_paths([path])
    document_id = report.document_ids[0]
    _text, spans = stored(service, document_id)
    assert {t for *_x, t in spans} >= {"Google", "Larry Page", "Sergey Brin"}
    labels = sorted(r.label for r in service.relations(document_id))
    assert labels == ["foundedAt", "foundedBy", "foundedBy"]


def test_conll_spans_are_the_tagged_tokens(service, cases_dir: Path) -> None:
    report = service.import_paths([cases_dir / "conll" / "doccano-import-tests-example.conll"])
    text, spans = stored(service, report.document_ids[0])
    assert text == "JAPAN GET\nNadim Ladki"
    assert [(label, t) for _s, _e, label, t in spans] == [("LOC", "JAPAN"), ("PER", "Nadim Ladki")]
    report = service.import_paths([cases_dir / "conll" / "spacy-ner-sent-per-line.iob"])
    _text, spans = stored(service, report.document_ids[0])
    assert ("PERSON", "Sebastian Thrun") in [(label, t) for _s, _e, label, t in spans]


def test_webanno_utf16_offsets_are_converted(service, cases_dir: Path) -> None:
    path = cases_dir / "webanno_tsv" / "inception-tsv3-suite-testSentenceWithEmoji.tsv"
    report = service.import_paths([path])
    text, spans = stored(service, report.document_ids[0])
    assert text == "I like it 😊 ."
    assert [t for *_x, t in spans] == ["😊"]


def test_webanno_multi_token_spans_and_relations(service, cases_dir: Path) -> None:
    report = service.import_paths([cases_dir / "webanno_tsv" / "inception-tsv3-example2.tsv"])
    document_id = report.document_ids[0]
    text, spans = stored(service, document_id)
    assert ("PER", "Ms. Haag") in [(label, t) for _s, _e, label, t in spans]
    assert ("ORG", "Rolls-Royce Motor") in [(label, t) for _s, _e, label, t in spans]
    by_id = {s.id: s for s in service.spans(document_id)}
    pairs = {
        (
            text[by_id[r.head_id].start : by_id[r.head_id].end],
            r.label,
            text[by_id[r.child_id].start : by_id[r.child_id].end],
        )
        for r in service.relations(document_id)
    }
    assert ("plays", "SUBJ", "Ms.") in pairs


def test_ptc_technique_spans_come_from_the_labels_file(service, cases_dir: Path) -> None:
    folder = cases_dir / "semeval2020_task11_ptc"
    report = service.import_paths([folder / "article703056647.txt"])
    _text, spans = stored(service, report.document_ids[0])
    raw = (folder / "article703056647.txt").read_text(encoding="utf-8")
    rows = [
        line.split("\t")
        for line in (folder / "article703056647.task2-TC.labels").read_text().splitlines()
    ]
    assert {(int(s), int(e), label, raw[int(s) : int(e)]) for _id, label, s, e in rows} == set(
        spans
    )


def test_importing_a_case_folder_counts_multi_file_articles_once(service, cases_dir: Path) -> None:
    report = service.import_paths([cases_dir / "brat", cases_dir / "semeval2020_task11_ptc"])
    assert len(report.document_ids) == 9  # 7 brat pairs, 2 PTC articles
