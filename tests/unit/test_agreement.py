"""Agreement between analysts, checked against computations made here independently: alpha with
`krippendorff` on character arrays built straight from PolNeAR's brat files, and small cases whose
answers are known by hand."""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path
from typing import Any

import krippendorff
import numpy as np
import pytest

from annotator.service import ProjectService

LABELS = ("Content", "Cue", "Source")


def _polnear_char_arrays(multi: Path) -> tuple[list[str], np.ndarray]:
    """Each annotator's label for each non-whitespace character, read from the .ann files with
    plain Python: (annotators, analysts × characters array; 0 none, 1.. the label's rank)."""
    annotators = sorted({p.stem.rpartition("_")[2] for p in (multi / "attributions").glob("*.ann")})
    columns: list[list[float]] = [[] for _ in annotators]
    for text_file in sorted((multi / "text").glob("*.txt")):
        text = text_file.read_text(encoding="utf-8")
        for row, annotator in enumerate(annotators):
            ann = multi / "attributions" / f"{text_file.stem}_{annotator}.ann"
            cover: list[set[str]] = [set() for _ in text]
            for line in ann.read_text(encoding="utf-8").splitlines():
                if not line.startswith("T"):
                    continue
                label, _, ranges = line.split("\t")[1].partition(" ")
                if label not in LABELS:
                    continue
                for piece in ranges.split(";"):
                    start, end = (int(x) for x in piece.split())
                    for i in range(start, end):
                        cover[i].add(label)
            for i, char in enumerate(text):
                if not char.isspace():
                    columns[row].append(LABELS.index(min(cover[i])) + 1 if cover[i] else 0)
    return annotators, np.array(columns, dtype=float)


def test_polnear_alpha_over_characters_matches_krippendorff_on_the_brat_files(
    cases_dir: Path, project_target: Any
) -> None:
    multi = cases_dir / "polnear" / "multi"
    service = ProjectService.open(project_target, analyst="me")
    service.import_paths([multi])
    result = service.team.agreement(labels=list(LABELS))
    annotators, chars = _polnear_char_arrays(multi)
    assert result["articles"] == 4 and result["analysts"] == annotators
    expected = krippendorff.alpha(reliability_data=chars, level_of_measurement="nominal")
    assert result["alpha_chars"] == pytest.approx(expected, abs=1e-12)
    for label in LABELS:
        binary = (chars == LABELS.index(label) + 1).astype(float)
        expected_label = krippendorff.alpha(reliability_data=binary, level_of_measurement="nominal")
        assert result["per_label"][label]["alpha_chars"] == pytest.approx(expected_label, abs=1e-12)
    pair = next(p for p in result["pairs"] if (p["a"], p["b"]) == ("4b22", "4e07"))
    expected_pair = krippendorff.alpha(reliability_data=chars[:2], level_of_measurement="nominal")
    assert pair["alpha_chars"] == pytest.approx(expected_pair, abs=1e-12)
    assert len(result["pairs"]) == 15
    assert 0.5 < result["alpha_tokens"] <= 1
    service.close()


def _project(tmp_path: Path, layers: dict[str, list[dict]]) -> ProjectService:
    """A project whose analysts each import their own records (same texts join one article)."""
    service = ProjectService.open(tmp_path / "p.annotator.db", analyst="admin")
    for analyst, records in layers.items():
        source = tmp_path / f"{analyst}.jsonl"
        source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        service.import_paths([source], analyst=analyst, detect_debris=False)
    return service


TEXT_A = "Alice said the bridge will close soon."
TEXT_B = "Bob denied every word of it today."


def _record(text: str, *spans: tuple[int, int, str]) -> dict:
    return {"text": text, "spans": [{"start": s, "end": e, "label": lab} for s, e, lab in spans]}


def test_identical_layers_agree_perfectly(tmp_path: Path) -> None:
    record = _record(TEXT_A, (0, 5, "SOURCE"), (6, 10, "CUE"), (11, 38, "CLAIM"))
    service = _project(tmp_path, {"a": [record], "b": [record], "c": [record]})
    result = service.team.agreement()
    assert result["articles"] == 1 and result["analysts"] == ["a", "b", "c"]
    for key in ("alpha_chars", "alpha_tokens", "span_f1_exact", "span_f1_overlap", "ptc_f1"):
        assert result[key] == pytest.approx(1.0), key
    assert result["per_label"]["CUE"]["span_f1_exact"] == pytest.approx(1.0)
    assert result["by_article"][0]["chars_agreement"] == 1.0
    service.close()


