"""Each export format, checked the way its consumer reads it."""

from __future__ import annotations

import csv
import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.domain.errors import AnnotatorError
from annotator.domain.model import Span
from annotator.formats.exportkit import training_tokens
from tests.unit.export_helpers import add_article, span_of

TEXT = (
    "Speaking to journalists, RT website quoted Lavrov as saying: "
    "talks will continue 🙂.\n\nKerry agreed  with\u00a0him."
)


@pytest.fixture
def attributed(service):  # type: ignore[no-untyped-def]
    """An article with a claim said by Lavrov and relayed by the RT website."""
    document_id = add_article(service, TEXT, title="Lavrov", status="done")
    claim = span_of(service, document_id, "talks will continue 🙂", "CLAIM")
    lavrov = span_of(service, document_id, "Lavrov", "PERSON")
    rt = span_of(service, document_id, "RT website", "MEDIA")
    span_of(service, document_id, "Kerry", "PERSON")
    service.add_relation(claim.id, lavrov.id, "SAID_BY")
    service.add_relation(lavrov.id, rt.id, "REPORTED_BY")
    return service, document_id


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_prodigy_tasks_have_tokens_spans_and_relations_in_prodigys_shape(attributed, tmp_path):
    service, _ = attributed
    out = tmp_path / "out.jsonl"
    service.export("prodigy", out)
    (task,) = read_jsonl(out)
    text, tokens = task["text"], task["tokens"]
    assert "".join(t["text"] + (" " if t["ws"] else "") for t in tokens) == text
    assert [t["id"] for t in tokens] == list(range(len(tokens)))
    for span in task["spans"]:
        assert text[span["start"] : span["end"]] == span["text"]
        assert tokens[span["token_start"]]["start"] == span["start"]
        assert tokens[span["token_end"]]["end"] == span["end"]
    by_text = {s["text"]: s for s in task["spans"]}
    said_by = next(r for r in task["relations"] if r["label"] == "SAID_BY")
    assert said_by["head"] == by_text["talks will continue 🙂"]["token_end"]
    assert said_by["child"] == by_text["Lavrov"]["token_end"]
    assert set(said_by["head_span"]) == {"start", "end", "token_start", "token_end", "label"}
    assert said_by["child_span"]["label"] == "PERSON"
    assert task["answer"] == "accept"
    assert isinstance(task["_input_hash"], int) and isinstance(task["_task_hash"], int)


def test_every_format_exports_the_same_bytes_twice(attributed, tmp_path):
    service, _ = attributed
    for name in ("prodigy", "spacy", "doccano", "labelstudio", "csv", "annotator", "links"):
        first, second = tmp_path / f"1.{name}", tmp_path / f"2.{name}"
        service.export(name, first)
        service.export(name, second)
        assert first.read_bytes() == second.read_bytes(), name


def test_spacy_docbin_loads_and_finds_every_exported_span(attributed, tmp_path):
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    service, document_id = attributed
    out = tmp_path / "train.spacy"
    report = service.export("spacy", out)
    assert report.spans == 4
    (doc,) = DocBin().from_disk(out).get_docs(spacy.blank("en").vocab)
    assert doc.text == TEXT
    for span in service.spans(document_id):
        found = doc.char_span(span.start, span.end)
        assert found is not None
        assert found.text == TEXT[span.start : span.end]
    assert {(s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]} == {
        (s.start, s.end, s.label) for s in service.spans(document_id)
    }
    ents = sorted(doc.ents, key=lambda e: e.start)
    assert all(a.end <= b.start for a, b in itertools.pairwise(ents))
    assert doc.user_data["id"] == document_id