def test_disjoint_spans_give_zero_f1(tmp_path: Path) -> None:
    service = _project(
        tmp_path,
        {"a": [_record(TEXT_A, (0, 5, "SOURCE"))], "b": [_record(TEXT_A, (11, 20, "SOURCE"))]},
    )
    result = service.team.agreement()
    assert result["span_f1_exact"] == 0 and result["span_f1_overlap"] == 0
    assert result["ptc_f1"] == 0
    assert result["alpha_chars"] < 0  # they agree less than chance on what is labelled
    service.close()


def test_partial_overlap_scores_as_defined(tmp_path: Path) -> None:
    # A labels 0-10, B labels 5-10 of the same label: exact 0, overlap 1,
    # PTC precision |s∩t|/|s| = 5/10, recall 5/5, F1 2*.5*1/1.5.
    service = _project(
        tmp_path,
        {"a": [_record(TEXT_A, (0, 10, "CLAIM"))], "b": [_record(TEXT_A, (5, 10, "CLAIM"))]},
    )
    result = service.team.agreement()
    assert result["span_f1_exact"] == 0
    assert result["span_f1_overlap"] == pytest.approx(1.0)
    assert result["ptc_f1"] == pytest.approx(2 * 0.5 * 1 / 1.5)
    service.close()


def test_an_analyst_missing_an_article_gives_no_values_for_it(tmp_path: Path) -> None:
    first_a = _record(TEXT_A, (0, 5, "SOURCE"))
    first_b = _record(TEXT_A, (0, 5, "SOURCE"), (11, 20, "CLAIM"))
    second = _record(TEXT_B, (0, 3, "SOURCE"))
    service = _project(tmp_path, {"a": [first_a, second], "b": [first_b], "c": [second]})
    result = service.team.agreement()
    assert result["articles"] == 2
    pairs = {(p["a"], p["b"]): p for p in result["pairs"]}
    assert pairs[("a", "b")]["articles"] == 1 and pairs[("a", "c")]["articles"] == 1
    assert ("b", "c") not in pairs  # no article in common

    def values(text: str, spans: list[tuple[int, int, int]]) -> list[float]:
        out = []
        for i, char in enumerate(text):
            if char.isspace():
                continue
            codes = [code for s, e, code in spans if s <= i < e]
            out.append(float(min(codes)) if codes else 0.0)
        return out

    # codes: CLAIM 1, SOURCE 2 (alphabetical); NaN where the analyst did not annotate.
    nan_a = [math.nan] * len(values(TEXT_B, []))
    nan_b = [math.nan] * len(values(TEXT_A, []))
    matrix = np.array(
        [
            values(TEXT_A, [(0, 5, 2)]) + values(TEXT_B, [(0, 3, 2)]),
            values(TEXT_A, [(0, 5, 2), (11, 20, 1)]) + nan_a,
            nan_b + values(TEXT_B, [(0, 3, 2)]),
        ]
    )
    expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
    assert result["alpha_chars"] == pytest.approx(expected, abs=1e-12)
    exact = {
        ("a", "b"): 2 * 1 / (1 + 2),  # one shared span of three
        ("a", "c"): 1.0,
    }
    assert result["span_f1_exact"] == pytest.approx(sum(exact.values()) / 2)
    service.close()


def test_relations_count_when_both_ends_and_the_label_match(tmp_path: Path) -> None:
    service = ProjectService.open(tmp_path / "r.annotator.db", analyst="a")
    (document_id,) = service.import_paths(
        [_write(tmp_path, "x.jsonl", [_record(TEXT_A)])], detect_debris=False
    ).document_ids
    for name, said in (("a", True), ("b", True), ("c", False)):
        with service.store.acting_as(name):
            claim = service.add_span(document_id, 11, 38, "CLAIM")
            source = service.add_span(document_id, 0, 5, "SOURCE")
            if said:
                service.add_relation(claim.id, source.id, "SAID_BY")
    result = service.team.agreement()
    by_pair = {(p["a"], p["b"]): p["relations_f1"] for p in result["pairs"]}
    assert by_pair[("a", "b")] == 1.0 and by_pair[("a", "c")] == 0.0
    assert result["relations_f1"] == pytest.approx((1 + 0 + 0) / 3)
    service.close()


def _write(tmp_path: Path, name: str, records: list[dict]) -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_every_pair_is_reported_once(tmp_path: Path) -> None:
    record = _record(TEXT_A, (0, 5, "SOURCE"))
    service = _project(tmp_path, {name: [record] for name in "abcd"})
    pairs = [(p["a"], p["b"]) for p in service.team.agreement()["pairs"]]
    assert sorted(pairs) == list(itertools.combinations("abcd", 2))
    service.close()