def test_brat_folder_has_text_ann_and_annotation_conf(attributed, tmp_path):
    service, document_id = attributed
    out = tmp_path / "brat"
    service.export("brat", out)
    text = (out / f"{document_id:06d}.txt").read_text(encoding="utf-8")
    assert text == TEXT
    lines = (out / f"{document_id:06d}.ann").read_text(encoding="utf-8").splitlines()
    for line in (ln for ln in lines if ln.startswith("T")):
        _key, middle, covered = line.split("\t")
        _label, offsets = middle.split(" ", 1)
        fragments = [tuple(map(int, part.split())) for part in offsets.split(";")]
        assert " ".join(text[s:e] for s, e in fragments) == covered
    assert any(line.startswith("R") and "SAID_BY Arg1:" in line for line in lines)
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert "[entities]" in conf and "\nCLAIM\n" in conf
    assert "SAID_BY\tArg1:CLAIM, Arg2:" in conf


def test_doccano_and_labelstudio_offsets_slice_the_same_text(attributed, tmp_path):
    service, _ = attributed
    service.export("doccano", tmp_path / "d.jsonl")
    (record,) = read_jsonl(tmp_path / "d.jsonl")
    ids = {e["id"] for e in record["entities"]}
    assert {record["text"][e["start_offset"] : e["end_offset"]] for e in record["entities"]} >= {
        "talks will continue 🙂",
        "Lavrov",
    }
    assert all(r["from_id"] in ids and r["to_id"] in ids for r in record["relations"])
    service.export("labelstudio", tmp_path / "ls.json")
    (task,) = json.loads((tmp_path / "ls.json").read_text(encoding="utf-8"))
    results = task["annotations"][0]["result"]
    labels = [r for r in results if r["type"] == "labels"]
    for result in labels:
        value = result["value"]
        assert task["data"]["text"][value["start"] : value["end"]] == value["text"]
    relations = [r for r in results if r["type"] == "relation"]
    assert {r["labels"][0] for r in relations} == {"SAID_BY", "REPORTED_BY"}
    assert {r["from_id"] for r in relations} <= {r["id"] for r in labels}


def test_conll_writes_iob2_and_refuses_overlaps_unless_labels_are_chosen(attributed, tmp_path):
    from annotator.service.exporting import ExportOptions

    service, document_id = attributed
    span_of(service, document_id, "RT website quoted Lavrov", "SOURCE")
    out = tmp_path / "out.conll"
    with pytest.raises(AnnotatorError, match="overlaps"):
        service.export("conll", out)
    assert not out.exists()
    service.export("conll", out, ExportOptions(labels=("PERSON", "MEDIA")))
    rows = [line.split(" ") for line in out.read_text(encoding="utf-8").splitlines() if line]
    tags = dict((token, tag) for token, tag in rows[1:])
    assert tags["RT"] == "B-MEDIA" and tags["website"] == "I-MEDIA"
    assert tags["Lavrov"] == "B-PERSON" and tags["quoted"] == "O"
    assert rows[0] == ["-DOCSTART-", "O"]


def test_csv_cells_that_look_like_formulas_are_escaped(service, tmp_path):
    document_id = add_article(service, '=HYPERLINK("x") +1 -2 @SUM(A1) plain', title="=cmd|calc")
    for needle in ('=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "plain"):
        span_of(service, document_id, needle, "CLAIM")
    out = tmp_path / "spans.csv"
    service.export("csv", out)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["text"] for row in rows] == [
        '\'=HYPERLINK("x")',
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "plain",
    ]
    assert {row["title"] for row in rows} == {"'=cmd|calc"}


def test_links_export_with_emoji_and_crlf_slices_back_to_the_same_strings(service, tmp_path):
    a = add_article(service, "Intro 🙂 line.\r\nLavrov said talks 👍 will go on. Then more.", "A")
    b = add_article(service, "Other 🇷🇺 text.\r\nTalks 👍 will go on, Lavrov said.\r\nEnd.", "B")
    claim_a = span_of(service, a, "talks 👍 will go on", "CLAIM")
    claim_b = span_of(service, b, "Talks 👍 will go on", "CLAIM")
    link = service.add_link(claim_a.id, claim_b.id, "SAME_CLAIM")
    out = tmp_path / "links.jsonl"
    report = service.export("links", out)
    assert (report.links, report.documents) == (1, 2)
    (line,) = read_jsonl(out)
    assert line["link_id"] == link.id and line["label"] == "SAME_CLAIM"
    assert (line["article_a"], line["title_a"], line["article_b"], line["title_b"]) == (
        a,
        "A",
        b,
        "B",
    )
    for side, document_id in (("a", a), ("b", b)):
        text = service.document(document_id).text
        span = line[f"span_{side}"]
        assert text[span["start"] : span["end"]] == span["text"]
        assert span["text"] in line[f"context_{side}"]
        assert line[f"context_{side}"] in text
    assert line["context_a"] == "Lavrov said talks 👍 will go on."
    assert line["context_b"] == "Talks 👍 will go on, Lavrov said."


def test_selection_by_status_labels_and_articles(attributed, tmp_path):
    from annotator.service.exporting import ExportOptions

    service, _document_id = attributed
    other = add_article(service, "Lavrov spoke.", status="new")
    span_of(service, other, "Lavrov", "PERSON")
    out = tmp_path / "out.jsonl"
    report = service.export(
        "prodigy", out, ExportOptions(statuses=("done",), labels=("CLAIM", "PERSON"))
    )
    assert (report.documents, report.spans, report.relations) == (1, 3, 1)
    (task,) = read_jsonl(out)
    assert {s["label"] for s in task["spans"]} == {"CLAIM", "PERSON"}
    report = service.export("prodigy", out, ExportOptions(document_ids=(other,)))
    assert [t["meta"]["id"] for t in read_jsonl(out)] == [other]
    with pytest.raises(AnnotatorError, match="no article 999"):
        service.export("prodigy", out, ExportOptions(document_ids=(999,)))
    with pytest.raises(AnnotatorError, match="NOPE"):
        service.export("prodigy", out, ExportOptions(labels=("NOPE",)))


def test_a_failed_export_leaves_the_old_file_untouched(attributed, tmp_path):
    service, document_id = attributed
    out = tmp_path / "train.conll"
    out.write_text("the old export\n", encoding="utf-8")
    span_of(service, document_id, "RT website quoted", "SOURCE")  # overlaps MEDIA: refused
    with pytest.raises(AnnotatorError):
        service.export("conll", out)
    assert out.read_text(encoding="utf-8") == "the old export\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_suggested_spans_stay_out_of_training_sets(attributed, tmp_path):
    service, document_id = attributed
    kerry = next(s for s in service.spans(document_id) if TEXT[s.start : s.end] == "Kerry")
    from dataclasses import replace

    service.update_span(replace(kerry, suggested=True))
    service.export("prodigy", tmp_path / "out.jsonl")
    (task,) = read_jsonl(tmp_path / "out.jsonl")
    assert "Kerry" not in {s["text"] for s in task["spans"]}


_PIECES = st.sampled_from(["ab", " ", "  ", "\n", ".", "🙂", "e\u0301", "\u00a0", "\r\n", "ש"])


@settings(max_examples=80, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=20).map("".join), st.data())
def test_training_tokens_cover_the_text_and_start_and_end_every_span(text, data):
    spans = []
    for _ in range(data.draw(st.integers(0, 4))):
        start = data.draw(st.integers(0, len(text) - 1))
        spans.append(Span(1, start, data.draw(st.integers(start + 1, len(text))), "X"))
    tokens = training_tokens(text, spans)
    assert "".join(word + (" " if ws else "") for _, _, word, ws in tokens) == text
    assert all(text[start:end] == word and end > start for start, end, word, _ in tokens)
    starts, ends = {t[0] for t in tokens}, {t[1] for t in tokens}
    assert all(s.start in starts and s.end in ends for s in spans)
